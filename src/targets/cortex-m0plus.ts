/**
 * Cortex-M0+ cycle model and IR cost table.
 *
 * Input: none. Output: CORTEX_M0PLUS, a TargetModel.
 * Sources:
 * - ARM Cortex-M0+ Processor Technical Reference Manual r0p1 (ARM DDI 0484C), section 3.3
 *   "Instruction set summary", Table 3-1 "Cortex-M0+ instruction summary" (cycle counts at zero
 *   wait states). MULS is "1 or 32" depending on the multiplier the silicon vendor configured: the
 *   worst case, 32, is used. Conditional branches are "1 or 2" (2 when taken).
 * - Interrupt latency: J. Yiu, "A Beginner's Guide on Interrupt Latency - and Interrupt Latency of
 *   the ARM Cortex-M processors", ARM Community blog (2016), Table 1: Cortex-M0+ 15 cycles, zero wait
 *   states. Exit (unstacking 8 words and the return refill) is bounded here by the same 15 cycles.
 * - ARMv6-M has no divide instruction: division and remainder call a shift-subtract routine whose
 *   cost is a documented upper bound (see `__vigil_sdiv32`); the backend must use a routine within it.
 * Invariants: see types.ts.
 */
import type { IrOpKey, IrOpCost, TargetModel, InstrClass } from "./types.js";

const T = "ARM DDI 0484C Table 3-1";

const classes: Record<string, InstrClass> = {
  MOVS: { cycles: 1, source: `${T}, Move 8-bit immediate / Lo to Lo: 1` },
  MOV: { cycles: 1, source: `${T}, Move any to any: 1` },
  ADDS: { cycles: 1, source: `${T}, Add: 1` },
  ADCS: { cycles: 1, source: `${T}, Add with carry: 1` },
  ADD: { cycles: 1, source: `${T}, Add (SP/any): 1` },
  SUBS: { cycles: 1, source: `${T}, Subtract: 1` },
  SBCS: { cycles: 1, source: `${T}, Subtract with carry: 1` },
  SUB: { cycles: 1, source: `${T}, Subtract from SP: 1` },
  RSBS: { cycles: 1, source: `${T}, Negate (RSBS #0): 1` },
  MULS: { cycles: 32, source: `${T}, Multiply: 1 or 32 (worst case 32, small multiplier)` },
  CMP: { cycles: 1, source: `${T}, Compare: 1` },
  ANDS: { cycles: 1, source: `${T}, AND: 1` },
  ORRS: { cycles: 1, source: `${T}, OR: 1` },
  EORS: { cycles: 1, source: `${T}, Exclusive OR: 1` },
  LSLS: { cycles: 1, source: `${T}, Logical shift left: 1` },
  LDR: { cycles: 2, source: `${T}, Load word: 2` },
  LDRlit: { cycles: 2, flashLoads: 1, source: `${T}, Load PC-relative: 2, plus a flash read` },
  STR: { cycles: 2, source: `${T}, Store word: 2` },
  B: { cycles: 2, source: `${T}, Branch unconditional: 2` },
  Bcc: { cycles: 2, source: `${T}, Branch conditional: 1 or 2 (2 taken)` },
  "Bcc.nt": { cycles: 1, source: `${T}, Branch conditional not taken: 1` },
  BL: { cycles: 3, source: `${T}, Branch with link: 3` },
  BX: { cycles: 2, source: `${T}, Branch indirect: 2` },
  PUSH: { cycles: 1 + 5, source: `${T}, Push: 1 + N, N = 5 (r4-r7, lr)` },
  POP: { cycles: 3 + 5, source: `${T}, Pop and return: 3 + N, N = 5 (r4-r7, pc)` },
  POP4: { cycles: 1 + 4, source: `${T}, Pop: 1 + N, N = 4` },
  PUSH4: { cycles: 1 + 4, source: `${T}, Push: 1 + N, N = 4` },
  CPSID: { cycles: 1, source: `${T}, Change processor state: 1` },
  CPSIE: { cycles: 1, source: `${T}, Change processor state: 1` },
  __vigil_sdiv32: {
    cycles: 3 + 14 + 32 * 10 + 2,
    fetches: 40,
    source:
      "upper bound: BL (3) + sign handling (<= 14) + 32 shift-subtract iterations of <= 10 cycles (LSLS, ADCS, CMP, Bcc 2, SUBS, ADDS, SUBS, Bcc 2) + BX (2), per ARM DDI 0484C Table 3-1",
  },
  __vigil_sdiv64: {
    cycles: 3 + 30 + 64 * 20 + 2,
    fetches: 80,
    source: "upper bound: 64 iterations of the two-word shift-subtract step (<= 20 cycles each) + sign handling (<= 30) + call/return",
  },
  __vigil_mul64: {
    cycles: 3 + 4 * 32 + 20 + 2,
    fetches: 30,
    source: "upper bound: four 32x16 partial products with MULS (32 each, worst case) + <= 20 cycles of adds/shifts + call/return",
  },
};

