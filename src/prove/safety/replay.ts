/**
 * Counterexamples of the safety engines: decode a BMC model into an input trace, replay it through
 * the reference interpreter, and keep only the violations the interpreter shows.
 *
 * Input: the program, the BMC query's input table and the solver's model text.
 * Output: the decoded inputs, the interpreter's run, and per violated target (property name or
 * assert id) the tick at which the interpreter shows it, with the trace up to that tick.
 * Invariants: a violation is reported only when the interpreter itself shows it on the decoded
 * inputs: the run respects every assumption, and the runtime error (assert id) or the property
 * violation (name, tick) is in the interpreter's result. Inputs the model leaves unconstrained get
 * an in-range default (the solver did not care).
 */
import type { IrProgram, IrType, IrValue } from "../../ir/ir.js";
import { simulate, type SimResult, type TickInputs } from "../../interp/index.js";
import type { InputRow } from "../../smt/queries.js";
import { scalarOf } from "../../smt/text.js";
import { parseModel, type ModelValue, type ParsedModel } from "../../solver/model-parse.js";
import type { TraceStep } from "../verdict.js";

export interface ShownViolation {
  readonly tick: number;
  /** For leads_to: the tick at which the trigger held. */
  readonly triggerTick?: number;
  readonly message: string;
}

export interface Replay {
  readonly inputs: TickInputs[];
  readonly sim: SimResult;
  /** Violated targets the interpreter shows, by name. */
  readonly shown: ReadonlyMap<string, ShownViolation>;
  /** Set when the run broke an assumption (the decoding is wrong: an internal error). */
  readonly broken?: string;
}

function scalarFromModel(v: ModelValue | undefined, t: IrType): number {
  const s = scalarOf(t);
  if (v?.kind === "bool") return v.value ? 1 : 0;
  if (v?.kind === "int") return Number(v.value);
  return s.kind === "int" ? Math.max(s.lo, Math.min(s.hi, 0)) : 0;
}

function valueOf(m: ParsedModel, row: InputRow): IrValue {
  if (typeof row.symbols === "string") return scalarFromModel(m.get(row.symbols), row.type);
  return row.symbols.map((s) => scalarFromModel(m.get(s), row.type));
}

export function decodeTrace(modelText: string, rows: readonly (readonly InputRow[])[]): TickInputs[] {
  const m = parseModel(modelText);
  return rows.map((row) => Object.fromEntries(row.map((r) => [r.name, valueOf(m, r)])));
}

/** `record` false: no per-tick rows (a cheap first check of a long counterexample). */
export function replay(prog: IrProgram, inputs: TickInputs[], record = true): Replay {
  const sim = simulate(prog, inputs, inputs.length, { record });
  const shown = new Map<string, ShownViolation>();
  if (sim.runtimeError) {
    const e = sim.runtimeError;
    shown.set(e.assertId, { tick: e.tick, message: `runtime error in task \`${e.task}\` at tick ${e.tick}: ${e.message}` });
  }
  for (const v of sim.propertyViolations) {
    if (shown.has(v.property)) continue;
    shown.set(v.property, {
      tick: v.tick,
      ...(v.triggerTick !== undefined ? { triggerTick: v.triggerTick } : {}),
      message:
        v.triggerTick !== undefined
          ? `\`${v.property}\`: the trigger held at tick ${v.triggerTick} and the response did not come by tick ${v.tick}`
          : `\`${v.property}\` is false at tick ${v.tick}`,
    });
  }
  return {
    inputs,
    sim,
    shown,
    ...(sim.assumptionViolation ? { broken: `${sim.assumptionViolation.assumption} at tick ${sim.assumptionViolation.tick}` } : {}),
  };
}

type Shown = number | string | boolean | readonly (number | string | boolean)[];

/** The display conversion of one variable's values (bools as booleans, enums by member name). */
function shower(t: IrType | undefined): (v: IrValue) => Shown {
  const s = t ? scalarOf(t) : undefined;
  const one: (x: number) => number | string | boolean =
    s?.kind === "bool" ? (x) => x !== 0 : s?.kind === "enum" ? (x) => s.members[x] ?? x : (x) => x;
  return (v) => (typeof v === "number" ? one(v) : v.map(one));
}

/** The interpreter's rows 0..lastTick as TraceSteps (bools as booleans, enums by member name). */
export function traceSteps(prog: IrProgram, sim: SimResult, lastTick: number): TraceStep[] {
  const fns = new Map<string, (v: IrValue) => Shown>();
  for (const g of [...prog.inputs, ...prog.state, ...prog.outputs]) fns.set(g.name, shower(g.type));
  for (const l of prog.irqs) fns.set(l.name, shower({ kind: "bool" }));
  const same = shower(undefined);
  const conv = (r: Readonly<Record<string, IrValue>>): Record<string, Shown> => {
    const o: Record<string, Shown> = {};
    for (const k of Object.keys(r)) o[k] = (fns.get(k) ?? same)(r[k] as IrValue);
    return o;
  };
  // Rows of a deep counterexample share their inputs object along a stretch: converted once.
  let lastRaw: unknown;
  let lastIn: Record<string, Shown> = {};
  const out: TraceStep[] = [];
  for (const row of sim.rows) {
    if (row.tick > lastTick) continue;
    if (row.inputs !== lastRaw) {
      lastRaw = row.inputs;
      lastIn = conv(row.inputs);
    }
    out.push({ tick: row.tick, inputs: lastIn, state: conv(row.state), outputs: conv(row.outputs) });
  }
  return out;
}
