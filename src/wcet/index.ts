/**
 * Timing analysis entry point: WCET per task (IPET, Z3 Optimize) and schedulability (RTA), as
 * verdicts for `vigil prove` and figures for `vigil wcet`.
 *
 * Input: an IrProgram, a solver, options (target override, wait states, timeout).
 * Output: TimingReport (per task WCET, response time, deadline, slack, interference by untrusted
 * tasks; utilization; diagnostics VG7001/VG7002) and timingVerdicts() -> ObligationResult[].
 * Invariants:
 * - A WCET is `proved` only when the IPET optimum was certified by an unsat answer (ipet.ts);
 *   `schedulable` is proved only when every task's WCET was proved and RTA converged within every
 *   deadline. A `wcet(T) <= t` whose bound exceeds t is `falsified` only when a job that exceeds t
 *   was shown to run: inputs found by the solver for a job of T starting from the state the
 *   interpreter reaches at T's first release, replayed through the reference interpreter, whose
 *   executed path costs more than t with the target's table (falsify.ts); otherwise `unknown` with
 *   the figures in the reason.
 * - Each task's worst path is explained in source terms (path.ts): the IPET count vector, or the
 *   path-sensitive witness executed by exec.ts when that bound is the tighter one.
 * - Runtime model (docs/timing.md): a tick ISR (period = tick) publishes, samples and releases;
 *   each irq line's latch ISR runs at most once per tick (masked until the next tick: period =
 *   tick, jitter = tick); each job runs at its priority with a dispatch cost and an interrupt
 *   entry/exit; releases are at tick boundaries, so a job's release jitter relative to its release
 *   tick is 0 (an irq event waits up to one tick before its release: reported, not a deadline term).
 */
import type { IrProgram, IrTask } from "../ir/ir.js";
import type { ObligationResult } from "../prove/verdict.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/diagnostic.js";
import { findTarget, irqOverhead, opCycles, targetNames, usToCyclesFloor, cyclesToUs, type TargetModel, type TargetOptions } from "../targets/index.js";
import { makeCostCtx, wordsOf } from "./cost.js";
import { buildCfg, structuralBound } from "./cfg.js";
import { solveIpet, type BoundResult, type TimingSolver } from "./ipet.js";
import { responseTimes, type RtaTask } from "./rta.js";
import { pathSensitiveBound } from "./pathenc.js";
import { explainCfgCounts, fromArmCounts, type PathExplanation } from "./path.js";
import { executeJob, type Env } from "./exec.js";
import { falsifyWcet } from "./falsify.js";

export { responseTimes } from "./rta.js";
export type { TimingSolver } from "./ipet.js";
export type { PathExplanation, LineCycles, BranchCounts } from "./path.js";

export interface TimingOptions {
  readonly target?: string;
  readonly waitStates?: number;
  readonly timeoutMs?: number;
}

export interface TaskTiming {
  readonly task: string;
  readonly wcet: BoundResult;
  /** Path-sensitive bound (infeasible paths excluded); reported beside the plain one. */
  readonly pathSensitive: BoundResult;
  /** The bound used: min(plain, path-sensitive) of the proved ones (undefined if none proved). */
  readonly boundCycles?: number;
  /** Structural longest path (cross-check of the IPET answer). */
  readonly structural: number;
  readonly blocks: number;
  /** Job cost in RTA: WCET + dispatch + interrupt entry/exit. */
  readonly jobCycles?: number;
  readonly responseCycles?: number;
  readonly deadlineCycles: number;
  readonly slackCycles?: number;
  readonly schedulable?: boolean;
  /**
   * Part of the response time caused by untrusted domains: their jobs, their irq lines' latch
   * ISRs, and the tick ISR's bookkeeping for their tasks and inputs.
   */
  readonly untrustedCycles?: number;
  /** untrustedCycles by source (task name, `@irq:LINE`, `@tick (untrusted bookkeeping)`). */
  readonly untrustedBy?: Readonly<Record<string, number>>;
  /** Blocking by a lower-priority non-preemptible section (RTA term B). */
  readonly blockingCycles?: number;
  readonly trusted: boolean;
  /** The worst path of the bound used, in source terms (absent when no bound was proved). */
  readonly worstPath?: PathExplanation;
  /** Which analysis the worst path comes from. */
  readonly worstPathFrom?: "ipet" | "path-sensitive";
}

