// Test helpers: .vgl text → IrProgram through the real front end (flow "relaxed" so that the proof decides).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel } from "../../src/parse/index.js";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import type { IrProgram } from "../../src/ir/ir.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-iso-"));
let n = 0;

export function compileFile(path: string, flow: "strict" | "relaxed" = "relaxed"): { program?: IrProgram; errors: string[] } {
  const loaded = loadModel(path);
  const checked = check(loaded, { flow });
  const errors = checked.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
  if (errors.length > 0) return { errors };
  return { program: lower(checked), errors };
}

export function compileText(text: string, flow: "strict" | "relaxed" = "relaxed"): { program?: IrProgram; errors: string[] } {
  const p = join(dir, `m${n++}.vgl`);
  writeFileSync(p, text);
  return compileFile(p, flow);
}
