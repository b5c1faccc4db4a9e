/**
 * The formatter's entry point: `formatModel(model, source?)`.
 *
 * Input: a parsed Model and, optionally, the SourceFile it came from (to keep its comments and
 * blank lines). Output: the model's canonical source text (see printer.ts for the layout).
 * Invariants: pure; parseText(formatModel(m)) gives m again (spans aside); formatting is idempotent;
 * with a source, every comment of the source appears in the output.
 */
import type { Model } from "../ast/ast.js";
import { lex } from "../parse/index.js";
import type { SourceFile } from "../source/span.js";
import { Printer } from "./printer.js";

export function formatModel(model: Model, source?: SourceFile): string {
  const p = new Printer(source ? { text: source.text, comments: lex(source).comments } : undefined);
  p.model(model);
  return p.text();
}
