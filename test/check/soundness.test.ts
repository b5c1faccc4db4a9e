// End-to-end soundness of range inference: random expressions over inputs with random ranges are
// checked; then, for random input values inside the declared ranges, every sub-expression's actual
// value (computed by a small evaluator with vigil's semantics) lies in the range the checker
// inferred for it. Runs that hit a zero divisor stop there (a runtime error, not a value).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type * as ast from "../../src/ast/ast.js";
import type { CheckedModel } from "../../src/check/model.js";
import { checkSource, HEADER } from "./helpers.js";

type Gen = string;

const leaf: fc.Arbitrary<Gen> = fc.oneof(
  fc.constantFrom("a", "b", "c"),
  fc.integer({ min: -20, max: 20 }).map((n) => (n < 0 ? `(${n})` : `${n}`)),
);

const exprArb: fc.Arbitrary<Gen> = fc.letrec<{ e: Gen }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(tie("e"), fc.constantFrom("+", "-", "*", "/", "%"), tie("e")).map(([l, op, r]) => `(${l} ${op} ${r})`),
    tie("e").map((x) => `(-${x})`),
    fc.tuple(fc.constantFrom("min", "max"), tie("e"), tie("e")).map(([f, l, r]) => `${f}(${l}, ${r})`),
    tie("e").map((x) => `abs(${x})`),
    fc.tuple(tie("e"), fc.constantFrom("<", "<=", "==", "!="), tie("e"), tie("e"), tie("e")).map(
      ([l, op, r, x, y]) => `(if ${l} ${op} ${r} then ${x} else ${y})`,
    ),
  ),
})).e;

const rangeArb = fc.tuple(fc.integer({ min: -300, max: 300 }), fc.integer({ min: 0, max: 400 }));

class ZeroDivisor extends Error {}

function evaluate(m: CheckedModel, e: ast.Expr, env: Map<string, bigint>, check: (e: ast.Expr, v: bigint) => void): bigint | boolean {
  const ev = (x: ast.Expr): bigint | boolean => evaluate(m, x, env, check);
  const int = (x: ast.Expr): bigint => ev(x) as bigint;
  let v: bigint | boolean;
  switch (e.kind) {
    case "Number":
      v = e.num;
      break;
    case "Name":
      v = env.get(e.name)!;
      break;
    case "Unary":
      v = -int(e.operand);
      break;
    case "Binary": {
      const l = ev(e.left);
      const r = ev(e.right);
      switch (e.op) {
        case "+": v = (l as bigint) + (r as bigint); break;
        case "-": v = (l as bigint) - (r as bigint); break;
        case "*": v = (l as bigint) * (r as bigint); break;
        case "/":
        case "%":
          if (r === 0n) throw new ZeroDivisor();
          v = e.op === "/" ? (l as bigint) / (r as bigint) : (l as bigint) % (r as bigint);
          break;
        case "<": v = l < r; break;
        case "<=": v = l <= r; break;
        case "==": v = l === r; break;
        case "!=": v = l !== r; break;
        default: throw new Error(`unexpected ${e.op}`);
      }
      break;
    }
    case "Call": {
      const xs = e.args.map(int);
      v = e.callee.name === "abs" ? (xs[0]! < 0n ? -xs[0]! : xs[0]!) : e.callee.name === "min" ? (xs[0]! < xs[1]! ? xs[0]! : xs[1]!) : xs[0]! > xs[1]! ? xs[0]! : xs[1]!;
      break;
    }
    case "Cond":
      v = ev(e.cond) ? ev(e.then) : ev(e.else);
      break;
    default:
      throw new Error(`unexpected ${e.kind}`);
  }
  if (typeof v === "bigint") check(e, v);
  return v;
}

describe("range inference is sound end to end", () => {
  it("every sub-expression's value lies in its inferred range", () => {
    let clean = 0;
    fc.assert(
      fc.property(exprArb, rangeArb, rangeArb, rangeArb, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 12 }), (expr, ra, rb, rc, samples) => {
        const ranges = { a: ra, b: rb, c: rc };
        const decls = Object.entries(ranges)
          .map(([n, [lo, w]]) => `input ${n}: int[${lo} .. ${lo + w}] in therapy\n`)
          .join("");
        const text = `${HEADER}${decls}state x: int[-9007199254740991 .. 9007199254740991] = 0 in therapy
task job every 10 ms deadline 5 ms priority 1 in therapy {
  x := ${expr}
}
`;
        const m = checkSource(text);
        if (m.diagnostics.some((d) => d.severity === "error")) {
          // Only constant division by zero and the 53-bit limit may reject these expressions.
          for (const d of m.diagnostics) expect(["VG2022", "VG2013"]).toContain(d.code);
          return;
        }
        clean++;
        const task = m.model.decls.find((d): d is ast.TaskDecl => d.kind === "Task")!;
        const assign = task.body.stmts[0] as Extract<ast.Stmt, { kind: "Assign" }>;
        const corners = [[0, 0, 0], [1, 1, 1], [0, 1, 0], [1, 0, 1]] as const;
        for (const s of [...corners, ...samples]) {
          const env = new Map<string, bigint>();
          (["a", "b", "c"] as const).forEach((n, i) => {
            const [lo, w] = ranges[n];
            env.set(n, BigInt(lo + Math.round(s[i]! * w)));
          });
          try {
            evaluate(m, assign.value, env, (e, v) => {
              const t = m.exprTypes.get(e);
              expect(t?.kind).toBe("int");
              if (t?.kind === "int") {
                expect(v >= t.lo && v <= t.hi, `${v} in [${t.lo}, ${t.hi}] at ${e.span.col}`).toBe(true);
              }
            });
          } catch (err) {
            if (!(err instanceof ZeroDivisor)) throw err;
          }
        }
      }),
      { numRuns: 500 },
    );
    expect(clean).toBeGreaterThan(250);
  });
});
