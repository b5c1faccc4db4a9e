/**
 * Number literals with units: exact conversion to base units (microseconds, hertz).
 *
 * Input: a Number expression of the AST (exact value num / 10^scale and an optional unit).
 * Output: the integer value in base units and its checker unit, or the reason it is not exact.
 * Invariants: conversion is exact (BigInt); a literal that is not a whole number of base units
 * (`0.0005 ms`, `0.5 Hz`, a plain `1.5`) is rejected, never rounded.
 */
import type * as ast from "../ast/ast.js";
import type { Unit } from "./model.js";

/** Base units per literal unit. */
const SCALE: Record<ast.Unit, { readonly factor: bigint; readonly unit: Unit }> = {
  us: { factor: 1n, unit: "time" },
  ms: { factor: 1000n, unit: "time" },
  s: { factor: 1_000_000n, unit: "time" },
  Hz: { factor: 1n, unit: "freq" },
  kHz: { factor: 1000n, unit: "freq" },
  MHz: { factor: 1_000_000n, unit: "freq" },
};

export type LiteralValue =
  | { readonly ok: true; readonly value: bigint; readonly unit: Unit }
  | { readonly ok: false; readonly message: string };

export function literalValue(num: bigint, scale: number, unit: ast.Unit | undefined, text: string): LiteralValue {
  const factor = unit ? SCALE[unit].factor : 1n;
  const cu: Unit = unit ? SCALE[unit].unit : "none";
  const den = 10n ** BigInt(scale);
  const scaled = num * factor;
  if (scaled % den !== 0n) {
    if (!unit) return { ok: false, message: `\`${text}\` is not a whole number; plain numbers must be integers` };
    const base = cu === "time" ? "microseconds" : "hertz";
    return { ok: false, message: `\`${text} ${unit}\` is not a whole number of ${base}` };
  }
  return { ok: true, value: scaled / den, unit: cu };
}

export function unitOfLiteral(u: ast.Unit): Unit {
  return SCALE[u].unit;
}
