// WCET by IPET (Z3 Optimize through src/solver) on hand-built task bodies, checked against
// hand arithmetic (Cortex-M4, 0 wait states) and against the structural longest path (all targets).
import { afterAll, describe, expect, it } from "vitest";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import { TARGETS, findTarget, opCycles } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg, structuralBound } from "../../src/wcet/cfg.js";
import { ipetConstraints, solveIpet } from "../../src/wcet/ipet.js";
import { explainCfgCounts } from "../../src/wcet/path.js";

const sp = { file: "t.vgl", line: 1, col: 1, offset: 0, length: 0 };
const int = (lo: number, hi: number) => ({ kind: "int" as const, lo, hi, unit: "none" as const });
const c = (v: number): IrExpr => ({ k: "const", value: v, type: int(v, v), span: sp });
const g = (name: string): IrExpr => ({ k: "var", name, scope: "state", type: int(0, 100), span: sp });
const add = (a: IrExpr, b: IrExpr): IrExpr => ({ k: "binary", op: "add", left: a, right: b, type: int(0, 200), span: sp });
const lt = (a: IrExpr, b: IrExpr): IrExpr => ({ k: "binary", op: "lt", left: a, right: b, type: { kind: "bool" }, span: sp });
const set = (name: string, v: IrExpr): IrStmt => ({ s: "assign", target: { name, scope: "state", span: sp }, value: v, span: sp });
const ifs = (cond: IrExpr, t: IrStmt[], e: IrStmt[]): IrStmt => ({ s: "if", cond, then: t, else: e, span: sp });
const loop = (n: number, body: IrStmt[]): IrStmt => ({ s: "for", var: `i${n}`, lo: 1, hi: n, body, span: sp });

function task(body: IrStmt[]): IrTask {
  return { name: "t", kind: "periodic", periodTicks: 1, offsetTicks: 0, periodUs: 1000, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: ["x"], writes: ["x"], locals: [], body, span: sp };
}
function program(t: IrTask): IrProgram {
  return {
    device: { name: "D", target: "cortex-m4", clockHz: 16_000_000, tickUs: 1000, sourceHash: "", span: sp },
    levels: ["public"], domains: [], enums: [], consts: [], inputs: [], irqs: [],
    state: [{ name: "x", role: "state", type: int(0, 100), domain: "d", init: 0, span: sp }],
    outputs: [], tasks: [t], assumptions: [], properties: [],
  };
}

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

async function ipet(body: IrStmt[], target = "cortex-m4", waitStates = 0, chunkBlocks?: number) {
  const t = task(body);
  const ctx = makeCostCtx(findTarget(target)!, { waitStates }, program(t), t);
  const cfg = buildCfg(t, ctx, chunkBlocks);
  const r = await solveIpet(cfg, solver, 20_000);
  return { r, structural: structuralBound(t, ctx), cfg };
}

// Cortex-M4 op costs (ARM DDI 0439B Table 3-1, P = 3), 0 wait states:
// prologue PUSH(6)+SUB(1) = 7; epilogue ADD(1)+POP(1+5+3=9) = 10; buffer.word LDR2+MOVW1+MOVT1+STR2 = 6
// load.global MOVW+MOVT+LDR = 4; store.global = 4; const.imm = 1; add = 1
// cmp CMP+IT+MOV+MOV = 4; branch.fall CMP+B.nt = 2; branch.taken CMP+B(4) = 5; jump B = 4
// loop.init MOVW+STR = 3; loop.test.stay LDR+CMP+B.nt = 4; loop.test.exit LDR+CMP+B = 7; loop.step LDR+ADD+STR+B = 9
const FRAME = 7 + 6 + 10; // prologue + one buffered word (x) + epilogue = 23
const ASSIGN = 4 + 1 + 1 + 4; // x := x + 1: load.global, const, add, store.global = 10

