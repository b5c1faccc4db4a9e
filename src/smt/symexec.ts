/**
 * Symbolic execution of one tick of one copy of the device (docs/semantics.md, section 2), for the
 * self-composed product of the isolation proof.
 *
 * Input: an IrProgram, the symbolic state of one copy at frame j (the visible state after the publish
 * step of tick j, plus pending-publication counters, buffers and scheduler counters), the symbolic
 * inputs of tick j, and how endorse/declassify points are treated (shared values for the exceptions of
 * the property under proof, docs/semantics.md section 5).
 * Output: the symbolic state at frame j+1 and constraints (runtime checks assumed to hold on the path
 * that reaches them; endorse/declassify results tied to the shared values).
 * Invariants:
 * - Every task released at tick j reads the frame-j visible state and the tick-j inputs; its final
 *   written values are buffered and published `publishDelayTicks` later (Logical Execution Time).
 * - Both branches of every `if` are executed symbolically and merged with ite, so the k-th endorse or
 *   declassify occurrence of a tick is the same syntactic point in both copies.
 * - Intermediate terms are named with define-fun (no blow-up); frame variables are declared by the
 *   caller (product.ts).
 */
import type { IrExpr, IrProgram, IrStmt, IrTask, IrType } from "../ir/ir.js";
import { and, eqVal, implies, intLit, iteVal, lit, scalarOf, sortOf, type Val } from "./text.js";

export interface Emitter {
  /** Names `term` with a fresh define-fun and returns the name (or the term itself when trivial). */
  name(term: string, sort: "Bool" | "Int", hint: string): string;
  assert(term: string): void;
}

export interface CopyFrame {
  /** Visible state and outputs by global name. */
  readonly vis: ReadonlyMap<string, Val>;
  /** Per task: ticks until its buffered writes are published (0: nothing pending). */
  readonly pend: ReadonlyMap<string, string>;
  /** Per task: buffered values of its written globals. */
  readonly buf: ReadonlyMap<string, ReadonlyMap<string, Val>>;
  /** Per task: periodic phase counter, or irq ticks since the last release (capped at miat). */
  readonly sched: ReadonlyMap<string, string>;
}

export interface PointPolicy {
  /** Returns the shared value's term for the n-th endorse/declassify occurrence of this tick, or
   * undefined when this point is not an exception of the property under proof. */
  shared(kind: "endorse" | "declassify", s: Extract<IrStmt, { s: "endorse" | "declassify" }>, n: number, sort: "Bool" | "Int"): string | undefined;
  /**
   * Runtime checks, in execution order (tasks in declaration order, statements in order, loops
   * unrolled). Absent: each check is assumed to hold on the path that reaches it (isolation). The
   * safety encoder records them as obligations instead: `guard` is the path condition (the task is
   * released and every enclosing branch taken), `cond` the checked condition.
   */
  check?(s: Extract<IrStmt, { s: "assert" }>, guard: string, cond: string): void;
}

interface Ctx {
  readonly prog: IrProgram;
  readonly em: Emitter;
  readonly inputs: ReadonlyMap<string, Val>;
  readonly policy: PointPolicy;
  readonly types: Map<string, IrType>;
  occurrence: number;
}

export function globalTypes(prog: IrProgram): Map<string, IrType> {
  const m = new Map<string, IrType>();
  for (const g of [...prog.inputs, ...prog.state, ...prog.outputs]) m.set(g.name, g.type);
  for (const l of prog.irqs) m.set(l.name, { kind: "bool" });
  return m;
}

