/**
 * C code for IR expressions and statements (the bodies of the generated step functions).
 *
 * Input: IR expressions/statements of one task and a GenCtx that maps IR names to C lvalues.
 * Output: C99 text lines.
 * Invariants (no undefined behaviour for any value the IR types allow):
 * - every integer operation is computed in a compute type (int32_t or int64_t) that holds the
 *   operation's inferred result range and both operand ranges (and, for `%`, the quotient range,
 *   so INT_MIN % -1 never happens): operands are cast explicitly, so integer promotion never
 *   changes a result and signed arithmetic never overflows;
 * - a value is converted to a variable's storage type only at the assignment (an explicit cast, or
 *   a static conversion function when the signedness changes, MISRA C:2012 rule 10.8), after the
 *   IR's range assert (a `<DEV>_ASSERT`, compiled only with `<DEV>_RUNTIME_CHECKS`);
 * - operations without effect (x + 0, x * 1, ...) are simplified (rule 2.2);
 * - `/` and `%` are C99's (truncation toward zero), which is the IR's meaning; the divisor is
 *   never zero (guarded by an IR assert);
 * - every statement line ends with a `/* file.vgl:N *\/` comment.
 */
import type { IrExpr, IrPlace, IrScalarType, IrScope, IrStmt, IrType } from "../../ir/ir.js";
import {
  computeType,
  cString,
  intLit,
  rangeOf,
  scalarOf,
  storageLit,
  storageType,
  trace,
  widest,
  type ComputeType,
} from "./names.js";

export type CType = ComputeType | "bool";

export interface CExpr {
  readonly code: string;
  readonly t: CType;
}

export interface GenCtx {
  /** Upper-case device prefix, for the ASSERT macro. */
  readonly PREFIX: string;
  /** C expression naming a variable (scalar or array) of the given scope. */
  resolve(name: string, scope: IrScope): string;
  /** Helper functions used (min/max/abs per compute type), emitted by the caller. */
  readonly helpers: Set<string>;
  /** Unique names for loop counters and temporaries. */
  fresh(base: string): string;
  /** Extra declarations needed at the top of the function (loop counters, temporaries). */
  readonly decls: string[];
}

function exprCType(e: IrExpr): CType {
  const t = e.type;
  if (t.kind === "bool") return "bool";
  if (t.kind === "array") throw new Error("emit: array value used as a scalar");
  const r = rangeOf(t);
  return computeType(r.lo, r.hi);
}

function rangeOfExpr(e: IrExpr): { lo: number; hi: number } {
  const t = scalarOf(e.type);
  return rangeOf(t);
}

function helper(ctx: GenCtx, name: "min" | "max" | "abs", t: ComputeType): string {
  const h = `${name}_${t === "int32_t" ? "i32" : "i64"}`;
  ctx.helpers.add(h);
  return h;
}

/** Emit the static helper functions that were used. */
export function helperDefs(helpers: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const h of [...helpers].sort()) {
    const t = h.endsWith("i32") ? "int32_t" : "int64_t";
    const conv = /^(uint\d+)_of_/.exec(h);
    if (conv) {
      out.push(`static ${conv[1]}_t ${h}(${t} v) { return (${conv[1]}_t)v; }`);
      continue;
    }
    if (h.startsWith("min")) out.push(`static ${t} ${h}(${t} a, ${t} b) { return (a < b) ? a : b; }`);
    else if (h.startsWith("max")) out.push(`static ${t} ${h}(${t} a, ${t} b) { return (a > b) ? a : b; }`);
    else out.push(`static ${t} ${h}(${t} a) { return (a < 0) ? -a : a; }`);
  }
  return out;
}

function varRef(ctx: GenCtx, e: Extract<IrExpr, { k: "var" }>): CExpr {
  const base = ctx.resolve(e.name, e.scope);
  const st = scalarOf(e.type);
  if (e.type.kind === "array") throw new Error(`emit: array ${e.name} used as a scalar`);
  if (st.kind === "bool") return { code: base, t: "bool" };
  const r = rangeOf(st);
  const ct = computeType(r.lo, r.hi);
  return { code: storageType(st) === ct ? base : `((${ct})${base})`, t: ct };
}

