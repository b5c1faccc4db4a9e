/**
 * One file's text → AST, with syntax diagnostics.
 *
 * Input: a path (used in spans) and the file's text. Output: { model?, diagnostics, comments }.
 * Invariants: never throws for any input; the model is present exactly when the file has no
 * error (input, lexical or syntax); parsing runs SLL prediction with a bail-out strategy first and
 * re-parses with full LL and error recovery only when that fails, so clean files pay for SLL only;
 * input nested deeper than MAX_NESTING is refused (VG1020) before the recursive parser runs.
 */
import { BailErrorStrategy, CommonTokenStream, ListTokenSource, PredictionMode, type CommonToken } from "antlr4ng";
import type { Model } from "../ast/ast.js";
import { diag, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { makeSourceFile, spanAt, type SourceFile } from "../source/span.js";
import { VigilParser, type FileContext } from "./generated/VigilParser.js";
import { lex, type Comment } from "./lexer.js";
import { findExcessiveNesting, MAX_NESTING } from "./depth.js";
import { SyntaxErrorListener, SyntaxErrorStrategy, SyntaxErrors } from "./errors.js";
import { buildModel } from "./build.js";

export interface TextParse {
  readonly model?: Model;
  readonly diagnostics: Diagnostic[];
  readonly comments: Comment[];
  readonly source: SourceFile;
}

function runParser(tokens: CommonToken[], sll: boolean, errors?: SyntaxErrors): FileContext {
  const parser = new VigilParser(new CommonTokenStream(new ListTokenSource(tokens)));
  parser.removeErrorListeners();
  if (sll) {
    parser.interpreter.predictionMode = PredictionMode.SLL;
    parser.errorHandler = new BailErrorStrategy();
  } else {
    parser.interpreter.predictionMode = PredictionMode.LL;
    parser.errorHandler = new SyntaxErrorStrategy(errors!);
    parser.addErrorListener(new SyntaxErrorListener(errors!));
  }
  return parser.file();
}

export function parseSource(src: SourceFile): TextParse {
  const { tokens, quiet, comments, diagnostics } = lex(src);
  if (tokens.length === 1 && diagnostics.length === 0) {
    const what = src.text.length === 0 ? "the file is empty" : "the file holds no declarations, only blanks or comments";
    return {
      diagnostics: [diag("VG1022", spanAt(src, 0, 0), what, { notes: ["a model needs at least a device header or a declaration"] })],
      comments,
      source: src,
    };
  }
  const deep = findExcessiveNesting(tokens);
  if (deep) {
    diagnostics.push(
      diag("VG1020", spanAt(src, deep.start, Math.max(0, deep.stop - deep.start + 1)), `nesting too deep: more than ${MAX_NESTING} levels of brackets, operators or else-if branches`, {
        notes: ["split the expression with `let` bindings, or the chain of `else if` into a `match`"],
      }),
    );
    return { diagnostics, comments, source: src };
  }
  let tree: FileContext | undefined;
  try {
    tree = runParser(tokens, true);
  } catch {
    tree = undefined;
  }
  if (!tree) {
    const errors = new SyntaxErrors(src.path, src.text.length, quiet);
    const llTree = runParser(tokens, false, errors);
    diagnostics.push(...errors.diagnostics);
    // No error under full LL: SLL bailed out on a prediction conflict only; keep the LL tree.
    if (errors.diagnostics.length === 0) tree = llTree;
  }
  if (!tree || hasErrors(diagnostics)) return { diagnostics, comments, source: src };
  return { model: buildModel(src, tree), diagnostics, comments, source: src };
}

export function parseTextFull(path: string, text: string): TextParse {
  return parseSource(makeSourceFile(path, text));
}
