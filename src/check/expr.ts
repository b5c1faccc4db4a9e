/**
 * Expression checking: name resolution, typing with exact range inference, units, and constant
 * folding.
 *
 * Input: an expression and an Env saying where it occurs (a constant context, a task body, a
 * property or an assumption). Output: its Type (recorded in ctx.exprTypes for every node visited),
 * ctx.refs for names and members, ctx.constValues for every constant-foldable node, diagnostics.
 * Invariants: one visit per node (linear); an operand of type `error` makes the result `error`
 * without a new diagnostic; integer results carry the exact range of the value (ranges.ts) and
 * must stay within ±(2^53-1) (VG2013).
 */
import type * as ast from "../ast/ast.js";
import { closestName, report, SYM_KIND_NAME, type Ctx, type MSym } from "./context.js";
import type { Sym, Type, Unit, Value } from "./model.js";
import * as R from "./ranges.js";
import { resolveSym } from "./resolve.js";
import {
  BOOL,
  BUILTIN_FUNCTIONS,
  ERROR,
  inSafeRange,
  intType,
  isScalar,
  joinTypes,
  MAX_MAG,
  typeKindName,
  typeToString,
  unitName,
  type IntType,
} from "./types.js";
import { literalValue } from "./units.js";

export type ExprContext = "const" | "task" | "property" | "assume";

export interface Env {
  readonly context: ExprContext;
  /** Locals in scope (task bodies only). */
  lookupLocal?(name: string): MSym | undefined;
  localNames?(): Iterable<string>;
  /** Called for every global variable (input, output, state, irq line) read. */
  onRead?(sym: Sym, node: ast.Expr): void;
}

export const CONST_ENV: Env = { context: "const" };

/** Hz x us = 10^-6 cycles. */
export const CYCLE_SCALE = 1_000_000n;

const CONVERT_NOTE = "to convert, multiply or divide by a unit literal (`n * 1 ms`, `t / 1 ms`)";

function record(ctx: Ctx, e: ast.Expr, t: Type, v?: Value): Type {
  ctx.exprTypes.set(e, t);
  if (v !== undefined) ctx.constValues.set(e, v);
  return t;
}