/**
 * The compute type of an integer expression: wide enough for its own range, its operands' ranges
 * (and for `/` and `%` the quotient of the extreme operands, so INT_MIN / -1 never happens) and
 * every sub-expression's compute type, so an operand is never a composite expression cast wider.
 */
export function need(e: IrExpr): CType {
  switch (e.k) {
    case "const":
    case "var":
    case "array":
      return e.type.kind === "bool" ? "bool" : e.type.kind === "array" ? "int32_t" : exprCType(e);
    case "index": {
      const it = need(e.index);
      if (e.type.kind === "bool") return "bool";
      return widest(exprCType(e) as ComputeType, it === "bool" ? "int32_t" : it);
    }
    case "unary": {
      if (e.op === "not") return "bool";
      const r = rangeOfExpr(e);
      const ar = rangeOfExpr(e.arg);
      return widest(
        widest(computeType(r.lo, r.hi), computeType(Math.min(ar.lo, -ar.hi), Math.max(ar.hi, -ar.lo))),
        need(e.arg) as ComputeType,
      );
    }
    case "binary": {
      if (e.type.kind === "bool") return "bool";
      const res = rangeOfExpr(e);
      const lr = rangeOfExpr(e.left);
      const rr = rangeOfExpr(e.right);
      let t = widest(computeType(res.lo, res.hi), widest(computeType(lr.lo, lr.hi), computeType(rr.lo, rr.hi)));
      if (e.op === "rem" || e.op === "div") t = widest(t, computeType(Math.min(lr.lo, -lr.hi), Math.max(lr.hi, -lr.lo)));
      return widest(t, widest(need(e.left) as ComputeType, need(e.right) as ComputeType));
    }
    case "ite": {
      if (e.type.kind === "bool") return "bool";
      return widest(exprCType(e) as ComputeType, widest(need(e.then) as ComputeType, need(e.else) as ComputeType));
    }
  }
}

function leafCast(base: string, storage: string, t: ComputeType): string {
  return storage === t ? base : `((${t})${base})`;
}

/**
 * C code for `e`. Integer expressions are computed in `at` or wider (never narrower than need(e));
 * the result's C type is reported in `t`.
 */
export function genExpr(ctx: GenCtx, e: IrExpr, at: ComputeType = "int32_t"): CExpr {
  const n = need(e);
  const t: ComputeType = n === "bool" ? "int32_t" : widest(n, at);
  switch (e.k) {
    case "const": {
      if (e.type.kind === "bool") return { code: e.value !== 0 ? "true" : "false", t: "bool" };
      return { code: intLit(e.value, t), t };
    }
    case "var": {
      if (e.type.kind === "array") throw new Error(`emit: array ${e.name} used as a scalar`);
      const base = ctx.resolve(e.name, e.scope);
      if (e.type.kind === "bool") return { code: base, t: "bool" };
      return { code: leafCast(base, storageType(e.type), t), t };
    }
    case "index": {
      const idx = genExpr(ctx, e.index);
      const base = `${ctx.resolve(e.array, e.scope)}[${idx.code}]`;
      if (e.type.kind === "bool") return { code: base, t: "bool" };
      return { code: leafCast(base, storageType(e.type), t), t };
    }
    case "unary": {
      if (e.op === "not") return { code: `(!${genExpr(ctx, e.arg).code})`, t: "bool" };
      const a = genExpr(ctx, e.arg, t);
      if (e.op === "neg") return { code: `(-${a.code})`, t };
      return { code: `${helper(ctx, "abs", t)}(${a.code})`, t };
    }
    case "binary":
      return genBinary(ctx, e, t);
    case "ite": {
      const c = genExpr(ctx, e.cond);
      if (e.type.kind === "bool") {
        return { code: `(${c.code} ? ${genExpr(ctx, e.then).code} : ${genExpr(ctx, e.else).code})`, t: "bool" };
      }
      return { code: `(${c.code} ? ${genExpr(ctx, e.then, t).code} : ${genExpr(ctx, e.else, t).code})`, t };
    }
    case "array":
      throw new Error("emit: array literal used as a scalar");
  }
}

const CMP: Record<string, string> = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };
const ARITH: Record<string, string> = { add: "+", sub: "-", mul: "*", div: "/", rem: "%" };

