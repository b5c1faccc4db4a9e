/**
 * The self-composed product for one `noninterference A -> B` property, printed as SMT-LIB queries.
 *
 * Input: an IrProgram and one IrProperty of kind "noninterference".
 * Output: SMT-LIB text for the three queries of the relational k-induction (engine.ts):
 *   - "bmc" K:  both copies from the initial state, K ticks, protected observables different at some
 *     frame 1..K (sat = a two-run counterexample; frame 0 is the common initial state);
 *   - "step" K: both copies from an arbitrary (range-respecting) frame, the relational invariant Eq
 *     at frames 0..K-1 and not at frame K (unsat = Eq is K-inductive);
 *   - "base" K: both copies from the initial state, Eq fails somewhere in frames 0..K-1;
 * plus the decoding table for the inputs of each copy and frame.
 * Invariants (docs/semantics.md sections 4-5):
 * - Frame j of a copy is its visible state after the publish step of tick j (what is observed at
 *   tick j), plus the pending publications and scheduler counters.
 * - The copies read the same variables for every input and irq line whose domain is not A, and
 *   independent variables for those of domain A. Assumptions constrain every copy's inputs.
 * - Exceptions: for integrity, every endorse result is one value per occurrence and tick shared by
 *   both copies, equal to the fallback or to a value that passed the validator in each copy that
 *   executes it; for confidentiality, every declassify to a level not above B's is one shared value
 *   equal to the declassified expression in each copy that executes it.
 * - Runtime checks are assumed on the paths that reach them (runtime errors are separate obligations).
 * - Protected observables P: B's state and outputs. Eq: P plus the pending buffers of B's globals,
 *   every pending counter and the scheduler counters of tasks not triggered by A's irq lines.
 */
import type { IrProgram, IrProperty, IrStmt, IrType, IrValue } from "../../ir/ir.js";
import { PRELUDE, and, eqVal, intLit, lit, rangeOf, scalarOf, sortOf, type Val } from "../../smt/text.js";
import { inputExprTerm, stepCopy, type CopyFrame, type Emitter, type PointPolicy } from "../../smt/symexec.js";

export type NiProperty = Extract<IrProperty, { kind: "noninterference" }>;
export type QueryKind = "bmc" | "step" | "base" | "vacuity" | "init" | "trans";

export interface InputVar {
  readonly name: string;
  readonly type: IrType;
  /** Scalar: one symbol; array: one per element. */
  readonly symbols: Val;
}

export interface FrameSymbols {
  /** Declared symbols of both copies' frame (copy 1 first), in a fixed order, with their sorts. */
  readonly vars: readonly { readonly name: string; readonly sort: "Bool" | "Int" }[];
  /** Protected observables equal in both copies (P) at this frame. */
  readonly P: string;
}

export interface ProductQuery {
  readonly smtlib: string;
  /** The same text as `smtlib` without the prelude, one command per entry (for the Horn encoding). */
  readonly commands: readonly string[];
  readonly frames: readonly FrameSymbols[];
  /** inputs[copy 0|1][frame] = the symbols of every input and irq line of that tick. */
  readonly inputs: readonly (readonly (readonly InputVar[])[])[];
}

export interface ProductInfo {
  readonly protectedNames: readonly string[];
  readonly sharedInputs: ReadonlySet<string>;
}

class TextEmitter implements Emitter {
  readonly lines: string[] = [];
  private n = 0;
  name(term: string, sort: "Bool" | "Int"): string {
    if (/^[A-Za-z0-9_.]+$/.test(term) || /^\(- \d+\)$/.test(term)) return term;
    const id = `vg${this.n++}`;
    this.lines.push(`(define-fun ${id} () ${sort} ${term})`);
    return id;
  }
  assert(term: string): void {
    if (term !== "true") this.lines.push(`(assert ${term})`);
  }
  declare(name: string, sort: "Bool" | "Int"): void {
    this.lines.push(`(declare-const ${name} ${sort})`);
  }
}

function domainOfInput(prog: IrProgram, name: string): string {
  return prog.inputs.find((g) => g.name === name)?.domain ?? prog.irqs.find((l) => l.name === name)?.domain ?? "";
}

export function productInfo(prog: IrProgram, prop: NiProperty): ProductInfo {
  const protectedNames = [...prog.state, ...prog.outputs].filter((g) => g.domain === prop.to).map((g) => g.name);
  const sharedInputs = new Set(
    [...prog.inputs.map((g) => g.name), ...prog.irqs.map((l) => l.name)].filter((n) => domainOfInput(prog, n) !== prop.from),
  );
  return { protectedNames, sharedInputs };
}

function defaultScalar(t: IrType): number {
  const s = scalarOf(t);
  return s.kind === "int" ? Math.max(s.lo, Math.min(s.hi, 0)) : 0;
}

