/**
 * RV32IM cycle model (OpenHW Group CV32E40P, a 4-stage in-order core) and IR cost table.
 *
 * Input: none. Output: RV32IM_CV32E40P, a TargetModel.
 * Sources:
 * - OpenHW Group, CV32E40P User Manual, chapter "Pipeline Details", table "Cycle counts per
 *   instruction type" (docs/source/pipeline.rst in openhwgroup/cv32e40p): integer computational 1;
 *   mul 1, mulh/mulhsu/mulhu 5; div/rem 3..35 (35 taken); load/store 1 (aligned word); jump 2
 *   (3 for a non-word-aligned non-RVC target, impossible here: vigil emits RV32IM without C, so
 *   every target is word aligned); branch not taken 1, taken 3. Same chapter, "Hazards": a 1-cycle
 *   penalty when the instruction after a load uses its result, and when a jalr depends on the
 *   preceding instruction: both are always charged (load = 2, jalr = 3).
 * - Interrupts: the CV32E40P has no hardware register stacking; a trap is taken once the
 *   instruction in EX completes (at most a 35-cycle division), then jumps to the vector (a jump,
 *   2 cycles + flush); the handler saves the 16 caller-saved registers (ra, t0-t6, a0-a7) itself.
 *   Entry bound: 35 + 3 + 1 (addi sp) + 16 (sw) = 55 cycles. Exit: 16 lw (pipelined, 1 each;
 *   the last one's use penalty charged) + 1 (addi sp) + mret (a jump, 3 charged) = 21 cycles.
 *   These are bounds derived from the table above, not a figure the manual states.
 * Invariants: see types.ts.
 */
import type { IrOpKey, IrOpCost, TargetModel, InstrClass } from "./types.js";

const T = "CV32E40P User Manual, Pipeline Details, Cycle counts per instruction type";

const classes: Record<string, InstrClass> = {
  addi: { cycles: 1, source: `${T}: Integer Computational 1` },
  add: { cycles: 1, source: `${T}: Integer Computational 1` },
  sub: { cycles: 1, source: `${T}: Integer Computational 1` },
  and: { cycles: 1, source: `${T}: Integer Computational 1` },
  or: { cycles: 1, source: `${T}: Integer Computational 1` },
  xori: { cycles: 1, source: `${T}: Integer Computational 1` },
  slt: { cycles: 1, source: `${T}: Integer Computational 1` },
  sltu: { cycles: 1, source: `${T}: Integer Computational 1` },
  seqz: { cycles: 1, source: `${T}: Integer Computational 1 (sltiu)` },
  snez: { cycles: 1, source: `${T}: Integer Computational 1 (sltu)` },
  slli: { cycles: 1, source: `${T}: Integer Computational 1` },
  srai: { cycles: 1, source: `${T}: Integer Computational 1` },
  lui: { cycles: 1, source: `${T}: Integer Computational 1` },
  mv: { cycles: 1, source: `${T}: Integer Computational 1 (addi)` },
  li: { cycles: 1, source: `${T}: Integer Computational 1 (addi)` },
  neg: { cycles: 1, source: `${T}: Integer Computational 1 (sub)` },
  mul: { cycles: 1, source: `${T}: Multiplication 1 (mul)` },
  mulhu: { cycles: 5, source: `${T}: Multiplication 5 (mulh, mulhsu, mulhu)` },
  div: { cycles: 35, source: `${T}: Division 3..35 (worst case 35)` },
  rem: { cycles: 35, source: `${T}: Remainder 3..35 (worst case 35)` },
  lw: { cycles: 2, source: `${T}: Load/Store 1, plus the 1-cycle load-use hazard (Hazards), always charged` },
  sw: { cycles: 1, source: `${T}: Load/Store 1` },
  j: { cycles: 2, source: `${T}: Jump 2 (word-aligned target)` },
  jal: { cycles: 2, source: `${T}: Jump 2` },
  jalr: { cycles: 3, source: `${T}: Jump 2, plus the 1-cycle jalr hazard (Hazards)` },
  ret: { cycles: 3, source: `${T}: Jump 2 (jalr), plus the jalr hazard` },
  bcc: { cycles: 3, source: `${T}: Branch (Taken) 3` },
  "bcc.nt": { cycles: 1, source: `${T}: Branch (Not-Taken) 1` },
  csrci: { cycles: 4, source: `${T}: CSR Access 4 (mstatus)` },
  csrsi: { cycles: 4, source: `${T}: CSR Access 4 (mstatus)` },
  __vigil_div64: {
    cycles: 2 + 40 + 64 * 12 + 3,
    fetches: 60,
    source: "upper bound: jal (2) + sign handling (<= 40) + 64 two-word shift-subtract iterations (<= 12 cycles each) + ret (3)",
  },
};

