/**
 * Cortex-M4 cycle model and IR cost table.
 *
 * Input: none. Output: CORTEX_M4, a TargetModel.
 * Sources:
 * - ARM Cortex-M4 Processor Technical Reference Manual r0p1 (ARM DDI 0439B), section 3.3
 *   "Processor instruction timings", Table 3-1 "Cortex-M4 instruction set summary" (cycle counts at
 *   zero wait states; P = pipeline refill, 1 to 3 cycles, taken here as 3; N = registers in a list).
 *   The same table is reproduced by TI, SWCU192 (CC13x2/CC26x2 TRM), Table 3-25.
 * - Interrupt latency: J. Yiu, "A Beginner's Guide on Interrupt Latency - and Interrupt Latency of
 *   the ARM Cortex-M processors", ARM Community blog (2016), Table 1: Cortex-M4 12 cycles from
 *   request to the first handler instruction, zero wait states. Exit (unstacking 8 words and the
 *   refill) is bounded here by the same 12 cycles; tail-chaining (6 cycles) is not credited. No FPU
 *   context is stacked (vigil generates integer code only, so lazy stacking never triggers).
 * Invariants: see types.ts. Every IR sequence below is what a vigil backend emits for the
 * operation (register allocation r0-r3 for expression temporaries, locals in the stack frame,
 * globals addressed through a literal or MOVW/MOVT pair); where a C compiler may emit something
 * else the sequence is an upper bound for the operation's semantics, noted per entry.
 */
import type { IrOpKey, IrOpCost, TargetModel, InstrClass } from "./types.js";

const T = "ARM DDI 0439B Table 3-1";
const P = 3; // pipeline refill, worst case ("P ranges from 1 to 3", ARM DDI 0439B Table 3-1 notes)

const classes: Record<string, InstrClass> = {
  MOV: { cycles: 1, source: `${T}, Move register/immediate: 1` },
  MOVS: { cycles: 1, source: `${T}, Move: 1` },
  MOVW: { cycles: 1, source: `${T}, Move 16-bit immediate: 1` },
  MOVT: { cycles: 1, source: `${T}, Move immediate into top: 1` },
  ADD: { cycles: 1, source: `${T}, Add: 1` },
  ADDS: { cycles: 1, source: `${T}, Add: 1` },
  ADC: { cycles: 1, source: `${T}, Add with carry: 1` },
  SUB: { cycles: 1, source: `${T}, Subtract: 1` },
  SUBS: { cycles: 1, source: `${T}, Subtract: 1` },
  SBC: { cycles: 1, source: `${T}, Subtract with borrow: 1` },
  SBCS: { cycles: 1, source: `${T}, Subtract with borrow: 1` },
  RSB: { cycles: 1, source: `${T}, Reverse subtract: 1` },
  RSBS: { cycles: 1, source: `${T}, Reverse subtract: 1` },
  MUL: { cycles: 1, source: `${T}, Multiply: 1` },
  MLA: { cycles: 1, source: `${T}, Multiply accumulate: 1` },
  MLS: { cycles: 1, source: `${T}, Multiply subtract: 1` },
  UMULL: { cycles: 1, source: `${T}, Long unsigned multiply: 1` },
  SDIV: { cycles: 12, source: `${T}, Divide signed: 2 to 12 (worst case 12)` },
  CMP: { cycles: 1, source: `${T}, Compare: 1` },
  AND: { cycles: 1, source: `${T}, Logical AND: 1` },
  ORR: { cycles: 1, source: `${T}, Logical OR: 1` },
  EOR: { cycles: 1, source: `${T}, Exclusive OR: 1` },
  LSL: { cycles: 1, source: `${T}, Shift: 1` },
  IT: { cycles: 1, source: `${T}, If-then: 1 (can be folded; counted as 1)` },
  LDR: { cycles: 2, source: `${T}, Load word: 2` },
  LDRlit: { cycles: 2, flashLoads: 1, source: `${T}, Load word (PC-relative literal): 2, plus a flash read` },
  LDRD: { cycles: 3, source: `${T}, Load double: 1 + N, N = 2` },
  STR: { cycles: 2, source: `${T}, Store word: 2 (neighbouring stores may pipeline; not credited)` },
  STRD: { cycles: 3, source: `${T}, Store double: 1 + N, N = 2` },
  B: { cycles: 1 + P, source: `${T}, Branch: 1 + P, P = 3` },
  Bcc: { cycles: 1 + P, source: `${T}, Conditional branch: 1 or 1 + P (taken), P = 3` },
  "Bcc.nt": { cycles: 1, source: `${T}, Conditional branch not taken: 1` },
  BL: { cycles: 1 + P, source: `${T}, Branch with link: 1 + P, P = 3` },
  PUSH: { cycles: 1 + 5, source: `${T}, Push: 1 + N, N = 5 (r4-r7, lr)` },
  "PUSH8": { cycles: 1 + 8, source: `${T}, Push: 1 + N, N = 8 (r4-r11)` },
  POP: { cycles: 1 + 5 + P, source: `${T}, Pop with PC: 1 + N + P, N = 5, P = 3` },
  "POP8": { cycles: 1 + 8, source: `${T}, Pop: 1 + N, N = 8 (r4-r11)` },
  BX: { cycles: 1 + P, source: `${T}, Branch indirect: 1 + P, P = 3` },
  CPSID: { cycles: 1, source: `${T}, Interrupt disable (CPS): 1 (table lists 1 or 2; 2 taken)` },
  "__aeabi_ldivmod": {
    cycles: 400,
    fetches: 120,
    source: "documented upper bound for the 64-bit signed division routine (no 64-bit divider on ARMv7-M); the backend must use a routine within it",
  },
};
classes.CPSID = { cycles: 2, source: `${T}, Change processor state: 1 or 2 (worst case 2)` };
classes.CPSIE = { cycles: 2, source: `${T}, Change processor state: 1 or 2 (worst case 2)` };