describe("IPET on Cortex-M4 (hand arithmetic)", () => {
  it("the table gives the documented per-operation figures", () => {
    const m4 = findTarget("cortex-m4")!;
    const o = { waitStates: 0 };
    expect([opCycles(m4, "task.prologue", o), opCycles(m4, "task.epilogue", o), opCycles(m4, "buffer.word", o)]).toEqual([7, 10, 6]);
    expect([opCycles(m4, "cmp", o), opCycles(m4, "branch.fall", o), opCycles(m4, "branch.taken", o), opCycles(m4, "jump", o)]).toEqual([4, 2, 5, 4]);
    expect([opCycles(m4, "loop.init", o), opCycles(m4, "loop.test.stay", o), opCycles(m4, "loop.test.exit", o), opCycles(m4, "loop.step", o)]).toEqual([3, 4, 7, 9]);
  });

  it("straight-line code: 23 + 2 * 10 = 43 cycles", async () => {
    const { r, structural } = await ipet([set("x", add(g("x"), c(1))), set("x", add(g("x"), c(1)))]);
    expect(r.status).toBe("proved");
    expect(r.cycles).toBe(FRAME + 2 * ASSIGN);
    expect(structural).toBe(43);
  });

  it("a branch: cond (4+1+4=9) + max(then 2+10+4, else 5+10+10) = 23 + 9 + 25 = 57", async () => {
    const body = [ifs(lt(g("x"), c(5)), [set("x", add(g("x"), c(1)))], [set("x", add(g("x"), c(1))), set("x", add(g("x"), c(1)))])];
    const { r, structural } = await ipet(body);
    expect(r.status).toBe("proved");
    expect(r.cycles).toBe(FRAME + 9 + 25);
    expect(structural).toBe(r.cycles);
  });

  it("a loop of 10: 23 + 3 + 10 * (4 + 10 + 9) + 7 = 263", async () => {
    const { r, structural } = await ipet([loop(10, [set("x", add(g("x"), c(1)))])]);
    expect(r.status).toBe("proved");
    expect(r.cycles).toBe(FRAME + 3 + 10 * (4 + ASSIGN + 9) + 7);
    expect(structural).toBe(263);
  });

  it("nested loops 3 x 4: inner = 3 + 4*(4+10+9) + 7 = 102; outer = 3 + 3*(4+102+9) + 7 = 355; +23 = 378", async () => {
    const { r } = await ipet([loop(3, [loop(4, [set("x", add(g("x"), c(1)))])])]);
    expect(r.status).toBe("proved");
    expect(r.cycles).toBe(378);
  });
});

describe("IPET equals the structural longest path on every target", () => {
  const bodies: IrStmt[][] = [
    [set("x", add(g("x"), c(70000)))],
    [ifs(lt(g("x"), c(5)), [set("x", c(1))], [])],
    [loop(5, [ifs(lt(g("x"), c(5)), [set("x", add(g("x"), c(1)))], [set("x", c(0))])])],
    [loop(2, [loop(3, [set("x", add(g("x"), c(1)))])]), ifs(lt(g("x"), c(2)), [], [set("x", c(2))])],
  ];
  for (const t of TARGETS) {
    for (const ws of [0, 2]) {
      it(`${t.name}, ${ws} wait states`, async () => {
        for (const b of bodies) {
          const { r, structural } = await ipet(b, t.name, ws);
          expect(r.status).toBe("proved");
          expect(r.cycles).toBe(structural);
        }
      });
    }
  }
});

