/**
 * Resolution of global declarations: type expressions, constants (folded exactly), type aliases,
 * and the types and initial values of inputs, outputs and state.
 *
 * Input: the symbol table filled by binder.ts. Output: each global symbol's `type` (and constant
 * values in ctx.constOf); diagnostics VG2004 (unknown type), VG2005/VG2010 (type or unit mismatch),
 * VG2006/VG2007 (constant or initial value outside its range), VG2008 (empty range), VG2009 (not
 * constant), VG2013 (range beyond 2^53-1), VG2015 (array length).
 * Invariants: resolution is lazy and memoized (each declaration is resolved once, in any order, so
 * constants may refer to constants declared later); a cycle is reported once and yields `error`.
 */
import type * as ast from "../ast/ast.js";
import { closestName, mayHint, report, SYM_KIND_NAME, type Ctx, type MSym } from "./context.js";
import { CONST_ENV, constInt, constOf, expectPlainInt, MAX_ARRAY_LENGTH, typeExpr } from "./expr.js";
import type { Type, Unit, Value } from "./model.js";
import {
  BARE_HI,
  BOOL,
  BUILTIN_INTS,
  compatible,
  ERROR,
  inSafeRange,
  intType,
  isScalar,
  MAX_MAG,
  typeKindName,
  typeToString,
} from "./types.js";

/** The built-in integer types, shared (types are immutable). */
const BUILTIN_TYPES: ReadonlyMap<string, Type> = new Map([...BUILTIN_INTS].map(([k, [lo, hi]]) => [k, intType(lo, hi)]));

/** Type-check a constant expression and return its value (VG2009 when it is not constant). */
export function evalConst(ctx: Ctx, e: ast.Expr, what: string): { type: Type; value?: Value } {
  const type = typeExpr(ctx, CONST_ENV, e);
  if (type.kind === "error") return { type };
  const value = constOf(ctx, e);
  if (!value) {
    report(ctx, "VG2009", e.span, `${what} must be constant`);
    return { type: ERROR };
  }
  return { type, value };
}

function boundOf(ctx: Ctx, e: ast.Expr, unit: Unit, what: string): bigint | undefined {
  const { type } = evalConst(ctx, e, what);
  if (type.kind === "error") return undefined;
  if (type.kind !== "int") {
    report(ctx, "VG2005", e.span, `${what} must be a number, found ${typeKindName(type)}`);
    return undefined;
  }
  if (type.unit !== unit) {
    const want = unit === "time" ? "a time (e.g. `5 ms`)" : unit === "freq" ? "a frequency (e.g. `16 MHz`)" : "a plain integer";
    report(ctx, "VG2010", e.span, `${what} must be ${want}, found ${typeKindName(type)}`);
    return undefined;
  }
  return constInt(ctx, e);
}

function rangeType(ctx: Ctx, t: ast.TypeExpr, lo: ast.Expr | undefined, hi: ast.Expr | undefined, unit: Unit): Type {
  const l = lo ? boundOf(ctx, lo, unit, "the lower bound of a range") : 0n;
  const h = hi ? boundOf(ctx, hi, unit, "the upper bound of a range") : unit === "none" ? 0n : BARE_HI;
  if (l === undefined || h === undefined) return ERROR;
  if (l > h) {
    report(ctx, "VG2008", t.span, `empty range: the lower bound ${l} is above the upper bound ${h}`);
    return ERROR;
  }
  if (!inSafeRange(l, h)) {
    report(ctx, "VG2013", t.span, `the range [${l} .. ${h}] exceeds vigil's limit of ±${MAX_MAG} (2^53-1)`);
    return ERROR;
  }
  return intType(l, h, unit);
}

export function resolveType(ctx: Ctx, t: ast.TypeExpr): Type {
  switch (t.kind) {
    case "BoolType":
      return BOOL;
    case "RangeType":
      return rangeType(ctx, t, t.lo, t.hi, "none");
    case "TimeType":
      return rangeType(ctx, t, t.lo, t.hi, "time");
    case "FreqType":
      return rangeType(ctx, t, t.lo, t.hi, "freq");
    case "ArrayType": {
      const elem = resolveType(ctx, t.elem);
      const lt = typeExpr(ctx, CONST_ENV, t.length);
      if (elem.kind !== "error" && !isScalar(elem)) {
        report(ctx, "VG2005", t.elem.span, "array elements must be bool, integers or enum values (no arrays of arrays)");
        return ERROR;
      }
      if (!expectPlainInt(ctx, t.length, lt, "an array length")) return ERROR;
      const n = constInt(ctx, t.length);
      if (n === undefined) {
        report(ctx, "VG2009", t.length.span, "the length of an array must be constant");
        return ERROR;
      }
      if (n < 1n || n > BigInt(MAX_ARRAY_LENGTH)) {
        report(ctx, "VG2015", t.length.span, `array length ${n} is not between 1 and ${MAX_ARRAY_LENGTH}`);
        return ERROR;
      }
      return elem.kind === "error" ? ERROR : { kind: "array", elem, length: Number(n) };
    }
    case "NamedType": {
      const name = t.name.name;
      const b = BUILTIN_TYPES.get(name);
      if (b) return b;
      const sym = ctx.globals.get(name);
      if (!sym) {
        const cands = [...BUILTIN_INTS.keys()];
        if (mayHint(ctx)) for (const [k, s] of ctx.globals) if (s.kind === "enum" || s.kind === "typeAlias") cands.push(k);
        const hint = closestName(name, cands);
        report(ctx, "VG2004", t.name.span, `unknown type \`${name}\``, {
          notes: [hint ? `did you mean \`${hint}\`?` : "types are bool, int[lo .. hi], u8 .. u32, i8 .. i32, time, freq, enums, type aliases and arrays"],
        });
        return ERROR;
      }
      if (sym.kind !== "enum" && sym.kind !== "typeAlias") {
        report(ctx, "VG2004", t.name.span, `\`${name}\` is a ${SYM_KIND_NAME[sym.kind]}, not a type`);
        return ERROR;
      }
      ctx.refs.set(t.name, sym);
      ctx.used.add(sym);
      resolveSym(ctx, sym);
      return sym.type;
    }
  }
}

