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
 * - k-induction, Kind 2 style: the open targets are candidates together; STEP(K) assumes them at
 *   frames 0..K-1 and every proved target (a lemma) at frames 0..K; a sat answer drops the
 *   candidates violated at frame K and asks again; unsat proves the remaining candidates, once BMC
 *   has excluded violations at ticks 0..K-1 (the base case).
 * - PDR runs beside them on another solver thread (when the driver has two): first on all open
 *   targets together, then on each; sat = proved with the inductive invariant Spacer found.
 * - The first conclusive answer wins; a timeout, an unknown answer or exhausted limits leave a
 *   target unknown with the reason. Nothing is proved without an unsat (or Horn sat) answer.
 */
import type { IrProgram } from "../../ir/ir.js";
import { modelBool, parseModel } from "../../solver/model-parse.js";
import type { SolverAnswer, SolverDriver, SolverQuery } from "../../solver/types.js";
import { bmcQuery, hornQuery, stepQuery, vacuityQuery } from "../../smt/queries.js";
import { buildTemplate, type SafetyTarget, type TsTemplate } from "../../smt/transition.js";
import type { Verdict } from "../verdict.js";
import { decodeTrace, replay, traceSteps } from "./replay.js";

export type SafetyEngine = "bmc" | "kind" | "pdr";