describe("chunked IPET certificate", () => {
  // 24 top-level statements: ifs with unequal arms, a loop every 4th, one nested if in a loop
  const body: IrStmt[] = [];
  for (let i = 0; i < 24; i++) {
    const st = ifs(lt(g("x"), c(i)), [set("x", add(g("x"), c(1)))], i % 3 === 0 ? [] : [set("x", c(0)), set("x", add(g("x"), c(2)))]);
    body.push(i % 4 === 3 ? loop(3, [st, ifs(lt(g("x"), c(1)), [set("x", c(1))], [])]) : st);
  }

  it("many chunks give the same bound as one chunk, and the structural bound", async () => {
    const one = await ipet(body);
    const many = await ipet(body, "cortex-m4", 0, 8);
    expect(one.cfg.chunks).toHaveLength(1);
    expect(many.cfg.chunks.length).toBeGreaterThan(4);
    expect(one.r.status).toBe("proved");
    expect(many.r.status).toBe("proved");
    if (one.r.status !== "proved" || many.r.status !== "proved") return;
    expect(many.r.cycles).toBe(one.r.cycles);
    expect(many.r.cycles).toBe(many.structural);
    expect(many.r.queries).toBe(2 * many.cfg.chunks.length);
    // the chunks partition the graph
    const blocks = many.cfg.chunks.flatMap((ch) => ch.blocks).sort((a, b) => a - b);
    const edges = many.cfg.chunks.flatMap((ch) => ch.edges).sort((a, b) => a - b);
    expect(blocks).toEqual(many.cfg.blocks.map((b) => b.id));
    expect(edges).toEqual(many.cfg.edges.map((e) => e.id));
    // the union of the chunk models is the same worst path as the single query's (same objective)
    expect(explainCfgCounts(many.cfg, many.r.blockCounts, many.r.edgeCounts).cycles).toBe(many.r.cycles);
  });

  it("the solver, not the structural walk, establishes the bound: a wrong chunk bound is unknown", async () => {
    const { cfg } = await ipet(body, "cortex-m4", 0, 8);
    const shift = (d: number) => ({ ...cfg, chunks: cfg.chunks.map((ch, j) => (j === 1 ? { ...ch, bound: ch.bound + d } : ch)) });
    const low = await solveIpet(shift(-1), solver, 20_000);
    const high = await solveIpet(shift(+1), solver, 20_000);
    expect(low.status).toBe("unknown");
    if (low.status === "unknown") expect(low.reason).toMatch(/exceeds the structural bound/);
    expect(high.status).toBe("unknown");
    if (high.status === "unknown") expect(high.reason).toMatch(/not attained/);
  });

  it("cross-check of the decomposition: on the whole (unchunked) system the bound is attained and not exceeded", async () => {
    const { r, cfg } = await ipet(body, "cortex-m4", 0, 8);
    if (r.status !== "proved") throw new Error("not proved");
    const all = ipetConstraints(cfg);
    const over = await solver.check({ smtlib: all + `(assert (> total ${r.cycles}))\n`, timeoutMs: 20_000, mode: "check" });
    const at = await solver.check({ smtlib: all + `(assert (>= total ${r.cycles}))\n`, timeoutMs: 20_000, mode: "check" });
    expect(over.status).toBe("unsat");
    expect(at.status).toBe("sat");
  });
});

describe("worst path in source terms", () => {
  it("a branch: the heavier else-arm is taken and every cycle is attributed to a line", async () => {
    const line = (n: number) => ({ ...sp, line: n });
    const set2 = (v: IrExpr, n: number): IrStmt => ({ s: "assign", target: { name: "x", scope: "state", span: line(n) }, value: v, span: line(n) });
    const body: IrStmt[] = [{ s: "if", cond: lt(g("x"), c(5)), then: [set2(add(g("x"), c(1)), 3)], else: [set2(add(g("x"), c(1)), 5), set2(add(g("x"), c(1)), 6)], span: line(2) }];
    const { r, cfg } = await ipet(body);
    if (r.status !== "proved") throw new Error("not proved");
    const e = explainCfgCounts(cfg, r.blockCounts, r.edgeCounts);
    expect(e.branches).toEqual([{ index: 0, file: "t.vgl", line: 2, col: 1, then: 0, else: 1 }]);
    // items carry the span of their own construct; the expressions here are built at line 1:
    // line 1: task frame (23) + condition (9) + the two executed right-hand sides (load 4 + const 1 + add 1 = 6 each);
    // line 2: the taken branch of the if (5); lines 5 and 6: the stores (4 each); line 3 (then-arm) not executed
    expect(e.lines.map((l) => [l.line, l.cycles])).toEqual([[1, FRAME + 9 + 2 * 6], [2, 5], [5, 4], [6, 4]]);
    expect(e.cycles).toBe(r.cycles);
  });
});