function expr(c: Ctx, env: Map<string, Val>, e: IrExpr): Val {
  switch (e.k) {
    case "const":
      return lit(e.value, e.type);
    case "var": {
      if (e.scope === "input" || e.scope === "irq") {
        const v = c.inputs.get(e.name);
        if (v === undefined) throw new Error(`isolation: unknown input ${e.name}`);
        return v;
      }
      const v = env.get(e.name);
      if (v === undefined) throw new Error(`isolation: ${e.name} read before assignment`);
      return v;
    }
    case "index": {
      const arr = e.scope === "input" || e.scope === "irq" ? c.inputs.get(e.array) : env.get(e.array);
      if (arr === undefined || typeof arr === "string") throw new Error(`isolation: ${e.array} is not an array`);
      const i = expr(c, env, e.index);
      if (typeof i !== "string") throw new Error("isolation: array-valued index");
      return select(arr, i);
    }
    case "unary": {
      const a = scalar(expr(c, env, e.arg));
      if (e.op === "not") return `(not ${a})`;
      if (e.op === "neg") return `(- ${a})`;
      return `(ite (>= ${a} 0) ${a} (- ${a}))`;
    }
    case "binary": {
      const l = expr(c, env, e.left);
      const r = expr(c, env, e.right);
      if (e.op === "eq") return eqVal(l, r);
      if (e.op === "ne") return `(not ${eqVal(l, r)})`;
      const a = scalar(l);
      const b = scalar(r);
      const folded = fold(e.op, a, b);
      if (folded !== undefined) return folded;
      switch (e.op) {
        case "add":
          return `(+ ${a} ${b})`;
        case "sub":
          return `(- ${a} ${b})`;
        case "mul":
          return `(* ${a} ${b})`;
        case "div":
        case "rem":
          return division(e.op, a, b, e.left.type, e.right);
        case "lt":
          return `(< ${a} ${b})`;
        case "le":
          return `(<= ${a} ${b})`;
        case "gt":
          return `(> ${a} ${b})`;
        case "ge":
          return `(>= ${a} ${b})`;
        case "and":
          return `(and ${a} ${b})`;
        case "or":
          return `(or ${a} ${b})`;
        case "min":
          return `(ite (<= ${a} ${b}) ${a} ${b})`;
        case "max":
          return `(ite (>= ${a} ${b}) ${a} ${b})`;
      }
      break;
    }
    case "ite":
      return iteVal(scalar(expr(c, env, e.cond)), expr(c, env, e.then), expr(c, env, e.else));
    case "array":
      return e.elements.map((x) => scalar(expr(c, env, x)));
  }
  throw new Error("isolation: unsupported expression");
}

/**
 * C99 division and remainder. With a positive constant divisor and a dividend whose inferred range
 * is non-negative, truncation and SMT-LIB's Euclidean div/mod agree, so the plain operators are used
 * (linear, and much easier for the solver); otherwise the prelude's vg_tdiv/vg_trem.
 */
function division(op: "div" | "rem", a: string, b: string, leftType: IrType, right: IrExpr): string {
  const constB = right.k === "const" && right.value > 0;
  if (constB && leftType.kind === "int" && leftType.lo >= 0) return op === "div" ? `(div ${a} ${b})` : `(mod ${a} ${b})`;
  if (constB) return op === "div" ? `(ite (>= ${a} 0) (div ${a} ${b}) (- (div (- ${a}) ${b})))` : `(ite (>= ${a} 0) (mod ${a} ${b}) (- (mod (- ${a}) ${b})))`;
  return op === "div" ? `(vg_tdiv ${a} ${b})` : `(vg_trem ${a} ${b})`;
}

/** The value of an integer literal term (`5`, `(- 5)`), or undefined. */
function literal(t: string): number | undefined {
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^\(- (\d+)\)$/.exec(t);
  return m ? -Number(m[1]) : undefined;
}

/**
 * Constant folding of integer operations on two literals (loop indices become literals when loops
 * are unrolled: `win[i + 1]` must select one element, not build an ite chain over all of them).
 */
function fold(op: string, a: string, b: string): string | undefined {
  const x = literal(a);
  const y = literal(b);
  if (x === undefined || y === undefined) return undefined;
  const n = op === "add" ? x + y : op === "sub" ? x - y : op === "mul" ? x * y : op === "min" ? Math.min(x, y) : op === "max" ? Math.max(x, y) : undefined;
  if (n !== undefined) return Number.isSafeInteger(n) ? intLit(n) : undefined;
  const c = op === "lt" ? x < y : op === "le" ? x <= y : op === "gt" ? x > y : op === "ge" ? x >= y : undefined;
  return c === undefined ? undefined : c ? "true" : "false";
}

function scalar(v: Val): string {
  if (typeof v !== "string") throw new Error("isolation: array used as a scalar");
  return v;
}

