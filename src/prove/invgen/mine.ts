/**
 * Candidate invariants mined from sampled reachable states, by template.
 *
 * Input: InvVars, Literals, Samples, the constant pools and the program's tick.
 * Output: Candidate[]: state predicates (SMT template text over `$s.` symbols and .vgl text) that
 * hold on every sampled frame. They are guesses: nothing here is trusted; src/prove/houdini.ts keeps
 * only the subset the solver proves inductive.
 * Templates (docs/invariants.md), each also guarded by a control literal l (an enum value, a bool
 * or its negation) so that the relations of each mode are found:
 * - range:  l => x <= c, l => x >= c (c: the nearest pool constant at or beyond the sampled extreme);
 * - mode:   l => l' between literals of different variables, and `not l` for a literal never seen;
 * - grid:   x % g == 0 (g: the gcd of the sampled values, the tick grid of a timer);
 * - diff:   l => x - y <= c, l => x - y >= c (x, y of the same unit), equalities when both agree;
 * - min:    x == min(y, c) (a saturating timer x that follows y up to c);
 * - sum3:   l => x + y - z <= c and the like (three variables; stage 2 only);
 * - sum:    a[0] + ... + a[n-1] (+ x) (- y) <= c (unguarded): the total of an int array, alone or with
 *           what one or two related scalars add to or take from it (a dose in progress not yet
 *           counted in the hourly buckets); stage 2 only, every pool bound above the samples.
 * A bound implied by the declared ranges alone is not a candidate.
 */
import type { IrUnit } from "../../ir/ir.js";
import type { Samples } from "./sample.js";
import { smtConst, vglConst, type ConstNames, type InvVar, type Literal, type Relevance } from "./vars.js";

export type Template = "range" | "mode" | "grid" | "diff" | "min" | "sum3" | "sum";

export interface Candidate {
  readonly id: number;
  readonly template: Template;
  /** SMT-LIB term over `$s.` symbols (instantiate for a frame). */
  readonly smt: string;
  /** The same predicate in .vgl syntax. */
  readonly vgl: string;
  /** Candidates of one (guard, term, direction) differ only in their bound. */
  readonly group: string;
  /** The bound of a `<=` / `>=` candidate (the strongest proved one of a group is kept). */
  readonly bound?: number;
}

/** A linear term: sum of coef * var. */
interface Term {
  readonly parts: readonly { readonly v: InvVar; readonly c: 1 | -1 }[];
  readonly unit: IrUnit;
}

export interface MineContext {
  readonly vars: readonly InvVar[];
  readonly lits: readonly Literal[];
  readonly samples: Samples;
  readonly pool: (unit: IrUnit) => readonly number[];
  readonly names: ConstNames;
  /** Relations only between related variables, guards only by deciding ones (vars.ts relevance). */
  readonly relevance?: Relevance;
  readonly tickUs: number;
  /** Stage 2 adds three-variable terms. */
  readonly triples: boolean;
  /** Stage 2: only three-variable terms with at least one of these variables (what the open targets read). */
  readonly focus?: ReadonlySet<string>;
  /** Cap on the number of candidates (the cheapest templates come first). */
  readonly max?: number;
}

export function mineCandidates(cx: MineContext): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const push: Push = (template, smt, vgl, group, bound) => {
    if (seen.has(smt)) return;
    seen.add(smt);
    out.push({ id: out.length, template, smt, vgl, group, ...(bound !== undefined ? { bound } : {}) });
  };
  const F = cx.samples.frames;
  if (F.length === 0) return out;
  const rel0 = cx.relevance;
  const related = (a: InvVar, b: InvVar): boolean => rel0 === undefined || rel0.related(a.name, b.name);
  const lits = rel0 === undefined ? cx.lits : cx.lits.filter((l) => rel0.guards.has(cx.vars[l.v]?.name ?? ""));
  const guards: (Literal | undefined)[] = [undefined, ...lits];
  const holds = guards.map((g) => F.filter((f) => g === undefined || f[g.v] === g.value));
  modeCandidates(cx, F, push);
  gridCandidates(cx, F, push);
  minCandidates(cx, F, push);
  const ints = cx.vars.filter((v) => v.kind === "int");
  const terms: Term[] = ints.map((v) => ({ parts: [{ v, c: 1 }], unit: v.unit }));
  const rel = ints.filter((v) => !v.element);
  for (let i = 0; i < rel.length; i++)
    for (let j = i + 1; j < rel.length; j++) {
      const a = rel[i]!;
      const b = rel[j]!;
      if (a.unit === b.unit && related(a, b)) terms.push({ parts: [{ v: a, c: 1 }, { v: b, c: -1 }], unit: a.unit });
    }
  if (cx.triples) {
    for (let i = 0; i < rel.length; i++)
      for (let j = i + 1; j < rel.length; j++)
        for (let k = j + 1; k < rel.length; k++) {
          const [a, b, c] = [rel[i]!, rel[j]!, rel[k]!];
          if (a.unit !== b.unit || b.unit !== c.unit || !related(a, b) || !(related(a, c) || related(b, c))) continue;
          if (cx.focus && ![a, b, c].some((v) => cx.focus?.has(v.name))) continue;
          for (const [sb, sc] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const)
            terms.push({ parts: [{ v: a, c: 1 }, { v: b, c: sb }, { v: c, c: sc }], unit: a.unit });
        }
  }
  guards.forEach((g, gi) => {
    const fs = holds[gi] ?? [];
    if (fs.length === 0) return;
    for (const t of terms) boundCandidates(cx, g, fs, t, push);
  });
  // Totals unguarded only: a scalar pair already carries the mode (`dose - given` is 0 outside a
  // bolus), and guarded copies would multiply Houdini's set by the number of literals.
  if (cx.triples) for (const t of sumTerms(cx, rel, related)) boundCandidates(cx, undefined, F, t, push);
  return cx.max !== undefined ? out.slice(0, cx.max) : out;
}

