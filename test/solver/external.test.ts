// External solver processes (Debian z3, cvc5): skipped with a message when not installed.
import { afterAll, describe, expect, it } from "vitest";
import { createSolver, findExternalSolver, modelInt, parseModel } from "../../src/solver/index.js";
import { parseExternalOutput } from "../../src/solver/external.js";

const HARD = `(declare-const p Int)(declare-const q Int)
(assert (> p 1))(assert (> q 1))(assert (< p q))
(assert (= (* p q) 4611686014132420609))`;

for (const dialect of ["z3", "cvc5"] as const) {
  const installed = findExternalSolver(dialect) !== undefined;
  if (!installed) console.warn(`${dialect} not installed: skipping external ${dialect} tests`);
  describe.skipIf(!installed)(`external ${dialect}`, () => {
    const s = createSolver({ solver: dialect });
    afterAll(() => s.close());
    it("sat with a model, unsat", async () => {
      expect(s.name).toBe(dialect);
      const a = await s.check({ smtlib: "(set-logic ALL)(declare-const x Int)(assert (> x 3))(assert (< x 5))", timeoutMs: 5000, mode: "check", getModel: true });
      expect(a.status).toBe("sat");
      if (a.status === "sat") expect(modelInt(parseModel(a.model ?? ""), "x")).toBe(4);
      const b = await s.check({ smtlib: "(set-logic ALL)(declare-const x Int)(assert (> x 3))(assert (< x 4))", timeoutMs: 5000, mode: "check", getModel: true });
      expect(b.status).toBe("unsat");
    });
    it("negative ints and arrays in the model", async () => {
      const a = await s.check({ smtlib: "(set-logic ALL)(declare-const a (Array Int Int))(declare-const y Int)(assert (= (select a 3) (- 7)))(assert (= y (- 2)))", timeoutMs: 5000, mode: "check", getModel: true });
      expect(a.status).toBe("sat");
      if (a.status !== "sat") return;
      const m = parseModel(a.model ?? "");
      expect(modelInt(m, "y")).toBe(-2);
      const arr = m.get("a");
      expect(arr?.kind).toBe("array");
      if (arr?.kind === "array") expect(arr.entries.get("3") ?? arr.default).toEqual({ kind: "int", value: -7n });
    });
    it("tiny timeout on a hard query gives unknown", async () => {
      const a = await s.check({ smtlib: "(set-logic ALL)" + HARD, timeoutMs: 20, mode: "check" });
      expect(a.status).toBe("unknown");
    });
    it("cancellation kills the process and answers unknown", async () => {
      const ac = new AbortController();
      const p = s.check({ smtlib: "(set-logic ALL)" + HARD, timeoutMs: 30_000, mode: "check", signal: ac.signal });
      setTimeout(() => ac.abort(), 200);
      expect(await p).toMatchObject({ status: "unknown", reason: "cancelled" });
    });
    it("an error in the script is unknown, not sat", async () => {
      const a = await s.check({ smtlib: "(set-logic ALL)(declare-const x Int)(assert (> x nope))(assert false)", timeoutMs: 5000, mode: "check" });
      expect(a.status).toBe("unknown");
    });
  });
}

describe.skipIf(findExternalSolver("z3") === undefined)("external z3 optimize and horn", () => {
  const s = createSolver({ solver: "z3" });
  afterAll(() => s.close());
  it("optimize objectives", async () => {
    const a = await s.check({ smtlib: "(declare-const x Int)(declare-const y Int)(assert (<= x 10))(assert (>= y (- 4)))(maximize x)(minimize y)", timeoutMs: 5000, mode: "optimize" });
    expect(a).toMatchObject({ status: "sat", objectives: ["10", "(- 4)"] });
  });
  it("horn", async () => {
    const a = await s.check({
      smtlib: `(declare-fun inv (Int) Bool)
(assert (forall ((x Int)) (=> (= x 0) (inv x))))
(assert (forall ((x Int)) (=> (and (inv x) (< x 10)) (inv (+ x 1)))))
(assert (forall ((x Int)) (=> (and (inv x) (> x 9)) false)))`,
      timeoutMs: 10000,
      mode: "horn",
    });
    expect(a.status).toBe("unsat");
  });
});

describe("missing external solver", () => {
  it("answers unknown with VG6002", async () => {
    const s = createSolver({ solver: "cvc5", solverPath: "/nonexistent/cvc5" });
    const a = await s.check({ smtlib: "(assert true)", timeoutMs: 1000, mode: "check" });
    expect(a.status).toBe("unknown");
    if (a.status === "unknown") {
      expect(a.diagnostic?.code).toBe("VG6002");
      expect(a.reason).toContain("install Debian package cvc5");
    }
  });
  it("cvc5 refuses horn queries as unknown", async () => {
    const s = createSolver({ solver: "cvc5", solverPath: "/bin/true" });
    const a = await s.check({ smtlib: "(assert true)", timeoutMs: 1000, mode: "horn" });
    expect(a.status).toBe("unknown");
  });
  it("a binary that prints nothing is unknown", async () => {
    const s = createSolver({ solver: "z3", solverPath: "/bin/true" });
    const a = await s.check({ smtlib: "(assert true)", timeoutMs: 1000, mode: "check" });
    expect(a.status).toBe("unknown");
  });
});

describe("parseExternalOutput", () => {
  const q = { smtlib: "", timeoutMs: 10, mode: "check" as const, getModel: true };
  it("an error before the answer makes it unknown", () => {
    expect(parseExternalOutput('(error "line 1: unknown constant")\nsat\n', "", q, 1).status).toBe("unknown");
  });
  it("sat plus model", () => {
    const a = parseExternalOutput("sat\n(\n  (define-fun x () Int (- 3))\n)\n", "", q, 1);
    expect(a.status).toBe("sat");
    if (a.status === "sat") expect(modelInt(parseModel(a.model ?? ""), "x")).toBe(-3);
  });
  it("unsat followed by a model error is still unsat", () => {
    expect(parseExternalOutput('unsat\n(error "model is not available")\n', "", q, 1).status).toBe("unsat");
  });
});
