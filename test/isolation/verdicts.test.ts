// Verdict discipline of the isolation engine: vacuous models, timeouts, solver unknowns, and
// counterexamples that do not replay never become "proved" or "falsified".
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSolver, findExternalSolver } from "../../src/solver/index.js";
import type { SolverDriver, SolverQuery, SolverAnswer } from "../../src/solver/types.js";
import { proveIsolation } from "../../src/prove/isolation/index.js";
import { compileFile, compileText } from "./helpers.js";

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());
const cases = join(import.meta.dirname, "cases");

const HEADER = `device T
  target cortex-m4 at 16 MHz
  tick 1 ms
domain safe  integrity trusted   confidentiality patient
domain radio integrity untrusted confidentiality public
`;

function fake(answer: (q: SolverQuery) => SolverAnswer): SolverDriver & { calls: SolverQuery[] } {
  const calls: SolverQuery[] = [];
  return {
    name: "fake",
    calls,
    check: async (q) => {
      calls.push(q);
      return answer(q);
    },
    close: async () => undefined,
  };
}

describe("isolation verdicts", () => {
  it("unsatisfiable assumptions are vacuous, not proved", async () => {
    const { program, errors } = compileText(`${HEADER}
input u: u8 in radio
input v: u8 in safe
state x: u8 = 0 in safe
assume v > 10
assume v < 5
task t every 1 ms deadline 1 ms priority 1 in safe { x := v }
property iso: noninterference radio -> safe
`);
    expect(errors).toEqual([]);
    if (!program) return;
    const [r] = await proveIsolation(program, { solver });
    expect(r?.verdict.status).toBe("vacuous");
  });

  it("a tiny budget gives unknown, never proved", async () => {
    const { program } = compileFile(join(import.meta.dirname, "..", "..", "examples", "vvi-pacemaker.vgl"), "strict");
    if (!program) throw new Error("pacemaker does not compile");
    const rs = (await proveIsolation(program, { solver, timeoutMs: 1 })).filter((r) => r.obligation.kind === "noninterference");
    expect(rs.length).toBe(2);
    for (const r of rs) expect(r.verdict.status).toBe("unknown");
  });

  it("a solver that only answers unknown yields unknown", async () => {
    const { program } = compileFile(join(cases, "falsified", "direct-assign.vgl"));
    if (!program) throw new Error("case does not compile");
    const s = fake(() => ({ status: "unknown", reason: "fake", timeMs: 0 }));
    const [r] = await proveIsolation(program, { solver: s });
    expect(r?.verdict).toMatchObject({ status: "unknown" });
    expect(s.calls.length).toBeGreaterThan(0);
  });

  it("a 'counterexample' that the interpreter does not reproduce is an internal error, not falsified", async () => {
    const { program } = compileFile(join(cases, "proved", "same-value-arms.vgl"));
    if (!program) throw new Error("case does not compile");
    // Claims every query is sat, with a model giving both runs different radio inputs.
    const s = fake((q) => ({
      status: "sat",
      model: q.getModel ? "(define-fun c1.in.f0.u () Int 200)(define-fun c2.in.f0.u () Int 3)" : undefined,
      timeMs: 0,
    }));
    const [r] = await proveIsolation(program, { solver: s, maxInduction: 1, pdr: false });
    expect(r?.verdict.status).toBe("unknown");
    if (r?.verdict.status === "unknown") {
      expect(r.verdict.reason).toContain("did not replay");
      expect(r.verdict.reason).toContain("VG6003");
    }
  });

  it("filters properties by name and reports solver time within wall time", async () => {
    const { program } = compileFile(join(cases, "proved", "declassify-ok.vgl"));
    if (!program) throw new Error("case does not compile");
    const rs = await proveIsolation(program, { solver, properties: ["iso"] });
    expect(rs.map((r) => r.obligation.name)).toEqual(["iso"]);
    expect(rs[0]?.obligation.kind).toBe("noninterference");
    expect(rs[0]?.solverMs).toBeLessThanOrEqual(rs[0]?.timeMs ?? 0);
  });

  it("PDR proves what Houdini and k-induction cannot, with a readable invariant", async () => {
    const { program } = compileFile(join(cases, "proved", "parity-guard.vgl"));
    if (!program) throw new Error("case does not compile");
    const noPdr = await proveIsolation(program, { solver, pdr: false, maxInduction: 3, maxDepth: 8 });
    expect(noPdr[0]?.verdict.status).toBe("unknown");
    const [r] = await proveIsolation(program, { solver });
    expect(r?.verdict).toMatchObject({ status: "proved", engine: "relational-pdr" });
    if (r?.verdict.status === "proved" && r.verdict.evidence.kind === "relational") expect(r.verdict.evidence.invariant).toMatch(/c[12]\.f0\.c\b/);
  });

  it("Houdini over initial values proves an unwritten table constant (no PDR, 1-induction)", async () => {
    const { program } = compileFile(join(cases, "proved", "constant-table.vgl"));
    if (!program) throw new Error("case does not compile");
    const [r] = await proveIsolation(program, { solver, pdr: false, maxInduction: 1, maxDepth: 4 });
    expect(r?.verdict).toMatchObject({ status: "proved", engine: "relational-k-induction", evidence: { k: 1 } });
    if (r?.verdict.status === "proved" && r.verdict.evidence.kind === "relational") expect(r.verdict.evidence.invariant).toContain("table keep their initial values");
  });

  it("the ICD's radio -> logbook property is proved by 1-induction over the Houdini equalities", async () => {
    const { program } = compileFile(join(import.meta.dirname, "..", "..", "models", "icd", "icd.vgl"), "strict");
    if (!program) throw new Error("icd does not compile");
    const [r] = await proveIsolation(program, { solver, properties: ["log_isolated"], endorse: false, pdr: false, maxInduction: 1, maxDepth: 1 });
    expect(r?.verdict, JSON.stringify(r?.verdict)).toMatchObject({ status: "proved", engine: "relational-k-induction", evidence: { k: 1 } });
    // The invariant takes in the therapy domain, which the logbook's writer reads.
    if (r?.verdict.status === "proved" && r.verdict.evidence.kind === "relational") expect(r.verdict.evidence.invariant).toMatch(/agree on .*n_atp, n_shk/);
  });
});

