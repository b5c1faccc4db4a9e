// The simulation falsifier (engine "sim", src/prove/safety/simfind.ts):
// - deep bugs that BMC cannot reach are falsified, with a trace that an independent run of the
//   interpreter replays to the same violation at the same tick (the mLab DDD translation: P1 at
//   tick 2 004 with a silent heart, P2, the af_interval overflow; the seeded late atrial pace of the
//   Jiang DDD at tick 1 001; a 16-bit counter that overflows after 65 536 ticks);
// - the search is deterministic: the same seed gives the same verdicts, ticks and traces;
// - it never falsifies a true target: every case of the soundness suite that is proved, every
//   correct version of the deep models and the reference models stay open (it proves nothing);
// - `proveSafety` with the sim engine reports its runs in the unknown reasons.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/interp/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { proveSafety, safetyObligations } from "../../src/prove/safety/index.js";
import { simFalsify } from "../../src/prove/safety/simfind.js";
import { rawInputs } from "../../src/prove/safety/render.js";
import type { ObligationResult } from "../../src/prove/verdict.js";
import { createSolver } from "../../src/solver/index.js";
import { compileFile } from "../isolation/helpers.js";
import { listCases } from "./cases.js";

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

const ROOT = join(import.meta.dirname, "..", "..");
const load = (rel: string): IrProgram => {
  const { program, errors } = compileFile(join(ROOT, rel));
  if (!program) throw new Error(errors.join("; "));
  return program;
};

/** The tick at which the interpreter, fed the verdict's trace, shows `name` violated. */
function replayedAt(p: IrProgram, r: ObligationResult): number | undefined {
  const v = r.verdict;
  if (v.status !== "falsified") return undefined;
  const sim = simulate(p, rawInputs(p, v.trace), v.trace.length, { record: false });
  return r.obligation.kind === "runtime" ? sim.runtimeError?.tick : sim.propertyViolations.find((x) => x.property === r.obligation.name)?.tick;
}

function falsified(res: readonly ObligationResult[], p: IrProgram, name: string): number {
  const r = res.find((x) => x.obligation.name === name);
  expect(r, `no obligation ${name}`).toBeDefined();
  const v = r!.verdict;
  expect(v.status, JSON.stringify(v).slice(0, 300)).toBe("falsified");
  if (v.status !== "falsified") return -1;
  expect(v.engine).toBe("sim");
  expect(v.replayed).toBe(true);
  expect(v.trace.length).toBe(v.tick + 1);
  expect(v.explanation).toMatch(/found by simulation/);
  expect(replayedAt(p, r!)).toBe(v.tick);
  return v.tick;
}

