/**
 * Random IR programs (two tasks, integer state, nested expressions with every operator, ifs,
 * loops, range and div0 asserts) run by the compiled interpreter and by the naive BigInt
 * evaluator (test/interp/naive.ts): traces, runtime errors and property violations must agree.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { IrBinOp, IrExpr, IrProgram, IrStmt } from "../../src/ir/ir.js";
import { simulate } from "../../src/interp/index.js";
import { SP, assign, bin, c, int, program, rangeAssert, task, v } from "./build.js";
import { naiveRun } from "./naive.js";

const W = int(-1_000_000_000, 1_000_000_000);
const S = int(-1000, 1000);
const IN = int(-50, 50);
const STATE = ["s0", "s1", "s2"];
const INPUTS = ["i0", "i1"];

const leaf = fc.oneof(
  fc.integer({ min: -20, max: 20 }).map((x) => c(x, int(x, x))),
  fc.constantFrom(...STATE).map((n) => v(n, "state", S)),
  fc.constantFrom(...INPUTS).map((n) => v(n, "input", IN)),
);

const expr: fc.Arbitrary<IrExpr> = fc.letrec<{ e: IrExpr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom<IrBinOp>("add", "sub", "mul", "div", "rem", "min", "max"), tie("e"), tie("e")).map(([op, a, b]) => bin(op, a, b, W)),
    fc.tuple(fc.constantFrom<"neg" | "abs">("neg", "abs"), tie("e")).map(([op, a]): IrExpr => ({ k: "unary", op, arg: a, type: W, span: SP })),
    fc.tuple(fc.constantFrom<IrBinOp>("lt", "le", "eq", "ne", "gt", "ge"), tie("e"), tie("e"), tie("e"), tie("e")).map(
      ([op, a, b, t, e]): IrExpr => ({ k: "ite", cond: bin(op, a, b), then: t, else: e, type: W, span: SP }),
    ),
  ),
})).e;

/** Depth-limited: keeps magnitudes far below 2^53. */
function depth(e: IrExpr): number {
  switch (e.k) {
    case "binary":
      return 1 + Math.max(depth(e.left), depth(e.right));
    case "unary":
      return 1 + depth(e.arg);
    case "ite":
      return 1 + Math.max(depth(e.cond), depth(e.then), depth(e.else));
    default:
      return 0;
  }
}
const smallExpr = expr.filter((e) => depth(e) <= 3);

function divisors(e: IrExpr, out: IrExpr[]): IrExpr[] {
  if (e.k === "binary") {
    if (e.op === "div" || e.op === "rem") out.push(e.right);
    divisors(e.left, out);
    divisors(e.right, out);
  } else if (e.k === "unary") divisors(e.arg, out);
  else if (e.k === "ite") [e.cond, e.then, e.else].forEach((x) => divisors(x, out));
  return out;
}

let ids = 0;
function assignChecked(target: string, value: IrExpr): IrStmt[] {
  const guards: IrStmt[] = divisors(value, []).map((d) => ({
    s: "assert",
    id: `g/div0@${ids++}`,
    check: { kind: "div0" },
    cond: bin("ne", d, c(0)),
    span: SP,
  }));
  return [...guards, rangeAssert(`g/range@${ids++}`, value, -1000, 1000, target), assign(target, "state", value)];
}

const stmt: fc.Arbitrary<IrStmt[]> = fc.oneof(
  fc.tuple(fc.constantFrom(...STATE), smallExpr).map(([t, e]) => assignChecked(t, e)),
  fc.tuple(smallExpr, fc.constantFrom(...STATE), smallExpr, fc.constantFrom(...STATE), smallExpr).map(([cnd, t1, e1, t2, e2]): IrStmt[] => [
    { s: "if", cond: bin("gt", cnd, c(0)), then: assignChecked(t1, e1), else: assignChecked(t2, e2), span: SP },
  ]),
);

function makeProgram(body1: IrStmt[], body2: IrStmt[], p2: number, d2: number): IrProgram {
  return program({
    inputs: INPUTS.map((n) => ({ name: n, role: "input" as const, type: IN, domain: "d", span: SP })),
    state: STATE.map((n, i) => ({ name: n, role: "state" as const, type: S, domain: "d", init: i * 3 - 2, span: SP })),
    tasks: [
      // writes s0, s1 (task a) and s2 (task b): rewrite the targets to keep one writer per variable
      task({ name: "a", reads: [...INPUTS, ...STATE], writes: ["s0", "s1"], body: retarget(body1, ["s0", "s1"]) }),
      task({ name: "b", periodTicks: p2, deadlineUs: d2 * 1000, publishDelayTicks: d2, priority: 2, reads: [...INPUTS, ...STATE], writes: ["s2"], body: retarget(body2, ["s2"]) }),
    ],
    properties: [
      { kind: "invariant", name: "small", expr: bin("lt", v("s0", "state", S), c(500)), span: SP },
      { kind: "leadsTo", name: "back", trigger: bin("gt", v("s2", "state", S), c(0)), response: bin("le", v("s2", "state", S), c(0)), withinTicks: 3, span: SP },
    ],
  });
}

function retarget(ss: IrStmt[], allowed: string[]): IrStmt[] {
  return ss.map((s): IrStmt => {
    if (s.s === "assign") return { ...s, target: { ...s.target, name: allowed.includes(s.target.name) ? s.target.name : allowed[0]! } };
    if (s.s === "assert" && s.check.kind === "range") return { ...s, check: { ...s.check, what: allowed.includes(s.check.what) ? s.check.what : allowed[0]! } };
    if (s.s === "if") return { ...s, then: retarget([...s.then], allowed), else: retarget([...s.else], allowed) };
    return s;
  });
}

describe("random programs: compiled interpreter = naive BigInt evaluator", () => {
  it("agree on rows, runtime errors and property violations", () => {
    let long = 0;
    let errors = 0;
    fc.assert(
      fc.property(
        fc.array(stmt, { minLength: 1, maxLength: 4 }),
        fc.array(stmt, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ i0: fc.integer({ min: -50, max: 50 }), i1: fc.integer({ min: -50, max: 50 }) }), { minLength: 1, maxLength: 30 }),
        (b1, b2, period, ins) => {
          const p = makeProgram(b1.flat(), b2.flat(), period, Math.min(period, 2));
          const fast = simulate(p, ins, ins.length);
          const slow = naiveRun(p, ins, ins.length);
          if (fast.rows.length >= 5) long++;
          if (fast.runtimeError) errors++;
          expect(fast.rows.map((r) => ({ tick: r.tick, state: r.state, outputs: r.outputs, released: [...r.released] }))).toEqual(slow.rows);
          expect(fast.runtimeError ? { tick: fast.runtimeError.tick, task: fast.runtimeError.task, assertId: fast.runtimeError.assertId } : undefined).toEqual(slow.error);
          expect(fast.propertyViolations.map((x) => [x.property, x.tick])).toEqual(slow.violations);
        },
      ),
      { numRuns: 300, seed: 20261128 },
    );
    // The generator must exercise both long runs and runtime errors, or the comparison is weak.
    expect(long).toBeGreaterThan(60);
    expect(errors).toBeGreaterThan(30);
  });
});