export interface EngineLimits {
  readonly solver: SolverDriver;
  readonly timeoutMs: number;
  readonly maxDepth: number;
  readonly maxInduction: number;
  readonly engines: ReadonlySet<SafetyEngine>;
  readonly onProgress?: (msg: string) => void;
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
  const tpl: TsTemplate = buildTemplate(prog, targets);
  const mainAbort = new AbortController();
  const ask = async (q: Omit<SolverQuery, "timeoutMs">, ids: readonly number[], signal: AbortSignal): Promise<SolverAnswer | undefined> => {
    const budget = left();
    if (budget <= 0 || signal.aborted) return undefined;
    const a = await lim.solver.check({ ...q, timeoutMs: budget, signal });
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
  const vac = await ask({ smtlib: vacuityQuery(tpl).smtlib, mode: "check", logic: tpl.logic }, open(), mainAbort.signal);
  if (!vac || vac.status !== "sat") {
    const v: Verdict =
      vac?.status === "unsat"
        ? { status: "vacuous", engine: "vacuity", reason: "the assumptions (with the inputs' declared ranges) admit no input at any tick" }
        : { status: "unknown", engine: "vacuity", reason: vac ? `vacuity check: ${vac.reason}` : "time budget exhausted" };
    for (const k of open()) settle(k, v);
    return finish();
  }

  const notes = { bmc: "", kind: "", pdr: "" };
  let bmcDepth = -1; // no open target is violated at ticks 0..bmcDepth
  let bmcStalled = !lim.engines.has("bmc") && !lim.engines.has("kind");
  let K = 1;
  const proved = (): number[] => slots.flatMap((s, k) => (s.done?.verdict.status === "proved" ? [k] : []));

  const bmcRound = async (d: number, from: number): Promise<boolean> => {
    for (;;) {
      const ids = open();
      if (ids.length === 0) return true;
      const q = bmcQuery(tpl, d, from, ids);
      const a = await ask({ smtlib: q.smtlib, mode: "check", logic: tpl.logic, getModel: true }, ids, mainAbort.signal);
      if (!a) return false;
      if (a.status === "unknown") {
        notes.bmc = `; bmc at depth ${d}: ${a.reason}`;
        return false;
      }
      if (a.status === "unsat") return true;
      const inputs = decodeTrace(a.model ?? "", q.inputs);
      const r = replay(prog, inputs);
      const pm = parseModel(a.model ?? "");
      const indicated = ids.filter((k) => modelBool(pm, q.indicators.get(k) ?? "") === true);
      let progress = false;
      for (const k of ids) {
        const t = targets[k];
        const shown = t ? r.shown.get(t.name) : undefined;
        if (!t || !shown || r.broken) continue;
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

  const stepRound = async (k: number): Promise<void> => {
    let cands = open();
    while (cands.length > 0) {
      const q = stepQuery(tpl, k, cands, proved());
      const a = await ask({ smtlib: q.smtlib, mode: "check", logic: tpl.logic, getModel: true }, cands, mainAbort.signal);
      if (!a) return;
      if (a.status === "unknown") {
        notes.kind = `; induction step k=${k}: ${a.reason}`;
        return;
      }
      if (a.status === "unsat") {
        for (const c of cands) {
          if (slots[c]?.done) continue;
          settle(c, { status: "proved", engine: "k-induction", evidence: { kind: "k-induction", k } });
        }
        return;
      }
      const pm = parseModel(a.model ?? "");
      const failing = cands.filter((c) => modelBool(pm, q.indicators.get(c) ?? "") === true);
      if (failing.length === 0) {
        notes.kind = `; induction step k=${k}: no candidate indicated`;
        return;
      }
      cands = cands.filter((c) => !failing.includes(c) && !slots[c]?.done);
    }
  };

  // PDR beside the main loop.
  const pdrAbort = new AbortController();
  const pdr = async (): Promise<void> => {
    if (!lim.engines.has("pdr")) return;
    const first = open();
    const groups: number[][] = [first, ...(first.length > 1 ? first.map((k) => [k]) : [])];
    for (const g0 of groups) {
      const g = g0.filter((k) => !slots[k]?.done);
      if (g.length === 0) continue;
      let h: { smtlib: string; args: readonly string[] };
      try {
        h = hornQuery(tpl, g);
      } catch (e) {
        notes.pdr = `; pdr: ${e instanceof Error ? e.message : String(e)}`;
        return;
      }
      const a = await ask({ smtlib: h.smtlib, mode: "horn", getModel: true }, g, pdrAbort.signal);
      if (!a) return;
      if (a.status === "sat") {
        const inv = readable(a.model ?? "", h.args);
        for (const k of g) settle(k, { status: "proved", engine: "pdr", evidence: { kind: "pdr", invariant: inv.length > 4000 ? inv.slice(0, 4000) + " ..." : inv } });
        if (open().length === 0) mainAbort.abort();
      } else if (a.status === "unsat") {
        notes.pdr = "; pdr: a violation is reachable";
      } else notes.pdr = `; pdr: ${a.reason}`;
    }
  };
  const parallel = (lim.solver.parallelism ?? 1) >= 2;
  const pdrRun = parallel ? pdr() : undefined;

  try {
    for (;;) {
      if (open().length === 0 || left() <= 0) break;
      let progressed = false;
      const kindActive = lim.engines.has("kind") && K <= lim.maxInduction;
      if (!bmcStalled && bmcDepth < lim.maxDepth) {
        const d = kindActive || bmcDepth < 1 ? bmcDepth + 1 : Math.min(lim.maxDepth, Math.max(bmcDepth + 1, Math.floor(bmcDepth * 1.5)));
        lim.onProgress?.(`bmc depth ${d}, ${open().length} open`);
        if (await bmcRound(d, bmcDepth + 1)) bmcDepth = d;
        else bmcStalled = true;
        progressed = true;
      }
      if (kindActive && bmcDepth >= K - 1 && open().length > 0) {
        lim.onProgress?.(`k-induction k=${K}, ${open().length} open`);
        await stepRound(K);
        K++;
        progressed = true;
      }
      if (!progressed) break;
    }
    if (!parallel && open().length > 0) await pdr();
    else if (pdrRun && open().length > 0) await pdrRun;
  } finally {
    pdrAbort.abort();
    mainAbort.abort();
    if (pdrRun) await pdrRun;
  }

  const reason = (): string => {
    const parts: string[] = [];
    if (lim.engines.has("bmc") || lim.engines.has("kind")) parts.push(`no violation within ${bmcDepth + 1} ticks (bmc depth ${bmcDepth})`);
    if (lim.engines.has("kind")) parts.push(`not k-inductive for k <= ${K - 1} together with the other open obligations`);
    const why = parts.join("; ") + notes.bmc + notes.kind + notes.pdr;
    return left() <= 0 ? `time budget exhausted: ${why}` : why;
  };
  for (const k of open()) settle(k, { status: "unknown", engine: "portfolio", reason: reason() });
  return finish();
}

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
