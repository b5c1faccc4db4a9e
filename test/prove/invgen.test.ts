// Invariant generation (src/prove/invgen): proofs without hand-written helpers, soundness of the
// generated lemmas (they hold on random simulation traces), seeded false candidates dropped, a
// false deep property never proved, explanations of unknown verdicts, and the CLI options
// (--show-invariants output pastes back as properties, --invariants off, --max-k).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/interp/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { generateInvariants, type Lemma } from "../../src/prove/invgen/index.js";
import { compilePredicate } from "../../src/prove/invgen/explain.js";
import { invVars } from "../../src/prove/invgen/vars.js";
import { proveSafety, safetyObligations, type InvGenReport } from "../../src/prove/safety/index.js";
import { createSolver } from "../../src/solver/index.js";
import { buildTemplate } from "../../src/smt/transition.js";
import { compileFile } from "../isolation/helpers.js";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";

async function vigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(["node", "vigil", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const ROOT = join(import.meta.dirname, "..", "..");
const solver = createSolver({ workers: 2 });
afterAll(() => solver.close());

const load = (rel: string): IrProgram => {
  const { program, errors } = compileFile(join(ROOT, rel));
  if (!program) throw new Error(errors.join("; "));
  return program;
};

async function lemmasOf(p: IrProgram, extra: { smt: string; vgl: string }[] = []): Promise<{ lemmas: readonly Lemma[]; proved: readonly number[] }> {
  const { targets } = safetyObligations(p);
  const tpl = buildTemplate(p, targets);
  const r = await generateInvariants({
    prog: p,
    tpl,
    targets: targets.map((_, i) => i),
    lemmas: [],
    provedTargets: [],
    stage: 1,
    extra,
    ask: (smtlib) => solver.check({ smtlib, mode: "check", logic: tpl.logic, getModel: true, timeoutMs: 60_000 }),
  });
  expect(r.conclusive, r.note).toBe(true);
  return { lemmas: r.lemmas, proved: r.provedTargets };
}

/** The InvVar vector of a simulated frame (row state and outputs, as the interpreter shows them). */
function frameOf(p: IrProgram, row: { state: Record<string, unknown>; outputs: Record<string, unknown> }): number[] {
  return invVars(p).map((v) => {
    const base = row.state[v.name] ?? row.outputs[v.name];
    return Number(v.element ? (base as number[])[Number(v.vgl.slice(v.vgl.indexOf("[") + 1, -1))] : base);
  });
}

describe("invariant generation", () => {
  it("finds the relation between two counters that move together (a == b)", { timeout: 60_000 }, async () => {
    const p = load("test/models/invgen/twin.vgl");
    const { lemmas, proved } = await lemmasOf(p);
    expect(lemmas.map((l) => l.vgl)).toContain("a == b");
    expect(proved.length).toBeGreaterThan(0);
  });

  it("drops seeded false candidates and keeps seeded true ones", { timeout: 60_000 }, async () => {
    const p = load("test/models/invgen/twin.vgl");
    const { lemmas } = await lemmasOf(p, [
      { smt: "(<= $s.v.a 50)", vgl: "a <= 50" }, // false: a reaches 100
      { smt: "(= $s.v.b (+ $s.v.a 1))", vgl: "b == a + 1" }, // false initially
      { smt: "(<= $s.v.b 100)", vgl: "b <= 100" }, // true
    ]);
    const v = lemmas.map((l) => l.vgl);
    expect(v).not.toContain("a <= 50");
    expect(v).not.toContain("b == a + 1");
    expect(lemmas.some((l) => l.smt === "(<= $s.v.b 100)")).toBe(true);
  });

  it("generated lemmas hold on random simulation traces (Jiang DDD at 1 ms)", { timeout: 120_000 }, async () => {
    const p = load("test/models/jiang-ddd/ddd-1ms.vgl");
    const { lemmas } = await lemmasOf(p);
    expect(lemmas.length).toBeGreaterThan(20);
    const vars = invVars(p);
    const checks = lemmas.map((l) => ({ l, f: compilePredicate(l.smt, vars) }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.nat(3)), { minLength: 20, maxLength: 80 }), (steps) => {
        // Bursts and quiet stretches: each step is (aget, vget) held for 1, 10, 100 or 1000 ticks.
        const trace: { aget: number; vget: number }[] = [];
        for (const [a, v, d] of steps) for (let i = 0; i < [1, 10, 100, 1000][d]!; i++) trace.push({ aget: a && i === 0 ? 1 : 0, vget: v && i === 0 ? 1 : 0 });
        const r = simulate(p, trace, trace.length);
        for (const row of r.rows) {
          const f = frameOf(p, row);
          for (const { l, f: holds } of checks) if (holds(f) !== true) throw new Error(`${l.vgl} is false at tick ${row.tick}`);
        }
        return true;
      }),
      { numRuns: 8, seed: 14 },
    );
  });

  it("finds a bound on an array's total plus a bolus in progress (the `sum` template)", { timeout: 120_000 }, async () => {
    const p = load("test/models/invgen/buckets.vgl");
    const invgen: InvGenReport = { lemmas: [], unproved: [], stages: [], notes: [] };
    const res = await proveSafety(p, { solver, timeoutMs: 60_000, invgen });
    const v = res.find((r) => r.obligation.name === "limit")?.verdict;
    expect(v?.status, JSON.stringify(v).slice(0, 300)).toBe("proved");
    const sums = invgen.lemmas.filter((l) => l.template === "sum").map((l) => l.vgl);
    expect(sums).toContain("hour[0] + hour[1] + hour[2] + dose <= given + LIMIT");
    // Stage 2 only: stage 1 alone (no three-variable terms, no totals) does not prove it.
    const { proved } = await lemmasOf(p);
    const { targets } = safetyObligations(p);
    expect(proved.map((k) => targets[k]?.name)).not.toContain("limit");
    // Every generated total holds on random simulation traces.
    const vars = invVars(p);
    const checks = invgen.lemmas.filter((x) => x.template === "sum").map((l) => ({ l, f: compilePredicate(l.smt, vars) }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 50, maxLength: 400 }), (steps) => {
        const trace = steps.map(([button, rotate]) => ({ button: button ? 1 : 0, rotate: rotate ? 1 : 0 }));
        const r = simulate(p, trace, trace.length);
        for (const row of r.rows) for (const { l, f } of checks) if (f(frameOf(p, row)) !== true) throw new Error(`${l.vgl} is false at tick ${row.tick}`);
        return true;
      }),
      { numRuns: 20, seed: 3 },
    );
  });

  it("never proves a false property whose violation is deeper than BMC (and explains the unknown)", { timeout: 120_000 }, async () => {
    const p = load("test/models/invgen/deep-false.vgl");
    const invgen: InvGenReport = { lemmas: [], unproved: [], stages: [], notes: [] };
    const res = await proveSafety(p, { solver, timeoutMs: 20_000, engines: ["bmc", "kind"], maxDepth: 40, invgen });
    const v = res.find((r) => r.obligation.name === "never_5000")?.verdict;
    expect(v?.status).toBe("unknown");
    if (v?.status === "unknown") {
      expect(v.reason).toMatch(/counterexample to induction \(k=\d+\): from the state n = /);
      expect(v.cti?.state["n"]).toBeTypeOf("number");
    }
    for (const l of invgen.lemmas) expect(l.vgl).not.toMatch(/^n <= 4999|^n < 5000/);
  });
});

