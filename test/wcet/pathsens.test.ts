// Path-sensitive bound: excludes infeasible paths, never exceeds the plain IPET bound, and is never
// below the cycles of a path actually executed. (The property used to be slow: the bound was found by
// Z3 Optimize, which took up to 20 s or gave up on some random bodies' nested-ite cost terms; the
// model-guided binary search of plain sat/unsat queries answers the same bodies in under a second.)
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import { findTarget } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg } from "../../src/wcet/cfg.js";
import { solveIpet } from "../../src/wcet/ipet.js";
import { pathSensitiveBound } from "../../src/wcet/pathenc.js";
import { executeJob } from "../../src/wcet/exec.js";
import { analyzeTiming } from "../../src/wcet/index.js";

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
      fc.asyncProperty(fc.array(stmt, { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 2 }), async (body, xs) => {
        const { t, p, ctx } = mk(body);
        const plain = await solveIpet(buildCfg(t, ctx), solver, 20_000);
        const ps = await pathSensitiveBound(ctx, p, t, solver, 20_000);
        if (plain.status !== "proved" || ps.status !== "proved") throw new Error("inconclusive");
        expect(ps.cycles).toBeLessThanOrEqual(plain.cycles);
        for (const x0 of xs) expect(executeJob(ctx, t, new Map([["x", x0]])).cycles).toBeLessThanOrEqual(ps.cycles);
      }),
      { numRuns: 25, seed: 20261128 },
    );
  }, 120_000);
});

describe("worst path of the path-sensitive bound", () => {
  it("is the witness's path (the feasible else-arm), not the IPET path through the infeasible then-arm", async () => {
    const { t } = mk([{ s: "if", cond: lt(x, k(0)), then: [inc, inc, inc], else: [], span: { ...sp, line: 2 } }]);
    const task = { ...t, periodUs: 1000 };
    const p: IrProgram = {
      device: { name: "D", target: "cortex-m4", clockHz: 16_000_000, tickUs: 1000, sourceHash: "", span: sp },
      levels: ["public"], domains: [{ name: "d", trusted: true, confidentiality: 0, span: sp }], enums: [], consts: [], inputs: [], irqs: [],
      state: [{ name: "x", role: "state", type: int(0, 100), domain: "d", init: 0, span: sp }], outputs: [], tasks: [task], assumptions: [], properties: [],
    };
    const rep = await analyzeTiming(p, solver);
    const r = rep.tasks[0]!;
    if (r.wcet.status !== "proved" || r.pathSensitive.status !== "proved") throw new Error("not proved");
    expect(r.pathSensitive.cycles).toBeLessThan(r.wcet.cycles);
    expect(r.boundCycles).toBe(r.pathSensitive.cycles);
    expect(r.worstPathFrom).toBe("path-sensitive");
    expect(r.worstPath!.cycles).toBe(r.pathSensitive.cycles);
    expect(r.worstPath!.branches.map((b) => [b.line, b.then, b.else])).toEqual([[2, 0, 1]]);
  });
});

describe("path-sensitive bound with arrays", () => {
  it("element ranges exclude a branch (a[i] in [0, 10], a[x] > 20) but not a feasible one (a[x] > 5); stores update elements", async () => {
    const arrT = { kind: "array" as const, elem: int(0, 10), length: 3 };
    const ai = (idx: IrExpr): IrExpr => ({ k: "index", array: "a", scope: "state", index: idx, type: int(0, 10), span: sp });
    const gt = (a: IrExpr, b: IrExpr): IrExpr => ({ k: "binary", op: "gt", left: a, right: b, type: { kind: "bool" }, span: sp });
    const xi: IrExpr = { k: "var", name: "x", scope: "state", type: int(0, 2), span: sp };
    const store = (idx: IrExpr, v: IrExpr): IrStmt => ({ s: "assign", target: { name: "a", scope: "state", index: idx, span: sp }, value: v, span: sp });
    const mkA = (body: IrStmt[]) => {
      const t: IrTask = { name: "t", kind: "periodic", periodTicks: 1, offsetTicks: 0, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: ["a", "x"], writes: ["a"], locals: [], body, span: sp };
      const p = { inputs: [], irqs: [], outputs: [], assumptions: [], state: [{ name: "x", role: "state", type: int(0, 2), domain: "d", init: 0, span: sp }, { name: "a", role: "state", type: arrT, domain: "d", init: [0, 0, 0], span: sp }] } as unknown as IrProgram;
      return { t, p, ctx: makeCostCtx(findTarget("cortex-m4")!, { waitStates: 0 }, p, t) };
    };
    const heavy = [store(k(0), k(1)), store(k(1), k(2)), store(k(2), k(3))];
    const bound = async (body: IrStmt[]) => {
      const { t, p, ctx } = mkA(body);
      const plain = await solveIpet(buildCfg(t, ctx), solver, 20_000);
      const ps = await pathSensitiveBound(ctx, p, t, solver, 20_000);
      if (plain.status !== "proved" || ps.status !== "proved") throw new Error(ps.status === "unknown" ? ps.reason : "not proved");
      return { plain: plain.cycles, ps: ps.cycles };
    };
    const infeasible = await bound([{ s: "if", cond: gt(ai(xi), k(20)), then: heavy, else: [], span: sp }]);
    expect(infeasible.ps).toBeLessThan(infeasible.plain);
    const feasible = await bound([{ s: "if", cond: gt(ai(xi), k(5)), then: heavy, else: [], span: sp }]);
    expect(feasible.ps).toBe(feasible.plain);
    // after a[x] := 0 the element read back is 0: the heavy arm (a[x] > 5) becomes infeasible
    const stored = await bound([store(xi, k(0)), { s: "if", cond: gt(ai(xi), k(5)), then: heavy, else: [], span: sp }]);
    expect(stored.ps).toBeLessThan(stored.plain);
  });
});
