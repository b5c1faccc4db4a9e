/**
 * The programs the C backend is tested on: every example and reference model that loads and checks
 * clean (examples/*.vgl, models/**\/*.vgl), the backend's own test models (test/emit/models/*.vgl,
 * which use every construct of the language), all lowered by src/lower, plus the hand-built IR
 * programs of fixtures/hand-ir.ts (constructs lowering may never produce, integer edge cases).
 *
 * Input: the repository's model files. Output: named IrPrograms, and the files skipped with why.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { IrProgram } from "../../src/ir/ir.js";
import { edgeProgram, mixedProgram, vviProgram } from "./fixtures/hand-ir.js";

export const ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");

function vglFiles(dir: string, recursive: boolean): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) {
      if (recursive) out = out.concat(vglFiles(p, true));
    } else if (n.endsWith(".vgl")) out.push(p);
  }
  return out;
}

export interface NamedProgram {
  readonly name: string;
  readonly program: IrProgram;
  /** Path relative to the repository, for real models. */
  readonly file?: string;
}

export interface ModelSet {
  readonly models: NamedProgram[];
  readonly skipped: { file: string; reason: string }[];
}

/** Load, check and lower every example and reference model (those that check clean). */
export async function realModels(): Promise<ModelSet> {
  const files = [
    ...vglFiles(join(ROOT, "examples"), false),
    ...vglFiles(join(ROOT, "models"), true),
    ...vglFiles(join(ROOT, "test", "emit", "models"), false),
  ];
  const models: NamedProgram[] = [];
  const skipped: { file: string; reason: string }[] = [];
  for (const f of files) {
    const rel = relative(ROOT, f);
    try {
      const { loadModel } = await import("../../src/parse/index.js");
      const { check } = await import("../../src/check/index.js");
      const { lower } = await import("../../src/lower/index.js");
      const loaded = loadModel(f);
      if (!loaded.model) {
        skipped.push({ file: rel, reason: "does not parse" });
        continue;
      }
      const first = (await import("node:fs")).readFileSync(f, "utf8").split("\n")[0] ?? "";
      if (first.startsWith("// helper")) continue;
      const checked = check(loaded);
      if (checked.diagnostics.some((d) => d.severity === "error")) {
        skipped.push({ file: rel, reason: `check errors: ${checked.diagnostics.filter((d) => d.severity === "error").map((d) => d.code).join(", ")}` });
        continue;
      }
      models.push({ name: rel, file: rel, program: lower(checked, { sources: loaded.sources }) });
    } catch (err) {
      skipped.push({ file: rel, reason: `pipeline not available: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { models, skipped };
}

export function handModels(): NamedProgram[] {
  return [
    { name: "hand:vvi", program: vviProgram() },
    { name: "hand:mixed", program: mixedProgram() },
    { name: "hand:edge", program: edgeProgram() },
  ];
}
