// Embedded z3 pool: sat/unsat/unknown, models, optimize, horn, parallel queries, watchdog recycling.
import { afterAll, describe, expect, it } from "vitest";
import { createSolver, parseModel, modelInt } from "../../src/solver/index.js";
import { createZ3Pool, HUNG_REASON } from "../../src/solver/z3-pool.js";

const solver = createSolver({ workers: 2 });
afterAll(async () => {
  await solver.close();
});

// Factoring a product of two 31-bit primes: far beyond a few milliseconds of nonlinear search.
const HARD = `(declare-const p Int)(declare-const q Int)
(assert (> p 1))(assert (> q 1))(assert (< p q))
(assert (= (* p q) 4611686014132420609))`;

describe("embedded z3 pool", () => {
  it("answers sat with a model and unsat without one", async () => {
    const sat = await solver.check({ smtlib: "(declare-const x Int)(assert (> x 3))(assert (< x 5))", timeoutMs: 5000, mode: "check", getModel: true });
    expect(sat.status).toBe("sat");
    if (sat.status !== "sat") return;
    expect(modelInt(parseModel(sat.model ?? ""), "x")).toBe(4);
    const unsat = await solver.check({ smtlib: "(declare-const x Int)(assert (> x 3))(assert (< x 4))", timeoutMs: 5000, mode: "check" });
    expect(unsat.status).toBe("unsat");
  });

  it("a tiny timeout on a hard query gives unknown, never unsat", async () => {
    const a = await solver.check({ smtlib: HARD, timeoutMs: 5, mode: "check" });
    expect(a.status).toBe("unknown");
    if (a.status === "unknown") expect(a.reason.length).toBeGreaterThan(0);
  });

  it("reports a syntax error in the script as unknown", async () => {
    const a = await solver.check({ smtlib: "(declare-const x Int)(assert (> x undefined_name))", timeoutMs: 5000, mode: "check" });
    expect(a.status).toBe("unknown");
  });

  it("optimize returns the objective values", async () => {
    const a = await solver.check({
      smtlib: "(declare-const x Int)(declare-const y Int)(assert (<= x 10))(assert (>= y (- 3)))(assert (<= (+ x y) 12))(maximize x)(minimize y)",
      timeoutMs: 5000,
      mode: "optimize",
      getModel: true,
    });
    expect(a.status).toBe("sat");
    if (a.status !== "sat") return;
    expect(a.objectives).toEqual(["10", "(- 3)"]);
    const m = parseModel(a.model ?? "");
    expect(modelInt(m, "y")).toBe(-3);
  });

  it("horn mode: safe system is sat with an invariant, unsafe is unsat", async () => {
    const clauses = (bad: number) => `(declare-fun inv (Int) Bool)
(assert (forall ((x Int)) (=> (= x 0) (inv x))))
(assert (forall ((x Int)) (=> (and (inv x) (< x 10)) (inv (+ x 1)))))
(assert (forall ((x Int)) (=> (and (inv x) (> x ${bad})) false)))`;
    const safe = await solver.check({ smtlib: clauses(10), timeoutMs: 10000, mode: "horn", getModel: true });
    expect(safe.status).toBe("sat");
    if (safe.status === "sat") {
      const inv = parseModel(safe.model ?? "").get("inv");
      expect(inv?.kind).toBe("function");
    }
    const unsafe = await solver.check({ smtlib: clauses(9), timeoutMs: 10000, mode: "horn" });
    expect(unsafe.status).toBe("unsat");
  });

  it("runs queries in parallel on two workers, each answer matching its query", async () => {
    const qs = [3, 8, 13, 21, 34, 55].map((n) => ({
      n,
      p: solver.check({ smtlib: `(declare-const x Int)(assert (= (* x 2) ${2 * n}))`, timeoutMs: 5000, mode: "check" as const, getModel: true }),
    }));
    for (const { n, p } of qs) {
      const a = await p;
      expect(a.status).toBe("sat");
      if (a.status === "sat") expect(modelInt(parseModel(a.model ?? ""), "x")).toBe(n);
    }
  });
});