const seq = (s: string[], note?: string): IrOpCost => (note ? { seq: s, note } : { seq: s });

const ir: Record<IrOpKey, IrOpCost> = {
  "const.imm": seq(["MOVW r0, #imm"], "0 .. 65535"),
  "const.lit": seq(["MOVW r0, #lo16", "MOVT r0, #hi16"]),
  "const.lit64": seq(["MOVW r0, #lo16", "MOVT r0, #hi16", "MOVW r1, #lo16", "MOVT r1, #hi16"]),
  "load.local": seq(["LDR r0, [sp, #off]"]),
  "load.local64": seq(["LDRD r0, r1, [sp, #off]"]),
  "store.local": seq(["STR r0, [sp, #off]"]),
  "store.local64": seq(["STRD r0, r1, [sp, #off]"]),
  "load.global": seq(["MOVW r2, #:lower16:var", "MOVT r2, #:upper16:var", "LDR r0, [r2]"]),
  "load.global64": seq(["MOVW r2, #:lower16:var", "MOVT r2, #:upper16:var", "LDRD r0, r1, [r2]"]),
  "store.global": seq(["MOVW r2, #:lower16:var", "MOVT r2, #:upper16:var", "STR r0, [r2]"]),
  "store.global64": seq(["MOVW r2, #:lower16:var", "MOVT r2, #:upper16:var", "STRD r0, r1, [r2]"]),
  "load.index": seq(["MOVW r2, #:lower16:arr", "MOVT r2, #:upper16:arr", "LDR r0, [r2, r0, LSL #2]"], "index in r0, bounds checked by the preceding assert"),
  "load.index64": seq(["MOVW r2, #:lower16:arr", "MOVT r2, #:upper16:arr", "ADD r2, r2, r0, LSL #3", "LDRD r0, r1, [r2]"]),
  "store.index": seq(["MOVW r2, #:lower16:arr", "MOVT r2, #:upper16:arr", "STR r1, [r2, r0, LSL #2]"]),
  "store.index64": seq(["MOVW r2, #:lower16:arr", "MOVT r2, #:upper16:arr", "ADD r2, r2, r0, LSL #3", "STRD r4, r5, [r2]"]),
  spill: seq(["STR r0, [sp, #-4]!", "LDR r1, [sp], #4"], "a binary operation whose right operand is not a leaf saves the left value"),
  spill64: seq(["STRD r0, r1, [sp, #-8]!", "LDRD r2, r3, [sp], #8"]),
  add: seq(["ADD r0, r0, r1"]),
  add64: seq(["ADDS r0, r0, r2", "ADC r1, r1, r3"]),
  sub: seq(["SUB r0, r0, r1"]),
  sub64: seq(["SUBS r0, r0, r2", "SBC r1, r1, r3"]),
  mul: seq(["MUL r0, r0, r1"]),
  mul64: seq(["UMULL r4, r5, r0, r2", "MLA r5, r0, r3, r5", "MLA r5, r1, r2, r5", "MOV r0, r4", "MOV r1, r5"]),
  div: seq(["SDIV r0, r0, r1"], "C99 truncation = SDIV; divisor checked non-zero by an assert"),
  div64: seq(["BL __aeabi_ldivmod"], "library routine, documented upper bound"),
  rem: seq(["SDIV r2, r0, r1", "MLS r0, r2, r1, r0"]),
  rem64: seq(["BL __aeabi_ldivmod", "MOV r0, r2", "MOV r1, r3"]),
  cmp: seq(["CMP r0, r1", "IT cc", "MOV r0, #1", "MOV r0, #0"], "materialises the bool (0/1); the conditional MOV executes either way"),
  cmp64: seq(["CMP r0, r2", "SBCS r4, r1, r3", "IT cc", "MOV r0, #1", "MOV r0, #0"]),
  and: seq(["AND r0, r0, r1"]),
  or: seq(["ORR r0, r0, r1"]),
  min: seq(["CMP r0, r1", "IT gt", "MOV r0, r1"]),
  min64: seq(["CMP r0, r2", "SBCS r4, r1, r3", "IT ge", "MOV r0, r2", "IT ge", "MOV r1, r3"]),
  max: seq(["CMP r0, r1", "IT lt", "MOV r0, r1"]),
  max64: seq(["CMP r0, r2", "SBCS r4, r1, r3", "IT lt", "MOV r0, r2", "IT lt", "MOV r1, r3"]),
  neg: seq(["RSB r0, r0, #0"]),
  neg64: seq(["RSBS r0, r0, #0", "SBC r1, r1, r1, LSL #1"]),
  not: seq(["EOR r0, r0, #1"]),
  abs: seq(["CMP r0, #0", "IT lt", "RSB r0, r0, #0"]),
  abs64: seq(["CMP r1, #0", "IT lt", "RSBS r0, r0, #0", "IT lt", "SBC r1, r1, r1, LSL #1"]),
  ite: seq(["CMP r2, #0", "IT eq", "MOV r0, r1"], "both arms are evaluated (they are pure and total), then selected"),
  ite64: seq(["CMP r4, #0", "IT eq", "MOV r0, r2", "IT eq", "MOV r1, r3"]),
  "branch.fall": seq(["CMP r0, #0", "Bcc.nt else"], "if: condition true falls through into the then-arm"),
  "branch.taken": seq(["CMP r0, #0", "Bcc else"], "if: condition false branches to the else-arm (or past the if)"),
  jump: seq(["B join"], "end of a then-arm jumps over the else-arm"),
  assert: seq(["CMP r0, #0", "Bcc.nt fail"], "a passing check falls through; the failing branch leaves the job"),
  "loop.init": seq(["MOVW r0, #lo", "STR r0, [sp, #i]"]),
  "loop.test.stay": seq(["LDR r0, [sp, #i]", "CMP r0, #hi", "Bcc.nt exit"]),
  "loop.test.exit": seq(["LDR r0, [sp, #i]", "CMP r0, #hi", "Bcc exit"]),
  "loop.step": seq(["LDR r0, [sp, #i]", "ADD r0, r0, #1", "STR r0, [sp, #i]", "B test"]),
  endorse: seq(["CMP r2, #0", "IT eq", "MOV r0, r1"], "valid in r2, value in r0, fallback in r1; then stored"),
  declassify: seq(["MOV r0, r0"], "a move; the value is then stored"),
  "task.prologue": seq(["PUSH {r4-r7, lr}", "SUB sp, sp, #frame"]),
  "task.epilogue": seq(["ADD sp, sp, #frame", "POP {r4-r7, pc}"]),
  "buffer.word": seq(["LDR r0, [sp, #w]", "MOVW r2, #:lower16:buf", "MOVT r2, #:upper16:buf", "STR r0, [r2, #k]"], "job end: one written word into its publication buffer"),
  "publish.word": seq(["LDR r0, [r1, #k]", "STR r0, [r2, #k]"], "tick: one buffered word copied into the visible state"),
  "sample.word": seq(["LDR r0, [r1, #k]", "STR r0, [r2, #k]"], "tick: one input word latched"),
  "tick.base": seq(["PUSH {r4-r7, lr}", "MOVW r4, #:lower16:sched", "MOVT r4, #:upper16:sched", "LDR r0, [r4]", "ADD r0, r0, #1", "STR r0, [r4]", "POP {r4-r7, pc}"]),
  "tick.per.task": seq(["LDR r0, [r4, #cnt]", "SUBS r0, r0, #1", "IT eq", "MOV r0, #period", "STR r0, [r4, #cnt]", "CMP r0, #0", "Bcc next", "LDR r1, [r4, #pend]", "ORR r1, r1, #bit", "STR r1, [r4, #pend]"], "counter, release flag, publication countdown"),
  "irq.latch": seq(["MOVW r0, #:lower16:lines", "MOVT r0, #:upper16:lines", "LDR r1, [r0]", "ORR r1, r1, #bit", "STR r1, [r0]", "MOVW r0, #:lower16:NVIC_ICER", "MOVT r0, #:upper16:NVIC_ICER", "STR r2, [r0]", "BX lr"], "latch the line and mask it until the next tick"),
  "job.dispatch": seq(["BL job", "POP8 {r4-r11}", "BX lr"], "after dispatch.masked: the job runs preemptible in a software-interrupt context at its priority"),
  "dispatch.masked": seq(["CPSID i", "PUSH8 {r4-r11}", "CPSIE i"], "the only section with interrupts masked: it blocks higher priorities (RTA blocking term)"),
};

export const CORTEX_M4: TargetModel = {
  name: "cortex-m4",
  aliases: ["cortex-m4f", "cm4", "m4"],
  description: "ARM Cortex-M4 (ARMv7E-M), 3-stage pipeline, single-cycle multiply, 2-12 cycle hardware divide",
  references: [
    "ARM Cortex-M4 Processor Technical Reference Manual r0p1, ARM DDI 0439B, section 3.3, Table 3-1 (Cortex-M4 instruction set summary)",
    "J. Yiu, A Beginner's Guide on Interrupt Latency - and Interrupt Latency of the ARM Cortex-M processors, ARM Community (2016), Table 1",
  ],
  immRange: [0, 65535],
  classes,
  ir,
  irqEntryCycles: 12,
  irqExitCycles: 12,
  irqFlashAccesses: 2,
  irqEntryMasked: false,
  irqSource: "entry 12 cycles: Yiu (2016) Table 1, Cortex-M4, zero wait states; exit bounded by 12 (8-word unstacking + refill); vector read and first fetch pay wait states",
};
