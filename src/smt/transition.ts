/**
 * The device as a transition system for the safety engines (docs/semantics.md sections 1-4, 6):
 * one tick printed once as an SMT-LIB *template*, instantiated per frame by the query builders
 * (src/smt/queries.ts).
 *
 * Input: an IrProgram and the safety targets (always properties, leads_to properties, runtime checks).
 * Output: a TsTemplate. Template symbols carry a frame placeholder that `instantiate(line, j)`
 * replaces: `$s.` the frame-j state, `$n.` the frame-(j+1) state, `$i.` the inputs of tick j, `$t.`
 * intermediate terms of tick j, `$o.` observations of tick j.
 * Invariants:
 * - Frame j is the visible state after the publish step of tick j (what is observed at tick j),
 *   plus every task's pending-publication counter, buffer and scheduler counter, plus one monitor
 *   counter per leads_to property. The tick itself is computed by src/smt/symexec.ts, the same
 *   one-copy stepper the isolation proof uses, so both proofs share one encoding of the semantics.
 * - `$o.v<k>` is true when target k is violated at tick j given that no runtime error happened at
 *   an earlier tick: for an invariant, P is false; for leads_to, the oldest unanswered trigger's
 *   window ends at j without the response; for a runtime check, some occurrence of the assert fails
 *   at tick j while every check executed before it in that tick held (the run stops at the first
 *   failing check, so only that one is reported).
 * - `$o.allok` is true when no runtime check fails at tick j (the run goes on to tick j+1).
 * - `$o.frame` is a set of invariants true in every reachable frame (declared ranges, the relation
 *   between each task's scheduler counter and its pending counter, buffers of idle tasks equal to
 *   the visible values, monitor ranges). The step queries of k-induction assume it of arbitrary frames.
 * - Integers are mathematical integers with explicit range constraints; every store, division and
 *   index is checked by an IR assert (section 6 of the semantics explains why this is sound for C).
 */
import type { IrExpr, IrProgram, IrStmt, IrType, IrValue } from "../ir/ir.js";
import type { Span } from "../source/span.js";
import { exprTerm, stepCopy, type CopyFrame, type Emitter } from "./symexec.js";
import { and, intLit, lit, or, rangeOf, scalarOf, sortOf, type Val } from "./text.js";

export type SmtSort = "Bool" | "Int";

export type TargetKind = "invariant" | "leadsTo" | "runtime";

export interface SafetyTarget {
  /** Property name, or the IR assert id for runtime checks. */
  readonly name: string;
  readonly kind: TargetKind;
  readonly span: Span;
}

export interface InputSymbol {
  readonly name: string;
  readonly type: IrType;
  /** Template symbols (`$i.` prefix): one, or one per array element. */
  readonly symbols: string | readonly string[];
}

export interface TsTemplate {
  /** Frame variables, template names (`$s.` prefix), with sorts. */
  readonly stateVars: readonly { readonly name: string; readonly sort: SmtSort }[];
  /** The initial frame: template name → literal. */
  readonly init: ReadonlyMap<string, string>;
  readonly inputs: readonly InputSymbol[];
  /** Template commands of one tick: input declarations and constraints, then define-funs. */
  readonly lines: readonly string[];
  readonly targets: readonly SafetyTarget[];
  /** "QF_LIA", or "QF_NIA" when some product of two variables or division by a variable occurs. */
  readonly logic: "QF_LIA" | "QF_NIA";
  /** The lines use the prelude's vg_tdiv / vg_trem (division by a non-constant). */
  readonly needsPrelude: boolean;
}

const PLACEHOLDER = /\$([sntio])\./g;

/** Replaces the frame placeholders of a template line for frame j. */
export function instantiate(line: string, j: number): string {
  return line.replace(PLACEHOLDER, (_m, p: string) => {
    switch (p) {
      case "s":
        return `s${j}.`;
      case "n":
        return `s${j + 1}.`;
      case "i":
        return `i${j}.`;
      case "t":
        return `t${j}.`;
      default:
        return `o${j}.`;
    }
  });
}

/**
 * Names intermediate terms as constants with a defining equality, never as define-fun: z3 expands
 * define-fun macros into nested terms before solving, which on these queries costs up to 100 times
 * the solving itself (measured on the PCA pump's induction step: 2.9 s against 0.02 s). Identical
 * terms get one name.
 */