/** Whether value `v` lies in type `t`'s ranges (arrays: every element). */
export function valueFits(t: Type, v: Value): boolean {
  if (t.kind === "int" && v.kind === "int") return v.value >= t.lo && v.value <= t.hi;
  if (t.kind === "array" && v.kind === "array") return v.elements.every((x) => valueFits(t.elem, x));
  return true;
}

function valueText(v: Value): string {
  switch (v.kind) {
    case "int":
      return v.unit === "time" ? `${v.value} us` : v.unit === "freq" ? `${v.value} Hz` : `${v.value}`;
    case "bool":
      return String(v.value);
    case "enum":
      return `member ${v.index} of ${v.enumName}`;
    case "array":
      return `[${v.elements.map(valueText).join(", ")}]`;
  }
}

/** Report a mismatch between a declared type and a value's type; true when compatible. */
export function checkAssignable(ctx: Ctx, span: ast.Expr["span"], dst: Type, src: Type, what: string): boolean {
  if (compatible(dst, src)) return true;
  const code = dst.kind === "int" && src.kind === "int" ? "VG2010" : "VG2005";
  report(ctx, code, span, `${what} has type ${typeToString(dst)} but the value is ${typeKindName(src)}`);
  return false;
}

function resolveConst(ctx: Ctx, sym: MSym, d: ast.ConstDecl): void {
  const declared = d.type ? resolveType(ctx, d.type) : undefined;
  const { type, value } = evalConst(ctx, d.value, `the value of constant \`${d.name.name}\``);
  if (!value || type.kind === "error") {
    sym.type = declared ?? ERROR;
    return;
  }
  if (declared) {
    sym.type = declared;
    if (declared.kind === "error" || !checkAssignable(ctx, d.value.span, declared, type, `constant \`${d.name.name}\``)) return;
    if (!valueFits(declared, value)) {
      report(ctx, "VG2006", d.value.span, `the value ${valueText(value)} of \`${d.name.name}\` is outside its type ${typeToString(declared)}`);
      return;
    }
  } else {
    sym.type = type;
  }
  ctx.constOf.set(sym, value);
}

function checkInit(ctx: Ctx, sym: MSym, init: ast.Expr): void {
  const { type, value } = evalConst(ctx, init, `the initial value of \`${sym.name}\``);
  if (!value || sym.type.kind === "error") return;
  if (!checkAssignable(ctx, init.span, sym.type, type, `\`${sym.name}\``)) return;
  if (!valueFits(sym.type, value))
    report(ctx, "VG2007", init.span, `the initial value ${valueText(value)} is outside the range of \`${sym.name}\`: ${typeToString(sym.type)}`);
}

export function resolveSym(ctx: Ctx, sym: MSym): void {
  if (ctx.allResolved) return;
  const st = ctx.resolveState.get(sym);
  if (st === "done") return;
  const d = ctx.declOf.get(sym);
  if (!d) return; // locals: typed when declared
  if (st === "resolving") {
    const what = sym.kind === "typeAlias" ? "type" : "constant";
    report(ctx, sym.kind === "typeAlias" ? "VG2004" : "VG2009", sym.span, `${what} \`${sym.name}\` is defined in terms of itself`);
    ctx.resolveState.set(sym, "done");
    return;
  }
  ctx.resolveState.set(sym, "resolving");
  switch (d.kind) {
    case "Const":
      resolveConst(ctx, sym, d);
      break;
    case "TypeAlias": {
      const t = resolveType(ctx, d.type);
      if (ctx.resolveState.get(sym) === "resolving") sym.type = t;
      break;
    }
    case "Input":
      sym.type = resolveType(ctx, d.type);
      break;
    case "Output":
      sym.type = resolveType(ctx, d.type);
      if (d.init) checkInit(ctx, sym, d.init);
      break;
    case "State":
      sym.type = resolveType(ctx, d.type);
      checkInit(ctx, sym, d.init);
      break;
    default:
      break;
  }
  ctx.resolveState.set(sym, "done");
}
