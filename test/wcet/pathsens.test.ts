// Path-sensitive bound: excludes infeasible paths, never exceeds the plain IPET bound.
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import { findTarget } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg } from "../../src/wcet/cfg.js";
import { solveIpet } from "../../src/wcet/ipet.js";
import { pathSensitiveBound } from "../../src/wcet/pathenc.js";

const sp = { file: "t.vgl", line: 1, col: 1, offset: 0, length: 0 };
const int = (lo: number, hi: number) => ({ kind: "int" as const, lo, hi, unit: "none" as const });
const x: IrExpr = { k: "var", name: "x", scope: "state", type: int(0, 100), span: sp };
const k = (v: number): IrExpr => ({ k: "const", value: v, type: int(v, v), span: sp });
const lt = (a: IrExpr, b: IrExpr): IrExpr => ({ k: "binary", op: "lt", left: a, right: b, type: { kind: "bool" }, span: sp });
const inc: IrStmt = { s: "assign", target: { name: "x", scope: "state", span: sp }, value: { k: "binary", op: "add", left: x, right: k(1), type: int(1, 101), span: sp }, span: sp };

function mk(body: IrStmt[]) {
  const t: IrTask = { name: "t", kind: "periodic", periodTicks: 1, offsetTicks: 0, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: ["x"], writes: ["x"], locals: [], body, span: sp };
  const p = { inputs: [], irqs: [], outputs: [], state: [{ name: "x", role: "state", type: int(0, 100), domain: "d", init: 0, span: sp }] } as unknown as IrProgram;
  return { t, p, ctx: makeCostCtx(findTarget("cortex-m4")!, { waitStates: 0 }, p, t) };
}
const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

describe("path-sensitive bound", () => {
  it("excludes a branch that the state range makes infeasible (x in [0,100], x < 0)", async () => {
    const { t, p, ctx } = mk([{ s: "if", cond: lt(x, k(0)), then: [inc, inc, inc], else: [], span: sp }]);
    const plain = await solveIpet(buildCfg(t, ctx), solver, 20_000);
    const ps = await pathSensitiveBound(ctx, p, t, solver, 20_000);
    expect(plain.status).toBe("proved");
    expect(ps.status).toBe("proved");
    if (plain.status === "proved" && ps.status === "proved") {
      // plain takes the then-arm: 2 + 3*10 = 32 > else 5; path-sensitive: only the else edge (5)
      expect(plain.cycles - ps.cycles).toBe(32 - 5);
    }
  });

  it("two correlated branches: the first sets x := 0, the second (x > 50) is then infeasible", async () => {
    const gt50: IrExpr = { k: "binary", op: "gt", left: x, right: k(50), type: { kind: "bool" }, span: sp };
    const zero: IrStmt = { s: "assign", target: { name: "x", scope: "state", span: sp }, value: k(0), span: sp };
    const { t, p, ctx } = mk([zero, { s: "if", cond: gt50, then: [inc, inc], else: [], span: sp }]);
    const plain = await solveIpet(buildCfg(t, ctx), solver, 20_000);
    const ps = await pathSensitiveBound(ctx, p, t, solver, 20_000);
    if (plain.status !== "proved" || ps.status !== "proved") throw new Error("not proved");
    expect(ps.cycles).toBeLessThan(plain.cycles);
  });

  it("never exceeds the plain bound (fast-check)", async () => {
    const stmt: fc.Arbitrary<IrStmt> = fc.letrec<{ s: IrStmt }>((tie) => ({
      s: fc.oneof(
        { maxDepth: 3 },
        fc.constant(inc),
        fc.tuple(fc.integer({ min: -20, max: 120 }), fc.array(tie("s"), { maxLength: 2 }), fc.array(tie("s"), { maxLength: 2 })).map(([v, a, b]): IrStmt => ({ s: "if", cond: lt(x, k(v)), then: a, else: b, span: sp })),
        fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(tie("s"), { maxLength: 2 }), fc.nat()).map(([n, b, id]): IrStmt => ({ s: "for", var: `i${id}`, lo: 1, hi: n, body: b, span: sp })),
      ),
    })).s;
    await fc.assert(
      fc.asyncProperty(fc.array(stmt, { minLength: 1, maxLength: 4 }), async (body) => {
        const { t, p, ctx } = mk(body);
        const plain = await solveIpet(buildCfg(t, ctx), solver, 20_000);
        const ps = await pathSensitiveBound(ctx, p, t, solver, 20_000);
        if (plain.status === "proved" && ps.status === "proved") expect(ps.cycles).toBeLessThanOrEqual(plain.cycles);
        else throw new Error("inconclusive");
      }),
      { numRuns: 6, seed: 20261128 },
    );
  }, 240_000);
});