class TemplateEmitter implements Emitter {
  readonly lines: string[] = [];
  private n = 0;
  private readonly known = new Map<string, string>();
  name(term: string, sort: SmtSort, _hint: string): string {
    if (/^[^\s()]+$/.test(term)) return term; // a symbol or literal: nothing to name
    const hit = this.known.get(term);
    if (hit !== undefined) return hit;
    const id = `$t.${this.n++}`;
    this.known.set(term, id);
    this.define(id, sort, term);
    return id;
  }
  assert(term: string): void {
    this.lines.push(`(assert ${term})`);
  }
  define(name: string, sort: SmtSort, term: string): void {
    this.lines.push(`(declare-const ${name} ${sort})`, `(assert (= ${name} ${term}))`);
  }
}

function defaultScalar(t: IrType): number {
  const s = scalarOf(t);
  if (s.kind === "int") return s.lo <= 0 && 0 <= s.hi ? 0 : s.lo;
  return 0;
}

function initLits(t: IrType, v: IrValue | undefined): Val {
  const s = scalarOf(t);
  if (t.kind === "array") {
    return Array.from({ length: t.length }, (_, i) => lit(Array.isArray(v) ? (v[i] ?? defaultScalar(t)) : typeof v === "number" ? v : defaultScalar(t), s));
  }
  return lit(typeof v === "number" ? v : defaultScalar(t), s);
}

/** Does the program multiply two non-constant values (or divide by one)? */
export function nonlinear(prog: IrProgram): boolean {
  const ex = (e: IrExpr): boolean => {
    switch (e.k) {
      case "const":
      case "var":
        return false;
      case "index":
        return ex(e.index);
      case "unary":
        return ex(e.arg);
      case "binary":
        if ((e.op === "mul" && e.left.k !== "const" && e.right.k !== "const") || ((e.op === "div" || e.op === "rem") && e.right.k !== "const")) return true;
        return ex(e.left) || ex(e.right);
      case "ite":
        return ex(e.cond) || ex(e.then) || ex(e.else);
      case "array":
        return e.elements.some(ex);
    }
  };
  const st = (ss: readonly IrStmt[]): boolean =>
    ss.some((s) => {
      switch (s.s) {
        case "assign":
          return ex(s.value) || (s.target.index !== undefined && ex(s.target.index));
        case "if":
          return ex(s.cond) || st(s.then) || st(s.else);
        case "for":
          return st(s.body);
        case "assert":
          return ex(s.cond);
        case "endorse":
          return ex(s.value) || ex(s.valid) || ex(s.fallback);
        case "declassify":
          return ex(s.value);
      }
    });
  const props = prog.properties.some((q) => (q.kind === "invariant" ? ex(q.expr) : q.kind === "leadsTo" ? ex(q.trigger) || ex(q.response) : false));
  return props || prog.assumptions.some((a) => ex(a.expr)) || prog.tasks.some((t) => st(t.body));
}

/** Runtime-check targets: every IR assert, in program order (ids are unique). */
export function runtimeTargets(prog: IrProgram): SafetyTarget[] {
  const out: SafetyTarget[] = [];
  const seen = new Set<string>();
  const walk = (ss: readonly IrStmt[]): void => {
    for (const s of ss) {
      if (s.s === "assert" && !seen.has(s.id)) {
        seen.add(s.id);
        out.push({ name: s.id, kind: "runtime", span: s.span });
      } else if (s.s === "if") {
        walk(s.then);
        walk(s.else);
      } else if (s.s === "for") walk(s.body);
    }
  };
  for (const t of prog.tasks) walk(t.body);
  return out;
}

