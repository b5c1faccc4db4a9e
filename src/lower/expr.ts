/**
 * Expression lowering: checked AST expressions to pure, total IR expressions plus the statements
 * (asserts, short-circuit ifs, endorse/declassify) that must run before them.
 *
 * Input: an AST expression of a checked model and a lowering context (task or property/assumption).
 * Output: an IrExpr whose type is the checker's inferred range; the guarding statements are
 * appended to `out`.
 * Invariants: constant-foldable expressions become constants; every division/remainder whose
 * divisor range contains 0 gets a "div0" assert and every index whose range is not inside
 * [0, length-1] an "index" assert, on exactly the paths where the source evaluates the operation
 * (the right operand of and/or/implies and the arms of a conditional are lowered to `if` when
 * they contain such checks). In pure mode (properties, assumptions) no statement is produced:
 * connectives are lowered as non-short-circuit operators and no check is emitted.
 */
import type * as ast from "../ast/ast.js";
import type { CheckedModel, Sym } from "../check/model.js";
import type { IrExpr, IrLocal, IrScalarType, IrStmt, IrType } from "../ir/ir.js";
import type { Span } from "../source/span.js";
import { andAll, bin, boolE, cmp, constE, IR_BOOL, irScalar, irType, irValue, plainInt } from "./types.js";

export interface LowerCtx {
  readonly checked: CheckedModel;
  /** The task being lowered; undefined in pure mode. */
  readonly task?: string;
  readonly pure: boolean;
  readonly locals: IrLocal[];
  /** Local symbols to their unique IR names. */
  readonly localNames: Map<Sym, string>;
  /** Names already taken in this task (globals and locals). */
  readonly taken: Set<string>;
  /** Ids of asserts/endorse/declassify statements already used in the program. */
  readonly ids: Set<string>;
}

export function freshLocal(ctx: LowerCtx, base: string, type: IrType, kind: IrLocal["kind"], span: Span): string {
  let name = base;
  for (let i = 1; ctx.taken.has(name); i++) name = `${base}_${i}`;
  ctx.taken.add(name);
  ctx.locals.push({ name, type, kind, span });
  return name;
}

export function stableId(ctx: LowerCtx, kind: string, span: Span): string {
  const base = `${ctx.task ?? "property"}/${kind}@${span.line}:${span.col}`;
  let id = base;
  for (let i = 2; ctx.ids.has(id); i++) id = `${base}#${i}`;
  ctx.ids.add(id);
  return id;
}

function typeOf(ctx: LowerCtx, e: ast.Expr): IrType {
  const t = ctx.checked.exprTypes.get(e);
  if (!t) throw new Error(`lower: expression at ${e.span.line}:${e.span.col} has no type`);
  return irType(t);
}

function scalarTypeOf(ctx: LowerCtx, e: ast.Expr): IrScalarType {
  const t = ctx.checked.exprTypes.get(e);
  if (!t) throw new Error(`lower: expression at ${e.span.line}:${e.span.col} has no type`);
  return irScalar(t);
}

function localVar(name: string, type: IrType, span: Span): IrExpr {
  return { k: "var", name, scope: "local", type, span };
}

function assign(name: string, value: IrExpr, span: Span): IrStmt {
  return { s: "assign", target: { name, scope: "local", span }, value, span };
}

/** A folded constant of type `t` (scalar or array). */
export function constExpr(v: ReturnType<typeof irValue>, t: IrType, span: Span): IrExpr {
  if (typeof v === "number") {
    if (t.kind === "array") throw new Error("lower: scalar constant of array type");
    return constE(v, t, span);
  }
  if (t.kind !== "array") throw new Error("lower: array constant of scalar type");
  return { k: "array", elements: v.map((x) => constE(x, t.elem, span)), type: t, span };
}

