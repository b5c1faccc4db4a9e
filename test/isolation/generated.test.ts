// Generated models (fast-check): a trusted task body built at random from trusted and untrusted
// reads, branches and endorse. Whatever the static flow check accepts must be proved by the
// relational proof; every model gets a decisive verdict; every leak comes with a replayed
// counterexample.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createSolver } from "../../src/solver/index.js";
import { proveIsolation } from "../../src/prove/isolation/index.js";
import { compileText } from "./helpers.js";

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

const atom = fc.constantFrom("a", "b", "v", "u", "r", "0", "1", "3", "endorse(u, u < 5, else 0)", "endorse(r, r > 2, else b % 10)");
const expr: fc.Arbitrary<string> = fc.oneof(atom, fc.tuple(atom, fc.constantFrom("+", "-"), atom).map(([x, o, y]) => `${x} ${o} ${y}`));
const cond = fc.tuple(atom, fc.constantFrom("<", ">", "==", "!="), atom).map(([x, o, y]) => `${x} ${o} ${y}`);
const assign = fc.tuple(fc.constantFrom("a", "b"), expr).map(([t, e]) => `${t} := min(max(${e}, 0), 50)`);
const stmt: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: assign },
  { weight: 1, arbitrary: fc.tuple(cond, fc.array(assign, { minLength: 1, maxLength: 2 }), fc.array(assign, { maxLength: 2 })).map(([c, t, e]) => `if ${c} { ${t.join("; ")} } else { ${e.length ? e.join("; ") : "skip"} }`) },
);
const body = fc.array(stmt, { minLength: 1, maxLength: 4 });

function model(stmts: readonly string[]): string {
  return `device G
  target cortex-m4 at 16 MHz
  tick 1 ms
domain safe  integrity trusted   confidentiality patient
domain radio integrity untrusted confidentiality public
input u: int[0 .. 9] in radio
input v: int[0 .. 9] in safe
state a: int[0 .. 50] = 0 in safe
state b: int[0 .. 50] = 0 in safe
state r: int[0 .. 9] = 0 in radio
task rt every 1 ms deadline 1 ms priority 1 in radio { r := u }
task st every 1 ms deadline 1 ms priority 2 in safe {
  ${stmts.join("\n  ")}
}
property iso: noninterference radio -> safe
`;
}

describe("generated models", () => {
  it("static acceptance implies a relational proof; every verdict is decisive", async () => {
    let accepted = 0;
    let leaks = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(body, async (stmts) => {
        const text = model(stmts);
        const relaxed = compileText(text, "relaxed");
        if (!relaxed.program) return; // not a well-typed model (e.g. a unit or range error): skip
        total++;
        const strict = compileText(text, "strict");
        const [r] = await proveIsolation(relaxed.program, { solver, timeoutMs: 20_000 });
        expect(r, text).toBeDefined();
        if (!r) return;
        expect(["proved", "falsified"], `${text}\n${JSON.stringify(r.verdict)}`).toContain(r.verdict.status);
        if (strict.errors.length === 0) {
          accepted++;
          expect(r.verdict.status, text).toBe("proved");
        }
        if (r.verdict.status === "falsified") {
          leaks++;
          expect(r.verdict.replayed).toBe(true);
          expect(strict.errors.length, text).toBeGreaterThan(0);
        }
      }),
      { numRuns: 14, seed: 7 },
    );
    expect(total).toBeGreaterThan(5);
    expect(accepted).toBeGreaterThan(0);
    expect(leaks).toBeGreaterThan(0);
  });
});
