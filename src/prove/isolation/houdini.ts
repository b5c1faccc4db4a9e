/**
 * Houdini on the product: the largest set of candidate equalities (product.ts `candidates`: between
 * the two copies, every global and array element, buffered write, pending and release counter; and
 * in each copy, every global and buffered write equal to its initial value) that holds initially
 * and is preserved by one tick.
 *
 * Input: an IrProgram, one noninterference property, a SolverDriver, a deadline and a cancel signal.
 * Output: the set of candidate ids proved to be an invariant of the product, with solver time and
 * the number of queries; or the empty set (and a note) when a query was inconclusive.
 * Invariants:
 * - Start from every candidate not refuted by concrete runs of the interpreter (refutedByRuns: unary
 *   candidates only, see there). The refutation loop is the shared one (src/prove/houdini.ts, also
 *   used by invariant generation for safety). Ask "houdini": H at an arbitrary (range-respecting) frame, one
 *   tick, some member of H false afterwards. sat: drop every member the model shows false (at least
 *   one, or give up) and repeat; unsat: H is 1-inductive. Then "base": H fails in the initial state
 *   (it never does: both copies start equal; asked anyway); unsat: H holds in every reachable state.
 * - The result is the greatest 1-inductive subset of the candidates (the union of inductive sets of
 *   equalities is inductive, and a dropped member is false after a step from a state satisfying a
 *   superset of the result). It is only returned after both unsat answers; a solver unknown, a
 *   timeout or a model that cannot be read yields the empty set, which is always sound.
 * - This is the relational invariant "derived from the dependency information" that the static flow
 *   check approximates: what domain A cannot influence stays equal in both runs.
 */
import type { IrProgram, IrType, IrValue } from "../../ir/ir.js";
import { simulate, type TickInputs } from "../../interp/index.js";
import { parseModel } from "../../solver/model-parse.js";
import type { SolverAnswer, SolverDriver } from "../../solver/types.js";
import { houdini as refine, type HoudiniAnswer } from "../houdini.js";
import { buildQuery, candidates, type NiProperty } from "./product.js";
import { prng } from "../../sim/random.js";

export interface HoudiniResult {
  readonly invariant: ReadonlySet<string>;
  /** False when a query was inconclusive (the invariant is then empty). */
  readonly conclusive: boolean;
  readonly rounds: number;
  readonly solverMs: number;
  readonly queries: number;
  readonly note?: string;
}


/**
 * Unary candidates refuted by concrete runs: a global (element) of a run of the interpreter, with
 * random in-range inputs, that leaves its initial value at a tick the run reaches without a broken
 * assumption or a runtime error. Sound to drop: that run, paired with itself (both copies take the
 * same inputs, so their endorse and declassify results agree), is a behaviour of the product, so
 * "copy N keeps x's initial value" is no invariant of it; nor is it for x's buffered write by its
 * one writer task, whose value was published at that tick. Relational candidates are left to the
 * solver (two random runs need not agree on their endorse results).
 */
export function refutedByRuns(prog: IrProgram, runs = 6, ticks = 48): Set<string> {
  const rnd = prng(0x5eed);
  const pick = (t: IrType): number => {
    const s = t.kind === "array" ? t.elem : t;
    const [lo, hi] = s.kind === "bool" ? [0, 1] : s.kind === "enum" ? [0, s.members.length - 1] : [s.lo, s.hi];
    const r = rnd();
    // Mostly uniform, sometimes an end of the range (where the guards of a model usually sit).
    return r < 0.15 ? lo : r < 0.3 ? hi : lo + Math.floor(rnd() * (hi - lo + 1));
  };
  const out = new Set<string>();
  const writer = new Map<string, string>();
  for (const t of prog.tasks) for (const x of t.writes) writer.set(x, t.name);
  const init = new Map<string, IrValue>();
  for (const g of [...prog.state, ...prog.outputs]) {
    const s = g.type.kind === "array" ? g.type.elem : g.type;
    const d = s.kind === "int" ? Math.max(s.lo, Math.min(s.hi, 0)) : 0;
    init.set(g.name, g.type.kind === "array" ? Array.from({ length: g.type.length }, (_, i) => (Array.isArray(g.init) ? (g.init[i] ?? d) : typeof g.init === "number" ? g.init : d)) : typeof g.init === "number" ? g.init : d);
  }
  const drop = (name: string, i: number | undefined): void => {
    const sfx = i === undefined ? "" : `[${i}]`;
    for (const k of ["k1", "k2"]) {
      out.add(`${k}:vis:${name}${sfx}`);
      const w = writer.get(name);
      if (w !== undefined) out.add(`${k}:buf:${w}:${name}${sfx}`);
    }
  };
  for (let r = 0; r < runs; r++) {
    const trace: TickInputs[] = Array.from({ length: ticks }, () => {
      const row: Record<string, IrValue> = {};
      for (const g of prog.inputs) row[g.name] = g.type.kind === "array" ? Array.from({ length: g.type.length }, () => pick(g.type)) : pick(g.type);
      for (const l of prog.irqs) row[l.name] = rnd() < 0.5 ? 1 : 0;
      return row;
    });
    let sim;
    try {
      sim = simulate(prog, trace, ticks);
    } catch {
      continue; // an interpreter failure refutes nothing
    }
    const stop = Math.min(sim.rows.length, sim.runtimeError ? sim.runtimeError.tick : Number.POSITIVE_INFINITY);
    for (let k = 0; k < stop; k++) {
      const row = sim.rows[k];
      if (!row) break;
      for (const [name, v0] of init) {
        const v = row.state[name] ?? row.outputs[name];
        if (v === undefined) continue;
        if (typeof v === "number") {
          if (v !== v0) drop(name, undefined);
        } else if (Array.isArray(v0)) v.forEach((x, i) => x !== v0[i] && drop(name, i));
      }
    }
  }
  return out;
}

