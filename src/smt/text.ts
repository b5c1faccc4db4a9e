/**
 * SMT-LIB text helpers for the isolation product: sorts, literals, range constraints and the
 * C99 (truncating) division helpers.
 *
 * Input: IR types and numbers. Output: SMT-LIB term text.
 * Invariants: bool is the SMT sort Bool; int and enum are Int (an enum is its member index);
 * arrays are expanded into one term per element by the callers (no SMT arrays).
 */
import type { IrScalarType, IrType } from "../ir/ir.js";

/** A symbolic value: a scalar term, or one term per array element. */
export type Val = string | readonly string[];

export function sortOf(t: IrScalarType): "Bool" | "Int" {
  return t.kind === "bool" ? "Bool" : "Int";
}

export function scalarOf(t: IrType): IrScalarType {
  return t.kind === "array" ? t.elem : t;
}

export function intLit(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`isolation: non-integer or unsafe constant ${n}`);
  return n < 0 ? `(- ${-n})` : String(n);
}

export function lit(value: number, t: IrScalarType): string {
  return t.kind === "bool" ? (value !== 0 ? "true" : "false") : intLit(value);
}

/** The constraint "term lies in the scalar type's range" (true for bool). */
export function rangeOf(term: string, t: IrScalarType): string {
  if (t.kind === "bool") return "true";
  if (t.kind === "enum") return `(and (<= 0 ${term}) (<= ${term} ${t.members.length - 1}))`;
  return `(and (<= ${intLit(t.lo)} ${term}) (<= ${term} ${intLit(t.hi)}))`;
}

export function and(xs: readonly string[]): string {
  const ys = xs.filter((x) => x !== "true");
  if (ys.includes("false")) return "false";
  if (ys.length === 0) return "true";
  if (ys.length === 1) return ys[0] ?? "true";
  return `(and ${ys.join(" ")})`;
}

export function or(xs: readonly string[]): string {
  const ys = xs.filter((x) => x !== "false");
  if (ys.includes("true")) return "true";
  if (ys.length === 0) return "false";
  if (ys.length === 1) return ys[0] ?? "false";
  return `(or ${ys.join(" ")})`;
}

export function implies(a: string, b: string): string {
  if (a === "true") return b;
  if (a === "false" || b === "true") return "true";
  return `(=> ${a} ${b})`;
}

export function eqVal(a: Val, b: Val): string {
  if (typeof a === "string" && typeof b === "string") return a === b ? "true" : `(= ${a} ${b})`;
  const as = typeof a === "string" ? [a] : a;
  const bs = typeof b === "string" ? [b] : b;
  return and(as.map((x, i) => (x === bs[i] ? "true" : `(= ${x} ${bs[i] ?? x})`)));
}

export function iteVal(c: string, a: Val, b: Val): Val {
  if (typeof a === "string" && typeof b === "string") return a === b ? a : c === "true" ? a : c === "false" ? b : `(ite ${c} ${a} ${b})`;
  const as = typeof a === "string" ? [a] : a;
  const bs = typeof b === "string" ? [b] : b;
  return as.map((x, i) => {
    const y = bs[i] ?? x;
    return x === y ? x : `(ite ${c} ${x} ${y})`;
  });
}

/** C99 division and remainder (truncate toward zero; remainder has the dividend's sign). */
export const PRELUDE = `(define-fun vg_tdiv ((a Int) (b Int)) Int
  (ite (= b 0) 0 (ite (>= a 0) (ite (> b 0) (div a b) (- (div a (- b)))) (ite (> b 0) (- (div (- a) b)) (div (- a) (- b))))))
(define-fun vg_trem ((a Int) (b Int)) Int (- a (* b (vg_tdiv a b))))
`;
