/**
 * Same behaviour: the host-compiled C (generated harness, runtime checks on) and the reference
 * interpreter (src/interp simulate) give identical outputs and state at every tick, and fail the
 * same runtime check at the same tick, on random traces from fast-check that respect the
 * assumptions. At least 1 000 traces of at least 200 ticks in total over all models; one compile
 * per model, one harness process per batch of traces. Every other batch runs each job as late as
 * its deadline allows (the harness's lazy mode): Logical Execution Time makes that invisible.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulate, type TickInputs } from "../../src/interp/index.js";
import { buildHarness, cleanup, expectedColumns, have, runHarness, type HarnessBuild } from "./toolchain.js";
import { handModels, realModels, type NamedProgram } from "./models.js";
import { traceArb } from "./traces.js";

// VIGIL_EMIT_TRACES and VIGIL_EMIT_SEED widen an exploratory run; CI uses the defaults.
const TOTAL_TRACES = Number(process.env.VIGIL_EMIT_TRACES ?? 1000);
const SEED = Number(process.env.VIGIL_EMIT_SEED ?? 7);
const TICKS = 200;
const BATCH = 50;

let models: NamedProgram[] = [];
const builds = new Map<string, HarnessBuild>();
const stats = { traces: 0, ticks: 0, errors: 0, lazy: 0 };

beforeAll(async () => {
  const real = await realModels();
  for (const s of real.skipped) console.log(`emit equivalence: skipping ${s.file}: ${s.reason}`);
  models = [...real.models, ...handModels()];
});

afterAll(() => {
  for (const b of builds.values()) cleanup(b.dir);
  console.log(`emit equivalence: ${stats.traces} traces x ${TICKS} ticks compared over ${models.length} programs (${stats.lazy} with jobs run as late as allowed; ${stats.errors} ended in a runtime check, identically)`);
});

/** The first difference between the C and the interpreter on a batch, in a few lines, or undefined. */
function compareBatch(nm: NamedProgram, build: HarnessBuild, traces: readonly TickInputs[][], lazy: boolean): string | undefined {
  const got = runHarness(build, traces, lazy);
  if (got.length !== traces.length) return `${nm.name}: harness returned ${got.length} traces for ${traces.length}`;
  for (let i = 0; i < traces.length; i++) {
    const tr = traces[i]!;
    const sim = simulate(nm.program, tr, tr.length);
    const c = got[i]!;
    const where = `${nm.name}, trace ${i}${lazy ? " (jobs run as late as their deadlines allow)" : ""}`;
    if (sim.assumptionViolation) return `${where}: the generator broke assumption ${sim.assumptionViolation.assumption}`;
    if (c.assumptionBroken.length > 0) return `${where}: the C input check rejects tick ${c.assumptionBroken[0]}`;
    if (c.misses.length > 0) return `${where}: deadline miss reported at tick ${c.misses[0]}`;
    // in the lazy mode a failing job runs after its release: the rows after that tick are extra
    const cRows = lazy && c.error ? c.rows.slice(0, c.error.tick + 1) : c.rows;
    const n = Math.max(sim.rows.length, cRows.length);
    for (let k = 0; k < n; k++) {
      const want = sim.rows[k] ? expectedColumns(nm.program, sim.rows[k]!) : undefined;
      const have = cRows[k];
      if (JSON.stringify(want) !== JSON.stringify(have)) {
        return `${where}, tick ${k}: interpreter ${JSON.stringify(want)} C ${JSON.stringify(have)}; inputs ${JSON.stringify(tr[k])}`;
      }
    }
    const wantErr = sim.runtimeError ? { tick: sim.runtimeError.tick, id: sim.runtimeError.assertId } : undefined;
    if (JSON.stringify(wantErr) !== JSON.stringify(c.error)) {
      return `${where}: runtime error: interpreter ${JSON.stringify(wantErr)} C ${JSON.stringify(c.error)}`;
    }
    if (wantErr) stats.errors++;
    if (lazy) stats.lazy++;
  }
  return undefined;
}

describe.skipIf(!have("gcc"))("C and interpreter agree", () => {
  it("on random traces that respect the assumptions", () => {
    expect(models.length).toBeGreaterThan(0);
    const perModel = Math.max(BATCH, Math.ceil(TOTAL_TRACES / models.length / BATCH) * BATCH);
    for (const nm of models) {
      const build = buildHarness(nm.program);
      let batchNo = 0;
      builds.set(nm.name, build);
      const result = fc.check(
        fc.property(fc.array(traceArb(nm.program, TICKS), { minLength: BATCH, maxLength: BATCH }), (traces) => {
          // alternate batches run every job at once or as late as its deadline allows
          const problem = compareBatch(nm, build, traces, batchNo++ % 2 === 1);
          if (problem) throw new Error(problem);
          stats.traces += traces.length;
          stats.ticks += traces.length * TICKS;
        }),
        { numRuns: perModel / BATCH, seed: SEED, endOnFailure: true },
      );
      expect(result.failed ? String((result.errorInstance as Error | undefined)?.message ?? result.failed) : "", nm.name).toBe("");
    }
    expect(stats.traces).toBeGreaterThanOrEqual(TOTAL_TRACES);
  }, Math.max(60_000, TOTAL_TRACES * 10));
});
