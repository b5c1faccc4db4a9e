/**
 * Reachable states for candidate mining, from the reference interpreter (no solver).
 *
 * Input: an IrProgram, the InvVars, and a budget of ticks.
 * Output: Samples: a list of concrete frames (one number per InvVar), all reachable from the initial
 * state by runs that respect the inputs' ranges and every assumption and have no runtime error.
 * Invariants:
 * - Runs use event-biased inputs: each run holds a "quiet" input row (every bool input and irq line
 *   false, the other inputs fixed) and replaces it, at each tick, with a random valid row with a
 *   per-run probability (from 1/2 down to 1/100 000 per tick, and never), so that both busy phases
 *   and long idle stretches (timers running up to their limits) are visited.
 * - Only the frames where the run bends are kept (the first and last frame of a run, and every frame
 *   whose change to the next differs from the change into it): between two bends every variable
 *   moves by a constant per tick, so every linear term is monotone there and its extremes, and the
 *   gcd of its values, are those of the kept frames. Mining needs no soundness (the solver checks
 *   every candidate), so a frame missed only costs solver time.
 * - A run stops at its first runtime error or broken assumption; frames after it are not reachable
 *   without an error and are never kept.
 */
import type { IrProgram, IrValue } from "../../ir/ir.js";
import { compile, type ErrBox } from "../../interp/machine.js";
import { loadValue } from "../../interp/layout.js";
import type { TickInputs } from "../../interp/index.js";
import { prng } from "../../sim/random.js";
import { randomInputs } from "../../sim/random.js";
import type { InvVar } from "./vars.js";

export interface Samples {
  /** Frames, each one value per InvVar (by InvVar.idx). */
  readonly frames: readonly Float64Array[];
  /** Ticks simulated in all. */
  readonly ticks: number;
  readonly runs: number;
}

/** Per-tick probability of a non-quiet input row, per run. */
const RATES = [0.5, 0.2, 0.05, 0.01, 1e-3, 1e-4, 1e-5, 0];

export interface SampleOptions {
  /** Total ticks over all runs. */
  readonly ticks: number;
  readonly seed?: number;
}

export function sampleStates(prog: IrProgram, vars: readonly InvVar[], opts: SampleOptions): Samples {
  const c = compile(prog);
  const E: ErrBox = { task: -1, value: NaN, assume: -1 };
  const RL = new Uint8Array(prog.tasks.length);
  const fns = c.bind(E, () => undefined, RL);
  const rows = inputRows(prog, opts.seed ?? 1);
  if (rows.length === 0) return { frames: [], ticks: 0, runs: 0 };
  const loaded = rows.map((r) => {
    const I = new Float64Array(c.layout.inpSize);
    fns.load(I, r);
    return I;
  });
  const quiet = quietRow(prog, rows, fns.assumptions.length > 0 ? (r) => brokenBy(fns, c.layout.inpSize, r) : () => false);
  const quietI = new Float64Array(c.layout.inpSize);
  fns.load(quietI, quiet);
  const slots = vars.map((v) => {
    const name = v.element ? v.vgl.slice(0, v.vgl.indexOf("[")) : v.vgl;
    const slot = c.layout.visible.get(name);
    if (!slot) throw new Error(`invgen: no slot for ${v.vgl}`);
    const at = v.element ? Number(v.vgl.slice(v.vgl.indexOf("[") + 1, -1)) : 0;
    return slot.base + at;
  });
  void loadValue;
  const rnd = prng(opts.seed ?? 1);
  const frames: Float64Array[] = [];
  const n = vars.length;
  const perRun = Math.max(16, Math.floor(opts.ticks / RATES.length));
  let ticks = 0;
  for (const rate of RATES) {
    const mem = c.initMem.slice();
    let prev = read(mem, slots);
    let prevDelta: Float64Array | undefined;
    frames.push(prev);
    let last = prev;
    for (let t = 0; t < perRun; t++) {
      const I = rate > 0 && rnd() < rate ? (loaded[Math.floor(rnd() * loaded.length)] ?? quietI) : quietI;
      const code = fns.tick(mem, I, t);
      ticks++;
      if (code >= 0 || code === -2) break; // runtime error or broken assumption: the run ends
      const cur = read(mem, slots);
      const delta = new Float64Array(n);
      for (let i = 0; i < n; i++) delta[i] = (cur[i] ?? 0) - (prev[i] ?? 0);
      if (prevDelta === undefined || !same(delta, prevDelta)) {
        if (last !== prev) frames.push(prev);
        frames.push(cur);
        last = cur;
      }
      prevDelta = delta;
      prev = cur;
    }
    if (last !== prev) frames.push(prev);
  }
  return { frames, ticks, runs: RATES.length };
}

function read(mem: Float64Array, slots: readonly number[]): Float64Array {
  const out = new Float64Array(slots.length);
  for (let i = 0; i < slots.length; i++) out[i] = mem[slots[i] ?? 0] ?? 0;
  return out;
}

function same(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function inputRows(prog: IrProgram, seed: number): TickInputs[] {
  const r = randomInputs(prog, 64, seed);
  return r.ok ? r.inputs : [];
}

function brokenBy(fns: { load: (I: Float64Array, r: TickInputs) => void; assumptions: readonly ((I: Float64Array) => number)[] }, size: number, r: TickInputs): boolean {
  const I = new Float64Array(size);
  fns.load(I, r);
  return fns.assumptions.some((f) => f(I) === 0);
}

/** Every bool input and irq line false, the other inputs as in the first valid row. */
function quietRow(prog: IrProgram, rows: readonly TickInputs[], broken: (r: TickInputs) => boolean): TickInputs {
  const first = rows[0] ?? {};
  const q: Record<string, IrValue> = { ...first };
  for (const g of prog.inputs) {
    const s = g.type.kind === "array" ? g.type.elem : g.type;
    if (s.kind !== "bool") continue;
    q[g.name] = g.type.kind === "array" ? Array.from({ length: g.type.length }, () => 0) : 0;
  }
  for (const l of prog.irqs) q[l.name] = 0;
  return broken(q) ? first : q;
}