/** Condition that an index of range [lo, hi] lies in [0, length-1]; undefined when it always does. */
export function indexCheck(idx: IrExpr, length: number, span: Span): IrExpr | undefined {
  const t = idx.type;
  const lo = t.kind === "int" ? t.lo : 0;
  const hi = t.kind === "int" ? t.hi : 1;
  const parts: IrExpr[] = [];
  if (lo < 0) parts.push(cmp("ge", idx, plainInt(0, span), span));
  if (hi > length - 1) parts.push(cmp("le", idx, plainInt(length - 1, span), span));
  return parts.length ? andAll(parts, span) : undefined;
}

function symOf(ctx: LowerCtx, e: ast.Expr): Sym {
  const s = ctx.checked.refs.get(e);
  if (!s) throw new Error(`lower: unresolved name at ${e.span.line}:${e.span.col}`);
  return s;
}

/** A variable reference for a global or local symbol. */
export function varOf(ctx: LowerCtx, sym: Sym, span: Span): IrExpr {
  const type = irType(sym.type);
  switch (sym.kind) {
    case "input":
      return { k: "var", name: sym.name, scope: "input", type, span };
    case "irq":
      return { k: "var", name: sym.name, scope: "irq", type: IR_BOOL, span };
    case "state":
      return { k: "var", name: sym.name, scope: "state", type, span };
    case "output":
      return { k: "var", name: sym.name, scope: "output", type, span };
    case "local":
    case "loop": {
      const n = ctx.localNames.get(sym);
      if (n === undefined) throw new Error(`lower: local ${sym.name} used before its declaration`);
      return localVar(n, type, span);
    }
    default:
      throw new Error(`lower: ${sym.kind} ${sym.name} is not a variable`);
  }
}

/** Select element `idx` of constant array `elems` by a balanced tree of comparisons. */
function selectConst(elems: readonly IrExpr[], idx: IrExpr, lo: number, hi: number, t: IrScalarType, span: Span): IrExpr {
  if (lo >= hi) return elems[lo]!;
  const mid = (lo + hi + 1) >> 1;
  return {
    k: "ite",
    cond: cmp("lt", idx, plainInt(mid, span), span),
    then: selectConst(elems, idx, lo, mid - 1, t, span),
    else: selectConst(elems, idx, mid, hi, t, span),
    type: t,
    span,
  };
}

