/**
 * Golden tests of the emitted text: every example (examples/*.vgl), the backend's test models
 * (test/emit/models/*.vgl) and the hand-built IR programs,
 * file by file, against test/emit/golden/<name>/. UPDATE_GOLDEN=1 rewrites them (review the diff:
 * a golden file is a specification, not a snapshot to accept blindly).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emitC } from "../../src/emit/c/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { handModels, realModels } from "./models.js";

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function checkGolden(name: string, program: IrProgram): void {
  const dir = join(GOLDEN, name);
  const files = emitC(program, { version: "0.1.0" });
  if (UPDATE) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(join(dir, f.name), f.content);
    return;
  }
  expect(existsSync(dir), `${dir} missing: run UPDATE_GOLDEN=1 npx vitest run test/emit/golden.test.ts`).toBe(true);
  expect(readdirSync(dir).sort()).toEqual(files.map((f) => f.name).sort());
  for (const f of files) {
    expect(f.content, `${name}/${f.name} differs from its golden file; if the change is intended: UPDATE_GOLDEN=1 npx vitest run test/emit/golden.test.ts`).toBe(readFileSync(join(dir, f.name), "utf8"));
  }
}

describe("emitted C matches the golden files", () => {
  it("for every example and test model", async () => {
    const real = await realModels();
    const mine = (f: string): boolean => f.startsWith("examples") || f.startsWith(join("test", "emit", "models"));
    const examples = real.models.filter((m) => m.file !== undefined && mine(m.file));
    const broken = real.skipped.filter((s) => mine(s.file));
    expect(broken, "every example must load, check and lower").toEqual([]);
    expect(examples.length).toBeGreaterThan(0);
    for (const m of examples) checkGolden(basename(m.file!, ".vgl"), m.program);
  });

  it("for the hand-built IR programs", () => {
    for (const m of handModels()) checkGolden(m.name.replace(":", "-"), m.program);
  });
});
