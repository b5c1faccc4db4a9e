/**
 * Target registry: the cores vigil has cycle models for.
 *
 * Input: a target name (from the device header or `--target`). Output: its TargetModel, the cost
 * of an IR operation's instruction sequence in cycles, cycle/microsecond conversions.
 * Invariants: the cost of a sequence is exactly the sum of its instructions' class cycles plus the
 * flash wait states of each fetch and flash data read (types.ts); nothing else is costed, so the
 * WCET analysis and the cost-counting executor agree by construction.
 */
import { CORTEX_M0PLUS } from "./cortex-m0plus.js";
import { CORTEX_M4 } from "./cortex-m4.js";
import { RV32IM_CV32E40P } from "./rv32im.js";
import type { IrOpKey, TargetModel, TargetOptions } from "./types.js";

export type { IrOpKey, IrOpCost, InstrClass, TargetModel, TargetOptions } from "./types.js";
export { IR_OPS } from "./types.js";

export const TARGETS: readonly TargetModel[] = [CORTEX_M0PLUS, CORTEX_M4, RV32IM_CV32E40P];

export function findTarget(name: string): TargetModel | undefined {
  const n = name.toLowerCase();
  return TARGETS.find((t) => t.name === n || t.aliases.includes(n));
}

export function targetNames(): string[] {
  return TARGETS.map((t) => t.name);
}

/** The mnemonic of one instruction string: its first token. */
export function mnemonic(insn: string): string {
  return insn.trim().split(/\s+/, 1)[0]!;
}

/** Cycles of one instruction (including wait states); throws for an unknown mnemonic (a table bug). */
export function instrCycles(t: TargetModel, insn: string, o: TargetOptions): number {
  const m = mnemonic(insn);
  const c = t.classes[m];
  if (!c) throw new Error(`target ${t.name}: no cycle class for mnemonic ${m}`);
  return c.cycles + o.waitStates * ((c.fetches ?? 1) + (c.flashLoads ?? 0));
}

const cache = new WeakMap<TargetModel, Map<string, number>>();

/** Cycles of the instruction sequence of one IR operation on this target. */
export function opCycles(t: TargetModel, op: IrOpKey, o: TargetOptions): number {
  let m = cache.get(t);
  if (!m) cache.set(t, (m = new Map()));
  const key = `${op}/${o.waitStates}`;
  const hit = m.get(key);
  if (hit !== undefined) return hit;
  let sum = 0;
  for (const insn of t.ir[op].seq) sum += instrCycles(t, insn, o);
  m.set(key, sum);
  return sum;
}

/** Interrupt entry + exit cycles, including the wait states of the vector read and first fetches. */
export function irqOverhead(t: TargetModel, o: TargetOptions): number {
  return t.irqEntryCycles + t.irqExitCycles + o.waitStates * t.irqFlashAccesses;
}

/** Cycles in `us` microseconds at `clockHz`, rounded down (a deadline or period: fewer cycles is safe). */
export function usToCyclesFloor(us: number, clockHz: number): number {
  return Math.floor((us * clockHz) / 1_000_000);
}

/** Microseconds taken by `cycles` at `clockHz`, exact as a float (for display) */
export function cyclesToUs(cycles: number, clockHz: number): number {
  return (cycles * 1_000_000) / clockHz;
}
