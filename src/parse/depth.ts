/**
 * Nesting guard: a cheap pre-scan of the token list that refuses input nested too deeply to parse,
 * before the (recursive) ANTLR parser, the AST builder, the checker or the printer sees it.
 *
 * Input: the default-channel tokens of a file. Output: undefined, or the token at which the
 * estimated nesting first exceeds MAX_NESTING.
 * Invariants: the estimate is an upper bound, up to a factor of two, of the depth of every AST the
 * file could produce: each open bracket is a level, and every operator (prefix, infix, postfix),
 * `if` of a conditional expression and `else if` counts one level inside its bracket until a
 * comma, a semicolon or the start of a new statement or declaration resets the count. A statement
 * cannot start inside a conditional expression (`if c then a` still waiting for its `else`), so
 * while one is open at the current bracket level nothing resets: error recovery would otherwise
 * nest `if c then x if c then x ...` without bound (issue 20). So with a limit of 200, no phase
 * recurses more than a few hundred levels, whatever the input (a 10 000-deep expression is
 * rejected with VG1020, not a stack overflow). Iterative, linear time. parse-text.ts also turns a
 * stack overflow of the parser into VG1020, as a last line of defence.
 */
import type { Token } from "antlr4ng";
import { VigilLexer as L } from "./generated/VigilLexer.js";

export const MAX_NESTING = 200;

const OPEN = new Set<number>([L.LPAREN, L.LBRACK, L.LBRACE]);
const CLOSE = new Set<number>([L.RPAREN, L.RBRACK, L.RBRACE]);
const OPERATORS = new Set<number>([
  L.NOT, L.MINUS, L.PLUS, L.STAR, L.SLASH, L.PERCENT, L.EQ, L.NEQ, L.LT, L.LE, L.GT, L.GE,
  L.AND, L.OR, L.IMPLIES, L.DOT, L.IF,
]);
const OPERAND_END = new Set<number>([
  L.ID, L.INT, L.DECIMAL, L.US, L.MS, L.S, L.HZ, L.KHZ, L.MHZ, L.TRUE, L.FALSE, L.TICK,
  L.RPAREN, L.RBRACK, L.RBRACE, L.STRING, L.SCHEDULABLE,
]);
const STATEMENT_START = new Set<number>([
  L.ID, L.LET, L.VAR, L.MATCH, L.FOR, L.SKIP_KW, L.IF, L.IMPORT, L.DEVICE, L.TARGET, L.TICK,
  L.DOMAIN, L.CONFIDENTIALITY, L.CONST, L.ENUM, L.TYPE, L.INPUT, L.OUTPUT, L.STATE, L.ASSUME,
  L.TASK, L.PROPERTY, L.UNDERSCORE,
]);

/** The estimate, fed one token type at a time (streaming, for the lexer's TokenSource). */
export class NestingGuard {
  private readonly counts: number[] = [0];
  /** Per bracket level: conditional expressions seen at their `then` and not yet at their `else`. */
  private readonly open: number[] = [0];
  private sum = 0;
  private prev = -1;
  constructor(private readonly limit = MAX_NESTING) {}

  /** Account for the next token; true when the nesting estimate now exceeds the limit. */
  step(type: number): boolean {
    const counts = this.counts;
    const top = counts.length - 1;
    const prev = this.prev;
    if (OPEN.has(type)) {
      if (type === L.LBRACK && OPERAND_END.has(prev)) {
        counts[top]!++;
        this.sum++;
      }
      counts.push(0);
      this.open.push(0);
    } else if (CLOSE.has(type)) {
      if (counts.length > 1) {
        this.sum -= counts.pop()!;
        this.open.pop();
      }
    } else if (type === L.COMMA || type === L.SEMI || type === L.FAT_ARROW) {
      this.sum -= counts[top]!;
      counts[top] = 0;
      this.open[top] = 0;
    } else {
      const open = this.open;
      if (type === L.THEN) open[top]!++;
      else if (type === L.ELSE && open[top]! > 0) open[top]!--;
      if (STATEMENT_START.has(type) && (OPERAND_END.has(prev) || prev === -1) && open[top] === 0) {
        this.sum -= counts[top]!;
        counts[top] = 0;
      }
      if (OPERATORS.has(type)) {
        counts[top]!++;
        this.sum++;
      }
    }
    this.prev = type;
    return counts.length - 1 + this.sum > this.limit;
  }
}

export function findExcessiveNesting(tokens: readonly Token[], limit = MAX_NESTING): Token | undefined {
  const guard = new NestingGuard(limit);
  for (const t of tokens) if (guard.step(t.type)) return t;
  return undefined;
}
