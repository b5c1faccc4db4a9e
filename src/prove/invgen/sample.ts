/**
 * Reachable states for candidate mining, from the reference interpreter (no solver).
 *
 * Input: an IrProgram, the InvVars, and a budget of ticks.
 * Output: Samples: a list of concrete frames (one number per InvVar), all reachable from the initial
 * state by runs that respect the inputs' ranges and every assumption and have no runtime error.
 * Invariants:
 * - Runs use event-biased inputs: each run holds a "quiet" input row (every bool input and irq line
 *   false, the other inputs fixed) and replaces it with a random valid row after geometric gaps
 *   whose mean is, per run, 0, 1 or 2 ticks, or a fraction (1/100 to 2) of the longest time
 *   constant, or never, so that both busy phases and long idle stretches are visited.
 * - Tick-independent cost: after two quiet ticks that change the state by the same vector d, the
 *   run jumps to mem + m*d for the largest m (doubling, then bisection) at which a quiet tick still
 *   changes the state by exactly d, a few interpreter steps instead of m. A jump may land on a
 *   state that is not reachable (when the idle path is left and re-entered inside the stretch):
 *   samples guide mining only, so that costs at most a candidate, never soundness.
 * - Only the frames where the run bends are kept (the first and last frame of a run, and every frame
 *   whose change to the next differs from the change into it): between two bends every variable
 *   moves by a constant per tick, so every linear term is monotone there and its extremes, and the
 *   gcd of its values, are those of the kept frames. Mining needs no soundness (the solver checks
 *   every candidate), so a frame missed only costs solver time.
 * - A run stops at its first runtime error or broken assumption; frames after it are not reachable
 *   without an error and are never kept.
 */
import type { IrExpr, IrProgram, IrStmt, IrValue } from "../../ir/ir.js";
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

export interface SampleOptions {
  /** Interpreter steps over all runs (a jump over an idle stretch costs a few steps). */
  readonly ticks: number;
  readonly seed?: number;
}

/** Mean quiet gaps of the runs: in ticks, or as a fraction of the longest time constant L, or never. */
const GAPS: readonly { readonly ticks?: number; readonly ofL?: number }[] = [
  { ticks: 0 }, { ticks: 1 }, { ticks: 2 }, { ofL: 0.01 }, { ofL: 0.05 }, { ofL: 0.2 }, { ofL: 0.5 }, { ofL: 1 }, { ofL: 2 }, { ticks: Infinity },
];

export function sampleStates(prog: IrProgram, vars: readonly InvVar[], opts: SampleOptions): Samples {
  const c = compile(prog);
  const E: ErrBox = { task: -1, value: NaN, assume: -1 };
  const RL = new Uint8Array(prog.tasks.length);
  const fns = c.bind(E, () => undefined, RL);
  const broken = fns.assumptions.length > 0 ? (r: TickInputs) => brokenBy(fns, c.layout.inpSize, r) : () => false;
  const rows = inputRows(prog, opts.seed ?? 1, broken);
  if (rows.length === 0) return { frames: [], ticks: 0, runs: 0 };
  const loaded = rows.map((r) => {
    const I = new Float64Array(c.layout.inpSize);
    fns.load(I, r);
    return I;
  });
  const quiet = quietRow(prog, rows, broken);
  const quietI = new Float64Array(c.layout.inpSize);
  fns.load(quietI, quiet);
  const slots = vars.map((v) => {
    const name = v.element ? v.vgl.slice(0, v.vgl.indexOf("[")) : v.vgl;
    const slot = c.layout.visible.get(name);
    if (!slot) throw new Error(`invgen: no slot for ${v.vgl}`);
    const at = v.element ? Number(v.vgl.slice(v.vgl.indexOf("[") + 1, -1)) : 0;
    return slot.base + at;
  });
  const rnd = prng(opts.seed ?? 1);
  const L = Math.max(2, longestTicks(prog));
  const rec = new Recorder(slots);
  const perRun = Math.max(64, Math.floor(opts.ticks / GAPS.length));
  let steps = 0;
  let ticks = 0;
  for (const g of GAPS) {
    const mean = g.ticks ?? (g.ofL ?? 0) * L;
    let mem: Float64Array = c.initMem.slice();
    rec.start(mem);
    let t = 0;
    let budget = perRun;
    let quietLeft = wait(rnd, mean);
    let prev: Float64Array | undefined;
    while (budget > 0 && t < 64 * L) {
      const busy = quietLeft <= 0;
      const I = busy ? (loaded[Math.floor(rnd() * loaded.length)] ?? quietI) : quietI;
      if (busy) quietLeft = wait(rnd, mean);
      const before = mem.slice();
      const code = fns.tick(mem, I, t);
      budget--;
      steps++;
      t++;
      if (code >= 0 || code === -2) break; // runtime error or broken assumption: the run ends
      rec.frame(mem);
      if (!busy) quietLeft--;
      const d = delta(before, mem);
      // Two quiet ticks with the same change: jump over the idle stretch (see jumpIdle).
      if (!busy && prev !== undefined && same(d, prev) && quietLeft > 2) {
        if (d.every((x) => x === 0)) {
          quietLeft = 0; // a fixpoint under the quiet inputs: nothing more to see until the next event
          prev = undefined;
          continue;
        }
        const j = jumpIdle(fns.tick, mem, d, quietI, t, Math.min(quietLeft - 1, 64 * L - t));
        budget -= j.steps;
        steps += j.steps;
        if (j.m > 0) {
          mem = j.mem;
          t += j.m;
          quietLeft -= j.m;
          rec.frame(mem, true);
        }
      }
      prev = busy ? undefined : d;
    }
    ticks += t;
    rec.end();
  }
  void steps;
  return { frames: thin(rec.frames, MAX_FRAMES), ticks, runs: GAPS.length };
}

