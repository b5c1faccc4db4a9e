/**
 * Parse tree → AST for expressions (the `expr` and `primary` rules).
 *
 * Input: an error-free ExprContext. Output: an ast.Expr with spans.
 * Invariants: `expr` is unlabelled and holds the primaries inline in the grammar (one parse-tree context per rule
 * invocation, for speed), so alternatives are told apart by their token shape; parentheses leave
 * no node; recursion depth is bounded by the nesting guard (depth.ts).
 */
import { ParserRuleContext, TerminalNode, type Token } from "antlr4ng";
import type * as ast from "../ast/ast.js";
import type { Span } from "../source/span.js";
import { VigilLexer as L } from "./generated/VigilLexer.js";
import { ExprContext } from "./generated/VigilParser.js";
import { parseNumberText } from "./numbers.js";

export class SpanMaker {
  constructor(readonly file: string) {}
  tok(t: Token): Span {
    return { file: this.file, line: t.line, col: t.column + 1, offset: t.start, length: t.stop - t.start + 1 };
  }
  ctx(c: ParserRuleContext): Span {
    const a = c.start!;
    const b = c.stop ?? a;
    const end = Math.max(b.stop + 1, a.start);
    return { file: this.file, line: a.line, col: a.column + 1, offset: a.start, length: end - a.start };
  }
  range(a: Token, b: Token): Span {
    return { file: this.file, line: a.line, col: a.column + 1, offset: a.start, length: Math.max(0, b.stop + 1 - a.start) };
  }
  ident(t: Token): ast.Ident {
    return { name: t.text ?? "", span: this.tok(t) };
  }
}

const UNITS: Record<number, ast.Unit> = {
  [L.US]: "us",
  [L.MS]: "ms",
  [L.S]: "s",
  [L.HZ]: "Hz",
  [L.KHZ]: "kHz",
  [L.MHZ]: "MHz",
};

const BINOPS: Record<number, ast.BinaryOp> = {
  [L.PLUS]: "+",
  [L.MINUS]: "-",
  [L.STAR]: "*",
  [L.SLASH]: "/",
  [L.PERCENT]: "%",
  [L.EQ]: "==",
  [L.NEQ]: "!=",
  [L.LT]: "<",
  [L.LE]: "<=",
  [L.GT]: ">",
  [L.GE]: ">=",
  [L.AND]: "and",
  [L.OR]: "or",
  [L.IMPLIES]: "implies",
};

function tokenAt(c: ParserRuleContext, i: number): Token | undefined {
  const ch = c.children[i];
  return ch instanceof TerminalNode ? ch.symbol : undefined;
}

export class ExprBuilder {
  constructor(readonly sm: SpanMaker) {}

  expr(c: ExprContext): ast.Expr {
    const ch = c.children;
    const first = ch[0];
    if (first instanceof TerminalNode) {
      const t = first.symbol.type;
      if (t === L.MINUS || t === L.NOT) {
        return { kind: "Unary", op: t === L.MINUS ? "-" : "not", operand: this.expr(ch[1] as ExprContext), span: this.sm.ctx(c) };
      }
      if (t === L.IF) {
        return {
          kind: "Cond",
          cond: this.expr(ch[1] as ExprContext),
          then: this.expr(ch[3] as ExprContext),
          else: this.expr(ch[5] as ExprContext),
          span: this.sm.ctx(c),
        };
      }
      return this.primary(c, first.symbol);
    }
    const span = this.sm.ctx(c);
    const left = this.expr(first as ExprContext);
    const op = tokenAt(c, 1)!;
    if (op.type === L.LBRACK) return { kind: "Index", array: left, index: this.expr(ch[2] as ExprContext), span };
    if (op.type === L.DOT) return { kind: "Member", object: left, member: this.sm.ident(tokenAt(c, 2)!), span };
    return { kind: "Binary", op: BINOPS[op.type]!, left, right: this.expr(ch[2] as ExprContext), span };
  }

  exprs(c: ParserRuleContext): ast.Expr[] {
    const out: ast.Expr[] = [];
    for (const ch of c.children) if (ch instanceof ExprContext) out.push(this.expr(ch));
    return out;
  }

  /** The primary alternatives of `expr` (first child a token other than `-`, `not`, `if`). */
  private primary(c: ExprContext, t0: Token): ast.Expr {
    const span = this.sm.ctx(c);
    switch (t0.type) {
      case L.INT:
      case L.DECIMAL: {
        const text = t0.text ?? "";
        const v = parseNumberText(text) ?? { num: 0n, scale: 0 };
        const u = tokenAt(c, 1);
        const unit = u ? UNITS[u.type] : undefined;
        return unit
          ? { kind: "Number", num: v.num, scale: v.scale, unit, text, span }
          : { kind: "Number", num: v.num, scale: v.scale, text, span };
      }
      case L.TRUE:
        return { kind: "Bool", value: true, span };
      case L.FALSE:
        return { kind: "Bool", value: false, span };
      case L.TICK:
        return { kind: "Tick", span };
      case L.ENDORSE: {
        const [value, valid, fallback] = this.exprs(c);
        return { kind: "Endorse", value: value!, valid: valid!, fallback: fallback!, span };
      }
      case L.DECLASSIFY: {
        const [value] = this.exprs(c);
        const to = c.children.length > 4 ? tokenAt(c, 4) : undefined;
        return to ? { kind: "Declassify", value: value!, to: this.sm.ident(to), span } : { kind: "Declassify", value: value!, span };
      }
      case L.ID: {
        if (c.children.length === 1) return { kind: "Name", name: t0.text ?? "", span };
        return { kind: "Call", callee: this.sm.ident(t0), args: this.exprs(c), span };
      }
      case L.LPAREN:
        return this.expr(c.children[1] as ExprContext);
      default: {
        // LBRACK: `[v; n]` or `[a, b, ...]`
        const es = this.exprs(c);
        const sep = tokenAt(c, 2);
        if (sep && sep.type === L.SEMI) return { kind: "ArrayRepeat", value: es[0]!, count: es[1]!, span };
        return { kind: "ArrayList", elements: es, span };
      }
    }
  }
}
