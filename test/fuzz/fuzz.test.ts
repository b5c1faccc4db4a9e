/**
 * Grammar-aware fuzz test (issue 20): models generated from the grammar (test/fuzz/grammar.ts),
 * half of them mutated, through every phase that needs no solver (test/fuzz/pipeline.ts). No thrown
 * error may escape any phase, and every diagnostic span must lie inside its file.
 * Fixed seed, VIGIL_FUZZ_RUNS cases (2 000 by default, well under a minute); `npm run fuzz` runs
 * 50 000 with a fresh seed (VIGIL_FUZZ_SEED to replay one).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { modelArb } from "./grammar.js";
import { runPipeline, type Phase } from "./pipeline.js";

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20_2026);

describe("fuzz: generated and mutated models through every phase", () => {
  it(`no phase throws and every span lies in its file (${RUNS} cases, seed ${SEED})`, () => {
    const reached = new Map<Phase, number>();
    fc.assert(
      fc.property(modelArb, fc.nat(), (text, seed) => {
        const r = runPipeline("fuzz.vgl", text, seed);
        reached.set(r.reached, (reached.get(r.reached) ?? 0) + 1);
        expect(r.problems, text).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    if (process.env.VIGIL_FUZZ_RUNS) console.log("fuzz: phase reached ->", Object.fromEntries(reached));
    // The generator must reach the back ends, not only the parser's error paths.
    if (RUNS >= 1000) {
      expect(reached.get("emit") ?? 0).toBeGreaterThan(RUNS / 50);
      expect(reached.get("check") ?? 0).toBeGreaterThan(RUNS / 20);
    }
  }, 300_000);
});
