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

describe("diagnostics catalog coverage", () => {
  it("every catalog code has a golden case that produces it", () => {
    const missing = Object.keys(CATALOG).filter((c) => !mentioned.has(c));
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
