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
import { closestName, mayHint, report, SYM_KIND_NAME, type Ctx, type MSym } from "./context.js";
import {
  constInt,
  constOf,
  expectBool,
  expectPlainInt,
  intResult,
  MAX_ARRAY_LENGTH,
  record,
  valueType,
  type Env,
} from "./expr-util.js";
import type { Type, Value } from "./model.js";
import { typeArith, typeCall, typeCompare, typeLogic } from "./operators.js";
import * as R from "./ranges.js";
import { resolveSym } from "./resolve.js";
import { BOOL, ERROR, intType, isScalar, joinTypes, typeKindName, typeToString } from "./types.js";
import { literalValue } from "./units.js";

const TRUE_VALUE: Value = { kind: "bool", value: true };
const FALSE_VALUE: Value = { kind: "bool", value: false };

export {
  CONST_ENV,
  constInt,
  constOf,
  CYCLE_SCALE,
  expectBool,
  expectPlainInt,
  MAX_ARRAY_LENGTH,
  type Env,
  type ExprContext,
} from "./expr-util.js";

function undefinedName(ctx: Ctx, env: Env, name: string, span: ast.Expr["span"]): void {
  if (!mayHint(ctx)) {
    report(ctx, "VG2001", span, `\`${name}\` is not defined`);
    return;
  }
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
  const ms = ctx.enumMembers.get(enumName)?.get(e.member.name);
  if (!ms) {
    const members = enumSym.type.kind === "enum" ? enumSym.type.members : [];
    const hint = closestName(e.member.name, members);
    report(ctx, "VG2020", e.member.span, `enum \`${enumName}\` has no member \`${e.member.name}\``, {
      notes: hint ? [`did you mean \`${enumName}.${hint}\`?`] : [`its members are ${members.join(", ")}`],
    });
    return record(ctx, e, ERROR);
  }
  ctx.refs.set(e, ms); // the enum itself is marked used above
  return record(ctx, e, ms.type, { kind: "enum", enumName, index: ms.enumIndex ?? 0 });
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
  // The range is the hull of both branches even under a constant condition, so that every branch
  // value fits the conditional's type (lowering stores either branch into a temporary of it).
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
      // Literals repeat a lot: share one Type and Value per spelling (they are immutable).
      const cache = ctx.literals[e.unit ?? "none"];
      const hit = cache.get(e.text);
      if (hit) return record(ctx, e, hit.type, hit.value);
      const lv = literalValue(e.num, e.scale, e.unit, e.text);
      if (!lv.ok) {
        report(ctx, "VG2012", e.span, lv.message);
        return record(ctx, e, ERROR);
      }
      const value: Value = { kind: "int", value: lv.value, unit: lv.unit };
      const t = intResult(ctx, e, { lo: lv.value, hi: lv.value }, lv.unit, value);
      if (t.kind !== "error") cache.set(e.text, { type: t, value });
      return t;
    }
    case "Bool":
      return record(ctx, e, BOOL, e.value ? TRUE_VALUE : FALSE_VALUE);
    case "Tick":
      if (ctx.tickUs === undefined) {
        // After the header, an unknown tick was already reported there; inside it, it is circular.
        if (ctx.inDeviceHeader) report(ctx, "VG2515", e.span, "the device header cannot use `tick` (it defines it)");
        return record(ctx, e, ERROR);
      }
      return record(ctx, e, intType(ctx.tickUs, ctx.tickUs, "time"), { kind: "int", value: ctx.tickUs, unit: "time" });
    case "Name":
      return typeName(ctx, env, e);
    case "Member":
      return typeMember(ctx, env, e);
    case "Index":
      return typeIndex(ctx, env, e);
    case "Unary": {
      const t = typeExpr(ctx, env, e.operand);
      const c = ctx.lastConst;
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
      const lv = ctx.lastConst;
      const rt = typeExpr(ctx, env, e.right);
      const rv = ctx.lastConst;
      switch (e.op) {
        case "+":
        case "-":
        case "*":
        case "/":
        case "%":
          return typeArith(ctx, e, e.op, lt, rt, lv, rv);
        case "and":
        case "or":
        case "implies":
          return typeLogic(ctx, e, lt, rt, lv, rv);
        default:
          return typeCompare(ctx, e, lt, rt, lv, rv);
      }
    }
    case "Cond":
      return typeCond(ctx, env, e);
    case "Call":
      return typeCall(ctx, env, e);
    case "Endorse": {
      env.onFlowOp?.();
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
      env.onFlowOp?.();
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
