/**
 * Two-run counterexamples: decode the solver's model into one input trace per copy, replay both
 * through the reference interpreter, and locate the first divergence of the protected domain.
 *
 * Input: the program, the property, the product query's input table and the model text of a sat
 * "bmc" query.
 * Output: both replayed runs as TraceSteps, the first tick and variable where they differ, and the
 * source span of the statement responsible; or a reason why the replay did not reproduce a
 * divergence (an internal error, never shown as a counterexample).
 * Invariants: a divergence is reported only when the interpreter's two runs, on the decoded inputs,
 * both respect the assumptions, have no runtime error up to that tick, agree on every input not of
 * the source domain, and differ on a protected variable at that tick.
 */
import type { IrExpr, IrProgram, IrStmt, IrValue } from "../../ir/ir.js";
import type { Span } from "../../source/span.js";
import { simulate, type SimResult, type TickInputs } from "../../interp/index.js";
import type { TraceStep } from "../verdict.js";
import { decodeTrace, traceSteps } from "../safety/replay.js";
import type { InputVar, NiProperty } from "./product.js";

export interface Divergence {
  readonly tick: number;
  readonly variable: string;
  readonly run1: IrValue;
  readonly run2: IrValue;
  /** The writer task of the variable and the assignment judged responsible. */
  readonly task?: string;
  readonly responsible?: Span;
}

export type ReplayOutcome =
  | { readonly ok: true; readonly trace: TraceStep[]; readonly otherTrace: TraceStep[]; readonly divergence: Divergence }
  | { readonly ok: false; readonly reason: string };

/** The model's input values per copy (the same decoding as the safety counterexamples). */
export function decodeInputs(modelText: string, inputs: readonly (readonly InputVar[])[]): TickInputs[] {
  return decodeTrace(modelText, inputs);
}

/** The interpreter's rows as TraceSteps (the same rendering as the safety counterexamples). */
export function toTraceSteps(prog: IrProgram, sim: SimResult): TraceStep[] {
  return traceSteps(prog, sim, Number.POSITIVE_INFINITY);
}

function same(a: IrValue | undefined, b: IrValue | undefined): boolean {
  if (typeof a === "number" || typeof b === "number") return a === b;
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function readsNames(e: IrExpr, out: Set<string>): void {
  switch (e.k) {
    case "var":
      out.add(e.name);
      return;
    case "index":
      out.add(e.array);
      readsNames(e.index, out);
      return;
    case "unary":
      readsNames(e.arg, out);
      return;
    case "binary":
      readsNames(e.left, out);
      readsNames(e.right, out);
      return;
    case "ite":
      readsNames(e.cond, out);
      readsNames(e.then, out);
      readsNames(e.else, out);
      return;
    case "array":
      for (const x of e.elements) readsNames(x, out);
      return;
    case "const":
      return;
  }
}

/** Assignments to `name` (with the names their value and enclosing conditions read). */
function assignsTo(ss: readonly IrStmt[], name: string, ctrl: Set<string>, out: { span: Span; reads: Set<string> }[]): void {
  for (const s of ss) {
    if (s.s === "assign" && s.target.name === name) {
      const reads = new Set(ctrl);
      readsNames(s.value, reads);
      if (s.target.index) readsNames(s.target.index, reads);
      out.push({ span: s.span, reads });
    } else if (s.s === "if") {
      const c = new Set(ctrl);
      readsNames(s.cond, c);
      assignsTo(s.then, name, c, out);
      assignsTo(s.else, name, c, out);
    } else if (s.s === "for") {
      assignsTo(s.body, name, ctrl, out);
    }
  }
}

/** The writer task of `variable` and the assignment most likely responsible for the divergence. */
export function responsibleFor(prog: IrProgram, prop: NiProperty, variable: string): { task?: string; span?: Span } {
  const task = prog.tasks.find((t) => t.writes.includes(variable));
  if (!task) return {};
  const found: { span: Span; reads: Set<string> }[] = [];
  assignsTo(task.body, variable, new Set(), found);
  const fromDomain = new Set(
    [...prog.inputs, ...prog.state, ...prog.outputs].filter((g) => g.domain === prop.from).map((g) => g.name).concat(
      prog.irqs.filter((l) => l.domain === prop.from).map((l) => l.name),
    ),
  );
  const locals = new Set(task.locals.map((l) => l.name));
  const suspicious = found.find((a) => [...a.reads].some((n) => fromDomain.has(n) || locals.has(n)));
  const pick = suspicious ?? found[0];
  return { task: task.name, ...(pick ? { span: pick.span } : { span: task.span }) };
}

export function replayTwoRuns(
  prog: IrProgram,
  prop: NiProperty,
  protectedNames: readonly string[],
  sharedInputs: ReadonlySet<string>,
  modelText: string,
  inputs: readonly (readonly (readonly InputVar[])[])[],
): ReplayOutcome {
  const t1 = decodeInputs(modelText, inputs[0] ?? []);
  const t2 = decodeInputs(modelText, inputs[1] ?? []);
  const ticks = Math.min(t1.length, t2.length);
  const r1 = simulate(prog, t1, ticks);
  const r2 = simulate(prog, t2, ticks);
  for (const [i, r] of [r1, r2].entries()) {
    if (r.assumptionViolation) return { ok: false, reason: `run ${i + 1} breaks assumption ${r.assumptionViolation.assumption} at tick ${r.assumptionViolation.tick}` };
  }
  const rows = Math.min(r1.rows.length, r2.rows.length);
  for (let t = 0; t < rows; t++) {
    const a = r1.rows[t];
    const b = r2.rows[t];
    if (!a || !b) break;
    for (const n of sharedInputs) {
      if (!same(a.inputs[n], b.inputs[n])) return { ok: false, reason: `the runs differ on shared input ${n} at tick ${t}` };
    }
    for (const n of protectedNames) {
      const va = a.state[n] ?? a.outputs[n];
      const vb = b.state[n] ?? b.outputs[n];
      if (!same(va, vb) && va !== undefined && vb !== undefined) {
        const resp = responsibleFor(prog, prop, n);
        return {
          ok: true,
          trace: toTraceSteps(prog, r1).slice(0, t + 1),
          otherTrace: toTraceSteps(prog, r2).slice(0, t + 1),
          divergence: {
            tick: t,
            variable: n,
            run1: va,
            run2: vb,
            ...(resp.task !== undefined ? { task: resp.task } : {}),
            ...(resp.span !== undefined ? { responsible: resp.span } : {}),
          },
        };
      }
    }
  }
  const err = r1.runtimeError ?? r2.runtimeError;
  return {
    ok: false,
    reason: err ? `a run stopped with a runtime error (${err.message}) before the runs diverged` : "the interpreter's two runs do not diverge on the protected domain",
  };
}