describe("watchdog", () => {
  it("recycles a hung worker and answers unknown, then keeps working", async () => {
    const pool = createZ3Pool({ workers: 1, graceMs: 200, testHooks: true });
    try {
      const ok1 = await pool.check({ smtlib: "(declare-const b Bool)(assert b)", timeoutMs: 5000, mode: "check" });
      expect(ok1.status).toBe("sat");
      expect(pool.workersStarted()).toBe(1);
      const hung = await pool.check({ smtlib: "; vigil-test-hook: hang\n(declare-const b Bool)", timeoutMs: 100, mode: "check" });
      expect(hung).toMatchObject({ status: "unknown", reason: HUNG_REASON });
      const ok2 = await pool.check({ smtlib: "(declare-const b Bool)(assert (and b (not b)))", timeoutMs: 5000, mode: "check" });
      expect(ok2.status).toBe("unsat");
      expect(pool.workersStarted()).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it("without test hooks the hang marker is an ordinary comment", async () => {
    const pool = createZ3Pool({ workers: 1, graceMs: 200 });
    try {
      const a = await pool.check({ smtlib: "; vigil-test-hook: hang\n(declare-const b Bool)(assert b)", timeoutMs: 5000, mode: "check" });
      expect(a.status).toBe("sat");
    } finally {
      await pool.close();
    }
  });

  it("a hung worker does not disturb the queries running on the other worker", async () => {
    const pool = createZ3Pool({ workers: 2, graceMs: 200, testHooks: true });
    try {
      const ps = Array.from({ length: 10 }, (_, i) =>
        i === 3
          ? pool.check({ smtlib: "; vigil-test-hook: hang\n", timeoutMs: 100, mode: "check" })
          : pool.check({ smtlib: `(declare-const x Int)(assert (= x ${i}))(assert (> x ${i % 2 === 0 ? -1 : 100}))`, timeoutMs: 5000, mode: "check" }),
      );
      const as = await Promise.all(ps);
      as.forEach((a, i) => {
        if (i === 3) expect(a).toMatchObject({ status: "unknown", reason: HUNG_REASON });
        else expect(a.status).toBe(i % 2 === 0 ? "sat" : "unsat");
      });
      // Two at first, plus the hung one's replacement only if the queue still needed it.
      expect(pool.workersStarted()).toBeGreaterThanOrEqual(2);
      expect(pool.workersStarted()).toBeLessThanOrEqual(3);
    } finally {
      await pool.close();
    }
  });

  it("cancels a running query (recycling its worker) and a queued one", async () => {
    const pool = createZ3Pool({ workers: 1, graceMs: 200 });
    try {
      // Warm up: the worker is ready, so the next query is dispatched (running) at once.
      expect((await pool.check({ smtlib: "(assert true)", timeoutMs: 5000, mode: "check" })).status).toBe("sat");
      const ac1 = new AbortController();
      const ac2 = new AbortController();
      const running = pool.check({ smtlib: HARD, timeoutMs: 30_000, mode: "check", signal: ac1.signal });
      const queued = pool.check({ smtlib: "(declare-const b Bool)(assert b)", timeoutMs: 5000, mode: "check", signal: ac2.signal });
      await new Promise((r) => setTimeout(r, 100));
      ac2.abort();
      expect(await queued).toMatchObject({ status: "unknown", reason: "cancelled" });
      ac1.abort();
      expect(await running).toMatchObject({ status: "unknown", reason: "cancelled" });
      const after = await pool.check({ smtlib: "(declare-const b Bool)(assert (not b))", timeoutMs: 5000, mode: "check" });
      expect(after.status).toBe("sat");
      expect(pool.workersStarted()).toBe(2);
      const pre = new AbortController();
      pre.abort();
      expect(await pool.check({ smtlib: "(assert true)", timeoutMs: 1000, mode: "check", signal: pre.signal })).toMatchObject({ status: "unknown" });
    } finally {
      await pool.close();
    }
  });

  it("close() answers pending queries unknown", async () => {
    const pool = createZ3Pool({ workers: 1, graceMs: 200 });
    const p = pool.check({ smtlib: HARD, timeoutMs: 20000, mode: "check" });
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    const a = await p;
    expect(a.status).toBe("unknown");
  });
});

describe("lazy start (issue 20)", () => {
  it("starts one worker for one query at a time, however many it may use", async () => {
    const pool = createZ3Pool({ workers: 2, graceMs: 200 });
    try {
      for (let i = 0; i < 3; i++) expect((await pool.check({ smtlib: `(declare-const x Int)(assert (= x ${i}))`, timeoutMs: 5000, mode: "check" })).status).toBe("sat");
      expect(pool.workersStarted()).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it("starts a second worker when queries wait on a busy one", async () => {
    const pool = createZ3Pool({ workers: 2, graceMs: 200, extraWorkerDelayMs: 10 });
    try {
      expect((await pool.check({ smtlib: "(assert true)", timeoutMs: 5000, mode: "check" })).status).toBe("sat");
      const ps = [pool.check({ smtlib: HARD, timeoutMs: 1500, mode: "check" }), pool.check({ smtlib: "(declare-const b Bool)(assert b)", timeoutMs: 5000, mode: "check" })];
      const quick = await ps[1]!;
      expect(quick.status).toBe("sat");
      expect(pool.workersStarted()).toBe(2);
      await ps[0];
    } finally {
      await pool.close();
    }
  }, 30_000);

  it("replaces a cancelled worker only when a query needs one", async () => {
    const pool = createZ3Pool({ workers: 1, graceMs: 200 });
    try {
      expect((await pool.check({ smtlib: "(assert true)", timeoutMs: 5000, mode: "check" })).status).toBe("sat");
      const ac = new AbortController();
      const running = pool.check({ smtlib: HARD, timeoutMs: 30_000, mode: "check", signal: ac.signal });
      await new Promise((r) => setTimeout(r, 50));
      ac.abort();
      expect(await running).toMatchObject({ status: "unknown", reason: "cancelled" });
      await new Promise((r) => setTimeout(r, 300));
      expect(pool.workersStarted()).toBe(1);
      expect((await pool.check({ smtlib: "(assert false)", timeoutMs: 5000, mode: "check" })).status).toBe("unsat");
      expect(pool.workersStarted()).toBe(2);
    } finally {
      await pool.close();
    }
  }, 30_000);
});