export interface TimingReport {
  readonly target?: string;
  readonly clockHz: number;
  readonly waitStates: number;
  readonly tasks: readonly TaskTiming[];
  readonly tickIsrCycles?: number;
  readonly utilization?: number;
  readonly diagnostics: readonly Diagnostic[];
  readonly solverMs: number;
}

/**
 * The tick ISR's cost, and the part of it spent on behalf of untrusted domains (their tasks'
 * release bookkeeping and publications, the sampling of their inputs and irq lines).
 */
function tickIsrCycles(p: IrProgram, t: TargetModel, o: TargetOptions, untrusted: (domain: string) => boolean = () => false): { total: number; untrusted: number } {
  const pub = opCycles(t, "publish.word", o);
  const smp = opCycles(t, "sample.word", o);
  const per = opCycles(t, "tick.per.task", o);
  let total = irqOverhead(t, o) + opCycles(t, "tick.base", o);
  let unt = 0;
  for (const task of p.tasks) {
    let c = per;
    for (const w of task.writes) {
      const g = [...p.state, ...p.outputs].find((x) => x.name === w);
      c += (g ? wordsOf(g.type) : 1) * pub;
    }
    total += c;
    if (untrusted(task.domain)) unt += c;
  }
  for (const l of p.irqs) {
    total += smp;
    if (untrusted(l.domain)) unt += smp;
  }
  for (const i of p.inputs) {
    total += wordsOf(i.type) * smp;
    if (untrusted(i.domain)) unt += wordsOf(i.type) * smp;
  }
  return { total, untrusted: unt };
}

