/**
 * Invariant generation for the safety engines (issue 14; design in docs/invariants.md): mine
 * candidate state invariants from simulated runs, keep the largest subset that the solver proves
 * inductive together with the open safety targets (Houdini), and hand the proved ones to
 * k-induction and PDR as lemmas.
 *
 * Input: an IrProgram, its one-tick template, the open targets, the lemmas and targets already
 * proved, and an `ask` function that sends one query to the solver (the engine's budget and signal).
 * Output: InvGenResult: proved lemmas (with template and .vgl text), targets proved together with
 * them (1-inductive, base checked), the candidates that held on every run but were not proved (for
 * explanations of unknown verdicts), and figures.
 * Invariants:
 * - A lemma is returned only after a base query (it holds in the initial frame for every input) and
 *   a step query (the whole surviving set, targets included, is preserved by every tick without a
 *   runtime error from any state satisfying it) were both answered unsat. Anything inconclusive
 *   returns no lemma at all (`conclusive: false`).
 * - Samples and mining are deterministic (fixed seed), so the same model gives the same queries.
 */
import type { IrProgram } from "../../ir/ir.js";
import { modelBool, parseModel } from "../../solver/model-parse.js";
import type { SolverAnswer } from "../../solver/types.js";
import { lemmaBaseQuery, lemmaStepQuery, type LemmaQuery } from "../../smt/lemma-queries.js";
import type { TsTemplate } from "../../smt/transition.js";
import { houdini, type HoudiniAnswer } from "../houdini.js";
import { mineCandidates, type Candidate, type Template } from "./mine.js";
import { sampleStates, type Samples } from "./sample.js";
import { constantPool, constNames, invVars, literals, relevance, type InvVar } from "./vars.js";

export interface Lemma {
  readonly smt: string;
  readonly vgl: string;
  readonly template: Template;
}

export interface InvGenStats {
  readonly candidates: number;
  readonly frames: number;
  readonly ticks: number;
  readonly rounds: number;
  readonly queries: number;
  readonly ms: number;
}

export interface InvGenResult {
  readonly conclusive: boolean;
  readonly lemmas: readonly Lemma[];
  readonly provedTargets: readonly number[];
  /** Held on every sampled run, not proved: suggestions when a target stays unknown. */
  readonly unproved: readonly Lemma[];
  readonly stats: InvGenStats;
  readonly note?: string;
}

export interface InvGenInput {
  readonly prog: IrProgram;
  readonly tpl: TsTemplate;
  readonly targets: readonly number[];
  readonly lemmas: readonly Lemma[];
  readonly provedTargets: readonly number[];
  /** Stage 1: one- and two-variable templates; stage 2 adds three-variable terms. */
  readonly stage: 1 | 2;
  readonly ask: (smtlib: string) => Promise<SolverAnswer | undefined>;
  /** Shared between stages (sampling is the same). */
  readonly cache?: { samples?: Samples; vars?: InvVar[] };
  /** Interpreter steps for sampling (default: defaultTickBudget). */
  readonly tickBudget?: number;
  /** Extra candidates (tests seed false ones; an advice file would re-check earlier lemmas). */
  readonly extra?: readonly { readonly smt: string; readonly vgl: string }[];
}

/** Interpreter steps for sampling: 32 times the longest time constant in ticks, within [100 000, 400 000] (idle stretches are jumped over). */
export function defaultTickBudget(prog: IrProgram): number {
  let longest = 0;
  for (const c of prog.consts) if (typeof c.value === "number" && c.type.kind === "int" && c.type.unit === "time") longest = Math.max(longest, c.value);
  const per = Math.ceil(longest / Math.max(1, prog.device.tickUs));
  return Math.min(400_000, Math.max(100_000, 8 * 4 * per));
}

