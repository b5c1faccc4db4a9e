/**
 * Syntax errors in the language's own terms.
 *
 * Input: ANTLR recognition events (through SyntaxErrorStrategy, a DefaultErrorStrategy that keeps
 * ANTLR's recovery but phrases the reports, and SyntaxErrorListener for anything else).
 * Output: Diagnostics with stable codes: VG1010 unexpected token, VG1011 missing token, VG1012
 * unexpected end of file, VG1013 expected a declaration.
 * Invariants: messages never show raw token names (RBRACE, ID): tokens are shown as written or as
 * friendly words ("a name", "a number"), and expectations are phrased from the rule being parsed
 * ("expected a type after ':'", "expected '{' to start the body of task 'pace'"). Never throws.
 */
import {
  BaseErrorListener,
  DefaultErrorStrategy,
  NoViableAltException,
  Token,
  type ATNSimulator,
  type IntervalSet,
  type Parser,
  type ParserRuleContext,
  type RecognitionException,
  type Recognizer,
} from "antlr4ng";
import { diag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Span } from "../source/span.js";
import { VigilLexer as L } from "./generated/VigilLexer.js";
import * as P from "./generated/VigilParser.js";

const WORDS: Record<number, string> = {
  [L.ID]: "a name",
  [L.INT]: "a number",
  [L.DECIMAL]: "a number",
  [L.STRING]: "a string",
  [Token.EOF]: "the end of the file",
};

/** A token type as a friendly word: `'{'`, `'task'`, `a name`. */
export function tokenTypeWord(type: number): string {
  const w = WORDS[type];
  if (w) return w;
  const lit = L.literalNames[type];
  return lit ?? "a symbol";
}

/** An actual token as shown to the user. */
export function tokenShown(t: Token): string {
  if (t.type === Token.EOF) return "the end of the file";
  const text = t.text ?? "";
  const short = text.length > 24 ? text.slice(0, 21) + "..." : text;
  return `'${short}'`;
}

const DECL_WORDS = "const, enum, type, domain, input, output, state, assume, task or property";

function has(set: IntervalSet, ...types: number[]): boolean {
  return types.every((t) => set.contains(t));
}

const CONTINUATION = new Set<number>([
  L.PLUS, L.MINUS, L.STAR, L.SLASH, L.PERCENT, L.EQ, L.NEQ, L.LT, L.LE, L.GT, L.GE, L.AND, L.OR,
  L.IMPLIES, L.DOT, L.LBRACK, L.US, L.MS, L.S, L.HZ, L.KHZ, L.MHZ, L.SEMI,
]);

function findAncestor<T extends ParserRuleContext>(
  ctx: ParserRuleContext | null,
  cls: abstract new (...args: never[]) => T,
): T | undefined {
  for (let c = ctx; c; c = c.parent) if (c instanceof cls) return c;
  return undefined;
}

