// fast-check: on random task bodies and random inputs, the cycles of the path the REFERENCE
// INTERPRETER executes (its own arm counts, read through replay.ts, costed with the same table by
// path.ts) never exceed the IPET bound, and equal it for straight-line code. The cost-counting
// executor (exec.ts) takes exactly the interpreter's path: same branch decisions (arm counts), same
// final state, same cycles.
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import { TARGETS } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg } from "../../src/wcet/cfg.js";
import { solveIpet } from "../../src/wcet/ipet.js";
import { executeJob } from "../../src/wcet/exec.js";
import { fromArmCounts } from "../../src/wcet/path.js";
import { replayJob } from "../../src/wcet/replay.js";

const sp = { file: "t.vgl", line: 1, col: 1, offset: 0, length: 0 };
const int = (lo: number, hi: number) => ({ kind: "int" as const, lo, hi, unit: "none" as const });
const R = 1000;
const v = (name: "x" | "y" | "u"): IrExpr => ({ k: "var", name, scope: name === "u" ? "input" : "state", type: name === "u" ? int(-50, 50) : int(-R, R), span: sp });
const k = (n: number): IrExpr => ({ k: "const", value: n, type: int(n, n), span: sp });
const wide = int(-100 * R, 100 * R);
type Op = "add" | "sub" | "min" | "max";
const bin = (op: Op | "mul", a: IrExpr, b: IrExpr): IrExpr => ({ k: "binary", op, left: a, right: b, type: wide, span: sp });
const cmp = (op: "lt" | "le" | "eq", a: IrExpr, b: IrExpr): IrExpr => ({ k: "binary", op, left: a, right: b, type: { kind: "bool" }, span: sp });
// x := min(max(e, -R), R): stays in the declared range, as lowering's range checks would ensure
const clamp = (e: IrExpr): IrExpr => bin("min", bin("max", e, k(-R)), k(R));
const set = (name: "x" | "y", e: IrExpr): IrStmt => ({ s: "assign", target: { name, scope: "state", span: sp }, value: clamp(e), span: sp });

const exprArb: fc.Arbitrary<IrExpr> = fc.letrec<{ e: IrExpr }>((tie) => ({
  e: fc.oneof(
    { maxDepth: 3 },
    fc.constantFrom("x", "y", "u").map((n) => v(n as "x" | "y" | "u")),
    fc.integer({ min: -300, max: 70_000 }).map(k),
    fc.tuple(fc.constantFrom<Op>("add", "sub", "min", "max"), tie("e"), tie("e")).map(([o, a, b]) => bin(o, a, b)),
    fc.tuple(tie("e"), fc.integer({ min: -3, max: 3 })).map(([a, c]) => bin("mul", a, k(c))),
  ),
})).e;
const condArb = fc.tuple(fc.constantFrom<"lt" | "le" | "eq">("lt", "le", "eq"), exprArb, exprArb).map(([o, a, b]) => cmp(o, a, b));
const assignArb = fc.tuple(fc.constantFrom<"x" | "y">("x", "y"), exprArb).map(([n, e]) => set(n, e));
const stmtArb = (straight: boolean): fc.Arbitrary<IrStmt> =>
  straight
    ? assignArb
    : fc.letrec<{ s: IrStmt }>((tie) => ({
        s: fc.oneof(
          { maxDepth: 3 },
          assignArb,
          fc.tuple(condArb, fc.array(tie("s"), { maxLength: 3 }), fc.array(tie("s"), { maxLength: 3 })).map(([c, t, e]): IrStmt => ({ s: "if", cond: c, then: t, else: e, span: sp })),
          fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(tie("s"), { maxLength: 2 })).map(([n, b]): IrStmt => ({ s: "for", var: "?", lo: 1, hi: n, body: b, span: sp })),
        ),
      })).s;