function initVal(t: IrType, v: IrValue | undefined): Val {
  const s = scalarOf(t);
  if (t.kind === "array") {
    return Array.from({ length: t.length }, (_, i) => lit(Array.isArray(v) ? (v[i] ?? defaultScalar(t)) : typeof v === "number" ? v : defaultScalar(t), s));
  }
  return lit(typeof v === "number" ? v : defaultScalar(t), s);
}

export function buildQuery(prog: IrProgram, prop: NiProperty, kind: QueryKind, K: number): ProductQuery {
  const em = new TextEmitter();
  em.lines.push(PRELUDE.trimEnd());
  const info = productInfo(prog, prop);
  const globals = [...prog.state, ...prog.outputs];
  const gtype = new Map<string, IrType>(globals.map((g) => [g.name, g.type]));
  const fromInit = kind !== "step" && kind !== "trans";
  const frames = kind === "base" ? Math.max(0, K - 1) : kind === "init" ? 0 : kind === "trans" ? 1 : K;
  const bLevel = prog.domains.find((d) => d.name === prop.to)?.confidentiality ?? 0;

  const declareVal = (name: string, t: IrType): Val => {
    const s = sortOf(scalarOf(t));
    if (t.kind === "array") {
      return Array.from({ length: t.length }, (_, i) => {
        em.declare(`${name}.${i}`, s);
        return `${name}.${i}`;
      });
    }
    em.declare(name, s);
    return name;
  };
  const rangeVal = (v: Val, t: IrType): string => and((typeof v === "string" ? [v] : v).map((x) => rangeOf(x, scalarOf(t))));

  // Inputs of every tick 0..K (tick K's inputs let the replay run the divergent tick's row).
  const inputs: InputVar[][][] = [[], []];
  const allInputs: { name: string; type: IrType }[] = [
    ...prog.inputs.map((g) => ({ name: g.name, type: g.type })),
    ...prog.irqs.map((l) => ({ name: l.name, type: { kind: "bool" } as IrType })),
  ];
  for (let j = 0; j <= K; j++) {
    for (const c of [0, 1]) {
      const row: InputVar[] = [];
      for (const inp of allInputs) {
        const shared = info.sharedInputs.has(inp.name);
        const name = shared ? `in.f${j}.${inp.name}` : `c${c + 1}.in.f${j}.${inp.name}`;
        const symbols = shared && c === 1 ? (inputs[0]?.[j]?.find((x) => x.name === inp.name)?.symbols ?? name) : declareVal(name, inp.type);
        if (!(shared && c === 1)) em.assert(rangeVal(symbols, inp.type));
        row.push({ name: inp.name, type: inp.type, symbols });
      }
      (inputs[c] ??= []).push(row);
      const env = new Map<string, Val>(row.map((x) => [x.name, x.symbols]));
      for (const a of prog.assumptions) em.assert(inputExprTerm(prog, em, env, a.expr));
    }
  }

  // Frame 0.
  const frameVars: { name: string; sort: "Bool" | "Int" }[][] = [];
  const declareFrame = (c: number, j: number, value?: CopyFrame): CopyFrame => {
    const p = `c${c + 1}.f${j}`;
    const fv = (frameVars[j] ??= []);
    const rec = (v: Val, sort: "Bool" | "Int"): void => {
      for (const x of typeof v === "string" ? [v] : v) fv.push({ name: x, sort });
    };
    const vis = new Map<string, Val>();
    for (const g of globals) {
      const v = declareVal(`${p}.${g.name}`, g.type);
      rec(v, sortOf(scalarOf(g.type)));
      vis.set(g.name, v);
      if (value) em.assert(eqVal(v, value.vis.get(g.name) ?? v));
    }
    const pend = new Map<string, string>();
    const buf = new Map<string, Map<string, Val>>();
    const sched = new Map<string, string>();
    for (const t of prog.tasks) {
      const pn = `${p}.pend.${t.name}`;
      em.declare(pn, "Int");
      rec(pn, "Int");
      pend.set(t.name, pn);
      const sn = `${p}.sched.${t.name}`;
      em.declare(sn, "Int");
      rec(sn, "Int");
      sched.set(t.name, sn);
      const b = new Map<string, Val>();
      for (const x of t.writes) {
        const ty = gtype.get(x);
        if (!ty) continue;
        const v = declareVal(`${p}.buf.${t.name}.${x}`, ty);
        rec(v, sortOf(scalarOf(ty)));
        b.set(x, v);
        if (value) em.assert(eqVal(v, value.buf.get(t.name)?.get(x) ?? v));
      }
      buf.set(t.name, b);
      if (value) {
        em.assert(`(= ${pn} ${value.pend.get(t.name) ?? "0"})`);
        em.assert(`(= ${sn} ${value.sched.get(t.name) ?? "0"})`);
      }
    }
    return { vis, pend, buf, sched };
  };

  const initFrame = (): CopyFrame => {
    const vis = new Map<string, Val>(globals.map((g) => [g.name, initVal(g.type, g.init)]));
    const pend = new Map(prog.tasks.map((t) => [t.name, "0"]));
    const buf = new Map(prog.tasks.map((t) => [t.name, new Map<string, Val>(t.writes.flatMap((x) => (vis.has(x) ? [[x, vis.get(x) as Val]] : [])))]));
    const sched = new Map(prog.tasks.map((t) => [t.name, t.kind === "periodic" ? intLit(t.offsetTicks) : intLit(t.miatTicks ?? 1)]));
    return { vis, pend, buf, sched };
  };

  const frameRanges = (f: CopyFrame): void => {
    for (const g of globals) em.assert(rangeVal(f.vis.get(g.name) ?? "0", g.type));
    for (const t of prog.tasks) {
      const pn = f.pend.get(t.name) ?? "0";
      em.assert(`(and (<= 0 ${pn}) (<= ${pn} ${t.publishDelayTicks}))`);
      const sn = f.sched.get(t.name) ?? "0";
      const hi = t.kind === "periodic" ? Math.max(t.offsetTicks, (t.periodTicks ?? 1) - 1) : (t.miatTicks ?? 1);
      em.assert(`(and (<= 0 ${sn}) (<= ${sn} ${hi}))`);
      for (const [x, v] of f.buf.get(t.name) ?? new Map<string, Val>()) em.assert(rangeVal(v, gtype.get(x) ?? { kind: "bool" }));
    }
  };

  const declaredShared = new Set<string>();
  const policyFor = (j: number): PointPolicy => ({
    shared(k: "endorse" | "declassify", s: Extract<IrStmt, { s: "endorse" | "declassify" }>, n: number, sort: "Bool" | "Int"): string | undefined {
      const active =
        k === "endorse" ? prop.flavor === "integrity" : prop.flavor === "confidentiality" && s.s === "declassify" && s.toLevel <= bLevel;
      if (!active) return undefined;
      const name = `sh.f${j}.${k}${n}`;
      if (!declaredShared.has(name)) {
        declaredShared.add(name);
        em.declare(name, sort);
      }
      return name;
    },
  });

  const copies: CopyFrame[][] = [[], []];
  for (const c of [0, 1]) {
    const f0 = declareFrame(c, 0, fromInit ? initFrame() : undefined);
    if (!fromInit) frameRanges(f0);
    (copies[c] ??= []).push(f0);
  }
  for (let j = 0; j < frames; j++) {
    for (const c of [0, 1]) {
      const cur = copies[c]?.[j];
      const row = inputs[c]?.[j];
      if (!cur || !row) throw new Error("isolation: frame bookkeeping");
      const env = new Map<string, Val>(row.map((x) => [x.name, x.symbols]));
      const { next } = stepCopy(prog, em, cur, env, policyFor(j));
      copies[c]?.push(declareFrame(c, j + 1, next));
    }
  }

  const tasksShared = prog.tasks.filter((t) => t.kind === "periodic" || domainOfInput(prog, t.irq ?? "") !== prop.from);
  const P = (j: number): string => {
    const a = copies[0]?.[j];
    const b = copies[1]?.[j];
    if (!a || !b) return "true";
    return and(info.protectedNames.map((n) => eqVal(a.vis.get(n) ?? "0", b.vis.get(n) ?? "0")));
  };
  const Eq = (j: number): string => {
    const a = copies[0]?.[j];
    const b = copies[1]?.[j];
    if (!a || !b) return "true";
    const parts = [P(j)];
    for (const t of tasksShared) {
      parts.push(`(= ${a.pend.get(t.name)} ${b.pend.get(t.name)})`, `(= ${a.sched.get(t.name)} ${b.sched.get(t.name)})`);
      for (const x of t.writes) {
        if (!info.protectedNames.includes(x)) continue;
        parts.push(eqVal(a.buf.get(t.name)?.get(x) ?? "0", b.buf.get(t.name)?.get(x) ?? "0"));
      }
    }
    return and(parts);
  };

  if (kind === "bmc") {
    // Some frame 1..K diverges (the replay finds the first one).
    const all: string[] = [];
    for (let j = 1; j <= K; j++) all.push(P(j));
    em.assert(`(not ${and(all)})`);
  } else if (kind === "step") {
    for (let j = 0; j < K; j++) em.assert(Eq(j));
    em.assert(`(not ${Eq(K)})`);
  } else if (kind === "base") {
    const all: string[] = [];
    for (let j = 0; j < K; j++) all.push(Eq(j));
    em.assert(`(not ${and(all)})`);
  } // "vacuity", "init", "trans": no property, only the initial/arbitrary states, assumptions and ticks
  const framesOut: FrameSymbols[] = frameVars.map((vars, j) => ({ vars, P: P(j) }));
  return { smtlib: em.lines.join("\n") + "\n", commands: em.lines.slice(1), frames: framesOut, inputs };
}

