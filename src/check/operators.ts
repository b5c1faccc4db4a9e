/**
 * Operators: arithmetic with units and exact ranges, comparisons, boolean connectives, and the
 * built-in functions min, max and abs.
 *
 * Input: a Binary or Call node whose operands are already typed (Call: typed here). Output: the
 * node's type and, when every operand is constant, its folded value; diagnostics VG2005, VG2010,
 * VG2011, VG2012 (inexact cycle count), VG2014, VG2022.
 * Invariants: units follow docs/semantics.md section 1; ranges come from ranges.ts (exact); a
 * frequency x time product counts cycles, (f * t) / 10^6 truncated toward zero.
 */
import type * as ast from "../ast/ast.js";
import { closestName, report, type Ctx } from "./context.js";
import { typeExpr } from "./expr.js";
import { constInt, CONVERT_NOTE, CYCLE_SCALE, expectBool, intResult, record, type Env } from "./expr-util.js";
import type { Type, Unit, Value } from "./model.js";
import * as R from "./ranges.js";
import { BOOL, BUILTIN_FUNCTIONS, ERROR, inSafeRange, joinTypes, typeKindName, unitName, type IntType } from "./types.js";

export type ArithOp = "+" | "-" | "*" | "/" | "%";

function arithUnit(op: ArithOp, l: Unit, r: Unit): Unit | "VG2010" | "VG2011" {
  switch (op) {
    case "+":
    case "-":
      return l === r ? l : "VG2010";
    case "*":
      if (l === "none") return r;
      if (r === "none") return l;
      if ((l === "freq" && r === "time") || (l === "time" && r === "freq")) return "none";
      return "VG2011";
    case "/":
      if (r === "none") return l;
      if (l === r) return "none";
      return l === "none" ? "VG2010" : "VG2011";
    case "%":
      if (l === r) return l;
      return "VG2010";
  }
}

