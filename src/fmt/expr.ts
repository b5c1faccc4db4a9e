/**
 * Canonical printing of expressions and types.
 *
 * Input: ast.Expr / ast.TypeExpr. Output: one-line source text.
 * Invariants: parentheses appear only where the grammar's precedence needs them, so that parsing
 * the output gives back the same AST (spans aside); numbers keep their spelling and unit as
 * written; recursion depth equals AST depth, which the parser's nesting guard bounds.
 */
import type * as ast from "../ast/ast.js";

/** Binding strength, tighter is higher (mirrors the order of `expr` in grammar/Vigil.g4). */
export const PREC = {
  cond: 2,
  implies: 3,
  or: 4,
  and: 5,
  not: 6,
  compare: 7,
  add: 8,
  mul: 9,
  neg: 10,
  postfix: 11,
  atom: 12,
} as const;

function binPrec(op: ast.BinaryOp): number {
  switch (op) {
    case "implies":
      return PREC.implies;
    case "or":
      return PREC.or;
    case "and":
      return PREC.and;
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return PREC.compare;
    case "+":
    case "-":
      return PREC.add;
    default:
      return PREC.mul;
  }
}

export function precOf(e: ast.Expr): number {
  switch (e.kind) {
    case "Binary":
      return binPrec(e.op);
    case "Unary":
      return e.op === "-" ? PREC.neg : PREC.not;
    case "Cond":
      return PREC.cond;
    case "Index":
    case "Member":
      return PREC.postfix;
    default:
      return PREC.atom;
  }
}

/** Print `e` so that it parses back as one operand needing at least precedence `min`. */
export function printExpr(e: ast.Expr, min = 0): string {
  const s = printBare(e);
  return precOf(e) < min ? `(${s})` : s;
}

function printBare(e: ast.Expr): string {
  switch (e.kind) {
    case "Number":
      return e.unit ? `${e.text} ${e.unit}` : e.text;
    case "Bool":
      return e.value ? "true" : "false";
    case "Tick":
      return "tick";
    case "Name":
      return e.name;
    case "Member":
      // `(1).x`, not `1.x`, which would read as a malformed number.
      return e.object.kind === "Number" ? `(${printBare(e.object)}).${e.member.name}` : `${printExpr(e.object, PREC.postfix)}.${e.member.name}`;
    case "Index":
      return `${printExpr(e.array, PREC.postfix)}[${printExpr(e.index)}]`;
    case "Unary":
      return e.op === "-" ? `-${printExpr(e.operand, PREC.neg)}` : `not ${printExpr(e.operand, PREC.not)}`;
    case "Binary": {
      const p = binPrec(e.op);
      const rightAssoc = e.op === "implies";
      const l = printExpr(e.left, rightAssoc ? p + 1 : p);
      const r = printExpr(e.right, rightAssoc ? p : p + 1);
      return `${l} ${e.op} ${r}`;
    }
    case "Cond":
      return `if ${printExpr(e.cond)} then ${printExpr(e.then)} else ${printExpr(e.else, PREC.cond)}`;
    case "Call":
      return `${e.callee.name}(${e.args.map((a) => printExpr(a)).join(", ")})`;
    case "Endorse":
      return `endorse(${printExpr(e.value)}, ${printExpr(e.valid)}, else ${printExpr(e.fallback)})`;
    case "Declassify":
      return e.to ? `declassify(${printExpr(e.value)} to ${e.to.name})` : `declassify(${printExpr(e.value)})`;
    case "ArrayList":
      return `[${e.elements.map((a) => printExpr(a)).join(", ")}]`;
    case "ArrayRepeat":
      return `[${printExpr(e.value)}; ${printExpr(e.count)}]`;
  }
}

export function printType(t: ast.TypeExpr): string {
  switch (t.kind) {
    case "BoolType":
      return "bool";
    case "RangeType":
      return `int[${printExpr(t.lo)} .. ${printExpr(t.hi)}]`;
    case "TimeType":
    case "FreqType": {
      const kw = t.kind === "TimeType" ? "time" : "freq";
      return t.lo && t.hi ? `${kw}[${printExpr(t.lo)} .. ${printExpr(t.hi)}]` : kw;
    }
    case "ArrayType":
      return `[${printType(t.elem)}; ${printExpr(t.length)}]`;
    case "NamedType":
      return t.name.name;
  }
}
