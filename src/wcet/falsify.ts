/**
 * Falsifying `wcet(T) <= t`: a job of T that the reference interpreter executes along a path that
 * costs more than t cycles with the target's table.
 *
 * Input: the program, the task, its CostCtx, the limit in cycles, a solver. Output: `falsified`
 * with the input trace (as TraceSteps of the interpreter's rows), the release tick and an
 * explanation (branches taken, cycles per line), or `unknown` with the reason.
 * Method: r = T's first release tick (its offset; 0 for an interrupt task). The interpreter runs
 * ticks 0 .. r on inputs that satisfy the assumptions (found by the solver), which gives the
 * visible state S at tick r. The solver then looks for inputs at tick r such that the job started
 * from S satisfies the assumptions and every assert on its path and costs more than t
 * (pathenc.ts findExceedingJob). The trace is replayed through the interpreter (replay.ts); the
 * verdict is falsified only when the interpreter released the job at tick r, ran it to its end
 * and the cycles of the path it executed (path.ts, from the interpreter's own arm counts) exceed t.
 * Invariants: never falsified on the solver's word alone; any failure along the way is unknown.
 */
import type { IrProgram, IrTask, IrType, IrValue } from "../ir/ir.js";
import type { TraceStep } from "../prove/verdict.js";
import type { TickInputs, TickRow } from "../interp/index.js";
import { simulate } from "../interp/index.js";
import type { CostCtx } from "./cost.js";
import type { TimingSolver } from "./ipet.js";
import { findExceedingJob } from "./pathenc.js";
import { fromArmCounts, type PathExplanation } from "./path.js";
import { replayJob } from "./replay.js";

export type WcetFalsification =
  | { readonly status: "falsified"; readonly tick: number; readonly trace: readonly TraceStep[]; readonly explanation: string; readonly path: PathExplanation }
  | { readonly status: "unknown"; readonly reason: string };

type Shown = number | string | boolean | readonly (number | string | boolean)[];

function show(t: IrType | undefined, v: IrValue | undefined): Shown {
  if (v === undefined) return 0;
  if (typeof v !== "number") return v.map((x) => show(t?.kind === "array" ? t.elem : undefined, x) as number | string | boolean);
  if (t?.kind === "bool") return v !== 0;
  if (t?.kind === "enum") return t.members[v] ?? v;
  return v;
}

export function traceSteps(p: IrProgram, rows: readonly TickRow[]): TraceStep[] {
  const types = new Map<string, IrType>();
  for (const g of [...p.inputs, ...p.state, ...p.outputs]) types.set(g.name, g.type);
  for (const l of p.irqs) types.set(l.name, { kind: "bool" });
  const conv = (r: Readonly<Record<string, IrValue>>): Record<string, Shown> => {
    const o: Record<string, Shown> = {};
    for (const [k, v] of Object.entries(r)) o[k] = show(types.get(k), v);
    return o;
  };
  return rows.map((r) => ({ tick: r.tick, inputs: conv(r.inputs), state: conv(r.state), outputs: conv(r.outputs) }));
}

function describe(e: PathExplanation, limit: number): string {
  const br = e.branches
    .filter((b) => b.then + b.else > 0)
    .map((b) => `if at line ${b.line}: ${b.then + b.else === 1 ? (b.then === 1 ? "then" : "else") : `then ${b.then}x, else ${b.else}x`}`);
  const top = [...e.lines].sort((a, b) => b.cycles - a.cycles).slice(0, 5).map((l) => `line ${l.line} ${l.cycles}`);
  return `${e.cycles} cycles > ${limit}` + (br.length > 0 ? `; branches: ${br.join(", ")}` : "") + `; cycles by line: ${top.join(", ")}${e.lines.length > 5 ? ", ..." : ""}`;
}

export async function falsifyWcet(p: IrProgram, task: IrTask, c: CostCtx, limit: number, solver: TimingSolver, timeoutMs: number): Promise<WcetFalsification> {
  const r = task.kind === "periodic" ? task.offsetTicks : 0;
  const d = task.publishDelayTicks;
  // inputs satisfying the assumptions, for the ticks before the release
  const empty: IrTask = { ...task, kind: "periodic", body: [], reads: [], writes: [] };
  const base = await findExceedingJob(c, p, empty, new Map(), -1, solver, timeoutMs);
  if (base.status !== "found") return { status: "unknown", reason: base.status === "none" ? "the assumptions admit no inputs" : `inputs for the assumptions: ${base.reason}` };
  const toInputs = (vals: Readonly<Record<string, number | number[]>>): TickInputs => {
    const o: Record<string, IrValue> = {};
    for (const i of p.inputs) {
      const v = vals[i.name];
      o[i.name] = v ?? (i.type.kind === "array" ? new Array<number>(i.type.length).fill(0) : 0);
    }
    for (const l of p.irqs) o[l.name] = l.task === task.name && r === 0 ? 1 : (vals[l.name] ?? 0);
    return o;
  };
  const baseIn = toInputs(base.values);
  const prefix = simulate(p, Array.from({ length: r + 1 }, () => baseIn), r + 1);
  const row = prefix.rows[r];
  if (!row) return { status: "unknown", reason: `the interpreter did not reach tick ${r}` };
  const fixed = new Map<string, number | readonly number[]>();
  for (const name of task.reads) {
    const v = row.state[name] ?? row.outputs[name];
    if (v !== undefined) fixed.set(name, v); // (inputs and irq lines are left to the solver)
  }
  const job = await findExceedingJob(c, p, task, fixed, limit, solver, timeoutMs);
  if (job.status === "none") return { status: "unknown", reason: `no path of the job released at tick ${r} costs more than ${limit} cycles from the state the interpreter reaches (other states were not searched)` };
  if (job.status !== "found") return { status: "unknown", reason: `searching a job above the limit: ${job.reason}` };
  const jobIn = toInputs(job.values);
  if (task.kind === "irq" && task.irq !== undefined) (jobIn as Record<string, IrValue>)[task.irq] = 1;
  const trace = [...Array.from({ length: r }, () => baseIn), ...Array.from({ length: d + 1 }, () => jobIn)];
  const rep = replayJob(p, task.name, trace, r);
  if (rep.status !== "ok") return { status: "unknown", reason: `replay through the interpreter: ${rep.reason}` };
  const path = fromArmCounts(c, task, rep.arms);
  if (!path) return { status: "unknown", reason: "the replayed job did not run to its end" };
  if (path.cycles <= limit) return { status: "unknown", reason: `the replayed job ran ${path.cycles} cycles, within the limit (solver said ${job.cycles})` };
  return {
    status: "falsified",
    tick: r,
    trace: traceSteps(p, rep.rows),
    path,
    explanation: `the job of ${task.name} released at tick ${r}, replayed through the reference interpreter, runs a path of ${describe(path, limit)} (cycles with the ${c.target.name} table, ${c.opts.waitStates} wait states)`,
  };
}
