// Robustness: random mutations of the examples (characters and tokens deleted, inserted, swapped)
// never make the parser throw; every diagnostic lies inside the file; whatever still parses also
// survives formatting (same AST after fmt, and fmt is idempotent).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseText } from "../../src/parse/index.js";
import { formatModel } from "../../src/fmt/index.js";
import { makeSourceFile } from "../../src/source/span.js";
import { renderText } from "../../src/diagnostics/render.js";
import { stripSpans } from "../fmt/strip.js";
import { applyMutations, mutationArb } from "./mutate.js";

const EXAMPLES = join(import.meta.dirname, "../../examples");
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".vgl"))
  .map((f) => readFileSync(join(EXAMPLES, f), "utf8"));

describe("parser robustness", () => {
  it("never throws on mutated examples, and reports positions inside the file", () => {
    let withErrors = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (pick, ms) => {
        const text = applyMutations(examples[pick % examples.length]!, ms);
        const r = parseText("m.vgl", text);
        const src = makeSourceFile("m.vgl", text);
        if (r.diagnostics.length > 0) withErrors++;
        for (const d of r.diagnostics) {
          expect(d.code).toMatch(/^VG1\d{3}$/);
          if (!d.span) continue;
          expect(d.span.offset).toBeGreaterThanOrEqual(0);
          expect(d.span.offset + d.span.length).toBeLessThanOrEqual(text.length);
          expect(d.span.line).toBeGreaterThanOrEqual(1);
          expect(d.span.line).toBeLessThanOrEqual(src.lineStarts.length);
          expect(src.lineStarts[d.span.line - 1]! + d.span.col - 1).toBe(d.span.offset);
        }
        // Rendering never throws either.
        renderText(r.diagnostics, new Map([["m.vgl", src]]));
        if (r.model) {
          expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          const out = formatModel(r.model, src);
          const again = parseText("m.vgl", out);
          expect(again.diagnostics).toEqual([]);
          expect(stripSpans(again.model)).toEqual(stripSpans(r.model));
          expect(formatModel(again.model!, makeSourceFile("m.vgl", out))).toBe(out);
        }
      }),
      { numRuns: Number(process.env.VIGIL_FC_RUNS ?? 1000) },
    );
    expect(withErrors).toBeGreaterThan(50);
  });
});

describe("per-declaration fast path", () => {
  it("gives the same result as a whole-file parse on mutated examples", async () => {
    const { FORCE_FULL_PARSE } = await import("../../src/parse/parse-text.js");
    fc.assert(
      fc.property(fc.nat(), fc.array(mutationArb, { minLength: 0, maxLength: 4 }), (pick, ms) => {
        const text = applyMutations(examples[pick % examples.length]!, ms);
        const fast = parseText("m.vgl", text);
        FORCE_FULL_PARSE.value = true;
        let full;
        try {
          full = parseText("m.vgl", text);
        } finally {
          FORCE_FULL_PARSE.value = false;
        }
        expect(fast.diagnostics).toEqual(full.diagnostics);
        expect(fast.model).toEqual(full.model);
      }),
      { numRuns: Number(process.env.VIGIL_FC_RUNS ?? 500) },
    );
  });
});
