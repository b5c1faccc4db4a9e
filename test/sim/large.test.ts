/**
 * Regression (issue 20): `vigil sim --ticks 200000 --format table` overflowed the stack
 * (Math.max over a spread of every row). Every format of a long run is written, and its size
 * grows linearly with the ticks.
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
  for (const format of ["table", "csv", "json", "vcd"]) {
    it(`writes 200 000 ticks as ${format}`, async () => {
      const out = join(tmp, `run.${format}`);
      const io = captureIo();
      const code = await run(["node", "vigil", "sim", "examples/vvi-pacemaker.vgl", "--ticks", "200000", "--random", "--format", format, "-o", out], io);
      expect(io.stderr()).toBe("");
      expect(code).toBe(0);
      expect(statSync(out).size).toBeGreaterThan(200_000);
    }, 60_000);
  }
});
