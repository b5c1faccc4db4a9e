// fast-check round trip: random well-formed ASTs, printed by formatModel and parsed again, give the
// same AST (spans aside); and printing is idempotent.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatModel } from "../../src/fmt/index.js";
import { parseText } from "../../src/parse/index.js";
import { makeSourceFile } from "../../src/source/span.js";
import { stripSpans } from "./strip.js";
import { exprArb, modelArb } from "./arbitraries.js";
import type * as ast from "../../src/ast/ast.js";

describe("formatModel round trip", () => {
  it("random models print and parse back to the same AST", () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        // An empty model is refused by design (VG1022).
        fc.pre(m.imports.length + m.decls.length > 0 || m.device !== undefined);
        const text = formatModel(m);
        const r = parseText("g.vgl", text);
        if (r.diagnostics.length > 0) throw new Error(`does not parse:\n${text}\n${r.diagnostics.map((d) => `${d.span?.line}:${d.span?.col} ${d.message}`).join("\n")}`);
        expect(stripSpans(r.model)).toEqual(stripSpans(m));
        expect(formatModel(r.model!, makeSourceFile("g.vgl", text))).toBe(text);
      }),
      { numRuns: Number(process.env.VIGIL_FC_RUNS ?? 500) },
    );
  });

  it("random expressions keep their structure with minimal parentheses", () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const m: ast.Model = {
          kind: "Model",
          file: "g.vgl",
          imports: [],
          decls: [{ kind: "Const", name: { name: "X", span: e.span }, value: e, span: e.span }],
          span: e.span,
        };
        const text = formatModel(m);
        const r = parseText("g.vgl", text);
        expect(r.diagnostics).toEqual([]);
        expect(stripSpans(r.model)).toEqual(stripSpans(m));
      }),
      { numRuns: 1000 },
    );
  });
});
