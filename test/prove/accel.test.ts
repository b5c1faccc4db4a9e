// Accelerated BMC (engine "abmc", src/smt/accel.ts and src/prove/safety/accel.ts):
// - the deep seeded bugs are falsified at the right tick, with a trace the interpreter replays
//   (DDD pacemaker at 1 ms and 1 us, a u16 counter overflow, a bug after two quiet stretches);
// - the correct versions of those models are never falsified by the accelerated search;
// - fast-check: on random small timer models, every frame boundary of an accelerated run equals the
//   interpreter's state at that tick (the macro step is n ordinary ticks), and every counterexample
//   replays.
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";
import { simulate } from "../../src/interp/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { AccelSearch, expand } from "../../src/prove/safety/accel.js";
import { proveSafety, safetyObligations } from "../../src/prove/safety/index.js";
import { counterexampleFiles, rawInputs, renderCounterexample } from "../../src/prove/safety/render.js";
import type { ObligationResult } from "../../src/prove/verdict.js";
import { modelInt, parseModel } from "../../src/solver/model-parse.js";
import { createSolver } from "../../src/solver/index.js";
import { accelPlan, accelQuery } from "../../src/smt/accel.js";
import { buildTemplate } from "../../src/smt/transition.js";
import { compileFile, compileText } from "../isolation/helpers.js";
import { listCases } from "./cases.js";

const solver = createSolver({ workers: 2 });
afterAll(() => solver.close());

const MODELS = join(import.meta.dirname, "..", "models");
const load = (rel: string): IrProgram => {
  const { program, errors } = compileFile(join(MODELS, rel));
  if (!program) throw new Error(errors.join("; "));
  return program;
};

/** The falsified verdict of `name`, checked against an independent run of the interpreter. */
function falsifiedAt(res: readonly ObligationResult[], p: IrProgram, name: string, engines: readonly string[] = ["bmc-accel"]): number {
  const r = res.find((x) => x.obligation.name === name || x.obligation.name.startsWith(name));
  expect(r, `no obligation ${name}`).toBeDefined();
  const v = r!.verdict;
  expect(v.status, JSON.stringify(v).slice(0, 300)).toBe("falsified");
  if (v.status !== "falsified") return -1;
  expect(engines).toContain(v.engine);
  expect(v.replayed).toBe(true);
  expect(v.trace.length).toBe(v.tick + 1);
  const sim = simulate(p, rawInputs(p, v.trace), v.trace.length, { record: false });
  const shown = r!.obligation.kind === "runtime" ? sim.runtimeError?.tick : sim.propertyViolations.find((x) => x.property === name)?.tick;
  expect(shown).toBe(v.tick);
  return v.tick;
}

/** The first tick at which a run with every input at its default (false / 0) violates `name`. */
function quietViolation(p: IrProgram, name: string, ticks: number): number | undefined {
  const inputs = Object.fromEntries(p.inputs.map((x) => [x.name, 0]));
  const sim = simulate(p, () => inputs, ticks, { record: false });
  return sim.propertyViolations.find((x) => x.property === name)?.tick ?? sim.runtimeError?.tick;
}

