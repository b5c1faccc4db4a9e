/**
 * Checker types: constructors, predicates and printing for the Type of src/check/model.ts.
 *
 * Input: none (pure helpers). Output: Type values and their descriptions in the language's terms.
 * Invariants: integer ranges are exact BigInt bounds in base units (microseconds, hertz); the
 * `error` type absorbs every operation so that one mistake is reported once.
 */
import type { Type, Unit } from "./model.js";

/** The largest magnitude vigil accepts in any range: 2^53 - 1. */
export const MAX_MAG = (1n << 53n) - 1n;
/** Default bounds of a bare `time` / `freq` type: 0 .. 2^31 - 1. */
export const BARE_HI = (1n << 31n) - 1n;

export const BOOL: Type = { kind: "bool" };
export const ERROR: Type = { kind: "error" };

export function intType(lo: bigint, hi: bigint, unit: Unit = "none"): Type {
  return { kind: "int", lo, hi, unit };
}

export type IntType = Extract<Type, { kind: "int" }>;
export type EnumType = Extract<Type, { kind: "enum" }>;
export type ArrayType = Extract<Type, { kind: "array" }>;

export function isInt(t: Type): t is IntType {
  return t.kind === "int";
}
export function isError(t: Type): boolean {
  return t.kind === "error";
}

/** Built-in integer shorthands. */
export const BUILTIN_INTS: ReadonlyMap<string, readonly [bigint, bigint]> = new Map([
  ["u8", [0n, 255n]],
  ["u16", [0n, 65535n]],
  ["u32", [0n, 4294967295n]],
  ["i8", [-128n, 127n]],
  ["i16", [-32768n, 32767n]],
  ["i32", [-2147483648n, 2147483647n]],
] as const);

export const BUILTIN_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ["min", 2],
  ["max", 2],
  ["abs", 1],
]);

/** Names no declaration may take. */
export function isBuiltinName(name: string): boolean {
  return BUILTIN_INTS.has(name) || BUILTIN_FUNCTIONS.has(name);
}

export function unitName(u: Unit): string {
  return u === "time" ? "time" : u === "freq" ? "frequency" : "plain number";
}

function fmtBound(v: bigint, unit: Unit): string {
  if (unit === "time") return `${v} us`;
  if (unit === "freq") return `${v} Hz`;
  return `${v}`;
}

/** How a type is written in messages: `int[0 .. 255]`, `time[0 us .. 5000 us]`, `Mode`, `[u8; 4]`. */
export function typeToString(t: Type): string {
  switch (t.kind) {
    case "bool":
      return "bool";
    case "int": {
      const kw = t.unit === "time" ? "time" : t.unit === "freq" ? "freq" : "int";
      return `${kw}[${fmtBound(t.lo, t.unit)} .. ${fmtBound(t.hi, t.unit)}]`;
    }
    case "enum":
      return t.name;
    case "array":
      return `[${typeToString(t.elem)}; ${t.length}]`;
    case "error":
      return "<error>";
  }
}

/** A coarse description used in "expected X, found Y" messages. */
export function typeKindName(t: Type): string {
  switch (t.kind) {
    case "bool":
      return "bool";
    case "int":
      return t.unit === "time" ? "a time" : t.unit === "freq" ? "a frequency" : "an integer";
    case "enum":
      return `enum ${t.name}`;
    case "array":
      return `an array ${typeToString(t)}`;
    case "error":
      return "<error>";
  }
}

/**
 * Whether a value of type `src` may be stored in a target of type `dst`, ignoring ranges (a value
 * outside the target's range is a runtime error, proved absent later). Errors are compatible.
 */
export function compatible(dst: Type, src: Type): boolean {
  if (dst.kind === "error" || src.kind === "error") return true;
  switch (dst.kind) {
    case "bool":
      return src.kind === "bool";
    case "int":
      return src.kind === "int" && src.unit === dst.unit;
    case "enum":
      return src.kind === "enum" && src.name === dst.name;
    case "array":
      return src.kind === "array" && src.length === dst.length && compatible(dst.elem, src.elem);
  }
}

/** The smallest type containing both (used by conditionals and array literals); undefined if none. */
export function joinTypes(a: Type, b: Type): Type | undefined {
  if (a.kind === "error") return b;
  if (b.kind === "error") return a;
  if (a.kind === "int" && b.kind === "int") {
    if (a.unit !== b.unit) return undefined;
    return intType(a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi, a.unit);
  }
  if (a.kind === "bool" && b.kind === "bool") return a;
  if (a.kind === "enum" && b.kind === "enum") return a.name === b.name ? a : undefined;
  if (a.kind === "array" && b.kind === "array") {
    if (a.length !== b.length) return undefined;
    const e = joinTypes(a.elem, b.elem);
    return e ? { kind: "array", elem: e, length: a.length } : undefined;
  }
  return undefined;
}

export function isScalar(t: Type): boolean {
  return t.kind === "bool" || t.kind === "int" || t.kind === "enum" || t.kind === "error";
}

export function inSafeRange(lo: bigint, hi: bigint): boolean {
  return lo >= -MAX_MAG && hi <= MAX_MAG;
}