// The same four bodies by hand on the other two cores (0 wait states), from their tables:
// Cortex-M0+ (ARM DDI 0484C Table 3-1): prologue PUSH 6 + SUB 1 = 7; epilogue ADD 1 + POP 8 = 9;
//   buffer.word LDR 2 + LDR(lit) 2 + STR 2 = 6 -> frame 22; x := x + 1: LDR(lit) 2 + LDR 2, MOVS 1,
//   ADDS 1, LDR(lit) 2 + STR 2 = 10; x < 5: load 4 + MOVS 1 + cmp (CMP 1, MOVS 1, Bcc 2, MOVS 1) 5 = 10;
//   branch.fall 2, branch.taken 3, jump 2; loop.init 3, test.stay 6, test.exit 7, step 7.
// RV32IM on CV32E40P: prologue addi 1 + 3 sw = 4; epilogue 3 lw (2 each) + addi 1 + ret 3 = 10;
//   buffer.word lw 2 + lui 1 + sw 1 = 4 -> frame 18; x := x + 1: lui 1 + lw 2, li 1, add 1, lui 1 + sw 1 = 7;
//   x < 5: 3 + 1 + cmp (slt, xori) 2 = 6; branch.fall 1, branch.taken 3, jump 2;
//   loop.init 2, test.stay 4, test.exit 6, step 6.
describe("IPET by hand on Cortex-M0+ and RV32IM", () => {
  const cases: { target: string; ops: number[]; straight: number; branch: number; loop10: number; nested: number }[] = [
    // ops: prologue, epilogue, buffer.word, cmp, branch.fall, branch.taken, jump, loop.init, stay, exit, step
    { target: "cortex-m0plus", ops: [7, 9, 6, 5, 2, 3, 2, 3, 6, 7, 7], straight: 22 + 2 * 10, branch: 22 + 10 + Math.max(2 + 10 + 2, 3 + 20), loop10: 22 + 3 + 10 * (6 + 10 + 7) + 7, nested: 22 + 3 + 3 * (6 + (3 + 4 * (6 + 10 + 7) + 7) + 7) + 7 },
    { target: "rv32im", ops: [4, 10, 4, 2, 1, 3, 2, 2, 4, 6, 6], straight: 18 + 2 * 7, branch: 18 + 6 + Math.max(1 + 7 + 2, 3 + 14), loop10: 18 + 2 + 10 * (4 + 7 + 6) + 6, nested: 18 + 2 + 3 * (4 + (2 + 4 * (4 + 7 + 6) + 6) + 6) + 6 },
  ];
  for (const k of cases) {
    it(`${k.target}: ${k.straight}, ${k.branch}, ${k.loop10}, ${k.nested} cycles`, async () => {
      const t = findTarget(k.target)!;
      const o = { waitStates: 0 };
      const names = ["task.prologue", "task.epilogue", "buffer.word", "cmp", "branch.fall", "branch.taken", "jump", "loop.init", "loop.test.stay", "loop.test.exit", "loop.step"] as const;
      expect(names.map((n) => opCycles(t, n, o))).toEqual(k.ops);
      const inc = () => set("x", add(g("x"), c(1)));
      const got: number[] = [];
      for (const body of [[inc(), inc()], [ifs(lt(g("x"), c(5)), [inc()], [inc(), inc()])], [loop(10, [inc()])], [loop(3, [loop(4, [inc()])])]]) {
        const { r } = await ipet(body, k.target);
        if (r.status !== "proved") throw new Error("not proved");
        got.push(r.cycles);
      }
      expect(got).toEqual([k.straight, k.branch, k.loop10, k.nested]);
    });
  }
});
