/**
 * The safety portfolio: BMC, k-induction and PDR (Spacer) over the transition system of
 * src/smt/transition.ts, for every safety target of a model at once.
 *
 * Input: an IrProgram, its targets, a SolverDriver and the limits (budget, BMC depth, largest k,
 * which engines).
 * Output: one Verdict per target, with the solver time spent on it.
 * Invariants:
 * - Vacuity first: when one tick's inputs cannot satisfy the ranges and assumptions, every target
 *   is vacuous (assumptions constrain each tick's inputs alone, so one tick decides).
 * - BMC round d asks for a violation at ticks [from, d] (ticks below `from` are already excluded
 *   for the targets still open). A sat answer is decoded and replayed through the reference
 *   interpreter; only violations the interpreter shows become `falsified` (with its trace); an
 *   indicated violation that the replay does not show is an internal error (unknown, VG6003).
 * - Two lanes run side by side (one solver thread each when the driver has two): the BMC lane
 *   (depths 0, 1, 2, ..., then induction steps once BMC is done), and the induction lane
 *   (k-induction, Kind 2 style, for k = 1..3, then PDR, then the deeper induction steps).
 * - k-induction: the open targets are candidates together; STEP(K) assumes them at frames 0..K-1
 *   and every proved target (a lemma) at frames 0..K; a sat answer drops the candidates violated at
 *   frame K and asks again; unsat makes the remaining candidates a group pending its base case,
 *   proved once the BMC lane has excluded violations at ticks 0..K-1. A pending candidate is never
 *   used as a lemma; a group one of whose members BMC falsifies goes back to the candidates, and a
 *   step answer whose candidates include one settled otherwise meanwhile is discarded.
 * - PDR (Spacer, Horn clauses) after the largest k: first on all open targets together, then on
 *   each; sat = proved with the inductive invariant Spacer found.
 * - Accelerated BMC ("abmc", src/prove/safety/accel.ts) runs in the BMC lane: one round after each
 *   plain BMC round (from depth 1) while its time stays within plain BMC's plus a head start, and
 *   not while a k-inductive group waits for its base case and plain BMC is still one depth at a
 *   time; then its remaining rounds once plain BMC is done. Its
 *   counterexamples are expanded tick by tick and replayed like BMC's; it never proves anything.
 * - The first conclusive answer wins; a timeout, an unknown answer or exhausted limits leave a
 *   target unknown with the reason. Nothing is proved without an unsat (or Horn sat) answer.
 */
import type { IrProgram } from "../../ir/ir.js";
import { modelBool, parseModel } from "../../solver/model-parse.js";
import type { SolverAnswer, SolverDriver, SolverQuery } from "../../solver/types.js";
import { bmcQuery, hornQuery, stepQuery, vacuityQuery } from "../../smt/queries.js";
import { buildTemplate, type SafetyTarget, type TsTemplate } from "../../smt/transition.js";
import type { Verdict } from "../verdict.js";
import { generateInvariants, type InvGenStats, type Lemma } from "../invgen/index.js";
import type { Samples } from "../invgen/sample.js";
import { constNames, invVars, type InvVar } from "../invgen/vars.js";
import { explainCti } from "../invgen/explain.js";
import type { ParsedModel } from "../../solver/model-parse.js";
import { AccelSearch } from "./accel.js";
import { simFalsify } from "./simfind.js";
import { decodeTrace, replay, traceSteps } from "./replay.js";

/** "abmc": accelerated BMC (src/prove/safety/accel.ts), frames of single ticks or idle stretches. */
/** "sim": the simulation falsifier (src/prove/safety/simfind.ts), before any solver query. */
export type SafetyEngine = "bmc" | "kind" | "pdr" | "abmc" | "sim";

export interface EngineLimits {
  readonly solver: SolverDriver;
  readonly timeoutMs: number;
  readonly maxDepth: number;
  readonly maxInduction: number;
  readonly engines: ReadonlySet<SafetyEngine>;
  readonly onProgress?: (msg: string) => void;
  /** Where vigil's own time goes (benchmarks): filled in during the run. */
  readonly stats?: EngineStats;
  /**
   * The targets whose verdicts are wanted (default: all). The others are auxiliary: candidates and,
   * once proved, lemmas, but the run ends as soon as the wanted ones are settled.
   */
  readonly required?: readonly number[];
  /** Invariant generation before and between the induction rounds (default "auto"). */
  readonly invariants?: "auto" | "off";
  /** Filled in during the run: the generated lemmas, unproved mined relations and figures. */
  readonly invgen?: InvGenReport;
  /** Accelerated BMC: most frames (default 16) and longest counterexample replayed (default 2 000 000 ticks). */
  readonly accelFrames?: number;
  readonly accelMaxTicks?: number;
  /** Simulation falsifier: interpreter ticks of its search (default 400 000). */
  readonly simTicks?: number;
}