describe("vigil prove with invariant generation (CLI)", () => {
  it("proves the Jiang DDD at 1 ms with no helper, and --show-invariants pastes back as properties", { timeout: 180_000 }, async () => {
    const model = join(ROOT, "test/models/jiang-ddd/ddd-1ms.vgl");
    const r = await vigil("prove", model, "--show-invariants");
    expect(r.code, r.out + r.err).toBe(0);
    const props = r.out.split("\n").filter((l) => l.startsWith("property gen_"));
    expect(props.length).toBeGreaterThan(10);
    expect(r.out).toMatch(/uri_t == min\(mon, TURI\)/);
    const dir = mkdtempSync(join(tmpdir(), "vigil-invgen-"));
    const file = join(dir, "pasted.vgl");
    writeFileSync(file, readFileSync(model, "utf8") + "\n" + props.join("\n") + "\n");
    const c = await vigil("check", file);
    expect(c.code, c.err).toBe(0);
  });

  it("lists the lemmas in the JSON and honours --invariants off and --max-k", { timeout: 120_000 }, async () => {
    const model = join(ROOT, "test/models/invgen/twin.vgl");
    const on = await vigil("prove", model, "--format", "json");
    expect(on.code).toBe(0);
    const j = JSON.parse(on.out) as { invariants: { lemmas: { vgl: string }[] } };
    expect(j.invariants.lemmas.map((l) => l.vgl)).toContain("a == b");
    const off = await vigil("prove", model, "--invariants", "off", "--max-k", "2", "--depth", "10", "--timeout", "10", "--format", "json");
    expect(off.code).toBe(3);
    const o = JSON.parse(off.out) as { results: { obligation: { name: string }; verdict: { status: string; reason?: string } }[] };
    const b = o.results.find((x) => x.obligation.name === "b_bounded");
    expect(b?.verdict.status).toBe("unknown");
    expect(b?.verdict.reason).toMatch(/k <= 2/);
    const bad = await vigil("prove", model, "--invariants", "maybe");
    expect(bad.code).toBe(2);
  });
});
