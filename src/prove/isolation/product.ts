/**
 * The self-composed product for one `noninterference A -> B` property, printed as SMT-LIB queries.
 *
 * Input: an IrProgram, one IrProperty of kind "noninterference", a query kind, a depth K and
 * optionally a set of candidate equalities (candidates()) already proved invariant of the product.
 * Output: SMT-LIB text for the queries of the relational proof (engine.ts):
 *   - "bmc" K:  both copies from the initial state, K ticks, protected observables different at some
 *     frame 1..K (sat = a two-run counterexample; frame 0 is the common initial state);
 *   - "step" K: both copies from an arbitrary (range-respecting) frame, the relational invariant Eq
 *     at frames 0..K-1 and not at frame K (unsat = Eq is K-inductive);
 *   - "base" K: both copies from the initial state, Eq (or the `target` equalities) fails somewhere
 *     in frames 0..K-1;
 *   - "houdini": both copies from an arbitrary frame where the hypothesis equalities (`target`) hold,
 *     one tick; some hypothesis fails at frame 1 (unsat = the hypothesis is 1-inductive; sat: each
 *     non-trivial hypothesis has a Bool flag in `checks` whose model value says whether it held);
 *   - "vacuity", "init", "trans": no property (the assumptions, the initial state, one tick);
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
 * - Sharing: every frame symbol of copy 2 is declared (the Horn encoding needs both copies' frames),
 *   but where copy 2's value is the same term as copy 1's, or the equality is assumed at that frame
 *   (the `invariant` set at every frame; Eq at frames 0..K-1 of "step"; the hypothesis at frame 0 of
 *   "houdini"), copy 2 computes on copy 1's symbol, with the equality asserted. Named terms are
 *   hash-consed, so whatever domain A cannot influence is one shared term in both copies and its
 *   equality is syntactically true: the solver only sees where the copies may differ. An assumed
 *   unary candidate (`kN:...`: copy N's value is its initial value) substitutes the literal. This is
 *   sound because every substitution is backed by an asserted (or definitional) equality.
 * - FrameSymbols.P is over the declared symbols (never substituted), for the Horn query clause.
 */
import type { IrProgram, IrProperty, IrStmt, IrType, IrValue } from "../../ir/ir.js";
import { PRELUDE, and, intLit, lit, rangeOf, scalarOf, sortOf, type Val } from "../../smt/text.js";
import { inputExprTerm, stepCopy, type CopyFrame, type Emitter, type PointPolicy } from "../../smt/symexec.js";

export type NiProperty = Extract<IrProperty, { kind: "noninterference" }>;
export type QueryKind = "bmc" | "step" | "base" | "vacuity" | "init" | "trans" | "houdini";

export interface InputVar {
  readonly name: string;
  readonly type: IrType;
  /** Scalar: one symbol; array: one per element. */
  readonly symbols: Val;
}

export interface FrameSymbols {
  /** Declared symbols of both copies' frame (copy 1 first), in a fixed order, with their sorts. */
  readonly vars: readonly { readonly name: string; readonly sort: "Bool" | "Int" }[];
  /** Protected observables equal in both copies (P) at this frame, over the declared symbols. */
  readonly P: string;
}

export interface ProductQuery {
  readonly smtlib: string;
  /** The same text as `smtlib` without the prelude, one command per entry (for the Horn encoding). */
  readonly commands: readonly string[];
  readonly frames: readonly FrameSymbols[];
  /** inputs[copy 0|1][frame] = the symbols of every input and irq line of that tick. */
  readonly inputs: readonly (readonly (readonly InputVar[])[])[];
  /** "houdini": the flag of every hypothesis whose frame-1 equality is not syntactically true. */
  readonly checks: readonly { readonly id: string; readonly flag: string }[];
}

export interface ProductInfo {
  readonly protectedNames: readonly string[];
  readonly sharedInputs: ReadonlySet<string>;
}

export interface QueryOptions {
  /** Candidate equalities proved invariant of the product (from the initial state): assumed at every frame. */
  readonly invariant?: ReadonlySet<string>;
  /** "houdini": the hypothesis; "base": the equalities checked (default Eq). */
  readonly target?: ReadonlySet<string>;
}

/** One scalar equality: between the copies (a global or array element, a buffered write, a pending
 * counter or a scheduler counter), or, with `copy` set, between that copy's value and its initial
 * value (ids `k1:...`, `k2:...`; globals and buffered writes only). */
export interface Candidate {
  readonly id: string;
  /** A readable name: `x`, `x[3]`, `pending write of x by t`, ... */
  readonly label: string;
  /** Unary candidates: the copy (0 or 1) whose value stays at `init`. */
  readonly copy?: 0 | 1;
  get(f: CopyFrame): string | undefined;
}