describe("deep counterexamples", () => {
  it("DDD at 1 ms, seeded late atrial pace: P1 falsified at tick 1 001", { timeout: 120_000 }, async () => {
    const p = load("jiang-ddd/ddd-1ms-bug.vgl");
    const res = await proveSafety(p, { solver, engines: ["abmc"], properties: ["p1_lower_rate"], timeoutMs: 100_000 });
    expect(falsifiedAt(res, p, "p1_lower_rate")).toBe(1001);
    expect(quietViolation(p, "p1_lower_rate", 2000)).toBe(1001);
    // The text table elides the idle stretches; the JSON and VCD files keep every tick.
    const r = res[0]!;
    const text = renderCounterexample(p, r, new Map());
    expect(text).toMatch(/\.\.\. \d+ tick\(s\) with the same inputs and outputs/);
    expect(text.split("\n").length).toBeLessThan(60);
    const files = counterexampleFiles(p, r);
    const json = JSON.parse(typeof files?.json === "string" ? files.json : [...(files?.json ?? [])].join("")) as { rows: unknown[]; trace: { rows: unknown[] } };
    expect(json.trace.rows.length).toBe(1002);
    expect(files?.vcd).toMatch(/\n#1001\n/);
  });

  it("DDD at 1 us: P1 falsified at tick 1 000 001", { timeout: 180_000 }, async () => {
    const p = load("jiang-ddd/ddd-1us-bug.vgl");
    const res = await proveSafety(p, { solver, engines: ["abmc"], properties: ["p1_lower_rate"], timeoutMs: 150_000 });
    expect(falsifiedAt(res, p, "p1_lower_rate")).toBe(1_000_001);
  });

  it("u16 counter: the range error at tick 65 535, found by the default engines", { timeout: 120_000 }, async () => {
    const p = load("deep/counter-u16.vgl");
    // abmc gives the first violating tick; the sim engine (also a default) may settle it first,
    // with a replayed trace that is not known to be the shortest.
    const res = await proveSafety(p, { solver, timeoutMs: 60_000 });
    const tick = falsifiedAt(res, p, "count/range", ["bmc-accel", "sim"]);
    const engine = res.find((r) => r.obligation.name.startsWith("count/range"))!.verdict;
    if (engine.status === "falsified" && engine.engine === "bmc-accel") expect(tick).toBe(65_535);
    else expect(tick).toBeGreaterThanOrEqual(65_535);
    const abmc = await proveSafety(p, { solver, engines: ["bmc", "kind", "pdr", "abmc"], timeoutMs: 60_000 });
    expect(falsifiedAt(abmc, p, "count/range")).toBe(65_535);
  });

  it("a bug after two quiet stretches: the first violating tick", { timeout: 120_000 }, async () => {
    const p = load("deep/alarm-two-stretch.vgl");
    const res = await proveSafety(p, { solver, engines: ["abmc"], properties: ["alarm_after_silence"], timeoutMs: 100_000 });
    const want = quietViolation(p, "alarm_after_silence", 3000);
    expect(want).toBe(1300);
    expect(falsifiedAt(res, p, "alarm_after_silence")).toBe(want);
  });
});

describe("vigil prove --engine abmc", () => {
  it("falsifies the u16 overflow (exit 1), JSON names bmc-accel, --cex-dir keeps every tick", { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-abmc-"));
    try {
      const io = captureIo();
      const code = await run(["node", "vigil", "prove", join(MODELS, "deep/counter-u16.vgl"), "--engine", "abmc", "--format", "json", "--cex-dir", dir], io);
      expect(code).toBe(1);
      const out = JSON.parse(io.stdout()) as { results: { verdict: { status: string; engine: string; tick: number; trace: unknown[] } }[] };
      const v = out.results[0]?.verdict;
      expect(v?.status).toBe("falsified");
      expect(v?.engine).toBe("bmc-accel");
      expect(v?.tick).toBe(65_535);
      expect(v?.trace.length).toBe(65_536);
      const file = join(dir, "count_range_17_5.json");
      expect(existsSync(file), "cex JSON written").toBe(true);
      const json = JSON.parse(readFileSync(file, "utf8")) as { trace: { rows: unknown[] } };
      expect(json.trace.rows.length).toBe(65_536);
      const usage = captureIo();
      expect(await run(["node", "vigil", "prove", join(MODELS, "deep/counter-u16.vgl"), "--engine", "nope"], usage)).toBe(2);
      expect(usage.stderr()).toMatch(/abmc/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Runs the accelerated search alone for `frames` frames; returns the statuses it settled. */
async function searchAlone(p: IrProgram, frames: number, capMs: number): Promise<string[]> {
  const { targets } = safetyObligations(p);
  const tpl = buildTemplate(p, targets);
  const s = new AccelSearch(
    { prog: p, tpl, targets, maxTicks: 3_000_000, minimiseQueries: 2, ask: (q) => solver.check({ ...q, timeoutMs: capMs }) },
    frames,
  );
  const out: string[] = [];
  let open = targets.map((_, k) => k);
  while (!s.done() && open.length > 0) {
    const r = await s.step(open, -1);
    for (const x of r.settled) out.push(`${targets[x.k]?.name}: ${x.verdict.status}`);
    if (r.note) out.push(`note: ${r.note}`);
    open = open.filter((k) => !r.settled.some((x) => x.k === k));
  }
  out.push(`frames: ${s.frames}`);
  return out;
}

describe("correct models are never falsified by the accelerated search", () => {
  for (const [rel, frames] of [
    ["deep/counter-u16-ok.vgl", 6],
    ["deep/alarm-two-stretch-ok.vgl", 6],
    ["jiang-ddd/ddd-1ms.vgl", 5],
    ["jiang-ddd/ddd-1us.vgl", 5],
  ] as const) {
    it(rel, { timeout: 240_000 }, async () => {
      expect(accelPlan(load(rel), buildTemplate(load(rel), safetyObligations(load(rel)).targets))).toBeDefined();
      // Every frame count up to `frames` answered unsat: no falsification, no internal error, no timeout.
      expect(await searchAlone(load(rel), frames, 60_000)).toEqual([`frames: ${frames}`]);
    });
  }
});

describe("the soundness suite under the accelerated search alone (4 frames)", () => {
  // Proved cases are never falsified; on every case, every counterexample replays (no VG6003).
  for (const c of listCases().filter((x) => x.expected !== "vacuous")) {
    it(c.name, { timeout: 120_000 }, async () => {
      const { program: p, errors } = compileFile(c.file);
      if (!p) throw new Error(errors.join("; "));
      const { targets } = safetyObligations(p);
      const tpl = buildTemplate(p, targets);
      if (!accelPlan(p, tpl)) return; // outside the accelerated fragment (division, nonlinear): nothing to check
      const got = await searchAlone(p, 4, 30_000);
      expect(got.filter((x) => x.includes("unknown") || x.startsWith("note"))).toEqual([]);
      if (c.expected === "proved") expect(got.filter((x) => x.includes("falsified"))).toEqual([]);
    });
  }
});

/**
 * A random timer model: a saturating timer x, a mode switch at x >= G, a counter y in mode b, a
 * wrap-around counter w (remainder by a literal: macro steps must stop where it wraps) and a hit
 * counter z bumped when x == E (an equality guard: a macro step must not jump over x == E).
 */
function genModel(c1: number, cap: number, g: number, c2: number, slack: number, hiY: number, bound: number, P: number, E: number): string {
  return `device Gen
  target cortex-m4 at 16 MHz
  tick 1 ms

domain app integrity trusted confidentiality public

enum M { a, b }

input rst: bool in app
state m: M = M.a in app
state x: int[0 .. ${cap + c1 - 1 - slack}] = 0 in app
state y: int[0 .. ${hiY}] = 0 in app
state w: int[0 .. ${P - 1}] = 0 in app
state z: int[0 .. 10] = 0 in app

task step every 1 ms deadline 1 ms priority 1 in app {
  if rst {
    x := 0
    m := M.a
  } else {
    if x < ${cap} { x := x + ${c1} }
    if m == M.a and x >= ${g} { m := M.b; y := 0 }
    if m == M.b { y := y + ${c2} }
    w := (w + ${c1}) % ${P}
    if x == ${E} { z := min(z + 1, 10) }
  }
}

property y_small: always y <= ${bound}
`;
}

describe("fast-check: macro steps are ordinary ticks", () => {
  it("frame states equal the interpreter's at their ticks, and every counterexample replays", { timeout: 300_000 }, async () => {
    let macro = 0; // answers with at least one macro step (the property must not hold vacuously)
    let moving = 0; // macro steps that advance some counter
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 10, max: 1500 }),
        fc.integer({ min: 2, max: 1200 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 50, max: 4000 }),
        fc.integer({ min: 10, max: 3000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 3, max: 700 }),
        fc.option(fc.integer({ min: 2, max: 400 }), { nil: undefined }),
        fc.integer({ min: 1, max: 300 }),
        async (c1, cap, g, c2, slack, hiY, bound, K, P, force, E) => {
          const { program: p, errors } = compileText(genModel(c1, cap, g, c2, slack, hiY, bound, P, E));
          if (!p) throw new Error(errors.join("; "));
          const { targets } = safetyObligations(p);
          const tpl = buildTemplate(p, targets);
          const plan = accelPlan(p, tpl);
          expect(plan).toBeDefined();
          const ids = targets.map((_, k) => k);
          // Any run of K frames (no violation required), frame 0 optionally a macro step of >= `force` ticks.
          const q = accelQuery(tpl, plan!, K, ids, { from: 0, maxTicks: 100_000, goal: false });
          // A forced macro step must also move x (not only hold rst): the solver then looks for a long
          // stretch through the thresholds, which a missing side condition would let it cross.
          const smtlib = q.smtlib + (force !== undefined ? `(assert (and acc0 (>= n0 ${force}) (not (= u0.v.x s0.v.x))))\n` : "");
          const a = await solver.check({ smtlib, mode: "check", logic: tpl.logic, getModel: true, timeoutMs: 60_000 });
          expect(a.status).not.toBe("unknown");
          if (force === undefined) expect(a.status).toBe("sat"); // no constraint: some run of K frames exists
          if (a.status !== "sat") return;
          const { inputs, lengths } = expand(q, a.model ?? "");
          if (lengths.some((n) => n > 1)) macro++;
          const sim = simulate(p, inputs, inputs.length);
          const pm = parseModel(a.model ?? "");
          let tick = 0;
          for (let j = 1; j <= K; j++) {
            const before = sim.rows.find((r) => r.tick === tick)?.state;
            tick += lengths[j - 1] ?? 1;
            const row = sim.rows.find((r) => r.tick === tick);
            if (!row) break; // the run stopped at a runtime error before this frame
            for (const name of ["x", "y", "m", "w", "z"]) expect(modelInt(pm, `s${j}.v.${name}`), `frame ${j} ${name}`).toBe(row.state[name]);
            if ((lengths[j - 1] ?? 1) > 1 && before && ["x", "y", "w"].some((n) => before[n] !== row.state[n])) moving++;
          }
          const shown = new Set([...sim.propertyViolations.map((v) => v.property), ...(sim.runtimeError ? [sim.runtimeError.assertId] : [])]);
          const indicated = [...q.indicators].filter(([, n]) => pm.get(n)?.kind === "bool" && (pm.get(n) as { value: boolean }).value).map(([k]) => targets[k]?.name);
          for (const n of indicated) expect(shown.has(n ?? ""), `${n} not shown by the interpreter`).toBe(true);
        },
      ),
      { numRuns: 40, seed: 14 },
    );
    expect(macro).toBeGreaterThan(5);
    expect(moving).toBeGreaterThan(2);
  });
});