/** What invariant generation found in one run (for --show-invariants and the JSON). */
export interface InvGenReport {
  lemmas: Lemma[];
  unproved: Lemma[];
  stages: InvGenStats[];
  notes: string[];
}

/** Counters of one run: vigil's own work (encoding, decoding, replay) against the solver's. */
export interface EngineStats {
  queries: number;
  /** Sum of the solver's answer times (queries may overlap on two threads). */
  solverMs: number;
  /** Building the template and printing queries. */
  encodeMs: number;
  /** Parsing models, decoding traces, replaying them through the interpreter. */
  decodeMs: number;
}

export interface TargetOutcome {
  readonly verdict: Verdict;
  /** Wall time from the start of the run until this target was settled (ms). */
  readonly timeMs: number;
  /** This target's share of the solver time of the queries it took part in (ms). */
  readonly solverMs: number;
}

interface Slot {
  done?: { verdict: Verdict; atMs: number };
  solverMs: number;
}

export async function runSafety(prog: IrProgram, targets: readonly SafetyTarget[], lim: EngineLimits): Promise<TargetOutcome[]> {
  const start = Date.now();
  const elapsed = (): number => Date.now() - start;
  const left = (): number => lim.timeoutMs - elapsed();
  const slots: Slot[] = targets.map(() => ({ solverMs: 0 }));
  const open = (): number[] => slots.flatMap((s, k) => (s.done ? [] : [k]));
  const settle = (k: number, verdict: Verdict): void => {
    const s = slots[k];
    if (s && !s.done) s.done = { verdict, atMs: elapsed() };
  };
  const st = lim.stats;
  const timed = <T>(key: "encodeMs" | "decodeMs", f: () => T): T => {
    const t0 = performance.now();
    try {
      return f();
    } finally {
      if (st) st[key] += performance.now() - t0;
    }
  };
  const tpl: TsTemplate = timed("encodeMs", () => buildTemplate(prog, targets));
  const ask = async (q: Omit<SolverQuery, "timeoutMs">, ids: readonly number[], signal: AbortSignal, capMs = Infinity): Promise<SolverAnswer | undefined> => {
    const budget = Math.min(left(), capMs);
    if (budget <= 0 || signal.aborted) return undefined;
    const a = await lim.solver.check({ ...q, timeoutMs: budget, signal });
    if (st) {
      st.queries++;
      st.solverMs += a.timeMs;
    }
    if (process.env.VIGIL_DEBUG) console.error(`[${elapsed()} ms] ${q.mode} ${a.status} ${a.timeMs} ms, ${q.smtlib.length} chars`);
    const share = ids.length > 0 ? a.timeMs / ids.length : 0;
    for (const k of ids) {
      const s = slots[k];
      if (s) s.solverMs += share;
    }
    return a;
  };
  const finish = (): TargetOutcome[] =>
    slots.map((s) => ({
      verdict: s.done?.verdict ?? { status: "unknown", engine: "portfolio", reason: "not settled" },
      timeMs: s.done?.atMs ?? elapsed(),
      solverMs: Math.min(s.solverMs, s.done?.atMs ?? elapsed()),
    }));
  if (targets.length === 0) return [];

  // Vacuity.
  const vac = await ask({ smtlib: timed("encodeMs", () => vacuityQuery(tpl).smtlib), mode: "check", logic: tpl.logic }, open(), new AbortController().signal);
  if (!vac || vac.status !== "sat") {
    const v: Verdict =
      vac?.status === "unsat"
        ? { status: "vacuous", engine: "vacuity", reason: "the assumptions (with the inputs' declared ranges) admit no input at any tick" }
        : { status: "unknown", engine: "vacuity", reason: vac ? `vacuity check: ${vac.reason}` : "time budget exhausted" };
    for (const k of open()) settle(k, v);
    return finish();
  }

  // Simulation first: a violation deeper than plain BMC reaches settles its target now; a shallow
  // one is kept in reserve (BMC finds the shortest trace), used if the target ends unsettled.
  const reserve = new Map<number, Verdict>();
  let simNote = "";
  if (lim.engines.has("sim")) {
    const sim = timed("decodeMs", () => simFalsify(prog, targets, open(), lim.simTicks !== undefined ? { ticks: lim.simTicks } : {}));
    simNote = `no violation in ${sim.runs} simulated runs (${sim.ticks} ticks)`;
    for (const f of sim.found) {
      if (f.verdict.tick > lim.maxDepth || !lim.engines.has("bmc")) settle(f.k, f.verdict);
      else reserve.set(f.k, f.verdict);
    }
  }

  const notes = { bmc: "", kind: "", pdr: "", invgen: "", abmc: "" };
  let hints: Lemma[] = [];
  /** The counter-model of the deepest induction step each target failed (for explanations). */
  const ctis = new Map<number, { pm: ParsedModel; k: number }>();
  let bmcDepth = -1; // no unsettled target is violated at ticks 0..bmcDepth
  let K = 0; // largest k tried by the induction lane
  const proved = (): number[] => slots.flatMap((s, k) => (s.done?.verdict.status === "proved" ? [k] : []));
  // Candidates shown K-inductive together, waiting for BMC to establish their base (ticks 0..K-1).
  const pending = new Map<number, { k: number; group: number; lemmas: number }>();
  let stateLemmas: Lemma[] = [];
  const lemmaSmt = (): string[] => stateLemmas.map((l) => l.smt);
  const lemmaVgl = (n = stateLemmas.length): { lemmas?: string[] } => (n > 0 ? { lemmas: stateLemmas.slice(0, n).map((l) => l.vgl) } : {});
  let groups = 0;
  const unsettled = (): number[] => slots.flatMap((s, k) => (s.done ? [] : [k]));
  const candidates = (): number[] => unsettled().filter((k) => !pending.has(k));
  const settlePending = (): void => {
    for (const [k, p] of pending) {
      if (p.k - 1 > bmcDepth) continue;
      pending.delete(k);
      settle(k, { status: "proved", engine: "k-induction", evidence: { kind: "k-induction", k: p.k, ...lemmaVgl(p.lemmas) } });
    }
  };
  /** A falsified member breaks its group's joint argument: the others are candidates again. */
  const breakGroupOf = (k: number): void => {
    const g = pending.get(k)?.group;
    if (g === undefined) return;
    for (const [j, p] of [...pending]) if (p.group === g) pending.delete(j);
  };
  const wanted = lim.required ? [...lim.required] : undefined;
  const allSettled = (): boolean => (wanted ? wanted.every((k) => slots[k]?.done !== undefined) : unsettled().length === 0);
  const bmcAbort = new AbortController();
  const indAbort = new AbortController();
  const stopAll = (): void => {
    bmcAbort.abort();
    indAbort.abort();
  };

  const bmcRound = async (d: number, from: number): Promise<boolean> => {
    for (;;) {
      const ids = unsettled();
      if (ids.length === 0) return true;
      const q = timed("encodeMs", () => bmcQuery(tpl, d, from, ids));
      const a = await ask({ smtlib: q.smtlib, mode: "check", logic: tpl.logic, getModel: true }, ids, bmcAbort.signal);
      if (!a) return false;
      if (a.status === "unknown") {
        notes.bmc = `; bmc at depth ${d}: ${a.reason}`;
        return false;
      }
      if (a.status === "unsat") return true;
      const { r, pm } = timed("decodeMs", () => ({ r: replay(prog, decodeTrace(a.model ?? "", q.inputs)), pm: parseModel(a.model ?? "") }));
      const indicated = ids.filter((k) => modelBool(pm, q.indicators.get(k) ?? "") === true);
      let progress = false;
      for (const k of ids) {
        const t = targets[k];
        const shown = t ? r.shown.get(t.name) : undefined;
        if (!t || !shown || r.broken || slots[k]?.done) continue;
        breakGroupOf(k);
        settle(k, {
          status: "falsified",
          engine: "bmc",
          tick: shown.tick,
          trace: traceSteps(prog, r.sim, shown.tick),
          at: t.span,
          explanation: shown.message,
          replayed: true,
        });
        progress = true;
      }
      for (const k of indicated) {
        if (slots[k]?.done) continue;
        breakGroupOf(k);
        settle(k, {
          status: "unknown",
          engine: "bmc",
          reason: `internal error (VG6003): the counterexample found at depth ${d} did not replay through the interpreter${r.broken ? ` (it breaks assumption ${r.broken})` : ""}`,
        });
        progress = true;
      }
      if (!progress) {
        notes.bmc = `; bmc at depth ${d}: internal error (VG6003): a counterexample with no indicated target`;
        return false;
      }
    }
  };

  // Accelerated BMC: one more frame after each plain BMC round, then the rest once BMC is done.
  const accel = lim.engines.has("abmc")
    ? new AccelSearch(
        {
          prog,
          tpl,
          targets,
          // While plain BMC runs, an accelerated query gets the lane's remaining time share
          // (accelCap); afterwards a quarter of what is left (at least 10 s).
          ask: (q, ids) => ask(q, ids, bmcAbort.signal, accelCap ?? Math.max(10_000, left() / 4)),
          maxTicks: lim.accelMaxTicks ?? 2_000_000,
          minimiseQueries: 8,
          timedDecode: (f) => timed("decodeMs", f),
        },
        lim.accelFrames ?? 16,
      )
    : undefined;
  let bmcMs = 0; // time of the plain BMC rounds so far
  let accelMs = 0; // time of the accelerated rounds run between them
  let accelCap: number | undefined;
  const accelStep = async (shared = false): Promise<void> => {
    if (!accel || accel.done() || allSettled() || left() <= 0) return;
    lim.onProgress?.(`accelerated bmc, ${accel.nextFrames} frames, ${unsettled().length} open`);
    accelCap = shared ? Math.max(1000, bmcMs + ACCEL_HEAD_START_MS - accelMs) : undefined;
    const r = await accel.step(unsettled(), bmcDepth, shared);
    accelCap = undefined;
    for (const x of r.settled) {
      if (slots[x.k]?.done) continue;
      breakGroupOf(x.k);
      settle(x.k, x.verdict);
    }
    notes.abmc = r.note ? `; ${r.note}` : "";
  };

  /** BMC lane: depths 0, 1, 2, ... (one at a time while induction may need bases, then growing). */
  const bmcLane = async (): Promise<void> => {
    const limit = lim.engines.has("bmc") ? lim.maxDepth : lim.engines.has("kind") ? lim.maxInduction - 1 : -1;
    while (bmcDepth < limit && !allSettled() && left() > 0) {
      const inductionMayNeed = lim.engines.has("kind") && bmcDepth < lim.maxInduction;
      const d = inductionMayNeed || bmcDepth < 1 ? bmcDepth + 1 : Math.min(limit, Math.max(bmcDepth + 1, Math.floor(bmcDepth * 1.5)));
      lim.onProgress?.(`bmc depth ${d}, k-induction k=${K}, ${unsettled().length} open`);
      const t0 = Date.now();
      if (!(await bmcRound(d, bmcDepth + 1))) return;
      bmcMs += Date.now() - t0;
      bmcDepth = d;
      settlePending();
      // The accelerated search gets at most the plain rounds' time (plus a head start), so shallow
      // bugs are found about as fast as without it; a k-inductive group waiting for its base case
      // from plain BMC has priority.
      if (d >= 1 && accelMs < bmcMs + ACCEL_HEAD_START_MS && (pending.size === 0 || !inductionMayNeed)) {
        const t1 = Date.now();
        await accelStep(true);
        accelMs += Date.now() - t1;
      }
    }
    settlePending();
    while (accel && !accel.done() && !allSettled() && left() > 0) await accelStep();
    await moreInduction(); // BMC is done: this thread helps with the deeper induction steps
  };

  const stepRound = async (k: number): Promise<void> => {
    let cands = candidates();
    while (cands.length > 0) {
      const nLemmas = stateLemmas.length;
      const q = timed("encodeMs", () => stepQuery(tpl, k, cands, proved(), lemmaSmt()));
      const a = await ask({ smtlib: q.smtlib, mode: "check", logic: tpl.logic, getModel: true }, cands, indAbort.signal);
      if (!a) return;
      if (a.status === "unknown") {
        notes.kind = `; induction step k=${k}: ${a.reason}`;
        return;
      }
      if (a.status === "unsat") {
        // The joint argument assumed every candidate; one that BMC settled otherwise while the step
        // was in flight (falsified, or an internal error) voids it: ask again without it.
        if (cands.some((c) => { const d = slots[c]?.done; return d !== undefined && d.verdict.status !== "proved"; })) {
          cands = candidates();
          continue;
        }
        const g = groups++;
        for (const c of cands) if (!slots[c]?.done) pending.set(c, { k, group: g, lemmas: nLemmas });
        settlePending();
        return;
      }
      const pm = timed("decodeMs", () => parseModel(a.model ?? ""));
      const failing = cands.filter((c) => modelBool(pm, q.indicators.get(c) ?? "") === true);
      for (const c of failing) if ((ctis.get(c)?.k ?? 0) <= k) ctis.set(c, { pm, k });
      if (failing.length === 0) {
        notes.kind = `; induction step k=${k}: no candidate indicated`;
        return;
      }
      cands = cands.filter((c) => !failing.includes(c) && !slots[c]?.done && !pending.has(c));
    }
  };

  const pdr = async (): Promise<void> => {
    if (!lim.engines.has("pdr")) return;
    const first = candidates();
    const groupsToTry: number[][] = [first, ...(first.length > 1 ? first.map((k) => [k]) : [])];
    for (const g0 of groupsToTry) {
      const g = g0.filter((k) => !slots[k]?.done && !pending.has(k));
      if (allSettled()) return;
      if (g.length === 0 || (wanted && g.length === 1 && !wanted.includes(g[0] ?? -1))) continue;
      if (left() <= 0) return;
      lim.onProgress?.(`pdr on ${g.length} obligation(s), bmc depth ${bmcDepth}`);
      let h: { smtlib: string; args: readonly string[] };
      try {
        h = timed("encodeMs", () => hornQuery(tpl, g, lemmaSmt()));
      } catch (e) {
        notes.pdr = `; pdr: ${e instanceof Error ? e.message : String(e)}`;
        return;
      }
      const a = await ask({ smtlib: h.smtlib, mode: "horn", getModel: true }, g, indAbort.signal);
      if (!a) return;
      if (a.status === "sat") {
        const inv = readable(a.model ?? "", h.args);
        for (const k of g) {
          if (slots[k]?.done) continue;
          settle(k, { status: "proved", engine: "pdr", evidence: { kind: "pdr", invariant: inv.length > 4000 ? inv.slice(0, 4000) + " ..." : inv, ...lemmaVgl() } });
        }
        if (allSettled()) stopAll();
      } else if (a.status === "unsat") {
        notes.pdr = "; pdr: a violation is reachable";
      } else notes.pdr = `; pdr: ${a.reason}`;
    }
  };

  /** Induction lane: k = 1, 2, ... with the open candidates, then PDR for the rest of the budget. */
  // Induction steps are handed out in order of k to whichever lane is free.
  let nextK = 1;
  const moreInduction = async (upTo = lim.maxInduction): Promise<void> => {
    if (!lim.engines.has("kind")) return;
    while (nextK <= upTo && candidates().length > 0 && !allSettled() && left() > 0 && !indAbort.signal.aborted) {
      const k = nextK++;
      K = Math.max(K, k);
      lim.onProgress?.(`k-induction k=${k}, bmc depth ${bmcDepth}, ${unsettled().length} open`);
      await stepRound(k);
    }
  };
  const cache: { samples?: Samples; vars?: InvVar[] } = {};
  /** Mine, prove and adopt lemmas (stage 1: one and two variables; stage 2: three). */
  const invgenRound = async (stage: 1 | 2): Promise<boolean> => {
    if (lim.invariants === "off" || !lim.engines.has("kind")) return false;
    const ids = candidates();
    if (ids.length === 0 || allSettled() || left() <= 0) return false;
    lim.onProgress?.(`invariant generation (stage ${stage}), ${ids.length} open`);
    const r = await generateInvariants({
      prog,
      tpl,
      targets: ids,
      lemmas: stateLemmas,
      provedTargets: proved(),
      stage,
      cache,
      ask: (smtlib) => ask({ smtlib, mode: "check", logic: tpl.logic, getModel: true }, ids, indAbort.signal),
    });
    lim.invgen?.stages.push(r.stats);
    if (!r.conclusive) {
      notes.invgen = `; ${r.note ?? "invariant generation inconclusive"}`;
      lim.invgen?.notes.push(r.note ?? "inconclusive");
      return false;
    }
    stateLemmas = [...stateLemmas, ...r.lemmas];
    hints = [...r.unproved];
    if (lim.invgen) {
      lim.invgen.lemmas.push(...r.lemmas);
      lim.invgen.unproved = [...r.unproved];
    }
    for (const k of r.provedTargets) settle(k, { status: "proved", engine: "k-induction", evidence: { kind: "k-induction", k: 1, ...lemmaVgl() } });
    if (allSettled()) stopAll();
    return r.lemmas.length > 0;
  };
  /** Invariants first, k = 1..3 (most models need no more), more invariants, then PDR, then the deeper steps. */
  const inductionLane = async (): Promise<void> => {
    const shallow = lim.engines.has("pdr") ? Math.min(3, lim.maxInduction) : lim.maxInduction;
    await invgenRound(1);
    await moreInduction(shallow);
    if (await invgenRound(2)) {
      nextK = 1;
      await moreInduction(shallow);
    }
    await pdr();
    await moreInduction();
  };

  try {
    const lanes = [bmcLane(), inductionLane()].map((p) => p.then(() => (allSettled() ? stopAll() : undefined)));
    await Promise.all(lanes);
    settlePending();
  } finally {
    stopAll();
  }

  const reason = (k: number): string => {
    const parts: string[] = [];
    const p = pending.get(k);
    if (p) parts.push(`${p.k}-inductive together with other obligations, but bmc reached only depth ${bmcDepth} of the ${p.k - 1} the base case needs`);
    if (lim.engines.has("bmc") || lim.engines.has("kind")) parts.push(`no violation within ${bmcDepth + 1} ticks (bmc depth ${bmcDepth})`);
    if (accel?.plan && accel.frames > 0) parts.push(`no violation within ${accel.frames} accelerated bmc frames (each one tick or an idle stretch)`);
    if (lim.engines.has("kind") && !p) parts.push(`not k-inductive for k <= ${K} together with the other open obligations`);
    if (simNote) parts.push(simNote);
    const why = parts.join("; ") + notes.bmc + notes.abmc + notes.kind + notes.pdr + notes.invgen;
    return left() <= 0 ? `time budget exhausted: ${why}` : why;
  };
  const explain = (k: number): Verdict => {
    const c = ctis.get(k);
    const base = reason(k);
    if (!c) return { status: "unknown", engine: "portfolio", reason: base };
    const vars = cache.vars ?? invVars(prog);
    const e = explainCti(vars, cache.samples, c.pm, c.k, hints, constNames(prog));
    return { status: "unknown", engine: "portfolio", reason: `${base}; ${e.text}`, cti: { k: e.k, state: e.state as Record<string, number | string | boolean>, unseen: e.unseen, suggestions: e.suggestions } };
  };
  for (const [k, v] of reserve) {
    const d = slots[k]?.done?.verdict;
    if (!d) settle(k, v);
    else if (d.status === "proved" && slots[k]) {
      // A replayed run violates what an engine proved: never report the proof.
      slots[k].done = { verdict: { status: "unknown", engine: d.engine, reason: `internal error (VG6003): proved by ${d.engine}, but the interpreter shows a violation at tick ${v.status === "falsified" ? v.tick : "?"}` }, atMs: elapsed() };
    }
  }
  for (const k of unsettled()) settle(k, explain(k));
  return finish();
}

/** Time the accelerated search may spend in the BMC lane beyond what plain BMC spent (ms). */
const ACCEL_HEAD_START_MS = 2000;

/** Spacer's invariant with Inv's parameters renamed to the model's names. */
function readable(model: string, args: readonly string[]): string {
  const m = /\(define-fun Inv \(([\s\S]*?)\) Bool\s*([\s\S]*)\)\s*$/.exec(model.trim());
  const body = m?.[2] ?? model;
  const pretty = (a: string): string => {
    const x = /^s0\.([vpcbm])\.(.*)$/.exec(a);
    if (!x) return a;
    const rest = x[2] ?? "";
    switch (x[1]) {
      case "v":
        return rest;
      case "p":
        return `pending(${rest})`;
      case "c":
        return `sched(${rest})`;
      case "m":
        return `monitor(${rest})`;
      default:
        return `buffer(${rest})`;
    }
  };
  return body.replace(/x!(\d+)/g, (all, i: string) => pretty(args[Number(i)] ?? all)).replace(/\s+/g, " ").trim();
}