class TextEmitter implements Emitter {
  readonly lines: string[] = [];
  private n = 0;
  private readonly names = new Map<string, string>();
  private readonly asserted = new Set<string>();
  name(term: string, sort: "Bool" | "Int"): string {
    if (/^[A-Za-z0-9_.]+$/.test(term) || /^\(- \d+\)$/.test(term)) return term;
    const known = this.names.get(term);
    if (known !== undefined) return known;
    const id = `vg${this.n++}`;
    this.names.set(term, id);
    // A constant and an equation, not a define-fun: z3 prints every define-fun of the script, fully
    // expanded, in its model (megabytes for the larger models, and most of the time of a sat answer).
    this.lines.push(`(declare-const ${id} ${sort})`, `(assert (= ${id} ${term}))`);
    return id;
  }
  assert(term: string): void {
    if (term === "true" || this.asserted.has(term)) return;
    this.asserted.add(term);
    this.lines.push(`(assert ${term})`);
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

function elem(v: Val | undefined, i: number | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (i === undefined) return typeof v === "string" ? v : undefined;
  return typeof v === "string" ? undefined : v[i];
}

/** Every equality the relational invariant may contain, in a fixed order. */
export function candidates(prog: IrProgram): Candidate[] {
  const out: Candidate[] = [];
  const elems = (t: IrType): (number | undefined)[] => (t.kind === "array" ? Array.from({ length: t.length }, (_, i) => i) : [undefined]);
  const sfx = (i: number | undefined): string => (i === undefined ? "" : `[${i}]`);
  const gtype = new Map<string, IrType>([...prog.state, ...prog.outputs].map((g) => [g.name, g.type]));
  for (const g of [...prog.state, ...prog.outputs]) {
    for (const i of elems(g.type)) out.push({ id: `vis:${g.name}${sfx(i)}`, label: `${g.name}${sfx(i)}`, get: (f) => elem(f.vis.get(g.name), i) });
  }
  for (const t of prog.tasks) {
    out.push({ id: `pend:${t.name}`, label: `the publication counter of ${t.name}`, get: (f) => f.pend.get(t.name) });
    out.push({ id: `sched:${t.name}`, label: `the release counter of ${t.name}`, get: (f) => f.sched.get(t.name) });
    for (const x of t.writes) {
      const ty = gtype.get(x);
      if (!ty) continue;
      for (const i of elems(ty)) {
        out.push({ id: `buf:${t.name}:${x}${sfx(i)}`, label: `the pending write of ${x}${sfx(i)} by ${t.name}`, get: (f) => elem(f.buf.get(t.name)?.get(x), i) });
      }
    }
  }
  // Unary: each copy's global or buffered write keeps its initial value.
  for (const c of [...out]) {
    if (!c.id.startsWith("vis:") && !c.id.startsWith("buf:")) continue;
    for (const k of [0, 1] as const) out.push({ id: `k${k + 1}:${c.id}`, label: `${c.label} (run ${k + 1}) stays at its initial value`, copy: k, get: c.get });
  }
  return out;
}

/** The ids of Eq (see the header) and of P. */
export function eqIds(prog: IrProgram, prop: NiProperty): { eq: ReadonlySet<string>; p: ReadonlySet<string> } {
  const info = productInfo(prog, prop);
  const prot = new Set(info.protectedNames);
  const shared = new Set(prog.tasks.filter((t) => t.kind === "periodic" || domainOfInput(prog, t.irq ?? "") !== prop.from).map((t) => t.name));
  const p = new Set<string>();
  const eq = new Set<string>();
  for (const c of candidates(prog)) {
    if (c.copy !== undefined) continue;
    const [kind, a, b] = c.id.split(":");
    const base = (s: string | undefined): string => (s ?? "").replace(/\[\d+\]$/, "");
    if (kind === "vis" && prot.has(base(a))) (p.add(c.id), eq.add(c.id));
    else if ((kind === "pend" || kind === "sched") && shared.has(a ?? "")) eq.add(c.id);
    else if (kind === "buf" && shared.has(a ?? "") && prot.has(base(b))) eq.add(c.id);
  }
  return { eq, p };
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

interface Frames {
  /** Declared symbols. */
  readonly raw: CopyFrame;
  /** What the copy computes on (copy 2: copy 1's symbol where the two are equal). */
  readonly used: CopyFrame;
}

export function buildQuery(prog: IrProgram, prop: NiProperty, kind: QueryKind, K: number, opts: QueryOptions = {}): ProductQuery {
  const em = new TextEmitter();
  em.lines.push(PRELUDE.trimEnd());
  const info = productInfo(prog, prop);
  const globals = [...prog.state, ...prog.outputs];
  const gtype = new Map<string, IrType>(globals.map((g) => [g.name, g.type]));
  const fromInit = kind !== "step" && kind !== "trans" && kind !== "houdini";
  const frames = kind === "base" ? Math.max(0, K - 1) : kind === "init" ? 0 : kind === "trans" || kind === "houdini" ? 1 : K;
  const bLevel = prog.domains.find((d) => d.name === prop.to)?.confidentiality ?? 0;
  const cands = candidates(prog);
  const byId = new Map(cands.map((c) => [c.id, c]));
  const { eq: EQ, p: PIDS } = eqIds(prog, prop);
  const inv = opts.invariant ?? new Set<string>();
  const none = new Set<string>();
  const union = (a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> => new Set([...a, ...b]);
  const assumeAt = (j: number): ReadonlySet<string> => {
    if (kind === "houdini") return j === 0 ? (opts.target ?? none) : none;
    if (kind === "step") return j < K ? union(inv, EQ) : inv;
    if (kind === "vacuity") return none;
    return inv;
  };

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

  const frameVars: { name: string; sort: "Bool" | "Int" }[][] = [];
  /**
   * Declares frame j of copy c (constrained to `value` when given). For copy 2, `other` is copy 1's
   * frame j (declared symbols and the value they were set to).
   */
  const declareFrame = (c: number, j: number, value: CopyFrame | undefined, other?: { used: CopyFrame; value: CopyFrame | undefined }): Frames => {
    const p = `c${c + 1}.f${j}`;
    const fv = (frameVars[j] ??= []);
    const assume = assumeAt(j);
    const slot = (id: string, name: string, sort: "Bool" | "Int", val: string | undefined, oUsed: string | undefined, oVal: string | undefined, init: string | undefined): [string, string] => {
      em.declare(name, sort);
      fv.push({ name, sort });
      if (val !== undefined) em.assert(`(= ${name} ${val})`);
      if (init !== undefined && assume.has(`k${c + 1}:${id}`)) {
        em.assert(`(= ${name} ${init})`);
        return [name, init];
      }
      if (oUsed === undefined) return [name, name];
      if (assume.has(id)) {
        em.assert(`(= ${name} ${oUsed})`);
        return [name, oUsed];
      }
      if (val !== undefined && val === oVal) return [name, oUsed];
      return [name, name];
    };
    const valSlot = (id: string, name: string, t: IrType, val: Val | undefined, oUsed: Val | undefined, oVal: Val | undefined, init: Val | undefined): [Val, Val] => {
      const s = sortOf(scalarOf(t));
      if (t.kind !== "array") return slot(id, name, s, elem(val, undefined), elem(oUsed, undefined), elem(oVal, undefined), elem(init, undefined));
      const raws: string[] = [];
      const useds: string[] = [];
      for (let i = 0; i < t.length; i++) {
        const [r, u] = slot(`${id}[${i}]`, `${name}.${i}`, s, elem(val, i), elem(oUsed, i), elem(oVal, i), elem(init, i));
        raws.push(r);
        useds.push(u);
      }
      return [raws, useds];
    };
    const raw = { vis: new Map<string, Val>(), pend: new Map<string, string>(), buf: new Map<string, Map<string, Val>>(), sched: new Map<string, string>() };
    const used = { vis: new Map<string, Val>(), pend: new Map<string, string>(), buf: new Map<string, Map<string, Val>>(), sched: new Map<string, string>() };
    for (const g of globals) {
      const [r, u] = valSlot(`vis:${g.name}`, `${p}.${g.name}`, g.type, value?.vis.get(g.name), other?.used.vis.get(g.name), other?.value?.vis.get(g.name), init0.vis.get(g.name));
      raw.vis.set(g.name, r);
      used.vis.set(g.name, u);
    }
    for (const t of prog.tasks) {
      const [pr, pu] = slot(`pend:${t.name}`, `${p}.pend.${t.name}`, "Int", value?.pend.get(t.name), other?.used.pend.get(t.name), other?.value?.pend.get(t.name), undefined);
      raw.pend.set(t.name, pr);
      used.pend.set(t.name, pu);
      const [sr, su] = slot(`sched:${t.name}`, `${p}.sched.${t.name}`, "Int", value?.sched.get(t.name), other?.used.sched.get(t.name), other?.value?.sched.get(t.name), undefined);
      raw.sched.set(t.name, sr);
      used.sched.set(t.name, su);
      const rb = new Map<string, Val>();
      const ub = new Map<string, Val>();
      for (const x of t.writes) {
        const ty = gtype.get(x);
        if (!ty) continue;
        const [r, u] = valSlot(`buf:${t.name}:${x}`, `${p}.buf.${t.name}.${x}`, ty, value?.buf.get(t.name)?.get(x), other?.used.buf.get(t.name)?.get(x), other?.value?.buf.get(t.name)?.get(x), init0.buf.get(t.name)?.get(x));
        rb.set(x, r);
        ub.set(x, u);
      }
      raw.buf.set(t.name, rb);
      used.buf.set(t.name, ub);
    }
    return { raw, used };
  };

  const initFrame = (): CopyFrame => {
    const vis = new Map<string, Val>(globals.map((g) => [g.name, initVal(g.type, g.init)]));
    const pend = new Map(prog.tasks.map((t) => [t.name, "0"]));
    const buf = new Map(prog.tasks.map((t) => [t.name, new Map<string, Val>(t.writes.flatMap((x) => (vis.has(x) ? [[x, vis.get(x) as Val]] : [])))]));
    const sched = new Map(prog.tasks.map((t) => [t.name, t.kind === "periodic" ? intLit(t.offsetTicks) : intLit(t.miatTicks ?? 1)]));
    return { vis, pend, buf, sched };
  };

  const init0 = initFrame();

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

  const copies: Frames[][] = [[], []];
  {
    const v0 = fromInit ? initFrame() : undefined;
    const a = declareFrame(0, 0, v0);
    const b = declareFrame(1, 0, v0 ? initFrame() : undefined, { used: a.used, value: v0 });
    for (const [c, f] of [a, b].entries()) {
      if (!fromInit) frameRanges(f.used);
      copies[c]?.push(f);
    }
  }
  for (let j = 0; j < frames; j++) {
    const next: CopyFrame[] = [];
    for (const c of [0, 1]) {
      const cur = copies[c]?.[j];
      const row = inputs[c]?.[j];
      if (!cur || !row) throw new Error("isolation: frame bookkeeping");
      const env = new Map<string, Val>(row.map((x) => [x.name, x.symbols]));
      next.push(stepCopy(prog, em, cur.used, env, policyFor(j)).next);
    }
    const a = declareFrame(0, j + 1, next[0]);
    const b = declareFrame(1, j + 1, next[1], { used: a.used, value: next[0] });
    copies[0]?.push(a);
    copies[1]?.push(b);
  }

  const eqTerm = (id: string, j: number, which: "raw" | "used"): string => {
    const c = byId.get(id);
    const a = c?.copy === undefined ? copies[0]?.[j]?.[which] : copies[c.copy]?.[j]?.[which];
    const b = c?.copy === undefined ? copies[1]?.[j]?.[which] : init0;
    if (!a || !b || !c) return "true";
    const x = c.get(a);
    const y = c.get(b);
    if (x === undefined || y === undefined || x === y) return "true";
    return `(= ${x} ${y})`;
  };
  const conj = (ids: ReadonlySet<string>, j: number, which: "raw" | "used" = "used"): string => and([...ids].map((id) => eqTerm(id, j, which)));

  const checks: { id: string; flag: string }[] = [];
  if (kind === "bmc") {
    // Some frame 1..K diverges (the replay finds the first one).
    const all: string[] = [];
    for (let j = 1; j <= K; j++) all.push(conj(PIDS, j));
    em.assert(`(not ${and(all)})`);
  } else if (kind === "step") {
    for (let j = 0; j < K; j++) em.assert(conj(EQ, j));
    em.assert(`(not ${conj(EQ, K)})`);
  } else if (kind === "base") {
    const all: string[] = [];
    for (let j = 0; j < K; j++) all.push(conj(opts.target ?? EQ, j));
    em.assert(`(not ${and(all)})`);
  } else if (kind === "houdini") {
    for (const id of opts.target ?? none) {
      const t = eqTerm(id, 1, "used");
      if (t === "true") continue;
      const flag = `hc.${checks.length}`;
      em.declare(flag, "Bool");
      em.assert(`(= ${flag} ${t})`);
      checks.push({ id, flag });
    }
    em.assert(`(not ${and(checks.map((c) => c.flag))})`);
  } // "vacuity", "init", "trans": no property, only the initial/arbitrary states, assumptions and ticks
  const framesOut: FrameSymbols[] = frameVars.map((vars, j) => ({ vars, P: conj(PIDS, j, "raw") }));
  return { smtlib: em.lines.join("\n") + "\n", commands: em.lines.slice(1), frames: framesOut, inputs, checks };
}
