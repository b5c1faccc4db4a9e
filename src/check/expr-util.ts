/**
 * Shared helpers of expression checking: the environment an expression is checked in, recording of
 * types and constant values, and the common "must be bool / plain integer" checks.
 *
 * Input: the checker context. Output: entries in ctx.exprTypes and ctx.constValues, diagnostics.
 * Invariants: every typed node is recorded exactly once through record(); integer results pass
 * through intResult(), which enforces the ±(2^53-1) limit (VG2013).
 */
import type * as ast from "../ast/ast.js";
import { report, type Ctx, type MSym } from "./context.js";
import type { Sym, Type, Unit, Value } from "./model.js";
import type * as R from "./ranges.js";
import { ERROR, inSafeRange, intType, MAX_MAG, typeKindName, type IntType } from "./types.js";

export type ExprContext = "const" | "task" | "property" | "assume";

export interface Env {
  readonly context: ExprContext;
  /** Locals in scope (task bodies only). */
  lookupLocal?(name: string): MSym | undefined;
  localNames?(): Iterable<string>;
  /** Called for every global variable (input, output, state, irq line) read. */
  onRead?(sym: Sym, node: ast.Expr): void;
  /** Called for every endorse and declassify (task bodies only). */
  onFlowOp?(): void;
}

export const CONST_ENV: Env = { context: "const" };

/** Hz x us = 10^-6 cycles. */
export const CYCLE_SCALE = 1_000_000n;

export const CONVERT_NOTE = "to convert, multiply or divide by a unit literal (`n * 1 ms`, `t / 1 ms`)";

/**
 * Record the type (and constant value) of `e`. Every typing path ends by recording its own node,
 * so right after typeExpr(e) returns, ctx.lastConst is e's constant value (a Map lookup saved).
 */
export function record(ctx: Ctx, e: ast.Expr, t: Type, v?: Value): Type {
  ctx.exprTypes.set(e, t);
  if (v !== undefined) ctx.constValues.set(e, v);
  ctx.lastConst = v;
  return t;
}

export function intResult(ctx: Ctx, e: ast.Expr, r: R.Range, unit: Unit, v?: Value): Type {
  if (!inSafeRange(r.lo, r.hi)) {
    report(
      ctx,
      "VG2013",
      e.span,
      `the value of this expression lies in [${r.lo} .. ${r.hi}], beyond vigil's limit of ±${MAX_MAG} (2^53-1)`,
    );
    return record(ctx, e, ERROR);
  }
  return record(ctx, e, intType(r.lo, r.hi, unit), v);
}

export function constOf(ctx: Ctx, e: ast.Expr): Value | undefined {
  return ctx.constValues.get(e);
}

export function constInt(ctx: Ctx, e: ast.Expr): bigint | undefined {
  const v = ctx.constValues.get(e);
  return v && v.kind === "int" ? v.value : undefined;
}

export function valueType(v: Value, declared: Type): Type {
  if (v.kind === "int") return intType(v.value, v.value, v.unit);
  return declared;
}

/** Check that `t` is a plain integer (index, array length, priority...). */
export function expectPlainInt(ctx: Ctx, e: ast.Expr, t: Type, what: string): t is IntType {
  if (t.kind === "error") return false;
  if (t.kind !== "int") {
    report(ctx, "VG2005", e.span, `${what} must be an integer, found ${typeKindName(t)}`);
    return false;
  }
  if (t.unit !== "none") {
    report(ctx, "VG2010", e.span, `${what} must be a plain integer, found ${typeKindName(t)}`, { notes: [CONVERT_NOTE] });
    return false;
  }
  return true;
}

export function expectBool(ctx: Ctx, e: ast.Expr, t: Type, code: "VG2005" | "VG2021" | "VG4001", what: string): boolean {
  if (t.kind === "error" || t.kind === "bool") return t.kind === "bool";
  report(ctx, code, e.span, `${what} must be bool, found ${typeKindName(t)}`);
  return false;
}


export const MAX_ARRAY_LENGTH = 65536;
