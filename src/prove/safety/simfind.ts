/**
 * The simulation falsifier ("sim"): event-biased random runs through the reference interpreter,
 * before any solver query, for the bugs that sit thousands of ticks deep behind long quiet
 * stretches (a pacemaker that paces 2 ms late after a second of silence), where BMC cannot reach
 * and accelerated BMC needs many frames.
 *
 * Input: the program, its safety targets, the indices of the open ones, and a budget counted in
 * interpreter ticks (never in time, so the outcome does not depend on machine load).
 * Output: per target the interpreter shows violated, a `falsified` verdict (engine "sim") whose
 * trace was shortened and replayed again through the interpreter, and the figures of the search.
 * Invariants:
 * - Every run starts from the initial state and uses only valid input rows: each is within the
 *   declared ranges and satisfies every assumption (rows that break one are never used; a run that
 *   breaks one anyway ends there). A run ends at its first runtime error.
 * - Runs follow the invariant sampler's event model (src/prove/invgen/sample.ts): a quiet row (every
 *   bool input and irq line false) replaced by a random valid row after geometric gaps whose mean is,
 *   per run, never, a fraction of the longest time constant L, or 0 to 2 ticks; or a rhythm, one
 *   valid row every p ticks (p near a time constant of the model, or log-uniform). Seeds are fixed.
 * - Shortening deletes events (busy rows become quiet), then whole ticks, greedily, halves first (ddmin), while the
 *   interpreter still shows the target violated, then cuts the trace after the violation. Its work
 *   is bounded in ticks too. The result is a real run, but not known to be the shortest: the
 *   verdict says so.
 * - Nothing is ever proved here; a target the runs do not violate stays open.
 */
import type { IrProgram } from "../../ir/ir.js";
import type { TickInputs } from "../../interp/index.js";
import { compile, type ErrBox } from "../../interp/machine.js";
import { prng } from "../../sim/random.js";
import type { SafetyTarget } from "../../smt/transition.js";
import type { Verdict } from "../verdict.js";
import { brokenBy, inputRows, longestTicks, quietRow, wait } from "../invgen/sample.js";
import { replay, traceSteps } from "./replay.js";

export interface SimFindOptions {
  /** Interpreter ticks for the search (default 400 000). */
  readonly ticks?: number;
  /** Interpreter ticks for shortening one counterexample (default 400 000). */
  readonly shrinkTicks?: number;
  readonly seed?: number;
}

export interface SimFound {
  readonly k: number;
  readonly verdict: Extract<Verdict, { status: "falsified" }>;
}

export interface SimFindResult {
  readonly found: readonly SimFound[];
  readonly runs: number;
  readonly ticks: number;
}

/**
 * The runs' event patterns, cycled: geometric gaps (mean never, a fraction of L, or 0 to 2 ticks),
 * or a rhythm: one input row repeated every p ticks (a heart rate, a patient pressing a button),
 * p near one of the model's time constants or log-uniform in [2, L].
 */
type Pattern = { readonly mean: number } | { readonly rhythm: "constant" | "any"; readonly noise?: number };
const PATTERNS: readonly Pattern[] = [
  { mean: Infinity }, { rhythm: "constant" }, { mean: 1 }, { rhythm: "any" }, { mean: 0.5 }, { rhythm: "constant", noise: 0.5 },
  { mean: 0.2 }, { rhythm: "any" }, { mean: 0.05 }, { rhythm: "constant" }, { mean: 0.01 }, { rhythm: "constant", noise: 2 },
];
/** Most runs of one search: runs that stop at once (a runtime error at tick 0) must not spin. */
const MAX_RUNS = 10_000;
/** Dense gaps (in ticks, not fractions of L), after the first cycle. */
const DENSE = [2, 1, 0];

/** A run: the quiet row except at the event ticks, where one of the valid rows is used. */
interface Run {
  readonly events: Map<number, number>;
}

