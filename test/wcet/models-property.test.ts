// On the example models (asserts, arrays, several tasks, irq tasks): for random input traces, every
// job the reference interpreter runs (replayed through replay.ts, costed by path.ts from the
// interpreter's own arm counts) costs at most its task's IPET bound, and the cost-counting executor
// started from the state and inputs the job read takes the same path (arm counts, cycles).
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import type { IrProgram, IrType, IrValue } from "../../src/ir/ir.js";
import { loadModel } from "../../src/parse/index.js";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import { createMachine, simulate, type TickInputs } from "../../src/interp/index.js";
import { createSolver } from "../../src/solver/index.js";
import { findTarget } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg } from "../../src/wcet/cfg.js";
import { solveIpet } from "../../src/wcet/ipet.js";
import { executeJob, type Env } from "../../src/wcet/exec.js";
import { fromArmCounts } from "../../src/wcet/path.js";
import { replayJob } from "../../src/wcet/replay.js";

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

function valueArb(t: IrType): fc.Arbitrary<IrValue> {
  switch (t.kind) {
    case "bool":
      return fc.integer({ min: 0, max: 1 });
    case "enum":
      return fc.integer({ min: 0, max: t.members.length - 1 });
    case "int":
      // mostly small values (near the range's ends too), so that branches on thresholds go both ways
      return fc.oneof(fc.integer({ min: t.lo, max: Math.min(t.hi, t.lo + 3000) }), fc.constantFrom(t.lo, t.hi), fc.integer({ min: t.lo, max: t.hi }));
    case "array":
      return fc.array(valueArb(t.elem) as fc.Arbitrary<number>, { minLength: t.length, maxLength: t.length });
  }
}

function traceArb(p: IrProgram, ticks: number): fc.Arbitrary<TickInputs[]> {
  const one: Record<string, fc.Arbitrary<IrValue>> = {};
  for (const i of p.inputs) one[i.name] = valueArb(i.type);
  for (const l of p.irqs) one[l.name] = fc.integer({ min: 0, max: 1 });
  return fc.array(fc.record(one), { minLength: ticks, maxLength: ticks });
}

const copy = (v: IrValue): number | number[] => (typeof v === "number" ? v : [...v]);

for (const file of ["examples/vvi-pacemaker.vgl", "models/icd/icd.vgl", "examples/irq-sensor.vgl"]) {
  describe(file, () => {
    const loaded = loadModel(file);
    const p = lower(check(loaded), { sources: loaded.sources });
    const target = findTarget(p.device.target)!;
    it("every interpreted job costs at most its IPET bound; the executor takes the interpreter's path", async () => {
      const bounds = new Map<string, number>();
      for (const t of p.tasks) {
        const r = await solveIpet(buildCfg(t, makeCostCtx(target, { waitStates: 0 }, p, t)), solver, 30_000);
        if (r.status !== "proved") throw new Error(`${t.name}: ${r.reason}`);
        bounds.set(t.name, r.cycles);
      }
      const machine = createMachine(p);
      let jobs = 0;
      await fc.assert(
        fc.asyncProperty(traceArb(p, 12), async (raw) => {
          // keep the ticks whose inputs satisfy the assumptions (others are replaced by the previous good tick)
          const trace: TickInputs[] = [];
          for (const row of raw) {
            if (machine.brokenAssumptions(row).length === 0) trace.push(row);
            else if (trace.length > 0) trace.push(trace[trace.length - 1]!);
          }
          if (trace.length < 4) return;
          const sim = simulate(p, trace, trace.length);
          for (const t of p.tasks) {
            const ctx = makeCostCtx(target, { waitStates: 0 }, p, t);
            for (const row of sim.rows) {
              if (!row.released.includes(t.name) || row.tick + t.publishDelayTicks >= trace.length) continue;
              if (sim.runtimeError && sim.runtimeError.tick <= row.tick + t.publishDelayTicks) continue;
              const rep = replayJob(p, t.name, trace, row.tick);
              if (rep.status !== "ok") throw new Error(rep.reason);
              const path = fromArmCounts(ctx, t, rep.arms);
              expect(path).toBeDefined();
              if (!path) return;
              expect(path.cycles).toBeLessThanOrEqual(bounds.get(t.name)!);
              const env: Env = new Map();
              for (const [k, v] of Object.entries(row.state)) env.set(k, copy(v));
              for (const [k, v] of Object.entries(row.outputs)) env.set(k, copy(v));
              for (const [k, v] of Object.entries(row.inputs)) env.set(k, copy(v));
              const run = executeJob(ctx, t, env);
              expect(run.failed).toBe(false);
              expect(run.arms).toEqual(rep.arms);
              expect(run.cycles).toBe(path.cycles);
              jobs++;
            }
          }
        }),
        { numRuns: 8, seed: 20261201 },
      );
      expect(jobs).toBeGreaterThan(10);
    }, 120_000);
  });
}