/** Frames kept for mining (distinct; beyond that, an even spread, always with the first). */
const MAX_FRAMES = 12_000;

function thin(frames: readonly Float64Array[], max: number): Float64Array[] {
  const seen = new Set<string>();
  const out: Float64Array[] = [];
  for (const f of frames) {
    const k = f.join(",");
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  if (out.length <= max) return out;
  const step = out.length / max;
  return Array.from({ length: max }, (_, i) => out[Math.floor(i * step)]!);
}

/** Quiet ticks before the next busy one: geometric with the given mean (0: every tick busy). */
export function wait(rnd: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (!Number.isFinite(mean)) return Infinity;
  const p = 1 / (mean + 1);
  return Math.floor(Math.log(1 - rnd()) / Math.log(1 - p));
}

export function longestTicks(prog: IrProgram): number {
  let us = 0;
  for (const k of prog.consts) if (typeof k.value === "number" && k.type.kind === "int" && k.type.unit === "time") us = Math.max(us, k.value);
  let span = 0;
  for (const g of [...prog.state, ...prog.outputs]) {
    const t = g.type.kind === "array" ? g.type.elem : g.type;
    if (t.kind !== "int") continue;
    if (t.unit === "time") us = Math.max(us, Math.min(t.hi, 1e12));
    else span = Math.max(span, Math.min(t.hi - t.lo, 1e6));
  }
  return Math.max(span, Math.ceil(us / Math.max(1, prog.device.tickUs)));
}

function delta(a: Float64Array, b: Float64Array): Float64Array {
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = (b[i] ?? 0) - (a[i] ?? 0);
  return d;
}

function shifted(mem: Float64Array, d: Float64Array, m: number): Float64Array {
  const out = new Float64Array(mem.length);
  for (let i = 0; i < mem.length; i++) out[i] = (mem[i] ?? 0) + m * (d[i] ?? 0);
  return out;
}

/**
 * The largest m <= max (found by doubling, then bisection) such that one quiet tick from mem + m*d
 * still changes the state by exactly d without an error: the idle path is taken at both ends of the
 * stretch. Returns mem + m*d (a guess at a reachable frame: mining only, never a proof).
 */
function jumpIdle(
  tick: (m: Float64Array, I: Float64Array, t: number) => number,
  mem: Float64Array,
  d: Float64Array,
  I: Float64Array,
  t: number,
  max: number,
): { m: number; mem: Float64Array; steps: number } {
  let steps = 0;
  const ok = (m: number): boolean => {
    const s = shifted(mem, d, m);
    const before = s.slice();
    steps++;
    const code = tick(s, I, t + m);
    return code < 0 && code !== -2 && same(delta(before, s), d);
  };
  let lo = 0;
  let hi = 1;
  while (hi <= max && ok(hi)) {
    lo = hi;
    hi *= 2;
  }
  hi = Math.min(hi, max + 1);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return { m: lo, mem: shifted(mem, d, lo), steps };
}

/** Keeps the first and last frame of each run and every frame where the run bends. */
class Recorder {
  readonly frames: Float64Array[] = [];
  private prev: Float64Array | undefined;
  private prevDelta: Float64Array | undefined;
  private lastKept: Float64Array | undefined;
  constructor(private readonly slots: readonly number[]) {}
  start(mem: Float64Array): void {
    this.prev = read(mem, this.slots);
    this.prevDelta = undefined;
    this.keep(this.prev);
  }
  frame(mem: Float64Array, force = false): void {
    const cur = read(mem, this.slots);
    const p = this.prev;
    if (!p) return this.start(mem);
    const d = new Float64Array(cur.length);
    for (let i = 0; i < cur.length; i++) d[i] = (cur[i] ?? 0) - (p[i] ?? 0);
    if (force || this.prevDelta === undefined || !same(d, this.prevDelta)) {
      if (this.lastKept !== p) this.keep(p);
      this.keep(cur);
    }
    this.prevDelta = force ? undefined : d;
    this.prev = cur;
  }
  end(): void {
    if (this.prev && this.lastKept !== this.prev) this.keep(this.prev);
  }
  private keep(f: Float64Array): void {
    this.frames.push(f);
    this.lastKept = f;
  }
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

/**
 * Valid input rows: 128 from the simulator's random generator, `biased` more (default 128) biased
 * towards the program's integer literals and constants (and their neighbours; time values also
 * in seconds, milliseconds and ticks), where validators and guards sit, so that endorsed values
 * and rare branches are sampled too.
 */
export function inputRows(prog: IrProgram, seed: number, broken: (r: TickInputs) => boolean, biased = 128): TickInputs[] {
  const r = randomInputs(prog, 128, seed);
  const rows = r.ok ? [...r.inputs] : [];
  if (rows.length === 0) return rows;
  const lits = literalsOf(prog);
  const rnd = prng(seed + 7);
  const pick = (lo: number, hi: number): number => {
    const near = lits.filter((x) => x >= lo - 1 && x <= hi + 1);
    const u = rnd();
    if (near.length > 0 && u < 0.6) {
      const x = (near[Math.floor(rnd() * near.length)] ?? lo) + (u < 0.4 ? 0 : u < 0.5 ? 1 : -1);
      return Math.max(lo, Math.min(hi, x));
    }
    return u < 0.7 ? lo : u < 0.8 ? hi : lo + Math.floor(rnd() * (hi - lo + 1));
  };
  for (let n = 0, tries = 0; n < biased && tries < 32 * biased; tries++) {
    const row: Record<string, IrValue> = { ...(rows[tries % rows.length] ?? {}) };
    for (const g of prog.inputs) {
      const t = g.type.kind === "array" ? g.type.elem : g.type;
      if (t.kind !== "int") continue;
      row[g.name] = g.type.kind === "array" ? Array.from({ length: g.type.length }, () => pick(t.lo, t.hi)) : pick(t.lo, t.hi);
    }
    if (broken(row)) continue;
    rows.push(row);
    n++;
  }
  return rows;
}

function literalsOf(prog: IrProgram): number[] {
  const out = new Set<number>();
  const ex = (e: IrExpr): void => {
    if (e.k === "const") out.add(e.value);
    else if (e.k === "index") ex(e.index);
    else if (e.k === "unary") ex(e.arg);
    else if (e.k === "binary") (ex(e.left), ex(e.right));
    else if (e.k === "ite") (ex(e.cond), ex(e.then), ex(e.else));
    else if (e.k === "array") e.elements.forEach(ex);
  };
  const st = (ss: readonly IrStmt[]): void => {
    for (const s of ss) {
      if (s.s === "assign") ex(s.value);
      else if (s.s === "if") (ex(s.cond), st(s.then), st(s.else));
      else if (s.s === "for") st(s.body);
      else if (s.s === "endorse") (ex(s.value), ex(s.valid), ex(s.fallback));
    }
  };
  for (const t of prog.tasks) st(t.body);
  for (const a of prog.assumptions) ex(a.expr);
  for (const k of prog.consts) if (typeof k.value === "number") out.add(k.value);
  // A time literal also in seconds, milliseconds and ticks: an input typed as a count of seconds
  // (`key_lock * 1 s >= LOCK_MIN`) is compared with a constant kept in microseconds.
  for (const x of [...out]) {
    for (const u of [1e6, 1e3, prog.device.tickUs]) if (u > 1 && x % u === 0 && x !== 0) out.add(x / u);
  }
  return [...out];
}

export function brokenBy(fns: { load: (I: Float64Array, r: TickInputs) => void; assumptions: readonly ((I: Float64Array) => number)[] }, size: number, r: TickInputs): boolean {
  const I = new Float64Array(size);
  fns.load(I, r);
  return fns.assumptions.some((f) => f(I) === 0);
}

/** Every bool input and irq line false, the other inputs as in the first valid row. */
export function quietRow(prog: IrProgram, rows: readonly TickInputs[], broken: (r: TickInputs) => boolean): TickInputs {
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
