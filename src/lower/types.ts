/**
 * Lowering helpers: checker types and values to IR types and values, IR node constructors.
 *
 * Input: checker Types/Values (BigInt ranges, src/check/model.ts). Output: IR types (JS numbers)
 * and small IR expression builders that compute exact result ranges.
 * Invariants: every range fits ±(2^53-1) (the checker guarantees it), so Number() is exact;
 * constructors keep the span they are given.
 */
import type { Type, Value } from "../check/model.js";
import type { IrBinOp, IrExpr, IrScalarType, IrType, IrValue } from "../ir/ir.js";
import type { Span } from "../source/span.js";

export const IR_BOOL: IrScalarType = { kind: "bool" };

export function irType(t: Type): IrType {
  switch (t.kind) {
    case "bool":
      return IR_BOOL;
    case "int":
      return { kind: "int", lo: Number(t.lo), hi: Number(t.hi), unit: t.unit };
    case "enum":
      return { kind: "enum", name: t.name, members: t.members };
    case "array": {
      const elem = irType(t.elem);
      if (elem.kind === "array") throw new Error("lower: nested arrays are not supported");
      return { kind: "array", elem, length: t.length };
    }
    case "error":
      throw new Error("lower: a type error reached lowering (check() reported errors)");
  }
}

export function irScalar(t: Type): IrScalarType {
  const x = irType(t);
  if (x.kind === "array") throw new Error("lower: expected a scalar type");
  return x;
}

export function scalarOfValue(v: Value): number {
  switch (v.kind) {
    case "bool":
      return v.value ? 1 : 0;
    case "int":
      return Number(v.value);
    case "enum":
      return v.index;
    case "array":
      throw new Error("lower: expected a scalar value");
  }
}

export function irValue(v: Value): IrValue {
  return v.kind === "array" ? v.elements.map(scalarOfValue) : scalarOfValue(v);
}

export function constE(value: number, type: IrScalarType, span: Span): IrExpr {
  const t: IrScalarType = type.kind === "int" ? { kind: "int", lo: value, hi: value, unit: type.unit } : type;
  return { k: "const", value, type: t, span };
}

export function boolE(b: boolean, span: Span): IrExpr {
  return { k: "const", value: b ? 1 : 0, type: IR_BOOL, span };
}

export function plainInt(v: number, span: Span): IrExpr {
  return { k: "const", value: v, type: { kind: "int", lo: v, hi: v, unit: "none" }, span };
}

export function bin(op: IrBinOp, left: IrExpr, right: IrExpr, type: IrScalarType, span: Span): IrExpr {
  return { k: "binary", op, left, right, type, span };
}

export function cmp(op: "eq" | "ne" | "lt" | "le" | "gt" | "ge", l: IrExpr, r: IrExpr, span: Span): IrExpr {
  return bin(op, l, r, IR_BOOL, span);
}

/** Conjunction of a non-empty list (true for an empty one). */
export function andAll(xs: readonly IrExpr[], span: Span): IrExpr {
  if (xs.length === 0) return boolE(true, span);
  return xs.slice(1).reduce((acc, x) => bin("and", acc, x, IR_BOOL, span), xs[0]!);
}

export function rangeOf(t: IrType): { lo: number; hi: number } | undefined {
  if (t.kind === "int") return { lo: t.lo, hi: t.hi };
  return undefined;
}

/** The scalar element type of an IR type (itself for scalars). */
export function elemOf(t: IrType): IrScalarType {
  return t.kind === "array" ? t.elem : t;
}

/** The default initial value of an output: false, 0 (or the range's low end if 0 is outside it), first member. */
export function defaultValue(t: IrType): IrValue {
  switch (t.kind) {
    case "bool":
    case "enum":
      return 0;
    case "int":
      return t.lo <= 0 && 0 <= t.hi ? 0 : t.lo;
    case "array":
      return new Array<number>(t.length).fill(defaultValue(t.elem) as number);
  }
}
