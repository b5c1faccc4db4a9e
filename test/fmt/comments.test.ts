// Property: comments sprinkled anywhere between the tokens of the examples (line comments at line
// ends, block comments between any two tokens) all survive formatting, exactly once, the AST is
// unchanged, and formatting the result again changes nothing.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatModel } from "../../src/fmt/index.js";
import { lex, parseText } from "../../src/parse/index.js";
import { makeSourceFile } from "../../src/source/span.js";
import { stripSpans } from "./strip.js";

const EXAMPLES = join(import.meta.dirname, "../../examples");
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".vgl"))
  .map((f) => readFileSync(join(EXAMPLES, f), "utf8"));

function fmt(text: string): string {
  const r = parseText("c.vgl", text);
  expect(r.diagnostics).toEqual([]);
  return formatModel(r.model!, makeSourceFile("c.vgl", text));
}

describe("comments survive formatting", () => {
  it("wherever they are placed between tokens", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.record({ at: fc.nat(), line: fc.boolean() }), { minLength: 1, maxLength: 8 }), (pick, places) => {
        const base = examples[pick % examples.length]!;
        const tokens = lex(makeSourceFile("c.vgl", base)).tokens;
        // Insertion points: just after a token (end offsets), applied from the back.
        const inserts = places
          .map((p, i) => {
            const t = tokens[p.at % tokens.length]!;
            const off = Math.min(base.length, t.stop + 1);
            if (p.line) {
              const eol = base.indexOf("\n", off);
              return { off: eol < 0 ? base.length : eol, text: ` // mark${i}` };
            }
            return { off, text: ` /* mark${i} */ ` };
          })
          .sort((a, b) => b.off - a.off);
        let text = base;
        for (const ins of inserts) text = text.slice(0, ins.off) + ins.text + text.slice(ins.off);
        const r = parseText("c.vgl", text);
        expect(r.diagnostics).toEqual([]);
        const out = fmt(text);
        const count = (s: string, i: number) => (s.match(new RegExp(`mark${i}\\b`, "g")) ?? []).length;
        for (let i = 0; i < places.length; i++) expect(count(out, i)).toBe(count(text, i));
        expect(stripSpans(parseText("c.vgl", out).model)).toEqual(stripSpans(r.model));
        expect(fmt(out)).toBe(out);
      }),
      { numRuns: Number(process.env.VIGIL_FC_RUNS ?? 300) },
    );
  });
});
