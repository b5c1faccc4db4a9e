/**
 * The accelerated BMC search ("abmc", vigil issue 14): BMC over frames that are single ticks or
 * macro steps of n >= 2 idle ticks (src/smt/accel.ts), for the bugs that need thousands or millions
 * of ticks.
 *
 * Input: the program, its template and targets, a way to ask the solver, and the limits (largest
 * frame count, longest run replayed). Output: per round, the targets it settles: falsified with the
 * replayed trace (engine "bmc-accel", the real tick), or unknown with an internal error (VG6003)
 * when a counterexample does not replay.
 * Invariants:
 * - Rounds use K = 1, 2, 4, 6, ... frames; round K asks for a violation at a frame in
 *   (previous K, K] (lower frames were asked by earlier rounds) of a run of at most `maxTicks` ticks. A sat answer is expanded tick by tick (frame j's inputs repeated
 *   for its n_j ticks) and replayed through the reference interpreter; only a violation the
 *   interpreter shows becomes `falsified`. An indicated target the replay does not show is an
 *   internal error, never a verdict.
 * - Tick minimisation: for each falsified target, the search asks again for a violation at a tick
 *   below the one shown (within the same K frames, at most `minimiseQueries` queries), so the
 *   reported tick is the first one reachable within K frames when the budget allows; every
 *   intermediate answer is replayed too.
 * - The search never proves anything: an unsat answer only means "no violation within K frames".
 */
import type { IrProgram } from "../../ir/ir.js";
import type { TickInputs } from "../../interp/index.js";
import { modelBool, modelInt, parseModel } from "../../solver/model-parse.js";
import type { SolverAnswer, SolverQuery } from "../../solver/types.js";
import { accelPlan, accelQuery, type AccelPlan, type AccelQuery } from "../../smt/accel.js";
import type { SafetyTarget, TsTemplate } from "../../smt/transition.js";
import type { Verdict } from "../verdict.js";
import { decodeTrace, replay, traceSteps, type Replay } from "./replay.js";

export interface AccelContext {
  readonly prog: IrProgram;
  readonly tpl: TsTemplate;
  readonly targets: readonly SafetyTarget[];
  readonly ask: (q: Omit<SolverQuery, "timeoutMs">, ids: readonly number[]) => Promise<SolverAnswer | undefined>;
  /** Longest run (ticks) a counterexample may have. */
  readonly maxTicks: number;
  /** Largest number of queries spent lowering the tick of one counterexample. */
  readonly minimiseQueries: number;
  /** Time spent decoding and replaying (benchmarks). */
  readonly timedDecode?: <T>(f: () => T) => T;
}

export interface AccelSettled {
  readonly k: number;
  readonly verdict: Verdict;
}

export interface AccelRound {
  readonly settled: readonly AccelSettled[];
  /** Set when the round stopped without a conclusive answer (timeout, unknown, internal error). */
  readonly note?: string;
  /** Frames used by the counterexamples found (for reports). */
  readonly frames?: number;
}

/** The frames' inputs, expanded tick by tick, and the frame lengths. */
export function expand(q: AccelQuery, model: string): { inputs: TickInputs[]; lengths: number[] } {
  const pm = parseModel(model);
  const per = decodeTrace(model, q.inputs);
  const inputs: TickInputs[] = [];
  const lengths: number[] = [];
  per.forEach((row, j) => {
    const acc = j < q.acc.length && modelBool(pm, q.acc[j] ?? "") === true;
    const n = acc ? (modelInt(pm, q.len[j] ?? "") ?? 1) : 1;
    lengths.push(n);
    for (let m = 0; m < n; m++) inputs.push(row);
  });
  return { inputs, lengths };
}

export class AccelSearch {
  readonly plan: AccelPlan | undefined;
  private K = 0;
  private stopped = false;
  private covered = 0;
  constructor(private readonly c: AccelContext, private readonly maxFrames: number) {
    this.plan = accelPlan(c.prog, c.tpl);
  }
  /** Frames searched so far to the end (every open target asked up to this frame count). */
  get frames(): number {
    return this.covered;
  }
  /** The frame count of the next round. */
  get nextFrames(): number {
    return Math.min(this.maxFrames, this.K < 2 ? this.K + 1 : this.K + 2);
  }
  done(): boolean {
    return this.plan === undefined || this.stopped || this.K >= this.maxFrames;
  }

  private run(K: number, ids: readonly number[], from: number, tickHi?: number): { q: AccelQuery; smt: Omit<SolverQuery, "timeoutMs"> } {
    const q = accelQuery(this.c.tpl, this.plan as AccelPlan, K, ids, { from, maxTicks: this.c.maxTicks, ...(tickHi !== undefined ? { tickHi } : {}) });
    return { q, smt: { smtlib: q.smtlib, mode: "check", logic: this.c.tpl.logic, getModel: true } };
  }