const seq = (s: string[], note?: string): IrOpCost => (note ? { seq: s, note } : { seq: s });

const ir: Record<IrOpKey, IrOpCost> = {
  "const.imm": seq(["li a0, imm"], "-2048 .. 2047"),
  "const.lit": seq(["lui a0, %hi(value)", "addi a0, a0, %lo(value)"]),
  "const.lit64": seq(["lui a0, %hi(lo)", "addi a0, a0, %lo(lo)", "lui a1, %hi(hi)", "addi a1, a1, %lo(hi)"]),
  "load.local": seq(["lw a0, off(sp)"]),
  "load.local64": seq(["lw a0, off(sp)", "lw a1, off+4(sp)"]),
  "store.local": seq(["sw a0, off(sp)"]),
  "store.local64": seq(["sw a0, off(sp)", "sw a1, off+4(sp)"]),
  "load.global": seq(["lui a2, %hi(var)", "lw a0, %lo(var)(a2)"]),
  "load.global64": seq(["lui a2, %hi(var)", "addi a2, a2, %lo(var)", "lw a0, 0(a2)", "lw a1, 4(a2)"]),
  "store.global": seq(["lui a2, %hi(var)", "sw a0, %lo(var)(a2)"]),
  "store.global64": seq(["lui a2, %hi(var)", "addi a2, a2, %lo(var)", "sw a0, 0(a2)", "sw a1, 4(a2)"]),
  "load.index": seq(["slli a0, a0, 2", "lui a2, %hi(arr)", "addi a2, a2, %lo(arr)", "add a2, a2, a0", "lw a0, 0(a2)"]),
  "load.index64": seq(["slli a0, a0, 3", "lui a2, %hi(arr)", "addi a2, a2, %lo(arr)", "add a2, a2, a0", "lw a0, 0(a2)", "lw a1, 4(a2)"]),
  "store.index": seq(["slli a0, a0, 2", "lui a2, %hi(arr)", "addi a2, a2, %lo(arr)", "add a2, a2, a0", "sw a1, 0(a2)"]),
  "store.index64": seq(["slli a0, a0, 3", "lui a2, %hi(arr)", "addi a2, a2, %lo(arr)", "add a2, a2, a0", "sw a4, 0(a2)", "sw a5, 4(a2)"]),
  spill: seq(["sw a0, t(sp)", "lw a1, t(sp)"]),
  spill64: seq(["sw a0, t(sp)", "sw a1, t+4(sp)", "lw a2, t(sp)", "lw a3, t+4(sp)"]),
  add: seq(["add a0, a0, a1"]),
  add64: seq(["add a0, a0, a2", "sltu a4, a0, a2", "add a1, a1, a3", "add a1, a1, a4"]),
  sub: seq(["sub a0, a0, a1"]),
  sub64: seq(["sltu a4, a0, a2", "sub a0, a0, a2", "sub a1, a1, a3", "sub a1, a1, a4"]),
  mul: seq(["mul a0, a0, a1"]),
  mul64: seq(["mulhu a4, a0, a2", "mul a5, a0, a3", "mul a6, a1, a2", "mul a0, a0, a2", "add a4, a4, a5", "add a1, a4, a6"]),
  div: seq(["div a0, a0, a1"], "RISC-V div truncates toward zero, as C99"),
  div64: seq(["__vigil_div64"], "software routine, documented bound"),
  rem: seq(["rem a0, a0, a1"], "remainder has the dividend's sign, as C99"),
  rem64: seq(["__vigil_div64", "mv a0, a2", "mv a1, a3"]),
  cmp: seq(["slt a0, a0, a1", "xori a0, a0, 1"], "eq/ne use sub + seqz/snez: at most two ALU instructions"),
  cmp64: seq(["slt a4, a1, a3", "sub a5, a1, a3", "seqz a5, a5", "sltu a6, a0, a2", "and a5, a5, a6", "or a0, a4, a5", "xori a0, a0, 1"]),
  and: seq(["and a0, a0, a1"]),
  or: seq(["or a0, a0, a1"]),
  min: seq(["bcc a0, a1, done", "mv a0, a1"], "branch counted taken"),
  min64: seq(["slt a4, a1, a3", "sub a5, a1, a3", "bcc a4, zero, done", "mv a0, a2", "mv a1, a3"]),
  max: seq(["bcc a1, a0, done", "mv a0, a1"]),
  max64: seq(["slt a4, a3, a1", "sub a5, a1, a3", "bcc a4, zero, done", "mv a0, a2", "mv a1, a3"]),
  neg: seq(["neg a0, a0"]),
  neg64: seq(["snez a4, a0", "neg a0, a0", "neg a1, a1", "sub a1, a1, a4"]),
  not: seq(["xori a0, a0, 1"]),
  abs: seq(["srai a1, a0, 31", "xori a0, a0, -1", "sub a0, a0, a1"], "branch-free: (x ^ s) - s"),
  abs64: seq(["srai a4, a1, 31", "bcc a4, zero, done", "snez a5, a0", "neg a0, a0", "neg a1, a1", "sub a1, a1, a5"]),
  ite: seq(["bcc a2, zero, done", "mv a0, a1"], "both arms evaluated (pure, total), then selected"),
  ite64: seq(["bcc a4, zero, done", "mv a0, a2", "mv a1, a3"]),
  "branch.fall": seq(["bcc.nt a0, zero, else"]),
  "branch.taken": seq(["bcc a0, zero, else"]),
  jump: seq(["j join"]),
  assert: seq(["bcc.nt a0, zero, fail"]),
  "loop.init": seq(["li a0, lo", "sw a0, i(sp)"]),
  "loop.test.stay": seq(["lw a0, i(sp)", "li a1, hi", "bcc.nt a1, a0, exit"]),
  "loop.test.exit": seq(["lw a0, i(sp)", "li a1, hi", "bcc a1, a0, exit"]),
  "loop.step": seq(["lw a0, i(sp)", "addi a0, a0, 1", "sw a0, i(sp)", "j test"]),
  endorse: seq(["bcc a2, zero, done", "mv a0, a1"]),
  declassify: seq(["mv a0, a0"]),
  "task.prologue": seq(["addi sp, sp, -frame", "sw ra, frame-4(sp)", "sw s0, frame-8(sp)", "sw s1, frame-12(sp)"]),
  "task.epilogue": seq(["lw ra, frame-4(sp)", "lw s0, frame-8(sp)", "lw s1, frame-12(sp)", "addi sp, sp, frame", "ret"]),
  "buffer.word": seq(["lw a0, w(sp)", "lui a2, %hi(buf)", "sw a0, %lo(buf)+k(a2)"]),
  "publish.word": seq(["lw a0, k(a1)", "sw a0, k(a2)"]),
  "sample.word": seq(["lw a0, k(a1)", "sw a0, k(a2)"]),
  "tick.base": seq(["lui a3, %hi(sched)", "addi a3, a3, %lo(sched)", "lw a0, 0(a3)", "addi a0, a0, 1", "sw a0, 0(a3)", "ret"]),
  "tick.per.task": seq(["lw a0, cnt(a3)", "addi a0, a0, -1", "bcc a0, zero, keep", "li a0, period", "sw a0, cnt(a3)", "bcc a0, zero, next", "lw a1, pend(a3)", "or a1, a1, a4", "sw a1, pend(a3)"]),
  "irq.latch": seq(["lui a0, %hi(lines)", "lw a1, %lo(lines)(a0)", "or a1, a1, a2", "sw a1, %lo(lines)(a0)", "lui a0, %hi(irq_mask)", "sw a2, %lo(irq_mask)(a0)", "ret"]),
  "job.dispatch": seq(["jal job", "csrci mstatus, 8", "ret"], "after dispatch.masked: the job runs with interrupts enabled (nesting); masked again before the exit restores"),
  "dispatch.masked": seq(["csrsi mstatus, 8"], "re-enables interrupts after the (masked) trap entry; entry + this is the non-preemptible section"),
};

export const RV32IM_CV32E40P: TargetModel = {
  name: "rv32im",
  aliases: ["cv32e40p", "riscv32", "rv32im-cv32e40p"],
  description: "RV32IM on the OpenHW Group CV32E40P, 4-stage in-order pipeline, 1-cycle mul, 3..35-cycle divider",
  references: [
    "OpenHW Group, CV32E40P User Manual, Pipeline Details: table Cycle counts per instruction type, and Hazards",
  ],
  immRange: [-2048, 2047],
  classes,
  ir,
  irqEntryCycles: 55,
  irqExitCycles: 21,
  irqFlashAccesses: 2,
  irqEntryMasked: true,
  irqSource: "derived bound from the CV32E40P cycle table: entry 35 (instruction in EX) + 3 (vector jump) + 1 + 16 (save caller-saved), exit 16 + 1 + 3 + 1",
};