export async function generateInvariants(inp: InvGenInput): Promise<InvGenResult> {
  const t0 = performance.now();
  const { prog, tpl } = inp;
  const vars = inp.cache?.vars ?? invVars(prog);
  const samples = inp.cache?.samples ?? sampleStates(prog, vars, { ticks: inp.tickBudget ?? defaultTickBudget(prog) });
  if (inp.cache) Object.assign(inp.cache, { vars, samples });
  const names = constNames(prog);
  const pools = new Map<string, number[]>();
  const known = new Set(inp.lemmas.map((l) => l.smt));
  const cands = mineCandidates({
    vars,
    lits: literals(vars),
    samples,
    pool: (u) => pools.get(u) ?? pools.set(u, constantPool(prog, u)).get(u) ?? [],
    names,
    tickUs: prog.device.tickUs,
    triples: inp.stage === 2,
    relevance: relevance(prog),
  })
    .concat((inp.extra ?? []).map((e, i) => ({ id: -1 - i, template: "range" as Template, smt: e.smt, vgl: e.vgl, group: `extra|${i}` })))
    .filter((c) => !known.has(c.smt))
    .map((c, id) => ({ ...c, id }));
  let queries = 0;
  const stats = (rounds: number): InvGenStats => ({ candidates: cands.length, frames: samples.frames.length, ticks: samples.ticks, rounds, queries, ms: performance.now() - t0 });
  const fail = (note: string, rounds: number): InvGenResult => ({ conclusive: false, lemmas: [], provedTargets: [], unproved: [], stats: stats(rounds), note });

  // Ids: candidates 0..n-1, then targets n + k.
  const n = cands.length;
  const ids = [...cands.map((c) => c.id), ...inp.targets.map((k) => n + k)];
  const split = (active: readonly number[]): { cs: Candidate[]; ts: number[] } => ({
    cs: active.filter((i) => i < n).map((i) => cands[i]!),
    ts: active.filter((i) => i >= n).map((i) => i - n),
  });
  const oracle =
    (build: (cs: readonly string[], ts: readonly number[]) => LemmaQuery) =>
    async (active: readonly number[]): Promise<HoudiniAnswer> => {
      const { cs, ts } = split(active);
      const q = build(cs.map((c) => c.smt), ts);
      queries++;
      const a = await inp.ask(q.smtlib);
      if (!a) return { kind: "unknown", reason: "time budget exhausted" };
      if (a.status === "unsat") return { kind: "holds" };
      if (a.status === "unknown") return { kind: "unknown", reason: a.reason };
      const pm = parseModel(a.model ?? "");
      const failing: number[] = [];
      for (const [i, name] of q.candidates) if (modelBool(pm, name) === true) failing.push(cs[i]!.id);
      for (const [k, name] of q.targets) if (modelBool(pm, name) === true) failing.push(n + k);
      if (process.env.VIGIL_DEBUG) console.error(`invgen: ${cs.length} candidates, ${ts.length} targets: ${failing.length} fail: ${failing.slice(0, 6).map((i) => (i < n ? cands[i]!.vgl : `target ${i - n}`)).join(" ; ")}`);
      return { kind: "fails", failing };
    };

  const base = await houdini(ids, oracle((cs, ts) => lemmaBaseQuery(tpl, cs, ts)));
  if (!base.conclusive) return fail(`invariant generation, base: ${base.reason ?? "inconclusive"}`, base.rounds);
  const lemmaSmt = inp.lemmas.map((l) => l.smt);
  const step = await houdini(base.kept, oracle((cs, ts) => lemmaStepQuery(tpl, cs, ts, lemmaSmt, inp.provedTargets)));
  if (!step.conclusive) return fail(`invariant generation, step: ${step.reason ?? "inconclusive"}`, base.rounds + step.rounds);
  const { cs, ts } = split(step.kept);
  const kept = new Set(cs.map((c) => c.id));
  const based = new Set(base.kept);
  return {
    conclusive: true,
    lemmas: strongest(cs).map((c) => ({ smt: c.smt, vgl: c.vgl, template: c.template })),
    provedTargets: ts,
    unproved: strongest(cands.filter((c) => !kept.has(c.id) && based.has(c.id))).map((c) => ({ smt: c.smt, vgl: c.vgl, template: c.template })),
    stats: stats(base.rounds + step.rounds),
  };
}

/**
 * Drops proved candidates that the others imply, so that fewer lemmas reach every later query:
 * per (guard, term, direction) only the tightest bound; no bound where an equality of the same
 * (guard, term) holds; no guarded bound or equality that the unguarded one implies; nothing guarded
 * by a literal proved impossible. Every dropped candidate follows from the kept ones.
 */
export function strongest(cs: readonly Candidate[]): Candidate[] {
  const parse = (c: Candidate): { guard: string; term: string; dir: string } | undefined => {
    const p = c.group.split("|");
    const dir = p[p.length - 1] ?? "";
    return p.length === 3 && (dir === "le" || dir === "ge" || dir === "eq") ? { guard: p[0] ?? "", term: p[1] ?? "", dir } : undefined;
  };
  const impossible = new Set(cs.filter((c) => c.template === "mode" && c.smt.startsWith("(not ") && c.group.split("|").length === 2).map((c) => c.group.split("|")[1] ?? ""));
  const best = new Map<string, Candidate>();
  const rest: Candidate[] = [];
  for (const c of cs) {
    const k = parse(c);
    if (!k) {
      rest.push(c);
      continue;
    }
    if (impossible.has(k.guard)) continue;
    const b = best.get(c.group);
    const le = k.dir === "le";
    if (!b || (k.dir !== "eq" && (le ? (c.bound ?? Infinity) < (b.bound ?? Infinity) : (c.bound ?? -Infinity) > (b.bound ?? -Infinity)))) best.set(c.group, c);
  }
  const kept = [...best.values()].filter((c) => {
    const k = parse(c)!;
    if (k.dir !== "eq" && best.has(`${k.guard}|${k.term}|eq`)) return false;
    if (k.guard === "true") return true;
    if (best.has(`true|${k.term}|eq`)) return false;
    const u = best.get(`true|${k.term}|${k.dir}`);
    if (!u) return true;
    if (k.dir === "eq") return false;
    return k.dir === "le" ? (u.bound ?? Infinity) > (c.bound ?? Infinity) : (u.bound ?? -Infinity) < (c.bound ?? -Infinity);
  });
  return [...rest, ...kept].sort((a, b) => a.id - b.id);
}
