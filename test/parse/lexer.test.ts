// The hand-written lexer (src/parse/lexer.ts) must tokenize exactly like the lexer ANTLR generates
// from grammar/Vigil.g4 (after the documented post-processing), on the examples and on random
// mutations of them.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CharStream, CommonToken, Token } from "antlr4ng";
import { VigilLexer } from "../../src/parse/generated/VigilLexer.js";
import { lex, mergeMalformedNumbers } from "../../src/parse/lexer.js";
import { makeSourceFile } from "../../src/source/span.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { applyMutations, mutationArb } from "./mutate.js";

const EXAMPLES = join(import.meta.dirname, "../../examples");
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".vgl"))
  .map((f) => readFileSync(join(EXAMPLES, f), "utf8"));

function antlrTokens(text: string): string[] {
  const lexer = new VigilLexer(CharStream.fromString(text));
  lexer.removeErrorListeners();
  const kept: CommonToken[] = [];
  for (const t of lexer.getAllTokens()) {
    if (t.channel !== Token.DEFAULT_CHANNEL) continue;
    if (t.type === VigilLexer.ERROR_CHAR || t.type === VigilLexer.UNTERMINATED_COMMENT) continue;
    const c = CommonToken.fromToken(t);
    if (c.type === VigilLexer.UNTERMINATED_STRING) c.type = VigilLexer.STRING;
    kept.push(c);
  }
  const diags: Diagnostic[] = [];
  return mergeMalformedNumbers(makeSourceFile("t.vgl", text), kept, diags).map((t) => `${t.type}:${t.text}@${t.start}`);
}

function ourTokens(text: string): string[] {
  return lex(makeSourceFile("t.vgl", text))
    .tokens.filter((t) => t.type !== Token.EOF)
    .map((t) => `${t.type}:${t.text}@${t.start}`);
}

describe("lexer", () => {
  it("agrees with the generated ANTLR lexer on the examples", () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const text of examples) expect(ourTokens(text)).toEqual(antlrTokens(text));
  });

  it("agrees with the generated ANTLR lexer on random mutations of the examples", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 8 }), (pick, ms) => {
        const text = applyMutations(examples[pick % examples.length]!, ms).replace(/[\ud800-\udfff]/g, "?");
        expect(ourTokens(text)).toEqual(antlrTokens(text));
      }),
      { numRuns: Number(process.env.VIGIL_FC_RUNS ?? 500) },
    );
  });

  it("agrees on block comments, closed and unclosed (the grammar's UNTERMINATED_COMMENT must not swallow closed ones)", () => {
    for (const text of ["/* a */ const A = 1", "/*/ x */ y", "/* a **/ b /* c", "/***/x", "a /* b * / c", "/* */ /* */"]) {
      expect(ourTokens(text)).toEqual(antlrTokens(text));
    }
    expect(ourTokens("/* a */ const A = 1")).toHaveLength(4);
  });

  it("collects comments with their offsets and reports lexical errors", () => {
    const r = lex(makeSourceFile("t.vgl", 'const a = 1 // one\n/* two */ const b = "x\n@'));
    expect(r.comments.map((c) => [c.text, c.offset, c.block])).toEqual([
      ["// one", 12, false],
      ["/* two */", 19, true],
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["VG1003", "VG1001"]);
  });

  it("accepts a unit written directly after a number", () => {
    const r = lex(makeSourceFile("t.vgl", "5ms 16MHz"));
    expect(r.diagnostics).toEqual([]);
    expect(r.tokens.map((t) => t.text)).toEqual(["5", "ms", "16", "MHz", "<EOF>"]);
  });
});