describe("endorse obligations (the validator's safety part)", () => {
  it("a validator too weak for its destination is falsified with a replayed runtime error", async () => {
    const { program, errors } = compileFile(join(cases, "endorse", "weak-validator.vgl"), "strict");
    expect(errors).toEqual([]);
    if (!program) return;
    const rs = await proveIsolation(program, { solver });
    const iso = rs.find((r) => r.obligation.kind === "noninterference");
    expect(iso?.verdict.status).toBe("proved");
    const e = rs.find((r) => r.obligation.kind === "endorse");
    expect(e?.verdict, JSON.stringify(e?.verdict)).toMatchObject({ status: "falsified", replayed: true });
    if (e?.verdict.status !== "falsified") return;
    expect(e.verdict.explanation).toContain("too weak");
    const last = e.verdict.trace[e.verdict.trace.length - 1];
    expect(Number(last?.inputs["req"])).toBeLessThan(40);
    expect(e.verdict.tick).toBe(1); // the task's first release (offset 1 ms)
  });

  it("the pacemaker's validator fits lri's range (proved)", async () => {
    const { program } = compileFile(join(import.meta.dirname, "..", "..", "examples", "vvi-pacemaker.vgl"), "strict");
    if (!program) throw new Error("pacemaker does not compile");
    const rs = await proveIsolation(program, { solver });
    const e = rs.filter((r) => r.obligation.kind === "endorse");
    expect(e.length).toBe(1);
    expect(e[0]?.verdict.status).toBe("proved");
  });

  it("a weak validator over state is unknown, never falsified without a replay", async () => {
    const { program } = compileFile(join(cases, "endorse", "weak-validator-state.vgl"), "strict");
    if (!program) throw new Error("case does not compile");
    const rs = await proveIsolation(program, { solver });
    const e = rs.find((r) => r.obligation.kind === "endorse");
    expect(e?.verdict.status).toBe("unknown");
  });
});

describe("portfolio with two solver threads", () => {
  it("PDR beside k-induction/BMC: proves with PDR, still finds leaks, cancels the loser", async () => {
    const two = createSolver({ solver: "wasm", workers: 2 });
    try {
      expect(two.parallelism).toBe(2);
      const table = compileFile(join(cases, "proved", "parity-guard.vgl")).program;
      const leak = compileFile(join(cases, "falsified", "slow-periodic-leak.vgl")).program;
      if (!table || !leak) throw new Error("cases do not compile");
      const [p] = await proveIsolation(table, { solver: two, endorse: false });
      expect(p?.verdict).toMatchObject({ status: "proved", engine: "relational-pdr" });
      const [f] = await proveIsolation(leak, { solver: two, endorse: false });
      expect(f?.verdict).toMatchObject({ status: "falsified", tick: 5 });
      // The pool still answers afterwards (a cancelled worker was recycled, not lost).
      expect((await two.check({ smtlib: "(declare-const b Bool)(assert b)", timeoutMs: 5000, mode: "check" })).status).toBe("sat");
    } finally {
      await two.close();
    }
  });
});

describe("external solvers agree with the embedded one", () => {
  for (const which of ["z3", "cvc5"] as const) {
    const installed = findExternalSolver(which) !== undefined;
    if (!installed) console.warn(`${which} not installed: skipping the external ${which} isolation check`);
    it.skipIf(!installed)(`${which}: same verdicts on a proof and a leak`, async () => {
      const s = createSolver({ solver: which });
      try {
        const vvi = compileFile(join(import.meta.dirname, "..", "..", "examples", "vvi-pacemaker.vgl"), "strict").program;
        const leak = compileFile(join(cases, "falsified", "two-tasks-two-ticks.vgl")).program;
        if (!vvi || !leak) throw new Error("models do not compile");
        for (const r of await proveIsolation(vvi, { solver: s, timeoutMs: 20_000 })) expect(r.verdict.status).toBe("proved");
        const [f] = await proveIsolation(leak, { solver: s, timeoutMs: 20_000 });
        expect(f?.verdict).toMatchObject({ status: "falsified", replayed: true });
        // u reaches therapy_level through r1 and r2: published at tick 3 at the earliest.
        if (f?.verdict.status === "falsified") expect(f.verdict.tick).toBeGreaterThanOrEqual(3);
        expect(f?.divergence?.variable).toBe("therapy_level");
      } finally {
        await s.close();
      }
    });
  }
});