/** Unique loop variables (lowering guarantees unique locals), declared as task locals. */
function withLocals(body: readonly IrStmt[]): { body: IrStmt[]; locals: IrTask["locals"] } {
  const locals: { name: string; type: ReturnType<typeof int>; kind: "loop"; span: typeof sp }[] = [];
  const walk = (xs: readonly IrStmt[]): IrStmt[] =>
    xs.map((s): IrStmt => {
      if (s.s === "if") return { ...s, then: walk(s.then), else: walk(s.else) };
      if (s.s === "for") {
        const name = `i${locals.length}`;
        locals.push({ name, type: int(s.lo, Math.max(s.lo, s.hi + 1)), kind: "loop", span: sp });
        return { ...s, var: name, body: walk(s.body) };
      }
      return s;
    });
  return { body: walk(body), locals };
}

function mk(raw: readonly IrStmt[], x0: number, y0: number): { t: IrTask; p: IrProgram } {
  const { body, locals } = withLocals(raw);
  const t: IrTask = { name: "t", kind: "periodic", periodTicks: 1, offsetTicks: 0, periodUs: 1000, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: ["u", "x", "y"], writes: ["x", "y"], locals, body, span: sp };
  const p: IrProgram = {
    device: { name: "D", target: "cortex-m4", clockHz: 16_000_000, tickUs: 1000, sourceHash: "", span: sp },
    levels: ["public"], domains: [{ name: "d", trusted: true, confidentiality: 0, span: sp }], enums: [], consts: [],
    inputs: [{ name: "u", role: "input", type: int(-50, 50), domain: "d", span: sp }], irqs: [],
    state: [
      { name: "x", role: "state", type: int(-R, R), domain: "d", init: x0, span: sp },
      { name: "y", role: "state", type: int(-R, R), domain: "d", init: y0, span: sp },
    ],
    outputs: [], tasks: [t], assumptions: [], properties: [],
  };
  return { t, p };
}

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

describe("the interpreter's path vs the IPET bound", () => {
  for (const straight of [true, false]) {
    it(straight ? "straight-line: the interpreter's path costs exactly the bound" : "branches and loops: the interpreter's path costs at most the bound", async () => {
      let nonTrivial = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(stmtArb(straight), { minLength: 1, maxLength: 5 }),
          fc.array(fc.tuple(fc.integer({ min: -R, max: R }), fc.integer({ min: -R, max: R }), fc.integer({ min: -50, max: 50 })), { minLength: 3, maxLength: 3 }),
          fc.constantFrom(...TARGETS),
          fc.integer({ min: 0, max: 2 }),
          async (body, runs, target, ws) => {
            const { t } = mk(body, 0, 0);
            const ctx = makeCostCtx(target, { waitStates: ws }, mk(body, 0, 0).p, t);
            const r = await solveIpet(buildCfg(t, ctx), solver, 20_000);
            expect(r.status).toBe("proved");
            if (r.status !== "proved") return;
            for (const [x0, y0, u0] of runs) {
              const { p, t: task } = mk(body, x0, y0);
              const rep = replayJob(p, "t", [{ u: u0 }, { u: u0 }], 0);
              expect(rep.status).toBe("ok");
              if (rep.status !== "ok") return;
              const path = fromArmCounts(ctx, task, rep.arms);
              expect(path).toBeDefined();
              if (!path) return;
              if (straight) expect(path.cycles).toBe(r.cycles);
              else expect(path.cycles).toBeLessThanOrEqual(r.cycles);
              if (path.cycles < r.cycles) nonTrivial++;
              // the executor takes exactly the interpreter's path
              const env = new Map<string, number | number[]>([["x", x0], ["y", y0], ["u", u0]]);
              const run = executeJob(ctx, task, env);
              expect(run.failed).toBe(false);
              expect(run.arms).toEqual(rep.arms);
              expect(run.cycles).toBe(path.cycles);
              expect({ x: env.get("x"), y: env.get("y") }).toEqual({ x: rep.rows[1]!.state.x, y: rep.rows[1]!.state.y });
            }
          },
        ),
        { numRuns: 25, seed: 20261201 },
      );
      // the branching property is not vacuous: some interpreted paths are cheaper than the bound
      if (!straight) expect(nonTrivial).toBeGreaterThan(0);
    }, 120_000);
  }
});