/**
 * Array totals: per int array (its elements, one unit), the sum of all elements, and that sum plus
 * or minus a scalar of the same unit related to the array (vars.ts relevance), and plus one and
 * minus another where one of them is related to the array and the two are related to each other
 * (`total + dose - given`), in stage 2's focus.
 */
function sumTerms(cx: MineContext, rel: readonly InvVar[], related: (a: InvVar, b: InvVar) => boolean): Term[] {
  const out: Term[] = [];
  const arrays = new Map<string, InvVar[]>();
  for (const v of cx.vars) if (v.kind === "int" && v.element) arrays.set(v.name, [...(arrays.get(v.name) ?? []), v]);
  for (const els of arrays.values()) {
    const first = els[0];
    if (!first || els.length < 2) continue;
    const unit = first.unit;
    const total = els.map((v) => ({ v, c: 1 as const }));
    out.push({ parts: total, unit });
    const same = rel.filter((x) => x.unit === unit);
    const near = same.filter((x) => related(x, first));
    for (const x of near) {
      out.push({ parts: [...total, { v: x, c: 1 }], unit }, { parts: [...total, { v: x, c: -1 }], unit });
    }
    // Pairs: one of the two related to the array, the other to it or to the array (`dose` is
    // compared with `given`, which moves with the buckets).
    for (const x of same) {
      for (const y of same) {
        if (y === x || !(related(x, first) || related(y, first)) || !(related(x, y) || (related(x, first) && related(y, first)))) continue;
        if (cx.focus && !cx.focus.has(x.name) && !cx.focus.has(y.name) && !cx.focus.has(first.name)) continue;
        out.push({ parts: [...total, { v: x, c: 1 }, { v: y, c: -1 }], unit });
      }
    }
  }
  return out;
}

type Push = (template: Template, smt: string, vgl: string, group: string, bound?: number) => void;

function guarded(g: Literal | undefined, smt: string, vgl: string): [string, string] {
  return g === undefined ? [smt, vgl] : [`(=> ${g.smt} ${smt})`, `${g.vgl} implies ${vgl}`];
}

function termSmt(t: Term): string {
  const [first, ...rest] = t.parts;
  if (!first) return "0";
  let s = first.c === 1 ? first.v.sym : `(- ${first.v.sym})`;
  for (const p of rest) s = `(${p.c === 1 ? "+" : "-"} ${s} ${p.v.sym})`;
  return s;
}

function termVal(t: Term, f: Float64Array): number {
  let s = 0;
  for (const p of t.parts) s += p.c * (f[p.v.idx] ?? 0);
  return s;
}

/** `lhs OP c` in .vgl, moving negative parts and a negative constant across so every side reads naturally. */
function vglRel(t: Term, op: "<=" | ">=" | "==", c: number, cx: MineContext): string {
  const pos = t.parts.filter((p) => p.c === 1).map((p) => p.v.vgl);
  const neg = t.parts.filter((p) => p.c === -1).map((p) => p.v.vgl);
  const k = Math.abs(c);
  const zero = vglConst(0, t.unit, cx.names);
  if (k !== 0) (c > 0 ? neg : pos).push(vglConst(k, t.unit, cx.names));
  const side = (xs: string[]): string => (xs.length === 0 ? zero : xs.join(" + "));
  return `${side(pos)} ${op} ${side(neg)}`;
}

