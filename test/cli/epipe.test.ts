/**
 * Regression for issue 20, finding 5: `vigil ... | head -1` died with an unhandled
 * `Error: write EPIPE` stack trace (exit 1). A reader that goes away now ends vigil quietly.
 * Runs the real launcher (bin/vigil.js, built dist/) with stdout a pipe closed after one line.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "vigil-epipe-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run vigil, read its first chunk of stdout, close the pipe; resolves with exit code and stderr. */
function firstLineThenClose(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(ROOT, "bin", "vigil.js"), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    p.stderr.on("data", (b: Buffer) => (err += b.toString()));
    p.stdout.once("data", () => p.stdout.destroy());
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, err }));
  });
}

describe("a closed stdout pipe", () => {
  it("ends `vigil sim` quietly (no stack trace, exit 0)", async () => {
    const r = await firstLineThenClose(["sim", "examples/vvi-pacemaker.vgl", "--ticks", "200000", "--random"]);
    expect(r.err).not.toContain("EPIPE");
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
  }, 60_000);

  it("ends `vigil emit c` quietly", async () => {
    const r = await firstLineThenClose(["emit", "c", "examples/vvi-pacemaker.vgl", "-o", join(tmp, "out"), "--harness"]);
    expect(r.err).not.toContain("EPIPE");
    expect(r.code).toBe(0);
  }, 60_000);
});