function select(arr: readonly string[], i: string): string {
  const k = /^-?\d+$/.test(i) ? Number(i) : undefined;
  if (k !== undefined) return arr[k] ?? arr[0] ?? "0";
  let t = arr[arr.length - 1] ?? "0";
  for (let j = arr.length - 2; j >= 0; j--) t = `(ite (= ${i} ${j}) ${arr[j]} ${t})`;
  return t;
}

function sortOfType(t: IrType): "Bool" | "Int" {
  return sortOf(scalarOf(t));
}

/** Names a value (per element) so terms stay small. */
function named(c: Ctx, v: Val, t: IrType, hint: string): Val {
  const s = sortOfType(t);
  return typeof v === "string" ? c.em.name(v, s, hint) : v.map((x, i) => c.em.name(x, s, `${hint}.${i}`));
}

function stmts(c: Ctx, env: Map<string, Val>, ss: readonly IrStmt[], guard: string, task: IrTask): void {
  for (const s of ss) stmt(c, env, s, guard, task);
}

function typeOfName(c: Ctx, task: IrTask, name: string): IrType {
  const l = task.locals.find((x) => x.name === name);
  if (l) return l.type;
  const g = c.types.get(name);
  if (!g) throw new Error(`isolation: unknown variable ${name}`);
  return g;
}

function stmt(c: Ctx, env: Map<string, Val>, s: IrStmt, guard: string, task: IrTask): void {
  switch (s.s) {
    case "assign": {
      const t = typeOfName(c, task, s.target.name);
      const v = expr(c, env, s.value);
      if (s.target.index) {
        const old = env.get(s.target.name);
        if (old === undefined || typeof old === "string") throw new Error(`isolation: ${s.target.name} is not an array`);
        const i = scalar(expr(c, env, s.target.index));
        const val = scalar(v);
        const k = literal(i);
        const upd = old.map((x, j) => (x === val ? x : k !== undefined ? (k === j ? val : x) : `(ite (= ${i} ${j}) ${val} ${x})`));
        env.set(s.target.name, named(c, upd, t, s.target.name));
      } else {
        env.set(s.target.name, named(c, v, t, s.target.name));
      }
      return;
    }
    case "if": {
      const cond = c.em.name(scalar(expr(c, env, s.cond)), "Bool", "cond");
      const thenEnv = new Map(env);
      const elseEnv = new Map(env);
      stmts(c, thenEnv, s.then, and([guard, cond]), task);
      stmts(c, elseEnv, s.else, and([guard, `(not ${cond})`]), task);
      const names = new Set([...thenEnv.keys(), ...elseEnv.keys()]);
      for (const n of names) {
        const a = thenEnv.get(n);
        const b = elseEnv.get(n);
        if (a === undefined || b === undefined) continue; // a local bound in one branch only
        if (a === b) env.set(n, a);
        else env.set(n, named(c, iteVal(cond, a, b), typeOfName(c, task, n), n));
      }
      return;
    }
    case "for":
      for (let i = s.lo; i <= s.hi; i++) {
        env.set(s.var, intLit(i));
        stmts(c, env, s.body, guard, task);
      }
      return;
    case "assert": {
      const cond = scalar(expr(c, env, s.cond));
      if (c.policy.check) c.policy.check(s, guard, cond);
      else c.em.assert(implies(guard, cond));
      return;
    }
    case "endorse": {
      const t = typeOfName(c, task, s.target);
      const sort = sortOfType(t);
      const v = scalar(expr(c, env, s.value));
      const ok = scalar(expr(c, env, s.valid));
      const f = scalar(expr(c, env, s.fallback));
      const sh = c.policy.shared("endorse", s, c.occurrence++, sort);
      if (sh === undefined) {
        env.set(s.target, c.em.name(`(ite ${ok} ${v} ${f})`, sort, s.target));
      } else {
        // docs/semantics.md section 5: one trusted value shared by both runs; in each run that executes
        // the endorse it is that run's result (the value if it passed the validator, else the fallback),
        // so only pairs of runs whose endorse results agree are compared.
        c.em.assert(implies(guard, `(= ${sh} (ite ${ok} ${v} ${f}))`));
        env.set(s.target, sh);
      }
      return;
    }
    case "declassify": {
      const t = typeOfName(c, task, s.target);
      const sort = sortOfType(t);
      const v = scalar(expr(c, env, s.value));
      const sh = c.policy.shared("declassify", s, c.occurrence++, sort);
      if (sh === undefined) env.set(s.target, c.em.name(v, sort, s.target));
      else {
        c.em.assert(implies(guard, `(= ${sh} ${v})`));
        env.set(s.target, sh);
      }
      return;
    }
  }
}