function genBinary(ctx: GenCtx, e: Extract<IrExpr, { k: "binary" }>, t: ComputeType): CExpr {
  if (e.op === "and" || e.op === "or") {
    return { code: `(${genExpr(ctx, e.left).code} ${e.op === "and" ? "&&" : "||"} ${genExpr(ctx, e.right).code})`, t: "bool" };
  }
  if (e.op in CMP) {
    const ln = need(e.left);
    const rn = need(e.right);
    if (ln === "bool" && rn === "bool") {
      return { code: `(${genExpr(ctx, e.left).code} ${CMP[e.op]} ${genExpr(ctx, e.right).code})`, t: "bool" };
    }
    const ct = widest(ln === "bool" ? "int32_t" : ln, rn === "bool" ? "int32_t" : rn);
    return { code: `(${genExpr(ctx, e.left, ct).code} ${CMP[e.op]} ${genExpr(ctx, e.right, ct).code})`, t: "bool" };
  }
  // Operations without effect (x + 0, x - 0, x * 1, x / 1, 0 - x, x * 0) are simplified: exact
  // (operands are pure and total) and MISRA C:2012 rule 2.2 forbids them.
  const isK = (x: IrExpr, v: number): boolean => x.k === "const" && x.value === v;
  if ((e.op === "add" && isK(e.right, 0)) || (e.op === "sub" && isK(e.right, 0)) || ((e.op === "mul" || e.op === "div") && isK(e.right, 1))) {
    return genExpr(ctx, e.left, t);
  }
  if ((e.op === "add" && isK(e.left, 0)) || (e.op === "mul" && isK(e.left, 1))) return genExpr(ctx, e.right, t);
  if (e.op === "sub" && isK(e.left, 0)) return { code: `(-${genExpr(ctx, e.right, t).code})`, t };
  if (e.op === "mul" && (isK(e.left, 0) || isK(e.right, 0))) return { code: intLit(0, t), t };
  const l = genExpr(ctx, e.left, t);
  const r = genExpr(ctx, e.right, t);
  if (e.op === "min" || e.op === "max") return { code: `${helper(ctx, e.op, t)}(${l.code}, ${r.code})`, t };
  return { code: `(${l.code} ${ARITH[e.op]} ${r.code})`, t };
}

/** Convert a value to the storage type of a scalar target. */
function toStorage(ctx: GenCtx, x: CExpr, target: IrType): string {
  const st = scalarOf(target);
  if (st.kind === "bool") return x.t === "bool" ? x.code : `(${x.code} != 0)`;
  const s = storageType(st);
  if (x.t === s) return x.code;
  if (s.startsWith("uint")) {
    // MISRA C:2012 10.8: no cast of a composite expression to another essential type category
    const h = `${s.replace("_t", "")}_of_${x.t === "int64_t" ? "i64" : "i32"}`;
    ctx.helpers.add(h);
    return `${h}(${x.code})`;
  }
  return `(${s})${x.code}`;
}

function lvalue(ctx: GenCtx, p: IrPlace): string {
  const base = ctx.resolve(p.name, p.scope);
  if (!p.index) return base;
  return `${base}[${genExpr(ctx, p.index).code}]`;
}

/** Does `e` read variable `name`? */
function mentions(e: IrExpr, name: string): boolean {
  switch (e.k) {
    case "const":
      return false;
    case "var":
      return e.name === name;
    case "index":
      return e.array === name || mentions(e.index, name);
    case "unary":
      return mentions(e.arg, name);
    case "binary":
      return mentions(e.left, name) || mentions(e.right, name);
    case "ite":
      return mentions(e.cond, name) || mentions(e.then, name) || mentions(e.else, name);
    case "array":
      return e.elements.some((x) => mentions(x, name));
  }
}

