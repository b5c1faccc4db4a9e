/**
 * Replaying one job through the reference interpreter (src/interp) and reading off the path it
 * took: how often each arm of each `if` ran, hence (path.ts) its cycles with the target's table.
 *
 * Input: an IrProgram, a task name, an input trace (one TickInputs per tick) and the tick at which
 * the job is released. Output: the arm counts of that job as the interpreter executed it, the
 * interpreter's rows of the original program, or the reason the replay did not show a complete job.
 * Method: the interpreter is not modified. A copy of the program gets, for each `if` of the task,
 * two fresh state counters (`__wcet_then_k`, `__wcet_else_k`, written only by the task, read by
 * nothing else) incremented at the start of the corresponding arm; the interpreter runs the copy
 * and the job's counts are the counters' published values at tick release + d minus their values
 * at the release tick (d = publication delay). The original program is run on the same trace and
 * must agree with the copy on every original state variable and output at every tick (the
 * counters do not influence the behaviour) and reach the job without a runtime error.
 * Invariants: `if`s are numbered in pre-order by position (cfg.ts forEachIf); a job stopped by a
 * failing assert is reported as such (its path is not a complete job).
 */
import type { IrExpr, IrGlobal, IrProgram, IrScalarType, IrStmt, IrTask, IrValue } from "../ir/ir.js";
import { simulate, type SimResult, type TickInputs, type TickRow } from "../interp/index.js";
import type { ArmCounts } from "./path.js";

const COUNTER_TYPE: IrScalarType = { kind: "int", lo: 0, hi: 2 ** 52, unit: "none" };

/** The program with arm counters added to `taskName`, and the counters' names per `if`. */
export function instrument(p: IrProgram, taskName: string): { program: IrProgram; counters: { then: string; else: string }[] } {
  const task = p.tasks.find((t) => t.name === taskName);
  if (!task) throw new Error(`instrument: no task ${taskName}`);
  const taken = new Set([...p.inputs, ...p.state, ...p.outputs].map((g) => g.name));
  const counters: { then: string; else: string }[] = [];
  const fresh = (base: string): string => {
    let n = base;
    for (let i = 0; taken.has(n); i++) n = `${base}_${i}`;
    taken.add(n);
    return n;
  };
  const bump = (name: string, s: IrStmt): IrStmt => {
    const v: IrExpr = { k: "var", name, scope: "state", type: COUNTER_TYPE, span: s.span };
    const one: IrExpr = { k: "const", value: 1, type: { kind: "int", lo: 1, hi: 1, unit: "none" }, span: s.span };
    return { s: "assign", target: { name, scope: "state", span: s.span }, value: { k: "binary", op: "add", left: v, right: one, type: COUNTER_TYPE, span: s.span }, span: s.span };
  };
  const walk = (xs: readonly IrStmt[]): IrStmt[] =>
    xs.map((s): IrStmt => {
      if (s.s === "if") {
        const k = counters.length;
        counters.push({ then: fresh(`__wcet_then_${k}`), else: fresh(`__wcet_else_${k}`) });
        const c = counters[k]!;
        const th = walk(s.then);
        const el = walk(s.else);
        return { ...s, then: [bump(c.then, s), ...th], else: [bump(c.else, s), ...el] };
      }
      if (s.s === "for") return { ...s, body: walk(s.body) };
      return s;
    });
  const body = walk(task.body);
  const extra: IrGlobal[] = counters.flatMap((c) => [c.then, c.else]).map((name) => ({ name, role: "state", type: COUNTER_TYPE, domain: task.domain, init: 0, span: task.span }));
  const names = extra.map((g) => g.name);
  const t2: IrTask = { ...task, body, reads: [...task.reads, ...names].sort(), writes: [...task.writes, ...names].sort() };
  return { program: { ...p, state: [...p.state, ...extra], tasks: p.tasks.map((t) => (t === task ? t2 : t)) }, counters };
}

export type JobReplay =
  | { readonly status: "ok"; readonly arms: readonly ArmCounts[]; readonly rows: readonly TickRow[] }
  | { readonly status: "failed"; readonly reason: string; readonly rows?: readonly TickRow[] };

function same(a: IrValue | undefined, b: IrValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Runs the job of `taskName` released at `releaseTick` under `trace` (length >= releaseTick + d + 1). */
export function replayJob(p: IrProgram, taskName: string, trace: readonly TickInputs[], releaseTick: number): JobReplay {
  const task = p.tasks.find((t) => t.name === taskName);
  if (!task) return { status: "failed", reason: `no task ${taskName}` };
  const end = releaseTick + task.publishDelayTicks;
  if (trace.length < end + 1) return { status: "failed", reason: "trace too short" };
  const { program: ip, counters } = instrument(p, taskName);
  const orig: SimResult = simulate(p, trace.slice(0, end + 1), end + 1);
  const inst: SimResult = simulate(ip, trace.slice(0, end + 1), end + 1);
  if (orig.assumptionViolation && orig.assumptionViolation.tick <= end) return { status: "failed", reason: `assumption ${orig.assumptionViolation.assumption} broken at tick ${orig.assumptionViolation.tick}`, rows: orig.rows };
  if (orig.runtimeError && orig.runtimeError.tick < end) return { status: "failed", reason: `runtime error in ${orig.runtimeError.task} at tick ${orig.runtimeError.tick}: ${orig.runtimeError.message}`, rows: orig.rows };
  if (orig.rows.length < end + 1 || inst.rows.length < end + 1) return { status: "failed", reason: "the run stopped before the job's publication", rows: orig.rows };
  if (!orig.rows[releaseTick]!.released.includes(taskName)) return { status: "failed", reason: `${taskName} is not released at tick ${releaseTick}`, rows: orig.rows };
  for (let t = 0; t <= end; t++) {
    const a = orig.rows[t]!;
    const b = inst.rows[t]!;
    for (const g of [...p.state, ...p.outputs]) {
      const va = g.role === "state" ? a.state[g.name] : a.outputs[g.name];
      const vb = g.role === "state" ? b.state[g.name] : b.outputs[g.name];
      if (!same(va, vb)) return { status: "failed", reason: `instrumented run differs on ${g.name} at tick ${t} (internal error)`, rows: orig.rows };
    }
  }
  const before = inst.rows[releaseTick]!.state;
  const after = inst.rows[end]!.state;
  const arms = counters.map((c) => ({ then: Number(after[c.then]) - Number(before[c.then]), else: Number(after[c.else]) - Number(before[c.else]) }));
  return { status: "ok", arms, rows: orig.rows };
}
