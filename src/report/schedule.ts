/**
 * The timing view: per-task WCET against its budget and response time against its deadline, and
 * one hyperperiod of the fixed-priority preemptive schedule with worst-case interrupt arrivals.
 *
 * Input: an IrProgram and its TimingReport (src/wcet: job costs in cycles, tick ISR cost).
 * Output: TimingView — bars (cycles) and Gantt segments (cycles from the start of the hyperperiod).
 * Invariants: the schedule uses the same job costs as the response-time analysis (WCET plus
 * dispatch and interrupt entry, `jobCycles`), the tick ISR at the highest priority at every tick,
 * periodic releases at their offsets, and each interrupt at its minimum inter-arrival time from
 * time 0 (its critical instant). It is a picture of the analysed worst case, not a proof: the
 * proof is the `schedulable` obligation. Long hyperperiods are cut at MAX_TICKS (said in `cut`).
 */
import type { IrProgram } from "../ir/ir.js";
import type { TimingReport } from "../wcet/index.js";

export const MAX_TICKS = 200;

export interface TaskBar {
  readonly task: string;
  readonly trusted: boolean;
  readonly wcetCycles?: number;
  readonly jobCycles?: number;
  readonly responseCycles?: number;
  readonly deadlineCycles: number;
  /** The bound of the model's `wcet(task) <= t` property, in cycles, when it has one. */
  readonly budgetCycles?: number;
  readonly schedulable?: boolean;
}

export interface GanttSegment {
  /** Task name, or "tick ISR". */
  readonly task: string;
  readonly start: number;
  readonly end: number;
}

export interface Release {
  readonly task: string;
  readonly at: number;
  readonly deadline: number;
  readonly finished?: number;
  readonly irq: boolean;
}

export interface TimingView {
  readonly target: string;
  readonly clockHz: number;
  readonly tickCycles: number;
  readonly tickIsrCycles: number;
  readonly utilization?: number;
  readonly bars: readonly TaskBar[];
  readonly hyperperiodTicks: number;
  /** Ticks drawn (hyperperiod, or MAX_TICKS when longer). */
  readonly ticks: number;
  readonly cut: boolean;
  readonly segments: readonly GanttSegment[];
  readonly releases: readonly Release[];
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

interface Job {
  readonly task: string;
  readonly prio: number;
  readonly release: number;
  left: number;
  readonly idx: number;
}

/** Fixed-priority preemptive schedule of `ticks` ticks (event-driven, cycle-exact). */
function simulate(p: IrProgram, rep: TimingReport, tickCycles: number, ticks: number): { segments: GanttSegment[]; releases: Release[] } {
  const cost = new Map(rep.tasks.map((t) => [t.task, t.jobCycles ?? t.boundCycles ?? 0]));
  const deadline = new Map(rep.tasks.map((t) => [t.task, t.deadlineCycles]));
  const arrivals: { at: number; task: string; prio: number; c: number; irq: boolean }[] = [];
  for (let k = 0; k < ticks; k++) {
    const at = k * tickCycles;
    if ((rep.tickIsrCycles ?? 0) > 0) arrivals.push({ at, task: "tick ISR", prio: 0, c: rep.tickIsrCycles ?? 0, irq: false });
    for (const t of p.tasks) {
      const every = t.kind === "periodic" ? t.periodTicks ?? 1 : t.miatTicks ?? 1;
      const off = t.kind === "periodic" ? t.offsetTicks : 0;
      if (k >= off && (k - off) % every === 0) arrivals.push({ at, task: t.name, prio: t.priority, c: cost.get(t.name) ?? 0, irq: t.kind === "irq" });
    }
  }
  const end = ticks * tickCycles;
  const segments: GanttSegment[] = [];
  const releases: Release[] = [];
  const ready: Job[] = [];
  let now = 0;
  let next = 0;
  while (now < end && (next < arrivals.length || ready.length > 0)) {
    while (next < arrivals.length && arrivals[next]!.at <= now) {
      const a = arrivals[next++]!;
      if (a.task !== "tick ISR") releases.push({ task: a.task, at: a.at, deadline: a.at + (deadline.get(a.task) ?? 0), irq: a.irq });
      ready.push({ task: a.task, prio: a.prio, release: a.at, left: a.c, idx: a.task === "tick ISR" ? -1 : releases.length - 1 });
    }
    ready.sort((x, y) => x.prio - y.prio || x.release - y.release);
    const job = ready[0];
    const until = next < arrivals.length ? Math.min(arrivals[next]!.at, end) : end;
    if (!job) {
      now = until;
      continue;
    }
    const run = Math.min(job.left, until - now);
    if (run > 0) {
      const last = segments[segments.length - 1];
      if (last && last.task === job.task && last.end === now) segments[segments.length - 1] = { ...last, end: now + run };
      else segments.push({ task: job.task, start: now, end: now + run });
    }
    now += run;
    job.left -= run;
    if (job.left <= 0) {
      ready.shift();
      if (job.idx >= 0) releases[job.idx] = { ...releases[job.idx]!, finished: now };
    }
  }
  return { segments, releases };
}

function budget(p: IrProgram, task: string, clockHz: number): { budgetCycles?: number } {
  const q = p.properties.find((x) => x.kind === "wcet" && x.task === task);
  return q && q.kind === "wcet" ? { budgetCycles: Math.floor((q.boundUs * clockHz) / 1e6) } : {};
}

export function timingView(p: IrProgram, rep: TimingReport): TimingView {
  const tickCycles = Math.round((p.device.tickUs * rep.clockHz) / 1e6);
  let hyper = 1;
  let offset = 0;
  for (const t of p.tasks) {
    hyper = lcm(hyper, t.kind === "periodic" ? t.periodTicks ?? 1 : t.miatTicks ?? 1);
    offset = Math.max(offset, t.offsetTicks);
  }
  // One whole hyperperiod after the last first release.
  const ticks = Math.min(hyper + offset, MAX_TICKS);
  const trusted = new Map(p.domains.map((d) => [d.name, d.trusted]));
  const bars: TaskBar[] = rep.tasks.map((t) => ({
    task: t.task,
    trusted: trusted.get(p.tasks.find((x) => x.name === t.task)?.domain ?? "") === true,
    ...(t.boundCycles !== undefined ? { wcetCycles: t.boundCycles } : {}),
    ...(t.jobCycles !== undefined ? { jobCycles: t.jobCycles } : {}),
    ...(t.responseCycles !== undefined ? { responseCycles: t.responseCycles } : {}),
    deadlineCycles: t.deadlineCycles,
    ...budget(p, t.task, rep.clockHz),
    ...(t.schedulable !== undefined ? { schedulable: t.schedulable } : {}),
  }));
  const { segments, releases } = simulate(p, rep, tickCycles, ticks);
  return {
    target: rep.target ?? p.device.target,
    clockHz: rep.clockHz,
    tickCycles,
    tickIsrCycles: rep.tickIsrCycles ?? 0,
    ...(rep.utilization !== undefined ? { utilization: rep.utilization } : {}),
    bars,
    hyperperiodTicks: hyper,
    ticks,
    cut: hyper + offset > MAX_TICKS,
    segments,
    releases,
  };
}
