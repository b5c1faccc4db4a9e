// Differential test of the BMC engine against the reference interpreter. fast-check (fixed seed)
// generates small models (gen-model.ts); for depth k in {3, 4}, proveSafety with engines ["bmc"]
// and maxDepth k must falsify exactly the obligations that exhaustive exploration of every input
// sequence of length k + 1 (ticks 0..k) violates, with traces that replay, and report every other
// obligation unknown ("no violation within ..."), never proved. Also: unsatisfiable assumptions
// give vacuous, and a tiny time budget gives unknown, never proved.
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/interp/index.js";
import { proveSafety } from "../../src/prove/safety/index.js";
import { createSolver } from "../../src/solver/index.js";
import { compileFile } from "../isolation/helpers.js";
import { traceInputs } from "./cases.js";
import { explore } from "./explore.js";
import { buildModel, genSpec } from "./gen-model.js";

const solver = createSolver({ workers: 2 });
const dir = mkdtempSync(join(tmpdir(), "vigil-bmc-diff-"));
afterAll(async () => {
  await solver.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function compileGenerated(text: string) {
  const file = join(dir, `gen${n++}.vgl`);
  writeFileSync(file, text);
  const { program, errors } = compileFile(file);
  if (!program) throw new Error(`generated model does not compile (${file}): ${errors.join("; ")}\n${text}`);
  return program;
}

const stats = { falsified: 0, unknown: 0, models: 0 };

describe("BMC at depth k agrees with exhaustive exploration of all input sequences of k + 1 ticks", () => {
  it("on 30 generated models, k = 3 and k = 4", { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(genSpec(), async (spec) => {
        const text = buildModel(spec);
        const program = compileGenerated(text);
        stats.models++;
        for (const k of [3, 4]) {
          const oracle = explore(program, { ticks: k + 1 });
          const res = await proveSafety(program, { solver, engines: ["bmc"], maxDepth: k, timeoutMs: 60_000 });
          expect(res.length).toBeGreaterThan(0);
          for (const r of res) {
            const w = oracle.violations.get(r.obligation.name);
            const where = `k=${k} ${r.obligation.name}: ${JSON.stringify(r.verdict).slice(0, 400)}\n${text}`;
            if (w) {
              expect(r.verdict.status, `exploration violates it at tick ${w.tick}; ${where}`).toBe("falsified");
              if (r.verdict.status !== "falsified") continue;
              stats.falsified++;
              expect(r.verdict.tick).toBeLessThanOrEqual(k);
              expect(r.verdict.tick).toBeGreaterThanOrEqual(w.tick);
              const inputs = traceInputs(program, r.verdict.trace);
              const sim = simulate(program, inputs, inputs.length);
              if (r.obligation.kind === "runtime") expect(sim.runtimeError?.assertId, where).toBe(r.obligation.name);
              else expect(sim.propertyViolations.filter((x) => x.property === r.obligation.name).map((x) => x.tick), where).toContain(r.verdict.tick);
            } else {
              expect(r.verdict.status, `exploration finds no violation in ticks 0..${k}; ${where}`).toBe("unknown");
              if (r.verdict.status === "unknown") expect(r.verdict.reason, where).toMatch(/^no violation within/);
              stats.unknown++;
            }
          }
          // every violation the exploration finds belongs to an obligation the prover reports
          const names = new Set(res.map((r) => r.obligation.name));
          for (const name of oracle.violations.keys()) expect(names.has(name), `${name} has no obligation\n${text}`).toBe(true);
        }
      }),
      { seed: 20261201, numRuns: 30, endOnFailure: true },
    );
    // the generator must exercise both outcomes
    expect(stats.models).toBe(30);
    expect(stats.falsified).toBeGreaterThan(10);
    expect(stats.unknown).toBeGreaterThan(10);
  });
});

describe("vacuity and budget", () => {
  it("a generated model with unsatisfiable assumptions is vacuous for every obligation", { timeout: 60_000 }, async () => {
    const [spec] = fc.sample(genSpec(true), { seed: 7, numRuns: 1 });
    const text = buildModel(spec!);
    expect(text).toMatch(/assume never:/);
    const program = compileGenerated(text);
    expect(explore(program, { ticks: 2 }).validCombos).toBe(0);
    const res = await proveSafety(program, { solver, timeoutMs: 30_000 });
    expect(res.length).toBeGreaterThan(0);
    for (const r of res) expect(r.verdict.status, JSON.stringify(r.verdict)).toBe("vacuous");
    const bmc = await proveSafety(program, { solver, engines: ["bmc"], maxDepth: 3, timeoutMs: 30_000 });
    for (const r of bmc) expect(r.verdict.status, JSON.stringify(r.verdict)).toBe("vacuous");
  });

  it("a tiny time budget (1 ms) leaves every obligation unknown, never proved", { timeout: 60_000 }, async () => {
    for (const file of [join(import.meta.dirname, "cases", "proved", "p11-let-offset.vgl"), join(import.meta.dirname, "..", "..", "examples", "vvi-pacemaker.vgl")]) {
      const { program, errors } = compileFile(file);
      expect(errors).toEqual([]);
      const res = await proveSafety(program!, { solver, timeoutMs: 1 });
      expect(res.length).toBeGreaterThan(0);
      for (const r of res) expect(r.verdict.status, `${file} ${r.obligation.name}: ${JSON.stringify(r.verdict)}`).toBe("unknown");
    }
  });
});