export function lowerExpr(ctx: LowerCtx, e: ast.Expr, out: IrStmt[]): IrExpr {
  const cv = ctx.checked.constValues.get(e);
  if (cv !== undefined) return constExpr(irValue(cv), typeOf(ctx, e), e.span);
  switch (e.kind) {
    case "Number":
    case "Bool":
    case "Tick":
    case "Member":
      throw new Error(`lower: constant at ${e.span.line}:${e.span.col} was not folded`);
    case "Name":
      return varOf(ctx, symOf(ctx, e), e.span);
    case "Index":
      return lowerIndex(ctx, e, out);
    case "Unary": {
      const a = lowerExpr(ctx, e.operand, out);
      return { k: "unary", op: e.op === "not" ? "not" : "neg", arg: a, type: scalarTypeOf(ctx, e), span: e.span };
    }
    case "Binary":
      return lowerBinary(ctx, e, out);
    case "Cond": {
      const c = lowerExpr(ctx, e.cond, out);
      const ts: IrStmt[] = [];
      const es: IrStmt[] = [];
      const a = lowerExpr(ctx, e.then, ts);
      const b = lowerExpr(ctx, e.else, es);
      const type = typeOf(ctx, e);
      if (ctx.pure || (ts.length === 0 && es.length === 0)) return { k: "ite", cond: c, then: a, else: b, type, span: e.span };
      const t = freshLocal(ctx, "tmp_cond", type, "temp", e.span);
      out.push({ s: "if", cond: c, then: [...ts, assign(t, a, e.span)], else: [...es, assign(t, b, e.span)], span: e.span });
      return localVar(t, type, e.span);
    }
    case "Call": {
      const args = e.args.map((x) => lowerExpr(ctx, x, out));
      const type = scalarTypeOf(ctx, e);
      const name = e.callee.name;
      if (name === "abs") return { k: "unary", op: "abs", arg: args[0]!, type, span: e.span };
      if (name === "min" || name === "max") return bin(name, args[0]!, args[1]!, type, e.span);
      throw new Error(`lower: unknown function ${name}`);
    }
    case "Endorse": {
      if (ctx.pure) throw new Error("lower: endorse outside a task");
      const valid = lowerExpr(ctx, e.valid, out);
      const vs: IrStmt[] = [];
      const fs: IrStmt[] = [];
      const value = lowerExpr(ctx, e.value, vs);
      const fallback = lowerExpr(ctx, e.fallback, fs);
      if (vs.length || fs.length) out.push({ s: "if", cond: valid, then: vs, else: fs, span: e.span });
      const type = typeOf(ctx, e);
      const t = freshLocal(ctx, "tmp_endorse", type, "temp", e.span);
      out.push({ s: "endorse", id: stableId(ctx, "endorse", e.span), target: t, value, valid, fallback, span: e.span });
      return localVar(t, type, e.span);
    }
    case "Declassify": {
      if (ctx.pure) throw new Error("lower: declassify outside a task");
      const value = lowerExpr(ctx, e.value, out);
      const type = typeOf(ctx, e);
      const t = freshLocal(ctx, "tmp_declassify", type, "temp", e.span);
      const lvl = e.to ? ctx.checked.levels.indexOf(e.to.name) : 0;
      out.push({ s: "declassify", id: stableId(ctx, "declassify", e.span), target: t, value, toLevel: Math.max(0, lvl), span: e.span });
      return localVar(t, type, e.span);
    }
    case "ArrayList": {
      const type = typeOf(ctx, e);
      return { k: "array", elements: e.elements.map((x) => lowerExpr(ctx, x, out)), type, span: e.span };
    }
    case "ArrayRepeat": {
      const type = typeOf(ctx, e);
      const v = lowerExpr(ctx, e.value, out);
      const n = type.kind === "array" ? type.length : 1;
      return { k: "array", elements: new Array<IrExpr>(n).fill(v), type, span: e.span };
    }
  }
}

function lowerIndex(ctx: LowerCtx, e: Extract<ast.Expr, { kind: "Index" }>, out: IrStmt[]): IrExpr {
  const at = typeOf(ctx, e.array);
  if (at.kind !== "array") throw new Error("lower: indexing a non-array");
  const type = scalarTypeOf(ctx, e);
  const idx = lowerExpr(ctx, e.index, out);
  const guard = (arrayName: string): void => {
    const c = indexCheck(idx, at.length, e.span);
    if (c && !ctx.pure) {
      out.push({
        s: "assert",
        id: stableId(ctx, "index", e.span),
        check: { kind: "index", length: at.length, array: arrayName },
        cond: c,
        span: e.span,
      });
    }
  };
  const acv = ctx.checked.constValues.get(e.array);
  if (acv !== undefined && acv.kind === "array") {
    guard(e.array.kind === "Name" ? e.array.name : "array");
    const arr = constExpr(irValue(acv), at, e.array.span);
    if (arr.k !== "array") throw new Error("lower: constant array expected");
    return totalInPure(ctx, selectConst(arr.elements, idx, 0, arr.elements.length - 1, type, e.span), indexCheck(idx, at.length, e.span));
  }
  let arr = lowerExpr(ctx, e.array, out);
  if (arr.k !== "var") {
    if (ctx.pure) throw new Error("lower: indexing a computed array in a property is not supported");
    const t = freshLocal(ctx, "tmp_array", at, "temp", e.array.span);
    out.push(assign(t, arr, e.array.span));
    arr = localVar(t, at, e.array.span);
  }
  if (arr.k !== "var") throw new Error("unreachable");
  guard(arr.name);
  return totalInPure(ctx, { k: "index", array: arr.name, scope: arr.scope, index: idx, type, span: e.span }, indexCheck(idx, at.length, e.span));
}

