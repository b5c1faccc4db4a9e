/**
 * Regression (issue 20): `vigil sim --ticks 200000 --format table` overflowed the stack
 * (Math.max over a spread of every row). Every format of a long run is written.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";

const tmp = mkdtempSync(join(tmpdir(), "vigil-sim-large-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("long simulations", () => {
  // The table overflowed at 200 000 rows; the other formats only need to stream a long run.
  for (const [format, ticks] of [["table", 200_000], ["csv", 50_000], ["json", 20_000], ["vcd", 50_000]] as const) {
    it(`writes ${ticks} ticks as ${format}`, async () => {
      const out = join(tmp, `run.${format}`);
      const io = captureIo();
      const code = await run(["node", "vigil", "sim", "examples/vvi-pacemaker.vgl", "--ticks", String(ticks), "--random", "--format", format, "-o", out], io);
      expect(io.stderr()).toBe("");
      expect(code).toBe(0);
      expect(statSync(out).size).toBeGreaterThan(ticks);
    }, 60_000);
  }
});