/** The compute type needed by every element of an array-valued expression. */
function elementNeed(e: IrExpr): CType {
  switch (e.k) {
    case "array": {
      let t: CType = scalarOf(e.type).kind === "bool" ? "bool" : "int32_t";
      for (const x of e.elements) {
        const n = need(x);
        if (n !== "bool" && t !== "bool") t = widest(t, n);
      }
      return t;
    }
    case "ite": {
      const a = elementNeed(e.then);
      const b = elementNeed(e.else);
      return a === "bool" || b === "bool" ? "bool" : widest(a, b);
    }
    default: {
      const st = scalarOf(e.type);
      if (st.kind === "bool") return "bool";
      const r = rangeOf(st);
      return computeType(r.lo, r.hi);
    }
  }
}

/** Element i of an array-valued expression (i is a C expression or a constant), in type `at` or wider. */
function elementAt(ctx: GenCtx, e: IrExpr, i: string, ci: number | undefined, at: ComputeType = "int32_t"): CExpr {
  const n = elementNeed(e);
  const t: ComputeType = n === "bool" ? "int32_t" : widest(n, at);
  switch (e.k) {
    case "var": {
      const st = scalarOf(e.type);
      const base = `${ctx.resolve(e.name, e.scope)}[${i}]`;
      if (st.kind === "bool") return { code: base, t: "bool" };
      return { code: leafCast(base, storageType(st), t), t };
    }
    case "array": {
      if (ci === undefined) throw new Error("emit: array literal indexed by a variable");
      return genExpr(ctx, e.elements[ci]!, t);
    }
    case "ite": {
      const c = genExpr(ctx, e.cond);
      const a = elementAt(ctx, e.then, i, ci, t);
      const b = elementAt(ctx, e.else, i, ci, t);
      if (n === "bool") return { code: `(${c.code} ? ${a.code} : ${b.code})`, t: "bool" };
      return { code: `(${c.code} ? ${a.code} : ${b.code})`, t };
    }
    default:
      throw new Error(`emit: unsupported array-valued expression ${e.k}`);
  }
}

function hasLiteral(e: IrExpr): boolean {
  if (e.k === "array") return true;
  if (e.k === "ite") return hasLiteral(e.then) || hasLiteral(e.else);
  return false;
}

function genArrayAssign(ctx: GenCtx, target: string, targetName: string, t: IrType, value: IrExpr, tr: string, ind: string): string[] {
  if (t.kind !== "array") throw new Error("emit: array assignment to a scalar");
  const out: string[] = [];
  let dest = target;
  const viaTemp = mentions(value, targetName);
  if (viaTemp) {
    dest = ctx.fresh("tmp");
    ctx.decls.push(`${storageType(t.elem)} ${dest}[${t.length}];`);
  }
  if (hasLiteral(value)) {
    for (let i = 0; i < t.length; i++) {
      out.push(`${ind}${dest}[${i}] = ${toStorage(ctx, elementAt(ctx, value, String(i), i), t.elem)}; ${tr}`);
    }
  } else {
    const n = ctx.fresh("n");
    ctx.decls.push(`uint32_t ${n};`);
    out.push(`${ind}for (${n} = 0U; ${n} < ${t.length}U; ${n}++) { ${tr}`);
    out.push(`${ind}    ${dest}[${n}] = ${toStorage(ctx, elementAt(ctx, value, n, undefined), t.elem)}; ${tr}`);
    out.push(`${ind}}`);
  }
  if (viaTemp) {
    const n = ctx.fresh("n");
    ctx.decls.push(`uint32_t ${n};`);
    out.push(`${ind}for (${n} = 0U; ${n} < ${t.length}U; ${n}++) { ${tr}`);
    out.push(`${ind}    ${target}[${n}] = ${dest}[${n}]; ${tr}`);
    out.push(`${ind}}`);
  }
  return out;
}

export interface StmtEnv {
  /** Declared type of a place (state/output/local). */
  typeOf(name: string, scope: IrScope): IrType;
}

export function genStmts(ctx: GenCtx, env: StmtEnv, stmts: readonly IrStmt[], ind: string): string[] {
  const out: string[] = [];
  for (const s of stmts) out.push(...genStmt(ctx, env, s, ind));
  return out;
}