export async function analyzeTiming(p: IrProgram, solver: TimingSolver, opts: TimingOptions = {}): Promise<TimingReport> {
  const diagnostics: Diagnostic[] = [];
  const name = opts.target ?? p.device.target;
  const target = findTarget(name);
  const waitStates = opts.waitStates ?? 0;
  const clockHz = p.device.clockHz;
  if (!target) {
    diagnostics.push(diag("VG7002", p.device.span, `no cycle model for target \`${name}\``, { notes: [`known targets: ${targetNames().join(", ")}`] }));
    return { clockHz, waitStates, tasks: [], diagnostics, solverMs: 0 };
  }
  const o: TargetOptions = { waitStates };
  const trusted = new Map(p.domains.map((d) => [d.name, d.trusted]));
  // VG7001: an untrusted interrupt task that can preempt a trusted task needs a minimum inter-arrival time.
  for (const t of p.tasks) {
    if (t.kind !== "irq" || trusted.get(t.domain) !== false) continue;
    const victims = p.tasks.filter((v) => trusted.get(v.domain) === true && v.priority > t.priority);
    if (victims.length > 0 && !(t.miatUs !== undefined && t.miatUs > 0)) {
      diagnostics.push(diag("VG7001", t.span, `untrusted interrupt task \`${t.name}\` can preempt ${victims.map((v) => `\`${v.name}\``).join(", ")} but has no minimum inter-arrival time`, { notes: ["add `min_interarrival T` so its interference on trusted tasks is bounded"] }));
    }
  }
  let solverMs = 0;
  const per: { task: IrTask; wcet: BoundResult; pathSensitive: BoundResult; bound?: number; structural: number; blocks: number; worstPath?: PathExplanation; worstPathFrom?: "ipet" | "path-sensitive" }[] = [];
  for (const task of p.tasks) {
    const ctx = makeCostCtx(target, o, p, task);
    const cfg = buildCfg(task, ctx);
    const wcet = await solveIpet(cfg, solver, opts.timeoutMs ?? 30_000);
    solverMs += wcet.solverMs;
    const psFull = await pathSensitiveBound(ctx, p, task, solver, opts.timeoutMs ?? 30_000, wcet.status === "proved" ? wcet.cycles : undefined);
    solverMs += psFull.solverMs;
    const { witness, ...ps } = psFull as typeof psFull & { witness?: Record<string, number> };
    const bound = wcet.status === "proved" ? (ps.status === "proved" ? Math.min(ps.cycles, wcet.cycles) : wcet.cycles) : undefined;
    let worstPath: PathExplanation | undefined;
    let worstPathFrom: "ipet" | "path-sensitive" | undefined;
    if (wcet.status === "proved" && ps.status === "proved" && ps.cycles < wcet.cycles && witness) {
      // the path-sensitive worst path: its witness values executed by the cost executor
      const env: Env = new Map(Object.entries(witness));
      const run = executeJob(ctx, task, env);
      const e = run.failed ? undefined : fromArmCounts(ctx, task, run.arms);
      if (e && e.cycles === ps.cycles) {
        worstPath = e;
        worstPathFrom = "path-sensitive";
      }
    }
    if (!worstPath && wcet.status === "proved") {
      worstPath = explainCfgCounts(cfg, wcet.blockCounts, wcet.edgeCounts);
      worstPathFrom = "ipet";
    }
    per.push({ task, wcet, pathSensitive: ps, ...(bound !== undefined ? { bound } : {}), structural: structuralBound(task, ctx), blocks: cfg.blocks.length, ...(worstPath ? { worstPath, worstPathFrom } : {}) });
  }
  const tickCycles = usToCyclesFloor(p.device.tickUs, clockHz);
  const tick = tickIsrCycles(p, target, o, (d) => trusted.get(d) === false);
  const isr = tick.total;
  const latch = irqOverhead(target, o) + opCycles(target, "irq.latch", o);
  const masked = opCycles(target, "dispatch.masked", o);
  const dispatch = irqOverhead(target, o) + opCycles(target, "job.dispatch", o) + masked;
  // non-preemptible sections (they block every higher priority): a job's masked dispatch part
  // (with the masked hardware entry where the core has no nesting), a whole ISR on such a core
  const jobNp = masked + (target.irqEntryMasked ? target.irqEntryCycles + o.waitStates * target.irqFlashAccesses : 0);
  const isrNp = (c: number): number => (target.irqEntryMasked ? c : 0);
  const allProved = per.every((x) => x.wcet.status === "proved") && diagnostics.length === 0;
  const tasks: TaskTiming[] = [];
  let utilization: number | undefined;
  if (allProved) {
    // priorities: the tick ISR above the latch ISRs (distinct, in declaration order) above the jobs
    const nIrq = p.irqs.length;
    const ents = [
      { name: "@tick", c: isr, t: tickCycles, d: tickCycles, priority: -(nIrq + 1), np: isrNp(isr) },
      ...p.irqs.map((l, i) => ({ name: `@irq:${l.name}`, c: latch, t: tickCycles, j: tickCycles, d: tickCycles, priority: -(nIrq - i), np: isrNp(latch) })),
      ...per.map((x) => ({
        name: x.task.name,
        c: (x.bound ?? 0) + dispatch,
        // releases happen at ticks, so an interrupt task's releases are at least one tick apart
        t: usToCyclesFloor(x.task.kind === "irq" ? Math.max(x.task.miatUs ?? 0, p.device.tickUs) : (x.task.periodUs ?? 0), clockHz),
        d: usToCyclesFloor(x.task.deadlineUs, clockHz),
        priority: x.task.priority,
        np: jobNp,
      })),
    ];
    const rtaTasks: RtaTask[] = ents.map(({ np: _np, ...e }): RtaTask => {
      let b = 0;
      for (const l of ents) if (l.priority > e.priority) b = Math.max(b, l.np);
      return b > 0 ? { ...e, b } : e;
    });
    const { results, utilization: u } = responseTimes(rtaTasks);
    utilization = u;
    for (const x of per) {
      const r = results.find((y) => y.name === x.task.name)!;
      let untrusted = 0;
      const untrustedBy: Record<string, number> = {};
      for (const [k, v] of Object.entries(r.interference)) {
        const src = p.tasks.find((t) => t.name === k) ?? p.irqs.find((l) => k === `@irq:${l.name}`);
        if (src && trusted.get(src.domain) === false && v > 0) {
          untrusted += v;
          untrustedBy[k] = v;
        }
        if (k === "@tick" && tick.untrusted > 0) {
          const share = (v / isr) * tick.untrusted;
          untrusted += share;
          untrustedBy["@tick (untrusted bookkeeping)"] = share;
        }
      }
      tasks.push({
        task: x.task.name, wcet: x.wcet, pathSensitive: x.pathSensitive, ...(x.bound !== undefined ? { boundCycles: x.bound } : {}), structural: x.structural, blocks: x.blocks,
        jobCycles: rtaTasks.find((y) => y.name === x.task.name)!.c,
        responseCycles: r.r, deadlineCycles: usToCyclesFloor(x.task.deadlineUs, clockHz), slackCycles: r.slack,
        schedulable: r.schedulable, untrustedCycles: untrusted, untrustedBy, trusted: trusted.get(x.task.domain) === true,
        ...(rtaTasks.find((y) => y.name === x.task.name)!.b !== undefined ? { blockingCycles: rtaTasks.find((y) => y.name === x.task.name)!.b } : {}),
        ...(x.worstPath ? { worstPath: x.worstPath, worstPathFrom: x.worstPathFrom } : {}),
      });
    }
  } else {
    for (const x of per) tasks.push({ task: x.task.name, wcet: x.wcet, pathSensitive: x.pathSensitive, ...(x.bound !== undefined ? { boundCycles: x.bound } : {}), structural: x.structural, blocks: x.blocks, deadlineCycles: usToCyclesFloor(x.task.deadlineUs, clockHz), trusted: trusted.get(x.task.domain) === true, ...(x.worstPath ? { worstPath: x.worstPath, worstPathFrom: x.worstPathFrom } : {}) });
  }
  return { target: target.name, clockHz, waitStates, tasks, tickIsrCycles: isr, ...(utilization !== undefined ? { utilization } : {}), diagnostics, solverMs };
}

/** Verdicts for the model's `wcet(T) <= t` and `schedulable` properties (joined into `vigil prove`). */
export async function timingVerdicts(p: IrProgram, opts: TimingOptions & { solver: TimingSolver }): Promise<ObligationResult[]> {
  const props = p.properties.filter((q) => q.kind === "wcet" || q.kind === "schedulable");
  if (props.length === 0) return [];
  const t0 = Date.now();
  const rep = await analyzeTiming(p, opts.solver, opts);
  const timeMs = Date.now() - t0;
  const engine = `ipet+rta(${rep.target ?? "?"})`;
  const out: ObligationResult[] = [];
  for (const q of props) {
    let verdict: ObligationResult["verdict"];
    let description: string;
    if (rep.diagnostics.length > 0) {
      verdict = { status: "unknown", engine, reason: rep.diagnostics.map((d) => `${d.code}: ${d.message}`).join("; ") };
      description = q.kind === "wcet" ? `wcet(${q.task}) <= ${q.boundUs} us` : "every job meets its deadline";
    } else if (q.kind === "wcet") {
      description = `wcet(${q.task}) <= ${q.boundUs} us`;
      const t = rep.tasks.find((x) => x.task === q.task);
      const limit = usToCyclesFloor(q.boundUs, rep.clockHz);
      if (!t || t.wcet.status !== "proved" || t.boundCycles === undefined) verdict = { status: "unknown", engine, reason: t && t.wcet.status === "unknown" ? t.wcet.reason : "task not analysed" };
      else if (t.boundCycles <= limit) verdict = { status: "proved", engine, evidence: { kind: "timing", note: `WCET bound ${t.boundCycles} cycles (${cyclesToUs(t.boundCycles, rep.clockHz)} us; plain IPET ${t.wcet.cycles}) <= ${limit} cycles`, figures: { wcetCycles: t.boundCycles, ipetCycles: t.wcet.cycles, limitCycles: limit } } };
      else {
        const target = findTarget(rep.target ?? "")!;
        const task = p.tasks.find((x) => x.name === q.task)!;
        const ctx = makeCostCtx(target, { waitStates: rep.waitStates }, p, task);
        const f = await falsifyWcet(p, task, ctx, limit, opts.solver, opts.timeoutMs ?? 30_000);
        if (f.status === "falsified") {
          verdict = { status: "falsified", engine, tick: f.tick, trace: f.trace, at: q.span, explanation: `${f.explanation} (WCET bound ${t.boundCycles} cycles)`, replayed: true };
        } else verdict = { status: "unknown", engine, reason: `bound exceeded: WCET bound ${t.boundCycles} cycles > ${limit} cycles, but no job exceeding ${limit} cycles was shown to run (${f.reason})` };
      }
    } else {
      description = "every job meets its deadline";
      const bad = rep.tasks.filter((t) => t.schedulable !== true);
      if (rep.tasks.length > 0 && bad.length === 0) {
        const figures: Record<string, number> = { utilization: rep.utilization ?? 0 };
        for (const t of rep.tasks) figures[`R_${t.task}`] = t.responseCycles ?? 0;
        verdict = { status: "proved", engine, evidence: { kind: "timing", note: "response-time analysis: every response time within its deadline", figures } };
      } else verdict = { status: "unknown", engine, reason: bad.map((t) => (t.responseCycles !== undefined ? `${t.task}: response ${t.responseCycles} > deadline ${t.deadlineCycles} cycles` : `${t.task}: WCET not proved`)).join("; ") };
    }
    out.push({ obligation: { name: q.name, kind: q.kind, description, span: q.span }, verdict, timeMs, solverMs: Math.min(rep.solverMs, timeMs) });
  }
  return out;
}
