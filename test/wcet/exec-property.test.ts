// fast-check: the cycles of the path actually executed (counted with the same table) never exceed
// the IPET bound, and equal it for straight-line code.
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import { TARGETS } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg } from "../../src/wcet/cfg.js";
import { solveIpet } from "../../src/wcet/ipet.js";
import { executeJob } from "../../src/wcet/exec.js";

const sp = { file: "t.vgl", line: 1, col: 1, offset: 0, length: 0 };
const int = (lo: number, hi: number) => ({ kind: "int" as const, lo, hi, unit: "none" as const });
const x: IrExpr = { k: "var", name: "x", scope: "state", type: int(-1000, 1000), span: sp };
const k = (v: number): IrExpr => ({ k: "const", value: v, type: int(v, v), span: sp });
const bin = (op: "add" | "sub" | "mul" | "lt" | "min", a: IrExpr, b: IrExpr): IrExpr => ({ k: "binary", op, left: a, right: b, type: op === "lt" ? { kind: "bool" } : int(-1000000, 1000000), span: sp });
const set = (v: IrExpr): IrStmt => ({ s: "assign", target: { name: "x", scope: "state", span: sp }, value: v, span: sp });

const exprArb: fc.Arbitrary<IrExpr> = fc.letrec<{ e: IrExpr }>((tie) => ({
  e: fc.oneof({ maxDepth: 3 }, fc.constant(x), fc.integer({ min: -300, max: 300 }).map(k), fc.tuple(fc.constantFrom("add", "sub", "mul", "min") as fc.Arbitrary<"add" | "sub" | "mul" | "min">, tie("e"), tie("e")).map(([o, a, b]) => bin(o, a, b))),
})).e;
const stmtArb = (straight: boolean): fc.Arbitrary<IrStmt> =>
  fc.letrec<{ s: IrStmt }>((tie) => ({
    s: straight
      ? exprArb.map(set)
      : fc.oneof(
          { maxDepth: 3 },
          exprArb.map(set),
          fc.tuple(exprArb, fc.array(tie("s"), { maxLength: 3 }), fc.array(tie("s"), { maxLength: 3 })).map(([cnd, t, e]): IrStmt => ({ s: "if", cond: bin("lt", cnd, k(0)), then: t, else: e, span: sp })),
          fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(tie("s"), { maxLength: 2 }), fc.nat()).map(([n, b, id]): IrStmt => ({ s: "for", var: `i${id}`, lo: 1, hi: n, body: b, span: sp })),
        ),
  })).s;

function mk(body: IrStmt[]): { t: IrTask; p: IrProgram } {
  const t: IrTask = { name: "t", kind: "periodic", periodTicks: 1, offsetTicks: 0, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: ["x"], writes: ["x"], locals: [], body, span: sp };
  const p = { inputs: [], irqs: [], outputs: [], state: [{ name: "x", role: "state", type: int(-1000, 1000), domain: "d", init: 0, span: sp }] } as unknown as IrProgram;
  return { t, p };
}

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

describe("executed cycles vs IPET", () => {
  for (const straight of [true, false]) {
    it(straight ? "straight-line: executed = bound" : "branches and loops: executed <= bound", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(stmtArb(straight), { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 3 }), fc.constantFrom(...TARGETS), fc.integer({ min: 0, max: 2 }), async (body, xs, target, ws) => {
          const { t, p } = mk(body);
          const ctx = makeCostCtx(target, { waitStates: ws }, p, t);
          const r = await solveIpet(buildCfg(t, ctx), solver, 20_000);
          expect(r.status).toBe("proved");
          if (r.status !== "proved") return;
          for (const x0 of xs) {
            const run = executeJob(ctx, t, new Map([["x", x0]]));
            if (straight) expect(run.cycles).toBe(r.cycles);
            else expect(run.cycles).toBeLessThanOrEqual(r.cycles);
          }
        }),
        { numRuns: 25 },
      );
    });
  }
});