function boundCandidates(cx: MineContext, g: Literal | undefined, fs: readonly Float64Array[], t: Term, push: Push): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const f of fs) {
    const x = termVal(t, f);
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  // What the declared ranges already imply.
  let rlo = 0;
  let rhi = 0;
  for (const p of t.parts) {
    rlo += p.c === 1 ? p.v.lo : -p.v.hi;
    rhi += p.c === 1 ? p.v.hi : -p.v.lo;
  }
  const pool = cx.pool(t.unit);
  const term = termSmt(t);
  const isSum = t.parts.some((p) => p.v.element) && t.parts.length > 1;
  const gname = `${g?.smt ?? "true"}|${term}`;
  const inPool = (x: number): boolean => pool.includes(x);
  if (lo === hi && t.parts.length > 1 && inPool(lo)) {
    const [s, v] = guarded(g, `(= ${term} ${smtConst(lo)})`, vglRel(t, "==", lo, cx));
    push(isSum ? "sum" : t.parts.length === 3 ? "sum3" : "diff", s, v, `${gname}|eq`);
  }
  const kind: Template = isSum ? "sum" : t.parts.length === 1 ? "range" : t.parts.length === 2 ? "diff" : "sum3";
  // Bounds are drawn from the pool only: the sampled extreme of a timer relation is rarely its true
  // extreme (a run seldom hits the worst case), the nearest structural constant beyond it often is.
  // A total's samples are far from its bound (the hourly limit is seldom reached): every named
  // constant above the samples is a candidate (at most 4), the tightest proved one is kept.
  const named = t.unit === "time" ? cx.names.time : t.unit === "none" ? cx.names.none : undefined;
  const uppers = (isSum ? pool.filter((p) => p >= hi && named?.has(p)).slice(0, 4) : [pool.find((p) => p >= hi)]).filter((x): x is number => x !== undefined && x < rhi);
  const lowers = (isSum ? [] : [[...pool].reverse().find((p) => p <= lo)]).filter((x): x is number => x !== undefined && x > rlo);
  for (const c of uppers) {
    const [s, v] = guarded(g, `(<= ${term} ${smtConst(c)})`, vglRel(t, "<=", c, cx));
    push(kind, s, v, `${gname}|le`, c);
  }
  for (const c of lowers) {
    const [s, v] = guarded(g, `(>= ${term} ${smtConst(c)})`, vglRel(t, ">=", c, cx));
    push(kind, s, v, `${gname}|ge`, c);
  }
}

function modeCandidates(cx: MineContext, F: readonly Float64Array[], push: Push): void {
  for (const g of cx.lits) {
    const fs = F.filter((f) => f[g.v] === g.value);
    if (fs.length === 0) {
      push("mode", `(not ${g.smt})`, `not (${g.vgl})`, `mode|${g.smt}`);
      continue;
    }
    for (const l of cx.lits) {
      if (l.v === g.v) continue;
      if (fs.every((f) => f[l.v] === l.value)) push("mode", `(=> ${g.smt} ${l.smt})`, `${g.vgl} implies ${l.vgl}`, `mode|${g.smt}|${l.v}`);
    }
  }
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

function gridCandidates(cx: MineContext, F: readonly Float64Array[], push: Push): void {
  for (const v of cx.vars) {
    if (v.kind !== "int") continue;
    let g = 0;
    for (const f of F) g = gcd(g, f[v.idx] ?? 0);
    // The sampled gcd, and its gcd with the tick (a timer loaded with rarely sampled values, e.g. an
    // endorsed programmed interval, is often only on the tick's grid).
    const unitTick = v.unit === "time" ? cx.tickUs : 1;
    for (const m of new Set([g, gcd(g, unitTick)])) {
      if (m < 2) continue;
      const c = vglConst(m, v.unit, cx.names);
      push("grid", `(= (mod ${v.sym} ${m}) 0)`, `${v.vgl} % ${c} == ${vglConst(0, v.unit, cx.names)}`, `grid|${v.sym}|${m}`);
    }
  }
}

function minCandidates(cx: MineContext, F: readonly Float64Array[], push: Push): void {
  const ints = cx.vars.filter((v) => v.kind === "int" && !v.element);
  for (const x of ints) {
    let cap = -Infinity;
    for (const f of F) cap = Math.max(cap, f[x.idx] ?? 0);
    for (const y of ints) {
      if (x === y || x.unit !== y.unit) continue;
      let saturates = false;
      let ok = true;
      for (const f of F) {
        const xv = f[x.idx] ?? 0;
        const yv = f[y.idx] ?? 0;
        if (xv !== Math.min(yv, cap)) {
          ok = false;
          break;
        }
        if (yv > cap) saturates = true;
      }
      if (!ok || !saturates) continue;
      push("min", `(= ${x.sym} (ite (<= ${y.sym} ${smtConst(cap)}) ${y.sym} ${smtConst(cap)}))`, `${x.vgl} == min(${y.vgl}, ${vglConst(cap, x.unit, cx.names)})`, `min|${x.sym}|${y.sym}`);
    }
  }
}