/** An expression as a term, with globals and locals read from `env` and inputs from `inputs`. */
export function exprTerm(prog: IrProgram, em: Emitter, env: ReadonlyMap<string, Val>, inputs: ReadonlyMap<string, Val>, e: IrExpr): string {
  const c: Ctx = { prog, em, inputs, policy: { shared: () => undefined }, types: globalTypes(prog), occurrence: 0 };
  return scalar(expr(c, new Map(env), e));
}

/** An expression over inputs and constants only (assumptions) as a term. */
export function inputExprTerm(prog: IrProgram, em: Emitter, inputs: ReadonlyMap<string, Val>, e: IrExpr): string {
  const c: Ctx = { prog, em, inputs, policy: { shared: () => undefined }, types: globalTypes(prog), occurrence: 0 };
  return scalar(expr(c, new Map(), e));
}

/** Is task `t` released at this frame? */
export function releasedTerm(t: IrTask, f: CopyFrame, inputs: ReadonlyMap<string, Val>): string {
  const sc = f.sched.get(t.name) ?? "0";
  if (t.kind === "periodic") return `(= ${sc} 0)`;
  const line = inputs.get(t.irq ?? "");
  if (line === undefined || typeof line !== "string") throw new Error(`isolation: irq line of ${t.name} missing`);
  return `(and ${line} (>= ${sc} ${t.miatTicks ?? 1}))`;
}

/** One tick: release and run tasks on frame j, buffer their writes, advance schedulers, publish for j+1. */
export function stepCopy(
  prog: IrProgram,
  em: Emitter,
  f: CopyFrame,
  inputs: ReadonlyMap<string, Val>,
  policy: PointPolicy,
): { next: CopyFrame; released: ReadonlyMap<string, string> } {
  const c: Ctx = { prog, em, inputs, policy, types: globalTypes(prog), occurrence: 0 };
  const pend = new Map<string, string>();
  const buf = new Map<string, Map<string, Val>>();
  const sched = new Map<string, string>();
  const released = new Map<string, string>();
  for (const t of prog.tasks) {
    const rel = em.name(releasedTerm(t, f, inputs), "Bool", `rel.${t.name}`);
    released.set(t.name, rel);
    const env = new Map<string, Val>(f.vis);
    stmts(c, env, t.body, rel, t);
    const old = f.buf.get(t.name) ?? new Map<string, Val>();
    const nb = new Map<string, Val>();
    for (const x of t.writes) {
      const ty = c.types.get(x);
      if (!ty) continue;
      const nv = env.get(x);
      const ov = old.get(x) ?? f.vis.get(x);
      if (nv === undefined || ov === undefined) continue;
      nb.set(x, iteVal(rel, nv, ov));
    }
    buf.set(t.name, nb);
    pend.set(t.name, `(ite ${rel} ${t.publishDelayTicks} ${f.pend.get(t.name) ?? "0"})`);
    const sc = f.sched.get(t.name) ?? "0";
    if (t.kind === "periodic") sched.set(t.name, `(ite (= ${sc} 0) ${(t.periodTicks ?? 1) - 1} (- ${sc} 1))`);
    else {
      const m = t.miatTicks ?? 1;
      sched.set(t.name, `(ite ${rel} 1 (ite (>= (+ ${sc} 1) ${m}) ${m} (+ ${sc} 1)))`);
    }
  }
  // Publish step of tick j+1.
  const vis = new Map<string, Val>(f.vis);
  const pendOut = new Map<string, string>();
  for (const t of prog.tasks) {
    const p = em.name(pend.get(t.name) ?? "0", "Int", `pend.${t.name}`);
    const now = `(= ${p} 1)`;
    for (const [x, v] of buf.get(t.name) ?? new Map<string, Val>()) {
      const cur = vis.get(x);
      if (cur !== undefined) vis.set(x, iteVal(now, v, cur));
    }
    pendOut.set(t.name, `(ite (<= ${p} 1) 0 (- ${p} 1))`);
  }
  return { next: { vis, pend: pendOut, buf, sched }, released };
}
