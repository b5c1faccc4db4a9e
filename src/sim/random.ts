/**
 * Random input traces (`vigil sim --random --seed S`) that respect types and assumptions.
 *
 * Input: an IrProgram, a number of ticks and a seed (integer or string).
 * Output: TickInputs per tick, or a VG5005 diagnostic when no input satisfying every assumption
 * was found at some tick after MAX_TRIES samples.
 * Invariants: deterministic for a given program, seed and tick count (mulberry32 PRNG); every
 * value lies in its input's declared type; ranges are first narrowed by the simple bounds that the
 * assumptions state (`x <= c`, `c < x`, ... in conjunctions), then each tick is rejection-sampled
 * against all assumptions. One sample in eight takes an end point of the range, so boundaries
 * are exercised; irq lines fire with probability 1/4.
 */
import { diag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrExpr, IrProgram, IrScalarType, IrValue } from "../ir/ir.js";
import { createMachine, type TickInputs } from "../interp/index.js";

export const MAX_TRIES = 10_000;

export function seedOf(seed: string | number): number {
  if (typeof seed === "number" && Number.isInteger(seed)) return seed >>> 0;
  let h = 2166136261;
  for (const ch of String(seed)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, deterministic PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Bounds = Map<string, { lo: number; hi: number }>;

/** Narrow input bounds from conjunctions of `input op const` in an assumption. */
function narrow(e: IrExpr, b: Bounds): void {
  if (e.k !== "binary") return;
  if (e.op === "and") {
    narrow(e.left, b);
    narrow(e.right, b);
    return;
  }
  let op = e.op;
  let v = e.left;
  let c = e.right;
  if (v.k === "const" && c.k === "var") {
    [v, c] = [c, v];
    const flip: Record<string, typeof op> = { lt: "gt", le: "ge", gt: "lt", ge: "le", eq: "eq", ne: "ne" };
    op = flip[op] ?? op;
  }
  if (v.k !== "var" || c.k !== "const" || (v.scope !== "input" && v.scope !== "irq")) return;
  const cur = b.get(v.name);
  if (!cur) return;
  const k = c.value;
  if (op === "le") cur.hi = Math.min(cur.hi, k);
  else if (op === "lt") cur.hi = Math.min(cur.hi, k - 1);
  else if (op === "ge") cur.lo = Math.max(cur.lo, k);
  else if (op === "gt") cur.lo = Math.max(cur.lo, k + 1);
  else if (op === "eq") {
    cur.lo = Math.max(cur.lo, k);
    cur.hi = Math.min(cur.hi, k);
  }
}

function boundsOf(t: IrScalarType): { lo: number; hi: number } {
  return t.kind === "bool" ? { lo: 0, hi: 1 } : t.kind === "enum" ? { lo: 0, hi: t.members.length - 1 } : { lo: t.lo, hi: t.hi };
}

export type RandomResult = { ok: true; inputs: TickInputs[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Random inputs drawn one tick at a time (a run of 10^8 ticks never holds them all): `next()`
 * returns tick t's inputs for t = 0, 1, 2, ... in order, or undefined when no sample satisfied the
 * assumptions (then `failure()` says why). The same sequence as randomInputs for a seed.
 */
export interface RandomSource {
  next(): TickInputs | undefined;
  failure(): Diagnostic[];
}

export type RandomSourceResult = { ok: true; source: RandomSource } | { ok: false; diagnostics: Diagnostic[] };

export function randomInputSource(program: IrProgram, seed: string | number): RandomSourceResult {
  const rnd = prng(seedOf(seed));
  const bounds: Bounds = new Map();
  for (const g of program.inputs) bounds.set(g.name, boundsOf(g.type.kind === "array" ? g.type.elem : g.type));
  for (const l of program.irqs) bounds.set(l.name, { lo: 0, hi: 1 });
  for (const a of program.assumptions) narrow(a.expr, bounds);
  for (const [name, b] of bounds) {
    if (b.lo > b.hi) {
      const a = program.assumptions[0];
      return {
        ok: false,
        diagnostics: [
          diag("VG5005", a?.span, `the assumptions leave no possible value for the input \`${name}\``, {
            notes: ["the assumptions cannot be met together (the model is vacuous)"],
          }),
        ],
      };
    }
  }
  const pick = (lo: number, hi: number): number => {
    const r = rnd();
    if (r < 1 / 16) return lo;
    if (r < 1 / 8) return hi;
    return lo + Math.floor(rnd() * (hi - lo + 1));
  };
  const irqNames = new Set(program.irqs.map((l) => l.name));
  const sample = (): TickInputs => {
    const r: Record<string, IrValue> = {};
    for (const g of program.inputs) {
      const b = bounds.get(g.name)!;
      r[g.name] = g.type.kind === "array" ? Array.from({ length: g.type.length }, () => pick(b.lo, b.hi)) : pick(b.lo, b.hi);
    }
    for (const n of irqNames) {
      const b = bounds.get(n)!;
      r[n] = b.lo === b.hi ? b.lo : rnd() < 0.25 ? 1 : 0;
    }
    return r;
  };
  const m = program.assumptions.length > 0 ? createMachine(program) : undefined;
  let t = 0;
  let failed: Diagnostic[] = [];
  const next = (): TickInputs | undefined => {
    if (failed.length > 0) return undefined;
    let broken: string[] = [];
    for (let i = 0; i < MAX_TRIES; i++) {
      const s = sample();
      broken = m ? m.brokenAssumptions(s) : [];
      if (broken.length === 0) {
        t++;
        return s;
      }
    }
    const a = program.assumptions.find((x) => x.name === broken[0]);
    failed = [
      diag("VG5005", a?.span, `no random input satisfying the assumption \`${broken[0] ?? "?"}\` was found at tick ${t} after ${MAX_TRIES} tries`, {
        notes: ["the assumptions may be unsatisfiable, or too narrow for random sampling; give a trace with --inputs"],
      }),
    ];
    return undefined;
  };
  return { ok: true, source: { next, failure: () => failed } };
}

export function randomInputs(program: IrProgram, ticks: number, seed: string | number): RandomResult {
  const src = randomInputSource(program, seed);
  if (!src.ok) return src;
  const out: TickInputs[] = [];
  for (let t = 0; t < ticks; t++) {
    const found = src.source.next();
    if (!found) return { ok: false, diagnostics: src.source.failure() };
    out.push(found);
  }
  return { ok: true, inputs: out };
}
