/**
 * The reference interpreter: the semantic oracle for the prover and the C backend.
 *
 * Input: an IrProgram (src/ir/ir.ts) and, per tick, a value for every input and irq line.
 * Output: a per-tick trace (SimResult), or a Machine for replay and exhaustive exploration.
 * Invariants:
 * - Implements docs/semantics.md exactly: each tick publish, sample, observe, release, advance
 *   (Logical Execution Time). A job reads the visible state and the inputs of its release tick and
 *   its writes become visible publishDelayTicks later.
 * - The IR is compiled once to JavaScript (new Function) over a flat Float64Array, so the hot
 *   path uses numbers only; bool is 0/1, an enum is its member index.
 * - A run stops at the first runtime error (failed assert) or broken assumption; property
 *   violations are collected and the run continues.
 */
import type { IrCheck, IrProgram, IrValue } from "../ir/ir.js";
import type { Span } from "../source/span.js";

/** Values of one tick's inputs and irq lines, by name (bool 0/1, enum index, arrays of scalars). */
export type TickInputs = Readonly<Record<string, IrValue>>;

/** Per tick inputs: an array (index = tick) or a function of the tick. */
/** Per-tick inputs; a function may return undefined when it has none (simulate then throws). */
export type InputTrace = readonly TickInputs[] | ((tick: number) => TickInputs | undefined);

export interface TickRow {
  readonly tick: number;
  /** The inputs and irq lines sampled at this tick. */
  readonly inputs: Readonly<Record<string, IrValue>>;
  /** Visible state variables after step 1 (publish). */
  readonly state: Readonly<Record<string, IrValue>>;
  /** Visible outputs after step 1 (publish). */
  readonly outputs: Readonly<Record<string, IrValue>>;
  /** Tasks released at this tick, in declaration order. */
  readonly released: readonly string[];
}

export interface RuntimeError {
  readonly tick: number;
  readonly task: string;
  readonly assertId: string;
  readonly check: IrCheck;
  readonly span: Span;
  readonly message: string;
  /** For range checks: the value that left the range. */
  readonly value?: number;
}

export interface AssumptionViolation {
  readonly tick: number;
  readonly assumption: string;
  readonly span: Span;
}

export interface PropertyViolation {
  readonly property: string;
  /** Invariants: the tick at which P is false. leads_to: the tick at which the window expired. */
  readonly tick: number;
  /** leads_to only: the tick at which the trigger held. */
  readonly triggerTick?: number;
  readonly span: Span;
}

export interface SimResult {
  /**
   * One row per observed tick. On a runtime error the row of the failing tick is included (its
   * observation precedes the release); on a broken assumption the failing tick has no row.
   */
  readonly rows: readonly TickRow[];
  /** Ticks fully simulated (rows.length when recording). */
  readonly ticksRun: number;
  readonly runtimeError?: RuntimeError;
  readonly assumptionViolation?: AssumptionViolation;
  /** At most `opts.maxViolations` (default 1000) are kept; `propertyViolationCount` counts all. */
  readonly propertyViolations: readonly PropertyViolation[];
  readonly propertyViolationCount: number;
}

export interface SimOptions {
  /** Record rows (default true). Benchmarks switch it off. */
  readonly record?: boolean;
  /** Hand each row to this callback instead of keeping it (streaming output of long runs). */
  readonly onRow?: (row: TickRow) => void;
  /**
   * Lower level than onRow, for compiled trace writers: after each recorded tick, the raw vectors
   * (layout: computeLayout(program)), the released flags and the index of the last task that ran.
   * Takes precedence over onRow and record; the vectors are reused, read them at once.
   */
  readonly onTick?: (tick: number, mem: Float64Array, inp: Float64Array, released: Uint8Array, upto: number) => void;
  readonly maxViolations?: number;
}

/** An opaque, cloneable machine state: the tick and a flat vector of numbers. */
export interface MachineState {
  /** The next tick to execute. */
  tick: number;
  /**
   * Visible state and outputs, task publication buffers, scheduler counters and leads_to monitor
   * history. Layout: Machine.layout. Copy with Machine.clone.
   */
  readonly mem: Float64Array;
}

export interface StepOutcome {
  /** The row observed at the tick that was executed. */
  readonly row: TickRow;
  readonly released: readonly string[];
  readonly runtimeError?: RuntimeError;
  readonly assumptionViolation?: AssumptionViolation;
  readonly propertyViolations: readonly PropertyViolation[];
}

export interface Machine {
  readonly program: IrProgram;
  /** The initial state (tick 0, before step 1): initial values, nothing pending. */
  init(): MachineState;
  clone(s: MachineState): MachineState;
  /**
   * Execute tick `s.tick` (publish, sample `inputs`, observe, release, advance) in place and
   * advance s.tick. After a runtime error or a broken assumption the state is unspecified.
   * Throws if `inputs` lacks an input or irq line (a programming error, not a model error).
   */
  step(s: MachineState, inputs: TickInputs): StepOutcome;
  /** Visible state variables and outputs by name (the values observed at the start of s.tick, before publish). */
  visible(s: MachineState): { state: Record<string, IrValue>; outputs: Record<string, IrValue> };
  /**
   * A string key of the state without its tick. `mem` is a finite encoding (scheduler counters
   * count down, leads_to monitors keep the bounded age of their oldest trigger), so two states with
   * the same key have the same futures: exhaustive exploration may use it to detect revisits.
   */
  key(s: MachineState): string;
  /** Evaluate every assumption on the given inputs; returns the names of the broken ones. */
  brokenAssumptions(inputs: TickInputs): string[];
}

export { createMachine } from "./machine.js";
export { simulate } from "./simulate.js";