function intResult(ctx: Ctx, e: ast.Expr, r: R.Range, unit: Unit, v?: Value): Type {
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

function valueType(v: Value, declared: Type): Type {
  if (v.kind === "int") return intType(v.value, v.value, v.unit);
  return declared;
}

function undefinedName(ctx: Ctx, env: Env, name: string, span: ast.Expr["span"]): void {
  const candidates: string[] = [];
  for (const [k, s] of ctx.globals) {
    if (s.kind === "enumMember" || s.kind === "task" || s.kind === "domain" || s.kind === "property") continue;
    if (s.kind === "enum" || s.kind === "typeAlias") continue;
    candidates.push(k);
  }
  for (const k of ctx.members.keys()) candidates.push(k);
  if (env.localNames) for (const k of env.localNames()) candidates.push(k);
  const hint = closestName(name, candidates);
  report(ctx, "VG2001", span, `\`${name}\` is not defined`, hint ? { notes: [`did you mean \`${hint}\`?`] } : {});
}

function checkNameUse(ctx: Ctx, env: Env, sym: MSym, e: ast.Expr): boolean {
  const k = sym.kind;
  if (k === "enum" || k === "typeAlias" || k === "domain" || k === "task" || k === "property") {
    report(ctx, "VG2005", e.span, `\`${sym.name}\` is a ${SYM_KIND_NAME[k]}, not a value`);
    return false;
  }
  const isVar = k === "input" || k === "output" || k === "state" || k === "irq";
  if (env.context === "const" && (isVar || k === "local" || k === "loop")) {
    report(ctx, "VG2009", e.span, `\`${sym.name}\` is ${article(SYM_KIND_NAME[k])}; this expression must be constant`);
    return false;
  }
  if (env.context === "assume" && (k === "output" || k === "state")) {
    report(
      ctx,
      "VG4006",
      e.span,
      `an assumption constrains the environment and may not refer to the ${SYM_KIND_NAME[k]} \`${sym.name}\``,
      { notes: ["assumptions may refer to inputs, interrupt lines and constants; use a property for the model's state"] },
    );
    return false;
  }
  return true;
}

function article(s: string): string {
  return /^[aeiou]/.test(s) ? `an ${s}` : `a ${s}`;
}

function typeName(ctx: Ctx, env: Env, e: Extract<ast.Expr, { kind: "Name" }>): Type {
  let sym: MSym | undefined = env.lookupLocal?.(e.name) ?? ctx.globals.get(e.name);
  if (!sym) {
    const ms = ctx.members.get(e.name);
    if (ms && ms.length === 1) sym = ms[0];
    else if (ms && ms.length > 1) {
      report(ctx, "VG2001", e.span, `\`${e.name}\` is a member of several enums`, {
        notes: [`write it qualified: ${ms.map((m) => `\`${typeToString(m.type)}.${m.name}\``).join(" or ")}`],
      });
      return record(ctx, e, ERROR);
    }
  }
  if (!sym) {
    undefinedName(ctx, env, e.name, e.span);
    return record(ctx, e, ERROR);
  }
  ctx.refs.set(e, sym);
  if (sym.kind === "const" || sym.kind === "local" || sym.kind === "enumMember") ctx.used.add(sym);
  if (!checkNameUse(ctx, env, sym, e)) return record(ctx, e, ERROR);
  resolveSym(ctx, sym);
  if (sym.kind === "const") {
    const v = ctx.constOf.get(sym);
    return v ? record(ctx, e, valueType(v, sym.type), v) : record(ctx, e, ERROR);
  }
  if (sym.kind === "enumMember") {
    return record(ctx, e, sym.type, { kind: "enum", enumName: typeToString(sym.type), index: sym.enumIndex ?? 0 });
  }
  if (sym.kind === "input" || sym.kind === "output" || sym.kind === "state" || sym.kind === "irq") env.onRead?.(sym, e);
  return record(ctx, e, sym.type);
}

function typeMember(ctx: Ctx, env: Env, e: Extract<ast.Expr, { kind: "Member" }>): Type {
  const obj = e.object;
  const enumSym = obj.kind === "Name" && !env.lookupLocal?.(obj.name) ? ctx.globals.get(obj.name) : undefined;
  if (!enumSym || enumSym.kind !== "enum") {
    if (obj.kind === "Name" && !enumSym && !env.lookupLocal?.(obj.name)) {
      undefinedName(ctx, env, obj.name, obj.span);
      record(ctx, obj, ERROR);
      return record(ctx, e, ERROR);
    }
    const t = typeExpr(ctx, env, obj);
    if (t.kind !== "error")
      report(ctx, "VG2005", e.span, `\`.${e.member.name}\` selects an enum member, but this is ${typeKindName(t)}, not an enum`);
    return record(ctx, e, ERROR);
  }
  const enumName = enumSym.name;
  ctx.refs.set(obj, enumSym);
  ctx.used.add(enumSym);
  record(ctx, obj, enumSym.type);
  const ms = ctx.globals.get(`${enumName}.${e.member.name}`);
  if (!ms) {
    const members = enumSym.type.kind === "enum" ? enumSym.type.members : [];
    const hint = closestName(e.member.name, members);
    report(ctx, "VG2020", e.member.span, `enum \`${enumName}\` has no member \`${e.member.name}\``, {
      notes: hint ? [`did you mean \`${enumName}.${hint}\`?`] : [`its members are ${members.join(", ")}`],
    });
    return record(ctx, e, ERROR);
  }
  ctx.refs.set(e, ms);
  ctx.used.add(ms);
  return record(ctx, e, ms.type, { kind: "enum", enumName, index: ms.enumIndex ?? 0 });
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

function typeIndex(ctx: Ctx, env: Env, e: Extract<ast.Expr, { kind: "Index" }>): Type {
  const at = typeExpr(ctx, env, e.array);
  const it = typeExpr(ctx, env, e.index);
  if (at.kind === "error") return record(ctx, e, ERROR);
  if (at.kind !== "array") {
    report(ctx, "VG2016", e.array.span, `only arrays can be indexed; this is ${typeKindName(at)}`);
    return record(ctx, e, ERROR);
  }
  if (!expectPlainInt(ctx, e.index, it, "an array index")) return record(ctx, e, at.kind === "array" ? at.elem : ERROR);
  const iv = constInt(ctx, e.index);
  if (iv !== undefined && (iv < 0n || iv >= BigInt(at.length))) {
    report(ctx, "VG2023", e.index.span, `index ${iv} is out of bounds for an array of length ${at.length}`);
    return record(ctx, e, at.elem);
  }
  const av = constOf(ctx, e.array);
  const folded = av && av.kind === "array" && iv !== undefined ? av.elements[Number(iv)] : undefined;
  const t = folded ? valueType(folded, at.elem) : at.elem;
  return record(ctx, e, t, folded);
}

type ArithOp = "+" | "-" | "*" | "/" | "%";

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

function typeArith(ctx: Ctx, e: Extract<ast.Expr, { kind: "Binary" }>, op: ArithOp, lt: Type, rt: Type): Type {
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
  const lv = constInt(ctx, e.left);
  const rv = constInt(ctx, e.right);
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

function typeCompare(ctx: Ctx, e: Extract<ast.Expr, { kind: "Binary" }>, lt: Type, rt: Type): Type {
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
  const a = constOf(ctx, e.left);
  const b = constOf(ctx, e.right);
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

function typeLogic(ctx: Ctx, e: Extract<ast.Expr, { kind: "Binary" }>, lt: Type, rt: Type): Type {
  const okL = expectBool(ctx, e.left, lt, "VG2005", `the left operand of \`${e.op}\``);
  const okR = expectBool(ctx, e.right, rt, "VG2005", `the right operand of \`${e.op}\``);
  if (!okL || !okR) return record(ctx, e, ERROR);
  const a = constOf(ctx, e.left);
  const b = constOf(ctx, e.right);
  const av = a?.kind === "bool" ? a.value : undefined;
  const bv = b?.kind === "bool" ? b.value : undefined;
  let v: boolean | undefined;
  if (e.op === "and") v = av === false ? false : av === true ? bv : undefined;
  else if (e.op === "or") v = av === true ? true : av === false ? bv : undefined;
  else v = av === false ? true : av === true ? bv : undefined;
  return record(ctx, e, BOOL, v === undefined ? undefined : { kind: "bool", value: v });
}

function typeCall(ctx: Ctx, env: Env, e: Extract<ast.Expr, { kind: "Call" }>): Type {
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

function flowOpAllowed(ctx: Ctx, env: Env, e: ast.Expr, what: string): boolean {
  if (env.context === "task") return true;
  if (env.context === "const")
    report(ctx, "VG2029", e.span, `\`${what}\` may only be used inside a task body`);
  else
    report(ctx, "VG4008", e.span, `\`${what}\` may not appear in a ${env.context === "assume" ? "assumption" : "property"}`, {
      notes: ["endorse and declassify mark where data crosses domains inside tasks; properties observe the model as it is"],
    });
  return false;
}

function typeCond(ctx: Ctx, env: Env, e: Extract<ast.Expr, { kind: "Cond" }>): Type {
  const ct = typeExpr(ctx, env, e.cond);
  const a = typeExpr(ctx, env, e.then);
  const b = typeExpr(ctx, env, e.else);
  expectBool(ctx, e.cond, ct, "VG2021", "the condition of `if`");
  const j = joinTypes(a, b);
  if (!j) {
    report(ctx, a.kind === "int" && b.kind === "int" ? "VG2010" : "VG2005", e.span,
      `the branches of \`if\` have different types: ${typeKindName(a)} and ${typeKindName(b)}`);
    return record(ctx, e, ERROR);
  }
  const c = constOf(ctx, e.cond);
  const v = c?.kind === "bool" ? constOf(ctx, c.value ? e.then : e.else) : undefined;
  return record(ctx, e, j, v);
}

function typeArrayList(ctx: Ctx, env: Env, e: Extract<ast.Expr, { kind: "ArrayList" }>): Type {
  const ts = e.elements.map((x) => typeExpr(ctx, env, x));
  if (ts.length === 0) {
    report(ctx, "VG2015", e.span, "an array literal needs at least one element");
    return record(ctx, e, ERROR);
  }
  let j: Type | undefined = ts[0]!;
  for (let i = 1; i < ts.length && j; i++) {
    const n: Type | undefined = joinTypes(j, ts[i]!);
    if (!n) report(ctx, "VG2005", e.elements[i]!.span, `array elements must have one type: ${typeKindName(j)} and ${typeKindName(ts[i]!)}`);
    j = n;
  }
  if (!j || j.kind === "error") return record(ctx, e, ERROR);
  if (!isScalar(j)) {
    report(ctx, "VG2005", e.span, "array elements must be bool, integers or enum values");
    return record(ctx, e, ERROR);
  }
  const vs = e.elements.map((x) => constOf(ctx, x));
  const all = vs.every((v) => v !== undefined);
  return record(ctx, e, { kind: "array", elem: j, length: ts.length }, all ? { kind: "array", elements: vs as Value[] } : undefined);
}

export const MAX_ARRAY_LENGTH = 65536;

function typeArrayRepeat(ctx: Ctx, env: Env, e: Extract<ast.Expr, { kind: "ArrayRepeat" }>): Type {
  const vt = typeExpr(ctx, env, e.value);
  const nt = typeExpr(ctx, env, e.count);
  if (!expectPlainInt(ctx, e.count, nt, "an array length")) return record(ctx, e, ERROR);
  const n = constInt(ctx, e.count);
  if (n === undefined) {
    report(ctx, "VG2009", e.count.span, "the length of an array must be constant");
    return record(ctx, e, ERROR);
  }
  if (n < 1n || n > BigInt(MAX_ARRAY_LENGTH)) {
    report(ctx, "VG2015", e.count.span, `array length ${n} is not between 1 and ${MAX_ARRAY_LENGTH}`);
    return record(ctx, e, ERROR);
  }
  if (vt.kind === "error") return record(ctx, e, ERROR);
  if (!isScalar(vt)) {
    report(ctx, "VG2005", e.value.span, "array elements must be bool, integers or enum values");
    return record(ctx, e, ERROR);
  }
  const v = constOf(ctx, e.value);
  return record(ctx, e, { kind: "array", elem: vt, length: Number(n) }, v ? { kind: "array", elements: new Array<Value>(Number(n)).fill(v) } : undefined);
}

/** Type an expression (and all its sub-expressions). */
export function typeExpr(ctx: Ctx, env: Env, e: ast.Expr): Type {
  switch (e.kind) {
    case "Number": {
      const lv = literalValue(e.num, e.scale, e.unit, e.text);
      if (!lv.ok) {
        report(ctx, "VG2012", e.span, lv.message);
        return record(ctx, e, ERROR);
      }
      return intResult(ctx, e, { lo: lv.value, hi: lv.value }, lv.unit, { kind: "int", value: lv.value, unit: lv.unit });
    }
    case "Bool":
      return record(ctx, e, BOOL, { kind: "bool", value: e.value });
    case "Tick":
      if (ctx.tickUs === undefined) return record(ctx, e, ERROR);
      return record(ctx, e, intType(ctx.tickUs, ctx.tickUs, "time"), { kind: "int", value: ctx.tickUs, unit: "time" });
    case "Name":
      return typeName(ctx, env, e);
    case "Member":
      return typeMember(ctx, env, e);
    case "Index":
      return typeIndex(ctx, env, e);
    case "Unary": {
      const t = typeExpr(ctx, env, e.operand);
      const c = constOf(ctx, e.operand);
      if (e.op === "not") {
        if (!expectBool(ctx, e.operand, t, "VG2005", "the operand of `not`")) return record(ctx, e, ERROR);
        return record(ctx, e, BOOL, c?.kind === "bool" ? { kind: "bool", value: !c.value } : undefined);
      }
      if (t.kind === "error") return record(ctx, e, ERROR);
      if (t.kind !== "int") {
        report(ctx, "VG2005", e.operand.span, `\`-\` needs a number, found ${typeKindName(t)}`);
        return record(ctx, e, ERROR);
      }
      return intResult(ctx, e, R.neg(t), t.unit, c?.kind === "int" ? { kind: "int", value: -c.value, unit: t.unit } : undefined);
    }
    case "Binary": {
      const lt = typeExpr(ctx, env, e.left);
      const rt = typeExpr(ctx, env, e.right);
      switch (e.op) {
        case "+":
        case "-":
        case "*":
        case "/":
        case "%":
          return typeArith(ctx, e, e.op, lt, rt);
        case "and":
        case "or":
        case "implies":
          return typeLogic(ctx, e, lt, rt);
        default:
          return typeCompare(ctx, e, lt, rt);
      }
    }
    case "Cond":
      return typeCond(ctx, env, e);
    case "Call":
      return typeCall(ctx, env, e);
    case "Endorse": {
      const vt = typeExpr(ctx, env, e.value);
      const ok = typeExpr(ctx, env, e.valid);
      const ft = typeExpr(ctx, env, e.fallback);
      if (!flowOpAllowed(ctx, env, e, "endorse")) return record(ctx, e, ERROR);
      expectBool(ctx, e.valid, ok, "VG2021", "the validator of `endorse`");
      const j = joinTypes(vt, ft);
      if (!j) {
        report(ctx, "VG2005", e.fallback.span, `the fallback of \`endorse\` must have the value's type: ${typeKindName(vt)}, found ${typeKindName(ft)}`);
        return record(ctx, e, ERROR);
      }
      return record(ctx, e, j);
    }
    case "Declassify": {
      const vt = typeExpr(ctx, env, e.value);
      if (!flowOpAllowed(ctx, env, e, "declassify")) return record(ctx, e, ERROR);
      if (e.to && !ctx.levels.includes(e.to.name)) {
        report(ctx, "VG2027", e.to.span, `unknown confidentiality level \`${e.to.name}\``, {
          notes: [`the confidentiality levels are ${ctx.levels.map((l) => `\`${l}\``).join(" < ")}`],
        });
      }
      return record(ctx, e, vt);
    }
    case "ArrayList":
      return typeArrayList(ctx, env, e);
    case "ArrayRepeat":
      return typeArrayRepeat(ctx, env, e);
  }
}
