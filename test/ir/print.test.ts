/**
 * Golden IR dumps (`vigil ir`) for every example and every lowering test model.
 * Regenerate with UPDATE_GOLDEN=1 after an intended change, and review the diff.
 */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { printIr } from "../../src/ir/print.js";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";
import { lowerFile } from "../lower/helpers.js";

const files = [
  ...readdirSync("examples").filter((f) => f.endsWith(".vgl")).map((f) => join("examples", f)),
  ...readdirSync("test/lower/models").filter((f) => f.endsWith(".vgl")).map((f) => join("test/lower/models", f)),
];

describe("IR golden dumps", () => {
  for (const f of files) {
    it(`${f}`, () => {
      const text = printIr(lowerFile(f));
      const golden = join("test/ir/golden", basename(f).replace(/\.vgl$/, ".ir"));
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, "utf8"));
      // Lowering and printing are deterministic.
      expect(printIr(lowerFile(f))).toBe(text);
    });
  }

  it("`vigil ir` prints the same dump and exits 0", async () => {
    const io = captureIo();
    const code = await run(["node", "vigil", "ir", "examples/vvi-pacemaker.vgl"], io);
    expect(code).toBe(0);
    expect(io.stdout()).toBe(readFileSync("test/ir/golden/vvi-pacemaker.ir", "utf8"));
  });

  it("`vigil ir` on a model with errors exits 1 and prints no IR", async () => {
    const io = captureIo();
    const code = await run(["node", "vigil", "ir", "test/ir/bad.vgl"], io);
    expect(code).toBe(1);
    expect(io.stdout()).toBe("");
    expect(io.stderr()).toContain("VG2001");
  });
});