function genStmt(ctx: GenCtx, env: StmtEnv, s: IrStmt, ind: string): string[] {
  const tr = trace(s.span);
  switch (s.s) {
    case "assign": {
      const t = env.typeOf(s.target.name, s.target.scope);
      if (t.kind === "array" && !s.target.index) {
        return genArrayAssign(ctx, ctx.resolve(s.target.name, s.target.scope), s.target.name, t, s.value, tr, ind);
      }
      const target = t.kind === "array" ? t.elem : t;
      const r = rangeOf(target);
      const literal = s.value.k === "const" && s.value.value >= r.lo && s.value.value <= r.hi;
      let rhs: string;
      if (literal) rhs = storageLit((s.value as { value: number }).value, target);
      else if ((s.value.k === "var" || s.value.k === "index") && s.value.type.kind !== "array") {
        // a plain copy: no arithmetic, so a cast of the stored value (not of a composite) suffices
        const v = s.value;
        const src = v.k === "var" ? ctx.resolve(v.name, v.scope) : `${ctx.resolve(v.array, v.scope)}[${genExpr(ctx, v.index).code}]`;
        const from = storageType(v.type as IrScalarType);
        const to = storageType(target);
        rhs = from === to ? src : to === "bool" ? `(${src} != 0)` : from === "bool" ? `(${to})(${src} ? 1 : 0)` : `(${to})${src}`;
      } else rhs = toStorage(ctx, genExpr(ctx, s.value), target);
      return [`${ind}${lvalue(ctx, s.target)} = ${rhs}; ${tr}`];
    }
    case "if": {
      const c = genExpr(ctx, s.cond);
      const lines = [`${ind}if (${c.code}) { ${tr}`, ...genStmts(ctx, env, s.then, ind + "    ")];
      if (s.else.length > 0) {
        lines.push(`${ind}} else {`, ...genStmts(ctx, env, s.else, ind + "    "));
      }
      lines.push(`${ind}}`);
      return lines;
    }
    case "for": {
      const count = s.hi - s.lo + 1;
      if (count <= 0) return [`${ind}/* empty loop */ ${tr}`];
      const n = ctx.fresh("lc");
      const wide = count > 4294967295;
      ctx.decls.push(`${wide ? "uint64_t" : "uint32_t"} ${n};`);
      const vt = env.typeOf(s.var, "local");
      const st = storageType(scalarOf(vt));
      const lt = computeType(Math.min(s.lo, 0), Math.max(s.hi, count));
      const lim = wide ? `UINT64_C(${count})` : `${count}U`;
      const init =
        s.lo === 0
          ? `(${st})${n}`
          : toStorage(ctx, { code: `(${intLit(s.lo, lt)} + (${lt})${n})`, t: lt }, vt);
      return [
        `${ind}for (${n} = 0U; ${n} < ${lim}; ${n}++) { ${tr}`,
        `${ind}    ${ctx.resolve(s.var, "local")} = ${init}; ${tr}`,
        ...genStmts(ctx, env, s.body, ind + "    "),
        `${ind}}`,
      ];
    }
    case "assert": {
      const c = genExpr(ctx, s.cond);
      return [`${ind}${ctx.PREFIX}_ASSERT(${c.code}, ${cString(s.id)}); ${tr}`];
    }
    case "endorse": {
      const t = env.typeOf(s.target, "local");
      const c = genExpr(ctx, s.valid);
      const na = need(s.value);
      const nb = need(s.fallback);
      let v: CExpr;
      if (na === "bool" || nb === "bool") {
        v = { code: `(${c.code} ? ${genExpr(ctx, s.value).code} : ${genExpr(ctx, s.fallback).code})`, t: "bool" };
      } else {
        const w = widest(na, nb);
        v = { code: `(${c.code} ? ${genExpr(ctx, s.value, w).code} : ${genExpr(ctx, s.fallback, w).code})`, t: w };
      }
      return [`${ind}${ctx.resolve(s.target, "local")} = ${toStorage(ctx, v, t)}; /* endorse ${s.id} */ ${tr}`];
    }
    case "declassify": {
      const t = env.typeOf(s.target, "local");
      if (t.kind === "array") {
        return genArrayAssign(ctx, ctx.resolve(s.target, "local"), s.target, t, s.value, tr, ind);
      }
      const v = genExpr(ctx, s.value);
      return [`${ind}${ctx.resolve(s.target, "local")} = ${toStorage(ctx, v, t)}; /* declassify ${s.id} */ ${tr}`];
    }
  }
}
