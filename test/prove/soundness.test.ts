// The safety prover on the soundness suite (test/prove/cases/<expected verdict>/*.vgl):
// - proved/: every obligation (always, leads_to, runtime check) is proved, with evidence;
// - falsified/: the obligation the header names (`// breaks:`) is falsified, and every falsified
//   verdict carries a non-empty trace that we replay ourselves through the interpreter's
//   simulate(): it must show that violation at the verdict's tick; no obligation that exhaustive
//   exploration by the interpreter refutes is reported proved;
// - vacuous/: every obligation is vacuous (never proved, never falsified).
import { afterAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/interp/index.js";
import type { IrProgram, IrStmt } from "../../src/ir/ir.js";
import { proveSafety } from "../../src/prove/safety/index.js";
import type { ObligationResult } from "../../src/prove/verdict.js";
import { createSolver } from "../../src/solver/index.js";
import { compileFile } from "../isolation/helpers.js";
import { describeBreaks, isTarget, listCases, traceInputs, type Case } from "./cases.js";
import { explore } from "./explore.js";

const solver = createSolver({ workers: 2 });
afterAll(() => solver.close());

const ALL = listCases();
const TIMEOUT_MS = 40_000;
// Cases run concurrently (describe.concurrent), at most two proofs at a time: with the solver's two
// workers busy the suite takes about half the time of a sequential run.
const TEST_TIMEOUT = 3 * TIMEOUT_MS;
let running = 0;
const waiting: (() => void)[] = [];
async function gated<T>(f: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function assertIds(p: IrProgram): Set<string> {
  const ids = new Set<string>();
  const walk = (ss: readonly IrStmt[]): void => {
    for (const s of ss) {
      if (s.s === "assert") ids.add(s.id);
      else if (s.s === "if") (walk(s.then), walk(s.else));
      else if (s.s === "for") walk(s.body);
    }
  };
  for (const t of p.tasks) walk(t.body);
  return ids;
}

async function prove(c: Case): Promise<{ program: IrProgram; res: ObligationResult[] }> {
  const { program, errors } = compileFile(c.file);
  expect(errors).toEqual([]);
  const res = await gated(() => proveSafety(program!, { solver, timeoutMs: TIMEOUT_MS }));
  // One result per always / leads_to property, the others are runtime checks named by assert ids.
  const props = program!.properties.filter((p) => p.kind === "invariant" || p.kind === "leadsTo");
  expect(res.filter((r) => r.obligation.kind !== "runtime").map((r) => [r.obligation.name, r.obligation.kind])).toEqual(
    props.map((p) => [p.name, p.kind]),
  );
  const ids = assertIds(program!);
  for (const r of res.filter((x) => x.obligation.kind === "runtime")) expect(ids.has(r.obligation.name), r.obligation.name).toBe(true);
  return { program: program!, res };
}

const show = (r: ObligationResult): string => `${r.obligation.kind} ${r.obligation.name}: ${JSON.stringify(r.verdict).slice(0, 600)}`;

/** Replays a falsified verdict's trace through simulate() and checks the violation it claims. */
function checkReplay(program: IrProgram, r: ObligationResult, file: string): void {
  const v = r.verdict;
  if (v.status !== "falsified") throw new Error("not falsified");
  // `at` is the property's or the failing check's span, in the case's file
  expect(v.at).toEqual(r.obligation.span);
  expect(v.at.file).toBe(file);
  expect(v.trace.length, show(r)).toBeGreaterThan(0);
  expect(v.replayed).toBe(true);
  expect(v.tick).toBeGreaterThanOrEqual(0);
  expect(v.tick).toBeLessThan(v.trace.length);
  v.trace.forEach((s, i) => expect(s.tick).toBe(i));
  const inputs = traceInputs(program, v.trace);
  const sim = simulate(program, inputs, inputs.length);
  expect(sim.assumptionViolation, show(r)).toBeUndefined();
  if (r.obligation.kind === "runtime") {
    expect(sim.runtimeError?.assertId, show(r)).toBe(r.obligation.name);
    expect(sim.runtimeError?.tick).toBe(v.tick);
  } else {
    // the run must not have stopped on a runtime error before the claimed tick
    if (sim.runtimeError) expect(sim.runtimeError.tick).toBeGreaterThanOrEqual(v.tick);
    const hits = sim.propertyViolations.filter((x) => x.property === r.obligation.name);
    expect(hits.map((x) => x.tick), show(r)).toContain(v.tick);
  }
  // The trace's recorded state is the interpreter's (spot check on numeric and boolean scalars).
  const row = sim.rows[v.tick];
  if (row) {
    for (const [name, val] of Object.entries(row.state)) {
      const t = v.trace[v.tick]!.state[name];
      if (typeof val === "number" && (typeof t === "number" || typeof t === "boolean")) expect(Number(t), `${name} at tick ${v.tick}`).toBe(val);
    }
  }
}

describe.concurrent("proved cases: every obligation is proved", () => {
  for (const c of ALL.filter((x) => x.expected === "proved")) {
    it(c.name, { timeout: TEST_TIMEOUT }, async () => {
      const { res } = await prove(c);
      expect(res.length).toBeGreaterThan(0);
      for (const r of res) {
        expect(r.verdict.status, show(r)).toBe("proved");
        if (r.verdict.status === "proved") expect(["k-induction", "pdr", "bmc-exhaustive", "static"]).toContain(r.verdict.evidence.kind);
      }
    });
  }
});

describe.concurrent("falsified cases: the seeded bug is found, its trace replays, nothing refuted is proved", () => {
  for (const c of ALL.filter((x) => x.expected === "falsified")) {
    it(`${c.name} breaks ${c.breaks ? describeBreaks(c.breaks) : "?"}`, { timeout: TEST_TIMEOUT }, async () => {
      const b = c.breaks!;
      const { program, res } = await prove(c);
      // Soundness first: nothing the interpreter refutes is proved, nothing it shows safe is falsified.
      const e = explore(program, { ticks: 40, maxStates: 50_000 });
      for (const r of res) {
        const w = e.violations.get(r.obligation.name);
        if (w) {
          expect(r.verdict.status, `UNSOUND: exploration refutes ${r.obligation.name} at tick ${w.tick}: ${show(r)}`).not.toBe("proved");
          if (r.verdict.status === "falsified") expect(r.verdict.tick).toBeGreaterThanOrEqual(w.tick);
        }
        if (e.complete && !w) expect(r.verdict.status, `exploration shows ${r.obligation.name} holds: ${show(r)}`).not.toBe("falsified");
        expect(r.verdict.status).not.toBe("vacuous");
      }
      for (const r of res) if (r.verdict.status === "falsified") checkReplay(program, r, c.file);
      const targets = res.filter((r) => isTarget(b, r.obligation.name));
      expect(targets.length, `no obligation for ${describeBreaks(b)}`).toBeGreaterThan(0);
      expect(
        targets.some((r) => r.verdict.status === "falsified"),
        targets.map(show).join("\n"),
      ).toBe(true);
    });
  }
});

describe.concurrent("vacuous cases: every obligation is vacuous", () => {
  for (const c of ALL.filter((x) => x.expected === "vacuous")) {
    it(c.name, { timeout: TEST_TIMEOUT }, async () => {
      const { res } = await prove(c);
      expect(res.length).toBeGreaterThan(0);
      for (const r of res) expect(r.verdict.status, show(r)).toBe("vacuous");
    });
  }
});
