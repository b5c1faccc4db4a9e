/**
 * One file's text → AST, with syntax diagnostics.
 *
 * Input: a path (used in spans) and the file's text. Output: { model?, diagnostics, comments }.
 * Invariants: never throws for any input; the model is present exactly when the file has no
 * error (input, lexical or syntax). Two paths:
 * - fast: tokens streamed from the lexer (through the nesting guard) into an SLL parse with a
 *   bail-out strategy, one declaration at a time, each turned into AST at once — clean files pay
 *   for nothing else, and no whole-file token list or parse tree is ever held;
 * - slow, only when the fast path fails (a syntax error, an SLL prediction failure, an empty file,
 *   nesting too deep): all tokens, the nesting pre-scan (VG1020 before the recursive parser runs),
 *   then a whole-file parse with full LL prediction and error recovery that reports every error.
 * test/parse/robustness.test.ts checks that both paths give the same result.
 */
import { BailErrorStrategy, CommonTokenStream, ListTokenSource, PredictionMode, Token, UnbufferedTokenStream, type CommonToken } from "antlr4ng";
import type { Decl, DeviceHeader, ImportDecl, Model } from "../ast/ast.js";
import { diag, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { makeSourceFile, spanAt, type SourceFile } from "../source/span.js";
import { VigilParser, type FileContext } from "./generated/VigilParser.js";
import { lex, StreamLexer, type Comment } from "./lexer.js";
import { findExcessiveNesting, MAX_NESTING, NestingGuard } from "./depth.js";
import { SyntaxErrorListener, SyntaxErrorStrategy, SyntaxErrors } from "./errors.js";
import { Builder, buildModel, modelOf } from "./build.js";

/** Tests set this to compare the per-declaration fast path with a whole-file parse. */
export const FORCE_FULL_PARSE = { value: false };

export interface TextParse {
  readonly model?: Model;
  readonly diagnostics: Diagnostic[];
  readonly comments: Comment[];
  readonly source: SourceFile;
}

/**
 * The fast path: SLL prediction with a bail-out strategy, one top-level construct at a time, each
 * turned into AST at once so its parse tree dies young (a whole-file parse tree of a large model
 * costs more in garbage collection than the parse itself). Follows the `file` rule exactly
 * (imports, then at most one device header, then declarations); returns undefined on any
 * syntax error or prediction failure, and the caller re-parses the whole file with full LL and
 * error recovery.
 */
function parseFast(src: SourceFile, source: StreamLexer): Model | undefined {
  const parser = new VigilParser(new UnbufferedTokenStream(source));
  parser.removeErrorListeners();
  parser.interpreter.predictionMode = PredictionMode.SLL;
  parser.errorHandler = new BailErrorStrategy();
  const b = new Builder(src.path);
  const imports: ImportDecl[] = [];
  const decls: Decl[] = [];
  let device: DeviceHeader | undefined;
  let phase = 0; // 0: imports allowed, 1: after the device header, 2: declarations
  try {
    for (;;) {
      const la = parser.tokenStream.LA(1);
      if (la === Token.EOF) break;
      if (la === VigilParser.IMPORT) {
        if (phase !== 0) return undefined;
        imports.push(b.importDecl(parser.importDecl()));
      } else if (la === VigilParser.DEVICE) {
        if (phase !== 0) return undefined;
        phase = 1;
        device = b.device(parser.deviceHeader());
      } else {
        phase = 2;
        decls.push(b.declOf(parser.decl()));
      }
    }
  } catch {
    return undefined;
  }
  return modelOf(src, imports, device, decls);
}

/**
 * Whole-file parse with full LL prediction and error recovery: the slow path, for error reports.
 * A stack overflow (the nesting guard is an estimate; recovery may nest deeper than any valid
 * parse) ends the parse: the result is then the token the parser had reached.
 */
function parseWithRecovery(tokens: CommonToken[], errors: SyntaxErrors): FileContext | { overflowAt: Token } {
  const parser = new VigilParser(new CommonTokenStream(new ListTokenSource(tokens)));
  parser.removeErrorListeners();
  parser.interpreter.predictionMode = PredictionMode.LL;
  parser.errorHandler = new SyntaxErrorStrategy(errors);
  parser.addErrorListener(new SyntaxErrorListener(errors));
  try {
    return parser.file();
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    return { overflowAt: parser.getCurrentToken() };
  }
}

/** V8 reports exhausted stack as a RangeError; nothing else in the parser throws one. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

function tooDeep(src: SourceFile, at: Token): Diagnostic {
  const start = Math.min(Math.max(0, at.start), src.text.length);
  const len = Math.max(0, Math.min(at.stop - at.start + 1, src.text.length - start));
  return diag("VG1020", spanAt(src, start, len), `nesting too deep: more than ${MAX_NESTING} levels of brackets, operators or else-if branches`, {
    notes: ["split the expression with `let` bindings, or the chain of `else if` into a `match`"],
  });
}

/** `nestingLimit` is for tests only (to reach the stack-overflow net behind the guard). */
export function parseSource(src: SourceFile, nestingLimit = MAX_NESTING): TextParse {
  if (!FORCE_FULL_PARSE.value) {
    // Fast path: tokens streamed from the lexer through the nesting guard into an SLL parse of
    // one declaration at a time; nothing of the whole file is held but the AST being built.
    const sl = new StreamLexer(src, new NestingGuard(nestingLimit));
    const fast = parseFast(src, sl);
    if (fast && !sl.tripped && sl.count > 0) {
      if (sl.diagnostics.length > 0) return { diagnostics: sl.diagnostics, comments: sl.comments, source: src };
      return { model: fast, diagnostics: [], comments: sl.comments, source: src };
    }
  }
  // Slow path (errors, empty files, deep nesting): all tokens, guard, full LL with recovery.
  const { tokens, quiet, comments, diagnostics } = lex(src);
  if (tokens.length === 1 && diagnostics.length === 0) {
    const what = src.text.length === 0 ? "the file is empty" : "the file holds no declarations, only blanks or comments";
    return {
      diagnostics: [diag("VG1022", spanAt(src, 0, 0), what, { notes: ["a model needs at least a device header or a declaration"] })],
      comments,
      source: src,
    };
  }
  const deep = findExcessiveNesting(tokens, nestingLimit);
  if (deep) {
    diagnostics.push(tooDeep(src, deep));
    return { diagnostics, comments, source: src };
  }
  let tree: FileContext | undefined;
  {
    const errors = new SyntaxErrors(src.path, src.text.length, quiet);
    const llTree = parseWithRecovery(tokens, errors);
    if ("overflowAt" in llTree) {
      diagnostics.push(tooDeep(src, llTree.overflowAt));
      return { diagnostics, comments, source: src };
    }
    diagnostics.push(...errors.diagnostics);
    // No error under full LL: SLL bailed out on a prediction conflict only; keep the LL tree.
    if (errors.diagnostics.length === 0) tree = llTree;
  }
  if (!tree || hasErrors(diagnostics)) return { diagnostics, comments, source: src };
  try {
    return { model: buildModel(src, tree), diagnostics, comments, source: src };
  } catch (e) {
    if (!isStackOverflow(e)) throw e;
    diagnostics.push(tooDeep(src, tokens[0]!));
    return { diagnostics, comments, source: src };
  }
}

export function parseTextFull(path: string, text: string, nestingLimit = MAX_NESTING): TextParse {
  return parseSource(makeSourceFile(path, text), nestingLimit);
}