export async function houdini(
  prog: IrProgram,
  prop: NiProperty,
  opts: { readonly solver: SolverDriver; readonly left: () => number; readonly signal?: AbortSignal; readonly unary?: boolean },
): Promise<HoudiniResult> {
  const refuted = opts.unary ? refutedByRuns(prog) : new Set<string>();
  const ids = candidates(prog)
    .filter((c) => (opts.unary ?? false) || c.copy === undefined)
    .map((c) => c.id)
    .filter((id) => !refuted.has(id));
  let solverMs = 0;
  let queries = 0;
  const ask = async (smtlib: string, getModel: boolean): Promise<SolverAnswer | undefined> => {
    const budget = opts.left();
    if (budget <= 0) return undefined;
    queries++;
    const a = await opts.solver.check({ smtlib, timeoutMs: budget, mode: "check", getModel, ...(opts.signal ? { signal: opts.signal } : {}) });
    solverMs += a.timeMs;
    return a;
  };
  // The shared refutation loop (src/prove/houdini.ts) over indices into `ids`.
  const step = await refine(ids.map((_, i) => i), async (active): Promise<HoudiniAnswer> => {
    const H = new Set(active.map((i) => ids[i]!));
    const q = buildQuery(prog, prop, "houdini", 1, { target: H });
    const a = await ask(q.smtlib, true);
    if (!a) return { kind: "unknown", reason: "time budget exhausted" };
    if (a.status === "unknown") return { kind: "unknown", reason: `solver: ${a.reason}` };
    if (a.status === "unsat") return { kind: "holds" };
    const m = parseModel(a.model ?? "");
    const dropped = new Set(
      q.checks
        .filter((c) => {
          const v = m.get(c.flag);
          return !(v?.kind === "bool" && v.value);
        })
        .map((c) => c.id),
    );
    return { kind: "fails", failing: active.filter((i) => dropped.has(ids[i]!)) };
  });
  const fail = (note: string, rounds: number): HoudiniResult => ({ invariant: new Set(), conclusive: false, rounds, solverMs, queries, note });
  if (!step.conclusive) return fail(step.reason === "a counter-model that refutes no candidate" ? "the solver's model shows no failing equality" : (step.reason ?? "inconclusive"), step.rounds);
  // H is preserved by every tick; check that it holds initially.
  const H = new Set(step.kept.map((i) => ids[i]!));
  const b = buildQuery(prog, prop, "base", 1, { target: H });
  const ab = await ask(b.smtlib, false);
  if (!ab) return fail("time budget exhausted", step.rounds);
  if (ab.status !== "unsat") return fail(ab.status === "unknown" ? `solver: ${ab.reason}` : "the candidate equalities fail initially", step.rounds);
  return { invariant: H, conclusive: true, rounds: step.rounds, solverMs, queries };
}

/** A readable summary of an equality invariant: the globals it covers, then counts of the rest. */
export function describeInvariant(prog: IrProgram, inv: ReadonlySet<string>, max = 24): string {
  const cs = candidates(prog).filter((c) => inv.has(c.id));
  const names = (prefix: string): string[] => {
    const out: string[] = [];
    for (const g of [...prog.state, ...prog.outputs]) {
      const mine = cs.filter((c) => c.id === `${prefix}${g.name}` || c.id.startsWith(`${prefix}${g.name}[`));
      if (mine.length === 0) continue;
      // Arrays whose every element is covered are shown once.
      if (g.type.kind === "array" && mine.length === g.type.length) out.push(g.name);
      else out.push(...mine.map((c) => c.id.slice(prefix.length + g.name.length)).map((sfx) => `${g.name}${sfx}`));
    }
    return out;
  };
  const list = (xs: string[]): string => (xs.length > max ? [...xs.slice(0, max), `... (${xs.length - max} more)`] : xs).join(", ");
  const equal = names("vis:");
  const constant = names("k1:vis:").filter((n) => names("k2:vis:").includes(n));
  const rest = cs.filter((c) => !c.id.startsWith("vis:") && !c.id.startsWith("k1:vis:") && !c.id.startsWith("k2:vis:")).length;
  const parts = [`the two runs agree on ${list(equal) || "no global"}`];
  if (constant.length > 0) parts.push(`${list(constant)} keep their initial values`);
  if (rest > 0) parts.push(`${rest} equalities of pending writes and task counters hold`);
  return parts.join("; ");
}