const OP_VERB: Record<ArithOp, string> = { "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "take the remainder of" };

/** `a`, `b`: the operands' constant values (undefined when not constant). */
export function typeArith(
  ctx: Ctx,
  e: Extract<ast.Expr, { kind: "Binary" }>,
  op: ArithOp,
  lt: Type,
  rt: Type,
  a: Value | undefined,
  b: Value | undefined,
): Type {
  if (lt.kind === "error" || rt.kind === "error") return record(ctx, e, ERROR);
  if (lt.kind !== "int" || rt.kind !== "int") {
    const bad = lt.kind !== "int" ? e.left : e.right;
    const bt = lt.kind !== "int" ? lt : rt;
    report(ctx, "VG2005", bad.span, `\`${op}\` needs numbers, found ${typeKindName(bt)}`);
    return record(ctx, e, ERROR);
  }
  const unit = arithUnit(op, lt.unit, rt.unit);
  if (unit === "VG2010" || unit === "VG2011") {
    const msg =
      unit === "VG2010"
        ? `cannot ${OP_VERB[op]} ${unitName(lt.unit)} and ${unitName(rt.unit)} (${typeKindName(lt)} ${op} ${typeKindName(rt)})`
        : `\`${op}\` is not defined for ${typeKindName(lt)} and ${typeKindName(rt)}`;
    report(ctx, unit, e.span, msg, { notes: [CONVERT_NOTE] });
    return record(ctx, e, ERROR);
  }
  // frequency (Hz) x time (us) counts cycles: (f * t) / 10^6, truncated toward zero.
  const cycles = op === "*" && lt.unit !== rt.unit && lt.unit !== "none" && rt.unit !== "none";
  const lv = a?.kind === "int" ? a.value : undefined;
  const rv = b?.kind === "int" ? b.value : undefined;
  if ((op === "/" || op === "%") && rv === 0n) {
    report(ctx, "VG2022", e.right.span, "division by zero: the divisor is the constant 0");
    return record(ctx, e, ERROR);
  }
  let r: R.Range | undefined;
  switch (op) {
    case "+":
      r = R.add(lt, rt);
      break;
    case "-":
      r = R.sub(lt, rt);
      break;
    case "*":
      r = R.mul(lt, rt);
      if (cycles) {
        // The product in Hz x us is an intermediate value later phases compute too: it must fit.
        if (!inSafeRange(r.lo, r.hi)) return intResult(ctx, e, r, unit);
        r = R.div(r, { lo: CYCLE_SCALE, hi: CYCLE_SCALE })!;
      }
      break;
    case "/":
      r = R.div(lt, rt) ?? { lo: 0n, hi: 0n };
      break;
    case "%":
      r = R.rem(lt, rt) ?? { lo: 0n, hi: 0n };
      break;
  }
  let v: Value | undefined;
  if (lv !== undefined && rv !== undefined) {
    let x =
      op === "+" ? lv + rv : op === "-" ? lv - rv : op === "*" ? lv * rv : op === "/" ? lv / rv : lv % rv;
    if (cycles) {
      if (x % CYCLE_SCALE !== 0n) {
        report(ctx, "VG2012", e.span, `this frequency times this time is not a whole number of cycles (${x} / 1000000)`);
        return record(ctx, e, ERROR);
      }
      x /= CYCLE_SCALE;
    }
    v = { kind: "int", value: x, unit };
  }
  return intResult(ctx, e, r, unit, v);
}

export function typeCompare(
  ctx: Ctx,
  e: Extract<ast.Expr, { kind: "Binary" }>,
  lt: Type,
  rt: Type,
  a: Value | undefined,
  b: Value | undefined,
): Type {
  if (lt.kind === "error" || rt.kind === "error") return record(ctx, e, ERROR);
  const ordered = e.op !== "==" && e.op !== "!=";
  if (lt.kind === "int" && rt.kind === "int") {
    if (lt.unit !== rt.unit) {
      report(ctx, "VG2010", e.span, `cannot compare ${typeKindName(lt)} with ${typeKindName(rt)}`, { notes: [CONVERT_NOTE] });
      return record(ctx, e, ERROR);
    }
  } else if (ordered || lt.kind === "array" || rt.kind === "array" || joinTypes(lt, rt) === undefined) {
    report(ctx, "VG2005", e.span, `cannot compare ${typeKindName(lt)} with ${typeKindName(rt)} using \`${e.op}\``);
    return record(ctx, e, ERROR);
  }
  let v: Value | undefined;
  if (a && b) {
    const x = scalarKey(a);
    const y = scalarKey(b);
    const res =
      e.op === "==" ? x === y : e.op === "!=" ? x !== y : e.op === "<" ? x < y : e.op === "<=" ? x <= y : e.op === ">" ? x > y : x >= y;
    v = { kind: "bool", value: res };
  }
  return record(ctx, e, BOOL, v);
}

function scalarKey(v: Value): bigint {
  if (v.kind === "int") return v.value;
  if (v.kind === "bool") return v.value ? 1n : 0n;
  if (v.kind === "enum") return BigInt(v.index);
  return 0n;
}

export function typeLogic(
  ctx: Ctx,
  e: Extract<ast.Expr, { kind: "Binary" }>,
  lt: Type,
  rt: Type,
  a: Value | undefined,
  b: Value | undefined,
): Type {
  const okL = expectBool(ctx, e.left, lt, "VG2005", `the left operand of \`${e.op}\``);
  const okR = expectBool(ctx, e.right, rt, "VG2005", `the right operand of \`${e.op}\``);
  if (!okL || !okR) return record(ctx, e, ERROR);
  const av = a?.kind === "bool" ? a.value : undefined;
  const bv = b?.kind === "bool" ? b.value : undefined;
  let v: boolean | undefined;
  if (e.op === "and") v = av === false ? false : av === true ? bv : undefined;
  else if (e.op === "or") v = av === true ? true : av === false ? bv : undefined;
  else v = av === false ? true : av === true ? bv : undefined;
  return record(ctx, e, BOOL, v === undefined ? undefined : { kind: "bool", value: v });
}

export function typeCall(ctx: Ctx, env: Env, e: Extract<ast.Expr, { kind: "Call" }>): Type {
  const ts = e.args.map((a) => typeExpr(ctx, env, a));
  const name = e.callee.name;
  const arity = BUILTIN_FUNCTIONS.get(name);
  if (arity === undefined) {
    const hint = closestName(name, BUILTIN_FUNCTIONS.keys());
    report(ctx, "VG2014", e.callee.span, `unknown function \`${name}\``, {
      notes: [hint ? `did you mean \`${hint}\`?` : "the functions are min(a, b), max(a, b) and abs(a)"],
    });
    return record(ctx, e, ERROR);
  }
  if (ts.length !== arity) {
    report(ctx, "VG2014", e.span, `\`${name}\` takes ${arity} argument${arity === 1 ? "" : "s"}, found ${ts.length}`);
    return record(ctx, e, ERROR);
  }
  if (ts.some((t) => t.kind === "error")) return record(ctx, e, ERROR);
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    if (t.kind !== "int") {
      report(ctx, "VG2005", e.args[i]!.span, `\`${name}\` needs numbers, found ${typeKindName(t)}`);
      return record(ctx, e, ERROR);
    }
  }
  const a = ts[0] as IntType;
  const vs = e.args.map((x) => constInt(ctx, x));
  if (name === "abs") {
    const v = vs[0];
    return intResult(ctx, e, R.abs(a), a.unit, v === undefined ? undefined : { kind: "int", value: v < 0n ? -v : v, unit: a.unit });
  }
  const b = ts[1] as IntType;
  if (a.unit !== b.unit) {
    report(ctx, "VG2010", e.span, `\`${name}\` of ${typeKindName(a)} and ${typeKindName(b)}`, { notes: [CONVERT_NOTE] });
    return record(ctx, e, ERROR);
  }
  const [x, y] = vs;
  const v =
    x !== undefined && y !== undefined
      ? ({ kind: "int", value: name === "min" ? (x < y ? x : y) : x > y ? x : y, unit: a.unit } as const)
      : undefined;
  return intResult(ctx, e, name === "min" ? R.min(a, b) : R.max(a, b), a.unit, v);
}