export function simFalsify(prog: IrProgram, targets: readonly SafetyTarget[], ids: readonly number[], opts: SimFindOptions = {}): SimFindResult {
  const want = new Map<string, number>();
  for (const k of ids) {
    const t = targets[k];
    if (t) want.set(t.name, k);
  }
  if (want.size === 0) return { found: [], runs: 0, ticks: 0 };
  const c = compile(prog);
  const E: ErrBox = { task: -1, value: NaN, assume: -1 };
  let hits = new Map<string, number>();
  const fns = c.bind(
    E,
    (pi, tick) => {
      const name = c.monitored[pi]?.name;
      if (name !== undefined && want.has(name) && !hits.has(name)) hits.set(name, tick);
    },
    new Uint8Array(prog.tasks.length),
  );
  const broken = fns.assumptions.length > 0 ? (r: TickInputs) => brokenBy(fns, c.layout.inpSize, r) : () => false;
  const seed = opts.seed ?? 1;
  const rows = inputRows(prog, seed, broken, 512);
  if (rows.length === 0) return { found: [], runs: 0, ticks: 0 };
  const quiet = quietRow(prog, rows, broken);
  const load = (r: TickInputs): Float64Array => {
    const I = new Float64Array(c.layout.inpSize);
    fns.load(I, r);
    return I;
  };
  const loaded = rows.map(load);
  const quietI = load(quiet);
  const consts = timeConstants(prog);
  const L = Math.min(Math.max(2, consts.length > 0 ? Math.max(...consts) : longestTicks(prog)), 1_000_000);
  const runLength = 4 * L + 64;
  const rnd = prng(seed + 11);
  let budget = opts.ticks ?? 400_000;
  const shrinkBudget = opts.shrinkTicks ?? 400_000;
  let runs = 0;
  let spent = 0;
  const found: SimFound[] = [];
  for (let g = 0; budget > 0 && want.size > 0 && runs < MAX_RUNS; g++) {
    const pat = g >= PATTERNS.length && g % 4 === 3 ? { mean: DENSE[(g >> 2) % DENSE.length]! / L } : PATTERNS[g % PATTERNS.length]!;
    const pick = (): number => Math.floor(rnd() * loaded.length);
    // A rhythm repeats one row every `period` ticks; otherwise each event draws a row.
    const period = "rhythm" in pat ? rhythmPeriod(pat.rhythm, consts, L, rnd) : 0;
    const fixed = pick();
    const mean = "mean" in pat ? pat.mean * L : 0;
    const next = (): number => (period > 0 ? period - 1 : wait(rnd, mean));
    // A noisy rhythm also draws a random row after geometric gaps (mean `noise` × L).
    const noise = "noise" in pat && pat.noise !== undefined ? pat.noise * L : Infinity;
    let noiseLeft = wait(rnd, noise);
    const run: Run = { events: new Map() };
    hits = new Map();
    const mem = c.initMem.slice();
    let quietLeft = period > 0 ? Math.floor(rnd() * period) : next();
    const len = Math.min(runLength, budget);
    runs++;
    let now = 0;
    let ran = 0; // ticks executed, the one that ended the run included (so every run costs >= 1)
    for (; now < len; now++) {
      ran++;
      let I = quietI;
      if (quietLeft <= 0) {
        const j = period > 0 ? fixed : pick();
        I = loaded[j] ?? quietI;
        run.events.set(now, j);
        quietLeft = next();
      } else quietLeft--;
      if (noiseLeft <= 0) {
        const j = pick();
        I = loaded[j] ?? quietI;
        run.events.set(now, j);
        noiseLeft = wait(rnd, noise);
      } else noiseLeft--;
      const code = fns.tick(mem, I, now);
      if (code === -2) break;
      if (code >= 0) {
        const id = c.asserts[code]?.id;
        if (id !== undefined && want.has(id) && !hits.has(id)) hits.set(id, now);
        break;
      }
    }
    budget -= ran;
    spent += ran;
    for (const [name, tick] of [...hits].sort((a, b) => a[1] - b[1])) {
      const k = want.get(name);
      if (k === undefined) continue;
      const shrunk = shrink(prog, name, run, tick, rows, quiet, shrinkBudget);
      const full = replay(prog, inputsOf(shrunk.seq, rows, quiet));
      const shown = full.broken ? undefined : full.shown.get(name);
      if (!shown || shown.tick !== shrunk.seq.length - 1) continue; // cannot happen: every step was replayed
      const t = targets[k]!;
      found.push({
        k,
        verdict: {
          status: "falsified",
          engine: "sim",
          tick: shown.tick,
          trace: traceSteps(prog, full.sim, shown.tick),
          at: t.span,
          explanation: `${shown.message} (found by simulation and shortened; not known to be the shortest trace)`,
          replayed: true,
        },
      });
      want.delete(name);
    }
  }
  return { found, runs, ticks: spent };
}