function lowerBinary(ctx: LowerCtx, e: Extract<ast.Expr, { kind: "Binary" }>, out: IrStmt[]): IrExpr {
  const span = e.span;
  if (e.op === "and" || e.op === "or" || e.op === "implies") {
    const a = lowerExpr(ctx, e.left, out);
    const rs: IrStmt[] = [];
    const b = lowerExpr(ctx, e.right, rs);
    const lhs: IrExpr = e.op === "implies" ? { k: "unary", op: "not", arg: a, type: IR_BOOL, span: e.left.span } : a;
    if (ctx.pure || rs.length === 0) return bin(e.op === "and" ? "and" : "or", lhs, b, IR_BOOL, span);
    const t = freshLocal(ctx, `tmp_${e.op}`, IR_BOOL, "temp", span);
    const evalRight = [...rs, assign(t, b, span)];
    const shortcut = [assign(t, boolE(e.op !== "and", span), span)];
    out.push(
      e.op === "or"
        ? { s: "if", cond: a, then: shortcut, else: evalRight, span }
        : { s: "if", cond: a, then: evalRight, else: shortcut, span },
    );
    return localVar(t, IR_BOOL, span);
  }
  const a = lowerExpr(ctx, e.left, out);
  const b = lowerExpr(ctx, e.right, out);
  switch (e.op) {
    case "==":
      return cmp("eq", a, b, span);
    case "!=":
      return cmp("ne", a, b, span);
    case "<":
      return cmp("lt", a, b, span);
    case "<=":
      return cmp("le", a, b, span);
    case ">":
      return cmp("gt", a, b, span);
    case ">=":
      return cmp("ge", a, b, span);
    default:
      break;
  }
  const type = scalarTypeOf(ctx, e);
  const lt = a.type;
  const rt = b.type;
  if (e.op === "*" && lt.kind === "int" && rt.kind === "int" && lt.unit !== "none" && rt.unit !== "none" && lt.unit !== rt.unit) {
    // frequency (Hz) x time (us) counts cycles: (f * t) / 10^6, truncated toward zero (semantics §1).
    const ps = [lt.lo * rt.lo, lt.lo * rt.hi, lt.hi * rt.lo, lt.hi * rt.hi];
    const product = bin("mul", a, b, { kind: "int", lo: Math.min(...ps), hi: Math.max(...ps), unit: "none" }, span);
    return bin("div", product, plainInt(1_000_000, span), type, span);
  }
  const op = e.op === "+" ? "add" : e.op === "-" ? "sub" : e.op === "*" ? "mul" : e.op === "/" ? "div" : "rem";
  const zeroPossible = (op === "div" || op === "rem") && rt.kind === "int" && rt.lo <= 0 && rt.hi >= 0;
  if (zeroPossible && !ctx.pure) {
    {
      out.push({
        s: "assert",
        id: stableId(ctx, "div0", span),
        check: { kind: "div0" },
        cond: cmp("ne", b, constE(0, rt as IrScalarType, e.right.span), span),
        span,
      });
    }
  }
  return totalInPure(ctx, bin(op, a, b, type, span), zeroPossible ? cmp("ne", b, constE(0, rt as IrScalarType, span), span) : undefined);
}

/**
 * In properties and assumptions (no asserts possible), an operation that could fail is made total:
 * `if ok then e else 0` (semantics §1: such an operation evaluates to 0 there). In task bodies the
 * guarding assert has already been emitted and `e` is returned as is.
 */
function totalInPure(ctx: LowerCtx, e: IrExpr, ok: IrExpr | undefined): IrExpr {
  if (!ctx.pure || !ok) return e;
  const t = e.type;
  if (t.kind === "array") return e;
  const type: IrScalarType = t.kind === "int" ? { ...t, lo: Math.min(t.lo, 0), hi: Math.max(t.hi, 0) } : t;
  return { k: "ite", cond: ok, then: e, else: constE(0, type, e.span), type, span: e.span };
}