  private replayOf(q: AccelQuery, model: string): { r: Replay; indicated: number[] } {
    // Without per-tick rows: the verdict's trace is recorded once, for the replay that is kept.
    const f = (): { r: Replay; indicated: number[] } => {
      const { inputs } = expand(q, model);
      const pm = parseModel(model);
      const indicated = [...q.indicators].filter(([, name]) => modelBool(pm, name) === true).map(([k]) => k);
      return { r: replay(this.c.prog, inputs, false), indicated };
    };
    return this.c.timedDecode ? this.c.timedDecode(f) : f();
  }

  private recorded(inputs: TickInputs[]): Replay {
    const f = (): Replay => replay(this.c.prog, inputs);
    return this.c.timedDecode ? this.c.timedDecode(f) : f();
  }

  /**
   * Lowers the tick at which target k is shown, within K frames: asks for a violation strictly
   * before the best replayed one until the answer is unsat (the tick is then the first one
   * reachable within K frames) or the query budget is spent.
   */
  private async minimise(K: number, k: number, lo: number, best: { r: Replay; tick: number }): Promise<{ r: Replay; tick: number }> {
    let cur = best;
    for (let used = 0; used < this.c.minimiseQueries && lo < cur.tick; used++) {
      const hi = cur.tick - 1;
      const { q, smt } = this.run(K, [k], 0, hi);
      const a = await this.c.ask(smt, [k]);
      if (!a || a.status !== "sat") break;
      const { r } = this.replayOf(q, a.model ?? "");
      const shown = r.broken ? undefined : r.shown.get(this.c.targets[k]?.name ?? "");
      if (!shown || shown.tick > hi) break; // not replayed: keep the replayed one we have
      cur = { r, tick: shown.tick };
    }
    return cur;
  }

  /**
   * The next round for the targets `ids`; `clean`: no violation at ticks 0..clean. With
   * `retryOnUnknown`, an unknown answer (the caller's time share ran out) leaves the round to be
   * asked again by the next call.
   */
  async step(ids: readonly number[], clean: number, retryOnUnknown = false): Promise<AccelRound> {
    if (this.done() || ids.length === 0) return { settled: [] };
    // Frame counts 1, 2, 4, 6, 8, ...: round K asks for a violation at frames (previous K, K], so
    // no frame count is skipped, and the unsat rounds on the way to a deep bug are halved.
    const from = this.K + 1;
    const K = this.nextFrames;
    this.K = K;
    const settled: AccelSettled[] = [];
    let open = [...ids];
    while (open.length > 0) {
      const { q, smt } = this.run(K, open, from);
      const a = await this.c.ask(smt, open);
      if (!a) return { settled, note: "time budget exhausted" };
      if (a.status === "unknown") {
        // Under a time share (retryOnUnknown) the same round is asked again later with more time;
        // otherwise the search stops: more frames would only be harder.
        if (retryOnUnknown && settled.length === 0) this.K = from - 1;
        else this.stopped = true;
        return { settled, note: `accelerated bmc with ${K} frames: ${a.reason}` };
      }
      if (a.status === "unsat") {
        this.covered = K;
        return { settled };
      }
      const { r, indicated } = this.replayOf(q, a.model ?? "");
      let progress = false;
      for (const k of open) {
        const t = this.c.targets[k];
        const shown = t ? r.shown.get(t.name) : undefined;
        if (!t || !shown || r.broken) continue;
        const best = await this.minimise(K, k, clean + 1, { r, tick: shown.tick });
        // The kept counterexample is replayed again with its rows, up to the violating tick.
        const full = this.recorded(best.r.inputs.slice(0, best.tick + 1));
        const s = full.broken ? undefined : full.shown.get(t.name);
        if (!s || s.tick !== best.tick) continue; // reported below as not replayed
        settled.push({
          k,
          verdict: { status: "falsified", engine: "bmc-accel", tick: s.tick, trace: traceSteps(this.c.prog, full.sim, s.tick), at: t.span, explanation: s.message, replayed: true },
        });
        progress = true;
      }
      for (const k of indicated) {
        if (settled.some((x) => x.k === k)) continue;
        settled.push({
          k,
          verdict: {
            status: "unknown",
            engine: "bmc-accel",
            reason: `internal error (VG6003): the accelerated counterexample found with ${K} frames did not replay through the interpreter${r.broken ? ` (it breaks assumption ${r.broken})` : ""}`,
          },
        });
        progress = true;
      }
      if (!progress) return { settled, note: `accelerated bmc with ${K} frames: internal error (VG6003): a counterexample with no indicated target` };
      open = open.filter((k) => !settled.some((x) => x.k === k));
    }
    this.covered = K;
    return { settled, frames: K };
  }
}
