/**
 * Regression (issue 20): `vigil sim --ticks 100000000` held every row, the whole text and, to a
 * pipe, every queued write (10^7 ticks grew past 4 GB). Now a long run streams in constant memory:
 * 10^6 DDD ticks (80 MB of CSV, 140 MB of table) pass through a pipe with the JavaScript heap
 * capped at 48 MB, which the old code exceeded many times over.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

function simThroughPipe(format: string): Promise<{ code: number | null; bytes: number; err: string }> {
  return new Promise((resolve, reject) => {
    const args = ["--max-old-space-size=48", join(ROOT, "bin", "vigil.js"), "sim", "models/ddd-pacemaker/ddd.vgl", "--ticks", "1000000", "--random", "--format", format];
    const p = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    let err = "";
    p.stdout.on("data", (b: Buffer) => (bytes += b.length));
    p.stderr.on("data", (b: Buffer) => (err += b.toString()));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, bytes, err }));
  });
}

describe("a long simulation to a pipe", () => {
  for (const [format, min] of [["csv", 70_000_000], ["table", 120_000_000]] as const) {
    it(`streams 10^6 ticks as ${format} within a 48 MB heap`, async () => {
      const r = await simThroughPipe(format);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(r.bytes).toBeGreaterThan(min);
    }, 120_000);
  }
});