/** The model's time constants in ticks (at least 2), without duplicates, ascending. */
function timeConstants(prog: IrProgram): number[] {
  const tk = Math.max(1, prog.device.tickUs);
  const out = new Set<number>();
  for (const k of prog.consts) {
    if (typeof k.value !== "number" || k.type.kind !== "int" || k.type.unit !== "time") continue;
    const n = Math.round(k.value / tk);
    if (n >= 2 && n <= 10_000_000) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/** A rhythm's period: a time constant scaled by 0.5 to 1.1 (or one tick off it), or log-uniform in [2, L]. */
function rhythmPeriod(kind: "constant" | "any", consts: readonly number[], L: number, rnd: () => number): number {
  if (kind === "constant" && consts.length > 0) {
    const c = consts[Math.floor(rnd() * consts.length)]!;
    const f = [0.5, 0.7, 0.9, 1, 1.1][Math.floor(rnd() * 5)]!;
    const off = [-1, 0, 1][Math.floor(rnd() * 3)]!;
    return Math.max(1, Math.round(c * f) + off);
  }
  return Math.max(1, Math.round(Math.exp(Math.log(2) + rnd() * (Math.log(Math.max(3, L)) - Math.log(2)))));
}

function inputsOf(seq: readonly number[], rows: readonly TickInputs[], quiet: TickInputs): TickInputs[] {
  return seq.map((j) => (j < 0 ? quiet : (rows[j] ?? quiet)));
}

/**
 * Shortens a violating run while the interpreter still shows `name` violated (at any tick): first
 * deletes events (a busy row becomes quiet), then deletes whole ticks (rows), in chunks of half the
 * candidates first, then smaller (ddmin); each accepted step also cuts the trace after the
 * violation. `budget` bounds the replayed ticks.
 */
function shrink(
  prog: IrProgram,
  name: string,
  run: Run,
  tick: number,
  rows: readonly TickInputs[],
  quiet: TickInputs,
  budget: number,
): { seq: number[]; work: number } {
  let seq: number[] = Array.from({ length: tick + 1 }, (_, t) => run.events.get(t) ?? -1);
  let work = 0;
  const accept = (cand: number[]): boolean => {
    work += cand.length;
    const r = replay(prog, inputsOf(cand, rows, quiet), false);
    const s = r.broken ? undefined : r.shown.get(name);
    if (!s) return false;
    seq = cand.slice(0, s.tick + 1);
    return true;
  };
  // Events: positions of busy rows; a chunk of them becomes quiet.
  ddmin(() => seq.flatMap((j, t) => (j >= 0 ? [t] : [])), (drop) => accept(seq.map((j, t) => (drop.has(t) ? -1 : j))), () => work < budget);
  // Ticks: a chunk of rows is deleted (the rest of the run moves earlier).
  ddmin(() => seq.map((_, t) => t), (drop) => accept(seq.filter((_, t) => !drop.has(t))), () => work < budget);
  return { seq, work };
}

/** Greedy chunked deletion: chunks of half the items, then halved down to single items. */
function ddmin(items: () => number[], without: (drop: ReadonlySet<number>) => boolean, more: () => boolean): void {
  let chunk = Math.max(1, Math.ceil(items().length / 2));
  for (;;) {
    const xs = items();
    if (xs.length === 0 || !more()) return;
    chunk = Math.min(chunk, Math.max(1, Math.ceil(xs.length / 2)));
    let removed = false;
    for (let i = xs.length - chunk; i > -chunk && more(); i -= chunk) {
      if (without(new Set(xs.slice(Math.max(0, i), i + chunk)))) {
        removed = true;
        break;
      }
    }
    if (!removed) {
      if (chunk === 1) return;
      chunk = Math.max(1, Math.floor(chunk / 2));
    }
  }
}
