// Generated models, richer shape (fast-check): three tasks in two domains (a trusted periodic task
// with a random period and deadline, an untrusted relay that is periodic or interrupt-driven, an
// untrusted reporter), arrays with computed indices, loops, branches, endorse and declassify, and
// two properties (integrity radio -> safe, confidentiality safe -> radio).
// Agreement, per property: when the strict static check accepts the model, both properties are
// proved; when a property is falsified, its counterexample replayed and the strict check rejects
// the model with an error of that property's flavor (VG3002/VG3003 integrity, VG3004/VG3005
// confidentiality). A model the static check rejects may end unknown (e.g. a flow that is harmless
// only through a non-relational phase invariant, beyond Houdini, k-induction and PDR in the budget);
// an unknown never counts as agreement and most verdicts must be decisive.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createSolver } from "../../src/solver/index.js";
import { proveIsolation } from "../../src/prove/isolation/index.js";
import { compileText } from "./helpers.js";
import { arrInit, model, relay, report, stmt, timing } from "./gen-rich.js";

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

describe("generated models with tasks, arrays, loops, endorse and declassify", () => {
  it("static acceptance implies proofs; a leak is replayed and rejected by the check for its flavor", async () => {
    let total = 0;
    let accepted = 0;
    let unknown = 0;
    const leaks = { integrity: 0, confidentiality: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(stmt, { minLength: 1, maxLength: 3 }), report, relay, timing, arrInit, async (body, rep, rel, tim, init) => {
        const text = model(body, rep, rel, tim, init);
        const relaxed = compileText(text, "relaxed");
        if (!relaxed.program) return; // not well-formed (e.g. a unit or range error): skip
        total++;
        const strict = compileText(text, "strict");
        const rs = (await proveIsolation(relaxed.program, { solver, timeoutMs: 30_000, endorse: false })).filter((r) => r.obligation.kind === "noninterference");
        expect(rs.map((r) => r.obligation.name), text).toEqual(["iso", "priv"]);
        for (const r of rs) {
          expect(["proved", "falsified", "unknown"], `${text}\n${r.obligation.name}: ${JSON.stringify(r.verdict)}`).toContain(r.verdict.status);
          if (r.verdict.status === "unknown") {
            unknown++;
            expect(strict.errors.length, `${text}\nunknown on a statically accepted model`).toBeGreaterThan(0);
          }
          if (r.verdict.status !== "falsified") continue;
          expect(r.verdict.replayed).toBe(true);
          const flavor = r.obligation.name === "iso" ? "integrity" : "confidentiality";
          leaks[flavor]++;
          const codes = flavor === "integrity" ? /^VG300[23]/ : /^VG300[45]/;
          expect(strict.errors.some((e) => codes.test(e)), `${text}\n${r.obligation.name} falsified but the strict check says: ${strict.errors.join("; ")}`).toBe(true);
        }
        if (strict.errors.length === 0) {
          accepted++;
          for (const r of rs) expect(r.verdict.status, `${text}\n${r.obligation.name}`).toBe("proved");
        }
      }),
      { numRuns: 12, seed: 5 },
    );
    expect(total).toBeGreaterThan(8);
    expect(unknown).toBeLessThanOrEqual(Math.floor((2 * total) / 10));
    expect(accepted).toBeGreaterThan(0);
    expect(leaks.integrity).toBeGreaterThan(0);
    expect(leaks.confidentiality).toBeGreaterThan(0);
  }, 240_000);
});