const seq = (s: string[], note?: string): IrOpCost => (note ? { seq: s, note } : { seq: s });

const ir: Record<IrOpKey, IrOpCost> = {
  "const.imm": seq(["MOVS r0, #imm"], "0 .. 255"),
  "const.lit": seq(["LDRlit r0, =value"]),
  "const.lit64": seq(["LDRlit r0, =lo", "LDRlit r1, =hi"]),
  "load.local": seq(["LDR r0, [sp, #off]"]),
  "load.local64": seq(["LDR r0, [sp, #off]", "LDR r1, [sp, #off+4]"]),
  "store.local": seq(["STR r0, [sp, #off]"]),
  "store.local64": seq(["STR r0, [sp, #off]", "STR r1, [sp, #off+4]"]),
  "load.global": seq(["LDRlit r2, =var", "LDR r0, [r2]"]),
  "load.global64": seq(["LDRlit r2, =var", "LDR r0, [r2]", "LDR r1, [r2, #4]"]),
  "store.global": seq(["LDRlit r2, =var", "STR r0, [r2]"]),
  "store.global64": seq(["LDRlit r2, =var", "STR r0, [r2]", "STR r1, [r2, #4]"]),
  "load.index": seq(["LSLS r0, r0, #2", "LDRlit r2, =arr", "LDR r0, [r2, r0]"]),
  "load.index64": seq(["LSLS r0, r0, #3", "LDRlit r2, =arr", "ADDS r2, r2, r0", "LDR r0, [r2]", "LDR r1, [r2, #4]"]),
  "store.index": seq(["LSLS r0, r0, #2", "LDRlit r2, =arr", "STR r1, [r2, r0]"]),
  "store.index64": seq(["LSLS r0, r0, #3", "LDRlit r2, =arr", "ADDS r2, r2, r0", "STR r4, [r2]", "STR r5, [r2, #4]"]),
  spill: seq(["STR r0, [sp, #t]", "LDR r1, [sp, #t]"]),
  spill64: seq(["STR r0, [sp, #t]", "STR r1, [sp, #t+4]", "LDR r2, [sp, #t]", "LDR r3, [sp, #t+4]"]),
  add: seq(["ADDS r0, r0, r1"]),
  add64: seq(["ADDS r0, r0, r2", "ADCS r1, r1, r3"]),
  sub: seq(["SUBS r0, r0, r1"]),
  sub64: seq(["SUBS r0, r0, r2", "SBCS r1, r1, r3"]),
  mul: seq(["MULS r0, r1, r0"]),
  mul64: seq(["__vigil_mul64"]),
  div: seq(["__vigil_sdiv32"], "software division (ARMv6-M has no divider), documented bound"),
  div64: seq(["__vigil_sdiv64"]),
  rem: seq(["__vigil_sdiv32", "MOV r0, r1"], "the routine returns the remainder in r1"),
  rem64: seq(["__vigil_sdiv64", "MOV r0, r2", "MOV r1, r3"]),
  cmp: seq(["CMP r0, r1", "MOVS r0, #1", "Bcc done", "MOVS r0, #0"], "bool materialised; counted with the taken branch and both moves (upper bound of both outcomes)"),
  cmp64: seq(["SUBS r4, r0, r2", "SBCS r4, r1, r3", "MOVS r0, #1", "Bcc done", "MOVS r0, #0"]),
  and: seq(["ANDS r0, r0, r1"]),
  or: seq(["ORRS r0, r0, r1"]),
  min: seq(["CMP r0, r1", "Bcc done", "MOV r0, r1"]),
  min64: seq(["SUBS r4, r0, r2", "SBCS r4, r1, r3", "Bcc done", "MOV r0, r2", "MOV r1, r3"]),
  max: seq(["CMP r0, r1", "Bcc done", "MOV r0, r1"]),
  max64: seq(["SUBS r4, r2, r0", "SBCS r4, r3, r1", "Bcc done", "MOV r0, r2", "MOV r1, r3"]),
  neg: seq(["RSBS r0, r0, #0"]),
  neg64: seq(["MOVS r4, #0", "SUBS r0, r4, r0", "SBCS r4, r4, r1", "MOV r1, r4"]),
  not: seq(["MOVS r1, #1", "EORS r0, r0, r1"]),
  abs: seq(["CMP r0, #0", "Bcc done", "RSBS r0, r0, #0"]),
  abs64: seq(["CMP r1, #0", "Bcc done", "MOVS r4, #0", "SUBS r0, r4, r0", "SBCS r4, r4, r1", "MOV r1, r4"]),
  ite: seq(["CMP r2, #0", "Bcc done", "MOV r0, r1"], "both arms evaluated (pure, total), then selected"),
  ite64: seq(["CMP r4, #0", "Bcc done", "MOV r0, r2", "MOV r1, r3"]),
  "branch.fall": seq(["CMP r0, #0", "Bcc.nt else"]),
  "branch.taken": seq(["CMP r0, #0", "Bcc else"]),
  jump: seq(["B join"]),
  assert: seq(["CMP r0, #0", "Bcc.nt fail"]),
  "loop.init": seq(["MOVS r0, #lo", "STR r0, [sp, #i]"], "loop bounds above 255 use LDRlit; one cycle + wait states more, covered by const.lit when costed"),
  "loop.test.stay": seq(["LDR r0, [sp, #i]", "LDRlit r1, =hi", "CMP r0, r1", "Bcc.nt exit"]),
  "loop.test.exit": seq(["LDR r0, [sp, #i]", "LDRlit r1, =hi", "CMP r0, r1", "Bcc exit"]),
  "loop.step": seq(["LDR r0, [sp, #i]", "ADDS r0, #1", "STR r0, [sp, #i]", "B test"]),
  endorse: seq(["CMP r2, #0", "Bcc done", "MOV r0, r1"]),
  declassify: seq(["MOV r0, r0"]),
  "task.prologue": seq(["PUSH {r4-r7, lr}", "SUB sp, #frame"]),
  "task.epilogue": seq(["ADD sp, #frame", "POP {r4-r7, pc}"]),
  "buffer.word": seq(["LDR r0, [sp, #w]", "LDRlit r2, =buf", "STR r0, [r2, #k]"]),
  "publish.word": seq(["LDR r0, [r1, #k]", "STR r0, [r2, #k]"]),
  "sample.word": seq(["LDR r0, [r1, #k]", "STR r0, [r2, #k]"]),
  "tick.base": seq(["PUSH {r4-r7, lr}", "LDRlit r4, =sched", "LDR r0, [r4]", "ADDS r0, #1", "STR r0, [r4]", "POP {r4-r7, pc}"]),
  "tick.per.task": seq(["LDR r0, [r4, #cnt]", "SUBS r0, #1", "Bcc keep", "LDRlit r0, =period", "STR r0, [r4, #cnt]", "CMP r0, #0", "Bcc next", "LDR r1, [r4, #pend]", "MOVS r2, #bit", "ORRS r1, r2", "STR r1, [r4, #pend]"]),
  "irq.latch": seq(["LDRlit r0, =lines", "LDR r1, [r0]", "MOVS r2, #bit", "ORRS r1, r2", "STR r1, [r0]", "LDRlit r0, =NVIC_ICER", "STR r2, [r0]", "BX lr"]),
  "job.dispatch": seq(["BL job", "POP4 {r4-r7}", "BX lr"], "after dispatch.masked: the job runs preemptible in the software interrupt of its priority"),
  "dispatch.masked": seq(["CPSID i", "PUSH4 {r4-r7}", "CPSIE i"], "the only section with interrupts masked: it blocks higher priorities (RTA blocking term)"),
};

export const CORTEX_M0PLUS: TargetModel = {
  name: "cortex-m0plus",
  aliases: ["cortex-m0+", "cm0plus", "cm0+", "m0+"],
  description: "ARM Cortex-M0+ (ARMv6-M), 2-stage pipeline, no divider, 1- or 32-cycle multiplier (32 assumed)",
  references: [
    "ARM Cortex-M0+ Processor Technical Reference Manual r0p1, ARM DDI 0484C, section 3.3, Table 3-1 (Cortex-M0+ instruction summary)",
    "J. Yiu, A Beginner's Guide on Interrupt Latency - and Interrupt Latency of the ARM Cortex-M processors, ARM Community (2016), Table 1",
  ],
  immRange: [0, 255],
  classes,
  ir,
  irqEntryCycles: 15,
  irqExitCycles: 15,
  irqFlashAccesses: 2,
  irqEntryMasked: false,
  irqSource: "entry 15 cycles: Yiu (2016) Table 1, Cortex-M0+, zero wait states; exit bounded by 15; vector read and first fetch pay wait states",
};