export function buildTemplate(prog: IrProgram, targets: readonly SafetyTarget[]): TsTemplate {
  const em = new TemplateEmitter();
  const stateVars: { name: string; sort: SmtSort }[] = [];
  const init = new Map<string, string>();
  const ranges: string[] = [];
  const globals = [...prog.state, ...prog.outputs];
  const gtype = new Map<string, IrType>(globals.map((g) => [g.name, g.type]));

  const declare = (name: string, t: IrType, initial: Val): Val => {
    const s = sortOf(scalarOf(t));
    const one = (n: string, v: string): string => {
      stateVars.push({ name: n, sort: s });
      init.set(n, v);
      ranges.push(rangeOf(n, scalarOf(t)));
      return n;
    };
    if (typeof initial === "string") return one(name, initial);
    return initial.map((v, i) => one(`${name}.${i}`, v));
  };
  const intVar = (name: string, initial: number, lo: number, hi: number): string => {
    stateVars.push({ name, sort: "Int" });
    init.set(name, intLit(initial));
    ranges.push(`(and (<= ${intLit(lo)} ${name}) (<= ${name} ${intLit(hi)}))`);
    return name;
  };

  // Frame j.
  const vis = new Map<string, Val>();
  for (const g of globals) vis.set(g.name, declare(`$s.v.${g.name}`, g.type, initLits(g.type, g.init)));
  const pend = new Map<string, string>();
  const sched = new Map<string, string>();
  const buf = new Map<string, Map<string, Val>>();
  const structural: string[] = [];
  // A task that publishes at the next tick (d = 1) never has a write pending at a frame boundary:
  // its counter is 0 and its buffer is the visible state, so neither is a state variable. A task
  // released at every tick (period 1, or an irq line with a minimum inter-arrival of 1 tick) has a
  // constant scheduler counter.
  const stateless = new Set<string>();
  for (const t of prog.tasks) {
    const d = t.publishDelayTicks;
    if (d === 1) stateless.add(t.name);
    const p = d === 1 ? "0" : intVar(`$s.p.${t.name}`, 0, 0, d);
    pend.set(t.name, p);
    if (t.kind === "periodic" && (t.periodTicks ?? 1) === 1) {
      sched.set(t.name, "0");
    } else if (t.kind === "irq" && (t.miatTicks ?? 1) === 1) {
      sched.set(t.name, "1");
    } else if (t.kind === "periodic") {
      const P = t.periodTicks ?? 1;
      const c = intVar(`$s.c.${t.name}`, t.offsetTicks, 0, Math.max(t.offsetTicks, P - 1));
      sched.set(t.name, c);
      // Released when c = 0, then c = P-1, P-2, ...; pending d-1, d-2, ..., 0 meanwhile.
      structural.push(`(or (= ${p} 0) (= ${p} (+ ${c} ${intLit(d - P)})))`);
    } else {
      const m = t.miatTicks ?? 1;
      const c = intVar(`$s.c.${t.name}`, m, 1, m);
      sched.set(t.name, c);
      // c counts the ticks since the last release (capped at m); pending max(0, d - c).
      structural.push(`(= ${p} (ite (>= ${c} ${d}) 0 (- ${d} ${c})))`);
    }
    const b = new Map<string, Val>();
    if (d === 1) {
      for (const x of t.writes) {
        const v = vis.get(x);
        if (v !== undefined) b.set(x, v);
      }
      buf.set(t.name, b);
      continue;
    }
    for (const x of t.writes) {
      const ty = gtype.get(x);
      const v = vis.get(x);
      if (!ty || v === undefined) continue;
      const bv = declare(`$s.b.${t.name}.${x}`, ty, initLits(ty, globals.find((g) => g.name === x)?.init));
      b.set(x, bv);
      // The only writer's last job has published: its buffer equals the visible value.
      const pairs = typeof bv === "string" ? [[bv, v as string]] : bv.map((e, i) => [e, (v as readonly string[])[i] ?? e]);
      structural.push(`(=> (= ${p} 0) ${and(pairs.map(([a, c]) => `(= ${a} ${c})`))})`);
    }
    buf.set(t.name, b);
  }
  const monitors = new Map<string, string>();
  for (const q of prog.properties) {
    if (q.kind !== "leadsTo" || !targets.some((t) => t.name === q.name)) continue;
    monitors.set(q.name, intVar(`$s.m.${q.name}`, -1, -1, q.withinTicks));
  }

  // Inputs of tick j: declarations, ranges, assumptions.
  const inputs: InputSymbol[] = [];
  const inEnv = new Map<string, Val>();
  const all: { name: string; type: IrType }[] = [
    ...prog.inputs.map((g) => ({ name: g.name, type: g.type })),
    ...prog.irqs.map((l) => ({ name: l.name, type: { kind: "bool" } as IrType })),
  ];
  for (const x of all) {
    const s = sortOf(scalarOf(x.type));
    const syms: string | string[] = x.type.kind === "array" ? Array.from({ length: x.type.length }, (_, i) => `$i.${x.name}.${i}`) : `$i.${x.name}`;
    for (const n of typeof syms === "string" ? [syms] : syms) {
      em.lines.push(`(declare-const ${n} ${s})`);
      const r = rangeOf(n, scalarOf(x.type));
      if (r !== "true") em.assert(r);
    }
    inputs.push({ name: x.name, type: x.type, symbols: syms });
    inEnv.set(x.name, syms);
  }
  for (const a of prog.assumptions) em.assert(exprTerm(prog, em, new Map(), inEnv, a.expr));

  // Observations on frame j with the inputs of tick j.
  const obs = (e: IrExpr): string => em.name(exprTerm(prog, em, vis, inEnv, e), "Bool", "obs");
  const viol = new Map<string, string>();
  const nextMon = new Map<string, string>();
  for (const q of prog.properties) {
    if (q.kind === "invariant" && targets.some((t) => t.name === q.name)) viol.set(q.name, `(not ${obs(q.expr)})`);
    if (q.kind === "leadsTo") {
      const m = monitors.get(q.name);
      if (m === undefined) continue;
      const P = obs(q.trigger);
      const Q = obs(q.response);
      // Age at tick j of the oldest trigger not answered before j (including one at j), or -1.
      const age = em.name(`(ite (>= ${m} 0) ${m} (ite ${P} 0 (- 1)))`, "Int", "age");
      viol.set(q.name, `(and (not ${Q}) (= ${age} ${q.withinTicks}))`);
      nextMon.set(q.name, `(ite ${Q} (- 1) (ite (>= ${age} 0) (ite (>= ${age} ${q.withinTicks}) ${q.withinTicks} (+ ${age} 1)) (- 1)))`);
    }
  }

  // One tick: runtime checks in execution order, with the "all earlier checks held" prefix.
  const checks: { id: string; ok: string }[] = [];
  const frame: CopyFrame = { vis, pend, buf, sched };
  const { next } = stepCopy(prog, em, frame, inEnv, {
    shared: () => undefined,
    check: (s, guard, cond) => {
      checks.push({ id: s.id, ok: em.name(guard === "true" ? cond : `(=> ${guard} ${cond})`, "Bool", "ok") });
    },
  });
  let prefix = "true";
  const occ = new Map<string, string[]>();
  for (const c of checks) {
    const list = occ.get(c.id) ?? [];
    list.push(prefix === "true" ? `(not ${c.ok})` : `(and ${prefix} (not ${c.ok}))`);
    occ.set(c.id, list);
    prefix = em.name(and([prefix, c.ok]), "Bool", "pre");
  }
  for (const t of targets) if (t.kind === "runtime") viol.set(t.name, or(occ.get(t.name) ?? []));

  targets.forEach((t, k) => em.define(`$o.v${k}`, "Bool", viol.get(t.name) ?? "false"));
  em.define("$o.allok", "Bool", prefix);
  em.define("$o.frame", "Bool", and([...ranges, ...structural]));

  // Frame j+1.
  const put = (name: string, v: Val | undefined, sort: SmtSort): void => {
    if (v === undefined || typeof v !== "string") throw new Error(`safety encoding: no next value for ${name}`);
    em.define(name.replace("$s.", "$n."), sort, v);
  };
  const sortOfVar = new Map(stateVars.map((v) => [v.name, v.sort]));
  const putVal = (cur: Val, nv: Val | undefined): void => {
    if (typeof cur === "string") put(cur, nv, sortOfVar.get(cur) ?? "Int");
    else cur.forEach((c, i) => put(c, nv === undefined ? undefined : typeof nv === "string" ? nv : nv[i], sortOfVar.get(c) ?? "Int"));
  };
  for (const g of globals) putVal(vis.get(g.name) ?? "", next.vis.get(g.name));
  for (const t of prog.tasks) {
    const c = sched.get(t.name) ?? "";
    if (c.startsWith("$s.")) put(c, next.sched.get(t.name), "Int");
    if (stateless.has(t.name)) continue;
    put(pend.get(t.name) ?? "", next.pend.get(t.name), "Int");
    for (const [x, v] of buf.get(t.name) ?? new Map<string, Val>()) putVal(v, next.buf.get(t.name)?.get(x));
  }
  for (const [name, m] of monitors) put(m, nextMon.get(name), "Int");

  const needsPrelude = em.lines.some((l) => l.includes("vg_t"));
  return { stateVars, init, inputs, lines: em.lines, targets, logic: needsPrelude || nonlinear(prog) ? "QF_NIA" : "QF_LIA", needsPrelude };
}
