// WCET by IPET (Z3 Optimize through src/solver) on hand-built task bodies, checked against
// hand arithmetic (Cortex-M4, 0 wait states) and against the structural longest path (all targets).
import { afterAll, describe, expect, it } from "vitest";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import { TARGETS, findTarget, opCycles } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg, structuralBound } from "../../src/wcet/cfg.js";
import { solveIpet } from "../../src/wcet/ipet.js";

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

async function ipet(body: IrStmt[], target = "cortex-m4", waitStates = 0) {
  const t = task(body);
  const ctx = makeCostCtx(findTarget(target)!, { waitStates }, program(t), t);
  const cfg = buildCfg(t, ctx);
  const r = await solveIpet(cfg, solver, 20_000);
  return { r, structural: structuralBound(t, ctx) };
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