describe("simulation falsifier: deep bugs", () => {
  it("mLab DDD: P1 at tick 2 004 (silent heart), P2 and the af_interval overflow", { timeout: 60_000 }, async () => {
    const p = load("test/models/mlab-ddd/mlab-ddd.vgl");
    const res = await proveSafety(p, { solver, engines: ["sim"], timeoutMs: 50_000 });
    expect(falsified(res, p, "p1_lower_rate")).toBe(2004);
    expect(falsified(res, p, "p2_upper_rate")).toBeGreaterThan(64);
    const range = res.find((r) => r.obligation.name.startsWith("pacemaker/range@104:"));
    expect(range).toBeDefined();
    expect(falsified(res, p, range!.obligation.name)).toBeGreaterThan(3000);
    // The other runtime checks stay open, and say how much was simulated.
    const open = res.filter((r) => r.verdict.status === "unknown");
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) expect(r.verdict.status === "unknown" && r.verdict.reason).toMatch(/no violation in \d+ simulated runs \(\d+ ticks\)/);
  });

  it("Jiang DDD, seeded late atrial pace: P1 at tick 1 001", { timeout: 60_000 }, async () => {
    const p = load("test/models/jiang-ddd/ddd-1ms-bug.vgl");
    const res = await proveSafety(p, { solver, engines: ["sim"], properties: ["p1_lower_rate"], timeoutMs: 50_000 });
    expect(falsified(res, p, "p1_lower_rate")).toBe(1001);
  });

  it("a u16 counter overflow after 65 536 ticks", { timeout: 60_000 }, async () => {
    const p = load("test/models/deep/counter-u16.vgl");
    const res = await proveSafety(p, { solver, engines: ["sim"], timeoutMs: 50_000, simTicks: 1_000_000 });
    const hit = res.find((r) => r.verdict.status === "falsified");
    expect(hit, JSON.stringify(res.map((r) => r.verdict)).slice(0, 400)).toBeDefined();
    expect(falsified(res, p, hit!.obligation.name)).toBeGreaterThanOrEqual(65_535);
  });

  it("ICD seeded deep bugs (hundreds of ticks, periodic tasks that abmc cannot accelerate)", { timeout: 60_000 }, async () => {
    const a = load("test/models/icd/bugs/no-reconfirm.vgl");
    const ra = await proveSafety(a, { solver, engines: ["sim"], properties: ["charge_sustained"], timeoutMs: 50_000 });
    expect(falsified(ra, a, "charge_sustained")).toBeGreaterThan(64);
    const b = load("test/models/icd/bugs/short-vt-duration.vgl");
    const rb = await proveSafety(b, { solver, engines: ["sim"], properties: ["atp_sustained"], timeoutMs: 50_000 });
    expect(falsified(rb, b, "atp_sustained")).toBeGreaterThan(64);
  });

  it("is deterministic: same verdicts, ticks and traces on a second run", () => {
    const p = load("test/models/mlab-ddd/mlab-ddd.vgl");
    const { targets } = safetyObligations(p);
    const ids = targets.map((_, k) => k);
    const a = simFalsify(p, targets, ids, { ticks: 200_000 });
    const b = simFalsify(p, targets, ids, { ticks: 200_000 });
    expect(a.found.length).toBeGreaterThan(0);
    expect(b.runs).toBe(a.runs);
    expect(b.ticks).toBe(a.ticks);
    expect(b.found.map((f) => [f.k, f.verdict.tick, JSON.stringify(f.verdict.trace)])).toEqual(a.found.map((f) => [f.k, f.verdict.tick, JSON.stringify(f.verdict.trace)]));
  });
});

describe("simulation falsifier: runs that stop at once", () => {
  it("a runtime error at tick 0 ends every run, and the search still ends within its run cap", () => {
    // hist[i + 1] reads past the end at the first job: every run stops at tick 0.
    const file = listCases().find((c) => c.file.endsWith("f15-loop-index.vgl"))!.file;
    const { program } = compileFile(file);
    const { targets } = safetyObligations(program!);
    const prop = targets.findIndex((t) => t.name === "hist_ok");
    expect(prop).toBeGreaterThanOrEqual(0);
    // Only the property is open: the runtime error is not a target, so no run can settle anything.
    const res = simFalsify(program!, targets, [prop], { ticks: 400_000 });
    expect(res.found).toEqual([]);
    expect(res.runs).toBe(10_000);
    expect(res.ticks).toBe(10_000);
  });
});

describe("simulation falsifier: never falsifies a true target", () => {
  const proved = listCases().filter((c) => c.expected === "proved");
  const correct = [
    "test/models/deep/counter-u16-ok.vgl",
    "test/models/deep/alarm-two-stretch-ok.vgl",
    "test/models/jiang-ddd/ddd-1ms.vgl",
    "models/vvi-pacemaker/vvi.vgl",
    "models/ddd-pacemaker/ddd.vgl",
    "models/pca-pump/pca.vgl",
    "models/icd/icd.vgl",
  ];
  it(`${proved.length} proved soundness cases and ${correct.length} correct models`, { timeout: 120_000 }, () => {
    expect(proved.length).toBeGreaterThan(10);
    for (const file of [...proved.map((c) => c.file), ...correct.map((f) => join(ROOT, f))]) {
      const { program, errors } = compileFile(file);
      expect(program, `${file}: ${errors.join("; ")}`).toBeDefined();
      const { targets } = safetyObligations(program!);
      const res = simFalsify(program!, targets, targets.map((_, k) => k), { ticks: 60_000 });
      expect(res.ticks, file).toBeGreaterThan(0);
      expect(res.found.map((f) => targets[f.k]?.name), file).toEqual([]);
    }
  });
});