/** Describe what the parser expected, using the rule it was in. */
export function describeExpected(set: IntervalSet, ctx: ParserRuleContext | null): string {
  if (has(set, L.LBRACE)) {
    // The construct whose `{` is due: skip the expression (e.g. an if condition) just parsed.
    let inner = ctx;
    while (inner instanceof P.ExprContext || inner instanceof P.BlockContext) inner = inner.parent;
    if (inner instanceof P.TaskDeclContext || (inner instanceof P.TaskClauseContext && !has(set, L.INT))) {
      const task = findAncestor(ctx, P.TaskDeclContext);
      const name = task?._name?.text;
      return name ? `'{' to start the body of task '${name}'` : "'{' to start the task body";
    }
    if (inner instanceof P.IfStatementContext) return "'{' to start the branch of the 'if'";
    if (inner instanceof P.StmtContext && inner.start?.type === L.FOR) return "'{' to start the body of the 'for' loop";
    if (inner instanceof P.StmtContext && inner.start?.type === L.MATCH) return "'{' to start the arms of the 'match'";
    if (inner instanceof P.EnumDeclContext) return `'{' to list the members of enum '${inner._name?.text ?? "?"}'`;
  }
  if (has(set, L.BOOL, L.INT_KW, L.TIME, L.FREQ)) return "a type";
  if (has(set, L.INT, L.NOT, L.LPAREN, L.ID)) return "an expression";
  if (has(set, L.TASK, L.CONST, L.STATE)) return `a declaration (${DECL_WORDS})`;
  if (has(set, L.LET, L.VAR, L.SKIP_KW)) return has(set, L.RBRACE) ? "a statement or '}'" : "a statement";
  if (has(set, L.ALWAYS, L.SCHEDULABLE)) return "a property (always, noninterference, schedulable or wcet(...))";
  if (has(set, L.EVERY, L.DEADLINE, L.PRIORITY)) return "a task clause (every, offset, on irq, min_interarrival, deadline, priority, in)";
  if (has(set, L.US, L.MS, L.HZ) && set.length <= 8) return "a unit (us, ms, s, Hz, kHz, MHz)";
  let types = set.toArray().filter((t) => t > 0 || t === Token.EOF);
  const structural = types.filter((t) => !CONTINUATION.has(t));
  if (structural.length > 0 && structural.length < types.length) types = structural;
  const words = [...new Set(types.map(tokenTypeWord))];
  if (words.length === 0) return "something else";
  if (words.length === 1) return words[0]!;
  if (words.length > 6) return `one of ${words.slice(0, 6).join(", ")}, ...`;
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

export interface SyntaxErrorSink {
  report(code: DiagnosticCode, token: Token, message: string): void;
}

const KEEP_ON_RECOVERY = new Set<number>([
  L.IMPORT, L.DEVICE, L.TARGET, L.TICK, L.DOMAIN, L.CONFIDENTIALITY, L.CONST, L.ENUM, L.TYPE, L.INPUT,
  L.OUTPUT, L.STATE, L.ASSUME, L.TASK, L.PROPERTY, L.LET, L.VAR, L.IF, L.MATCH, L.FOR, L.SKIP_KW, L.IN,
  L.EVERY, L.OFFSET, L.ON, L.MIN_INTERARRIVAL, L.DEADLINE, L.PRIORITY,
]);

/** Errors this many tokens or fewer after the previous one are not reported. */
const ECHO_DISTANCE = 1;

/** Collects syntax diagnostics for one file. */
export class SyntaxErrors implements SyntaxErrorSink {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<number>();
  /**
   * @param suppressAt token offsets already explained by a lexical error (the token after a
   *   dropped unexpected character, an unterminated string): no second report there.
   */
  constructor(
    readonly file: string,
    readonly textLength: number,
    private readonly suppressAt: ReadonlySet<number> = new Set(),
  ) {}
  spanOf(t: Token): Span {
    const offset = Math.min(Math.max(0, t.start), this.textLength);
    const length = t.type === Token.EOF ? 0 : Math.max(0, Math.min(t.stop + 1, this.textLength) - offset);
    return { file: this.file, line: Math.max(1, t.line), col: Math.max(0, t.column) + 1, offset, length };
  }
  private lastIndex = -100;

  report(code: DiagnosticCode, token: Token, message: string): void {
    // One report per position: ANTLR may re-report at the same token while recovering; and an
    // error within a few tokens of the previous one is almost always its echo, not news.
    const key = token.start * 4 + (code === "VG1011" ? 1 : 0);
    if (this.seen.has(key) || this.suppressAt.has(token.start)) return;
    if (token.tokenIndex >= 0 && token.tokenIndex - this.lastIndex <= ECHO_DISTANCE && this.diagnostics.length > 0) return;
    this.lastIndex = token.tokenIndex;
    this.seen.add(key);
    this.diagnostics.push(diag(code, this.spanOf(token), message));
  }
}

function after(recognizer: Parser, offending: Token): string {
  const ts = recognizer.tokenStream;
  const prev = offending.tokenIndex > 0 ? ts.get(offending.tokenIndex - 1) : undefined;
  return prev && prev.type !== Token.EOF ? ` after ${tokenShown(prev)}` : "";
}

/** ` (a reserved word)` when a keyword stands where a name was expected. */
function reservedHint(t: Token, expected: IntervalSet): string {
  const lit = L.literalNames[t.type];
  return expected.contains(L.ID) && describeExpected(expected, null) === "a name" && lit && /^'[a-zA-Z_]+'$/.test(lit) ? ` (${lit} is a reserved word and cannot be a name)` : "";
}

function isTopLevel(ctx: ParserRuleContext | null): boolean {
  return ctx instanceof P.FileContext || ctx instanceof P.DeclContext;
}

export class SyntaxErrorStrategy extends DefaultErrorStrategy {
  constructor(private readonly sink: SyntaxErrorSink) {
    super();
  }

  private mismatch(recognizer: Parser, offending: Token, expected: IntervalSet, ctx: ParserRuleContext | null): void {
    const what = describeExpected(expected, ctx);
    if (offending.type === Token.EOF) {
      this.sink.report("VG1012", offending, `expected ${what}${after(recognizer, offending)}, but the file ended`);
    } else if (isTopLevel(ctx) && has(expected, L.TASK, L.CONST)) {
      this.sink.report("VG1013", offending, `expected a declaration (${DECL_WORDS}), found ${tokenShown(offending)}`);
    } else {
      this.sink.report("VG1010", offending, `expected ${what}${after(recognizer, offending)}, found ${tokenShown(offending)}${reservedHint(offending, expected)}`);
    }
  }

  override reportNoViableAlternative(recognizer: Parser, e: NoViableAltException): void {
    const tok = e.offendingToken ?? recognizer.getCurrentToken();
    const ctx = (e.ctx as ParserRuleContext | null) ?? recognizer.context;
    let expected: IntervalSet;
    try {
      expected = e.getExpectedTokens() ?? recognizer.getExpectedTokens();
    } catch {
      expected = recognizer.getExpectedTokens();
    }
    this.mismatch(recognizer, tok, expected, ctx);
  }

  override reportInputMismatch(recognizer: Parser, e: RecognitionException): void {
    const tok = e.offendingToken ?? recognizer.getCurrentToken();
    const expected = e.getExpectedTokens() ?? recognizer.getExpectedTokens();
    this.mismatch(recognizer, tok, expected, (e.ctx as ParserRuleContext | null) ?? recognizer.context);
  }

  override reportFailedPredicate(recognizer: Parser, e: RecognitionException): void {
    const tok = e.offendingToken ?? recognizer.getCurrentToken();
    this.sink.report("VG1010", tok, `unexpected ${tokenShown(tok)}${after(recognizer, tok)}`);
  }

  override reportUnwantedToken(recognizer: Parser): void {
    if (this.inErrorRecoveryMode(recognizer)) return;
    this.beginErrorCondition(recognizer);
    const tok = recognizer.getCurrentToken();
    const expected = this.getExpectedTokens(recognizer);
    const ctx = recognizer.context;
    if (tok.type === Token.EOF) {
      this.sink.report("VG1012", tok, `expected ${describeExpected(expected, ctx)}${after(recognizer, tok)}, but the file ended`);
      return;
    }
    if (isTopLevel(ctx) && has(expected, L.TASK, L.CONST)) {
      this.sink.report("VG1013", tok, `expected a declaration (${DECL_WORDS}), found ${tokenShown(tok)}`);
      return;
    }
    const what = describeExpected(expected, ctx);
    this.sink.report("VG1010", tok, `expected ${what}${after(recognizer, tok)}, found ${tokenShown(tok)}${reservedHint(tok, expected)}`);
  }

  /**
   * Never recover by deleting a keyword that starts a declaration or statement (or `in`): `const A =`
   * followed by `const B ...` on the next line must not eat the second declaration's `const`;
   * insertion or resynchronisation does better. Other stray keywords (`if c then {`) may go.
   */
  override singleTokenDeletion(recognizer: Parser): Token | null {
    if (KEEP_ON_RECOVERY.has(recognizer.inputStream.LA(1))) return null;
    return super.singleTokenDeletion(recognizer);
  }

  override reportMissingToken(recognizer: Parser): void {
    if (this.inErrorRecoveryMode(recognizer)) return;
    this.beginErrorCondition(recognizer);
    const tok = recognizer.getCurrentToken();
    const expected = this.getExpectedTokens(recognizer);
    const what = describeExpected(expected, recognizer.context);
    if (tok.type === Token.EOF) {
      this.sink.report("VG1012", tok, `expected ${what}${after(recognizer, tok)}, but the file ended`);
    } else {
      this.sink.report("VG1011", tok, `expected ${what}${after(recognizer, tok)}, found ${tokenShown(tok)}${reservedHint(tok, expected)}`);
    }
  }
}

/** Catches whatever the strategy does not phrase itself (it should be nothing). */
export class SyntaxErrorListener extends BaseErrorListener {
  constructor(private readonly sink: SyntaxErrorSink) {
    super();
  }
  override syntaxError<S extends Token, T extends ATNSimulator>(
    _recognizer: Recognizer<T>,
    offendingSymbol: S | null,
    _line: number,
    _col: number,
    _msg: string,
    _e: RecognitionException | null,
  ): void {
    if (offendingSymbol) this.sink.report("VG1010", offendingSymbol, `unexpected ${tokenShown(offendingSymbol)}`);
  }
}
