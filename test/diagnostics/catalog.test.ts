// Every catalog code must have a golden case (test/cases/**) whose expected output contains it,
// and every code mentioned by an expected file must exist in the catalog.
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CATALOG } from "../../src/diagnostics/catalog.js";

const CASES = join(dirname(fileURLToPath(import.meta.url)), "..", "cases");

function expectedFiles(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...expectedFiles(p));
    else if (f.endsWith(".expected")) out.push(p);
  }
  return out;
}

const texts = expectedFiles(CASES).map((p) => ({ p, text: readFileSync(p, "utf8") }));
const mentioned = new Set<string>();
for (const { text } of texts) for (const m of text.matchAll(/\bVG\d{4}\b/g)) mentioned.add(m[0]);

/**
 * Codes that no .vgl case can produce through the CLI, each with the unit test that produces it:
 * VG6101 and VG6102 are produced only by the language server's proof lenses (src/lsp/lenses.ts);
 * VG6002 (external solver missing) is raised by the solver driver; VG6003 (counterexample did not
 * replay) only by a deliberately faked counterexample; VG7001 is pre-empted by the checker's
 * VG2506/VG2512 for source models and is tested on hand-built IR.
 */
const UNIT_TESTED: Record<string, string> = {
  VG6002: "test/solver/external.test.ts",
  VG6003: "test/isolation/verdicts.test.ts",
  VG7001: "test/wcet/verdicts.test.ts",
  // The language server's proof diagnostics (falsified with its trace, not proved).
  VG6101: "test/lsp/lenses.test.ts",
  VG6102: "test/lsp/lenses.test.ts",
};

describe("diagnostics catalog coverage", () => {
  it("codes without a golden case are produced and asserted by a unit test", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
    for (const [code, file] of Object.entries(UNIT_TESTED)) {
      expect(readFileSync(join(root, file), "utf8"), `${file} must test ${code}`).toContain(code);
    }
  });

  it("every catalog code has a golden case that produces it", () => {
    const missing = Object.keys(CATALOG).filter((c) => !mentioned.has(c) && !(c in UNIT_TESTED));
    expect(missing, `codes without a case in test/cases: ${missing.join(" ")}`).toEqual([]);
  });

  it("every code in an expected file is a catalog code", () => {
    const unknown = [...mentioned].filter((c) => !(c in CATALOG));
    expect(unknown).toEqual([]);
  });

  it("every code sits in the block of its phase", () => {
    for (const [code, e] of Object.entries(CATALOG)) {
      const block = code[2];
      const phases: Record<string, string[]> = {
        "0": ["input"], "1": ["syntax"], "2": ["check"], "3": ["flow"], "4": ["property"],
        "5": ["sim"], "6": ["prove"], "7": ["timing"], "8": ["emit"],
      };
      expect(phases[block!], code).toContain(e.phase);
    }
  });
});
