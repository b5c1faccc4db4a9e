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
 * - a value is converted to a variable's storage type only by an explicit cast at the assignment,
 *   after the IR's range assert (a `<DEV>_ASSERT`, compiled only with `<DEV>_RUNTIME_CHECKS`);
 * - `/` and `%` are C99's (truncation toward zero), which is the IR's meaning; the divisor is
 *   never zero (guarded by an IR assert);
 * - every statement line ends with a `/* file.vgl:N *\/` comment.
 */
import type { IrExpr, IrPlace, IrScope, IrStmt, IrType } from "../../ir/ir.js";
import {
  computeType,
  cString,
  intLit,
  rangeOf,
  scalarOf,
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

export function conv(x: CExpr, t: CType): string {
  if (x.t === t) return x.code;
  return `((${t})${x.code})`;
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

export function genExpr(ctx: GenCtx, e: IrExpr): CExpr {
  switch (e.k) {
    case "const": {
      if (e.type.kind === "bool") return { code: e.value !== 0 ? "true" : "false", t: "bool" };
      const ct = exprCType(e) as ComputeType;
      return { code: intLit(e.value, ct), t: ct };
    }
    case "var":
      return varRef(ctx, e);
    case "index": {
      const idx = genExpr(ctx, e.index);
      const base = `${ctx.resolve(e.array, e.scope)}[${idx.code}]`;
      if (e.type.kind === "bool") return { code: base, t: "bool" };
      const ct = exprCType(e) as ComputeType;
      return { code: storageType(e.type) === ct ? base : `((${ct})${base})`, t: ct };
    }
    case "unary": {
      const a = genExpr(ctx, e.arg);
      if (e.op === "not") return { code: `(!${a.code})`, t: "bool" };
      const r = rangeOfExpr(e);
      const ar = rangeOfExpr(e.arg);
      const t = widest(computeType(r.lo, r.hi), computeType(Math.min(ar.lo, -ar.hi), Math.max(ar.hi, -ar.lo)));
      if (e.op === "neg") return { code: `(-${conv(a, t)})`, t };
      return { code: `${helper(ctx, "abs", t)}(${conv(a, t)})`, t };
    }
    case "binary":
      return genBinary(ctx, e);
    case "ite": {
      const c = genExpr(ctx, e.cond);
      const a = genExpr(ctx, e.then);
      const b = genExpr(ctx, e.else);
      if (e.type.kind === "bool") return { code: `(${c.code} ? ${conv(a, "bool")} : ${conv(b, "bool")})`, t: "bool" };
      const t = widest(widest(exprCType(e) as ComputeType, a.t as ComputeType), b.t as ComputeType);
      return { code: `(${c.code} ? ${conv(a, t)} : ${conv(b, t)})`, t };
    }
    case "array":
      throw new Error("emit: array literal used as a scalar");
  }
}

const CMP: Record<string, string> = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };
const ARITH: Record<string, string> = { add: "+", sub: "-", mul: "*", div: "/", rem: "%" };

function genBinary(ctx: GenCtx, e: Extract<IrExpr, { k: "binary" }>): CExpr {
  const l = genExpr(ctx, e.left);
  const r = genExpr(ctx, e.right);
  if (e.op === "and" || e.op === "or") {
    return { code: `(${l.code} ${e.op === "and" ? "&&" : "||"} ${r.code})`, t: "bool" };
  }
  if (e.op in CMP) {
    if (l.t === "bool" && r.t === "bool") return { code: `(${l.code} ${CMP[e.op]} ${r.code})`, t: "bool" };
    const t = widest(l.t === "bool" ? "int32_t" : l.t, r.t === "bool" ? "int32_t" : r.t);
    return { code: `(${conv(l, t)} ${CMP[e.op]} ${conv(r, t)})`, t: "bool" };
  }
  const res = rangeOfExpr(e);
  const lr = rangeOfExpr(e.left);
  const rr = rangeOfExpr(e.right);
  let t = widest(computeType(res.lo, res.hi), widest(computeType(lr.lo, lr.hi), computeType(rr.lo, rr.hi)));
  if (e.op === "rem" || e.op === "div") {
    // the quotient of the extreme operands must fit too (INT_MIN / -1, INT_MIN % -1)
    t = widest(t, computeType(Math.min(lr.lo, -lr.hi), Math.max(lr.hi, -lr.lo)));
  }
  if (e.op === "min" || e.op === "max") {
    return { code: `${helper(ctx, e.op, t)}(${conv(l, t)}, ${conv(r, t)})`, t };
  }
  return { code: `(${conv(l, t)} ${ARITH[e.op]} ${conv(r, t)})`, t };
}

/** Convert a value to the storage type of a scalar target. */
function toStorage(x: CExpr, target: IrType): string {
  const st = scalarOf(target);
  if (st.kind === "bool") return x.t === "bool" ? x.code : `(${x.code} != 0)`;
  const s = storageType(st);
  return x.t === s ? x.code : `(${s})${x.code}`;
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

/** Element i of an array-valued expression (i is a C expression or a constant). */
function elementAt(ctx: GenCtx, e: IrExpr, i: string, ci: number | undefined): CExpr {
  switch (e.k) {
    case "var": {
      const st = scalarOf(e.type);
      const base = `${ctx.resolve(e.name, e.scope)}[${i}]`;
      if (st.kind === "bool") return { code: base, t: "bool" };
      const r = rangeOf(st);
      const ct = computeType(r.lo, r.hi);
      return { code: storageType(st) === ct ? base : `((${ct})${base})`, t: ct };
    }
    case "array": {
      if (ci === undefined) throw new Error("emit: array literal indexed by a variable");
      return genExpr(ctx, e.elements[ci]!);
    }
    case "ite": {
      const c = genExpr(ctx, e.cond);
      const a = elementAt(ctx, e.then, i, ci);
      const b = elementAt(ctx, e.else, i, ci);
      if (a.t === "bool" || b.t === "bool") return { code: `(${c.code} ? ${a.code} : ${b.code})`, t: "bool" };
      const t = widest(a.t, b.t);
      return { code: `(${c.code} ? ${conv(a, t)} : ${conv(b, t)})`, t };
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
      out.push(`${ind}${dest}[${i}] = ${toStorage(elementAt(ctx, value, String(i), i), t.elem)}; ${tr}`);
    }
  } else {
    const n = ctx.fresh("n");
    ctx.decls.push(`uint32_t ${n};`);
    out.push(`${ind}for (${n} = 0U; ${n} < ${t.length}U; ${n}++) { ${tr}`);
    out.push(`${ind}    ${dest}[${n}] = ${toStorage(elementAt(ctx, value, n, undefined), t.elem)}; ${tr}`);
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
      return [`${ind}${lvalue(ctx, s.target)} = ${toStorage(genExpr(ctx, s.value), target)}; ${tr}`];
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
      const init = s.lo === 0 ? `(${st})${n}` : `(${st})(${intLit(s.lo, lt)} + (${lt})${n})`;
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
      const a = genExpr(ctx, s.value);
      const b = genExpr(ctx, s.fallback);
      let v: CExpr;
      if (a.t === "bool" || b.t === "bool") v = { code: `(${c.code} ? ${conv(a, "bool")} : ${conv(b, "bool")})`, t: "bool" };
      else {
        const w = widest(a.t, b.t);
        v = { code: `(${c.code} ? ${conv(a, w)} : ${conv(b, w)})`, t: w };
      }
      return [`${ind}${ctx.resolve(s.target, "local")} = ${toStorage(v, t)}; /* endorse ${s.id} */ ${tr}`];
    }
    case "declassify": {
      const t = env.typeOf(s.target, "local");
      if (t.kind === "array") {
        return genArrayAssign(ctx, ctx.resolve(s.target, "local"), s.target, t, s.value, tr, ind);
      }
      const v = genExpr(ctx, s.value);
      return [`${ind}${ctx.resolve(s.target, "local")} = ${toStorage(v, t)}; /* declassify ${s.id} */ ${tr}`];
    }
  }
}
