/**
 * Target cycle models: the shape of one core's timing table and of the IR cost table.
 *
 * Input: none (data types). Output: TargetModel, consumed by src/wcet (costing), src/emit (the
 * instruction sequences a backend emits for each IR operation) and `vigil wcet`.
 * Invariants:
 * - Every mnemonic used in an IR sequence has an entry in `classes` (test/targets checks it), so
 *   the cost of a sequence is the sum of its instructions' cycle counts; nothing else is costed.
 * - A class's `cycles` is the worst case of the vendor table's entry (e.g. SDIV "2 to 12" -> 12,
 *   a conditional branch "1 or 2" -> 2) at zero wait states; `flashLoads` counts data reads from
 *   flash (literal pools) that pay the wait states.
 * - Wait states: every instruction fetch is assumed to pay all `waitStates` cycles (no prefetch
 *   buffer or flash accelerator is credited), and so does every flash data read: an upper bound.
 */
export interface InstrClass {
  /** Worst-case cycles at zero wait states. */
  readonly cycles: number;
  /** Data reads from flash (literal loads); each pays the wait states. Default 0. */
  readonly flashLoads?: number;
  /**
   * Instruction fetches this entry stands for (default 1). Software routines costed as one
   * entry (e.g. the division routine on ARMv6-M) give their instruction count bound.
   */
  readonly fetches?: number;
  /** Where the figure comes from (document, table, row) or how the bound is derived. */
  readonly source: string;
}

/** Every IR operation with a cost. The `…64` forms are used when a value's range needs 64 bits. */
export const IR_OPS = [
  "const.imm",
  "const.lit",
  "const.lit64",
  "load.local",
  "load.local64",
  "store.local",
  "store.local64",
  "load.global",
  "load.global64",
  "store.global",
  "store.global64",
  "load.index",
  "load.index64",
  "store.index",
  "store.index64",
  "spill",
  "spill64",
  "add",
  "add64",
  "sub",
  "sub64",
  "mul",
  "mul64",
  "div",
  "div64",
  "rem",
  "rem64",
  "cmp",
  "cmp64",
  "and",
  "or",
  "min",
  "min64",
  "max",
  "max64",
  "neg",
  "neg64",
  "not",
  "abs",
  "abs64",
  "ite",
  "ite64",
  "branch.fall",
  "branch.taken",
  "jump",
  "assert",
  "loop.init",
  "loop.test.stay",
  "loop.test.exit",
  "loop.step",
  "endorse",
  "declassify",
  "task.prologue",
  "task.epilogue",
  "buffer.word",
  "publish.word",
  "sample.word",
  "tick.base",
  "tick.per.task",
  "irq.latch",
  "job.dispatch",
  "dispatch.masked",
] as const;

export type IrOpKey = (typeof IR_OPS)[number];

export interface IrOpCost {
  /** The instruction sequence, one instruction per string; the first token is the mnemonic. */
  readonly seq: readonly string[];
  /** Why this sequence (or why this is an upper bound while the sequence is not fixed yet). */
  readonly note?: string;
}

export interface TargetModel {
  /** Canonical name used in `target NAME at ...` and `--target`. */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  /** The documents the figures come from. */
  readonly references: readonly string[];
  /** Largest value loadable in one short move-immediate instruction (inclusive range). */
  readonly immRange: readonly [number, number];
  readonly classes: Readonly<Record<string, InstrClass>>;
  readonly ir: Readonly<Record<IrOpKey, IrOpCost>>;
  /** Hardware interrupt entry (request to first handler instruction) and exit, zero wait states. */
  readonly irqEntryCycles: number;
  readonly irqExitCycles: number;
  /** Instruction fetches during entry/exit that pay flash wait states (vector read, first fetches). */
  readonly irqFlashAccesses: number;
  readonly irqSource: string;
  /**
   * True when the hardware enters every interrupt with interrupts disabled until the handler
   * re-enables them (no nesting in hardware, e.g. RISC-V mstatus.MIE): the entry, and a whole
   * handler that never re-enables them, cannot be preempted. False for the NVIC (Cortex-M), where
   * a higher-priority request preempts any handler, stacking included (late arrival).
   */
  readonly irqEntryMasked: boolean;
}

export interface TargetOptions {
  /** Flash wait states (0 = zero-wait-state memory). */
  readonly waitStates: number;
}
