/**
 * The compiled interpreter against an independent naive evaluator (test/interp/naive.ts) on the
 * examples and test models, with random inputs that respect the assumptions.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { simulate } from "../../src/interp/index.js";
import { randomInputs } from "../../src/sim/index.js";
import { lowerFile } from "../lower/helpers.js";
import { naiveRun } from "./naive.js";

const files = [
  ...readdirSync("examples").filter((f) => f.endsWith(".vgl")).map((f) => join("examples", f)),
  ...readdirSync("test/lower/models").filter((f) => f.endsWith(".vgl")).map((f) => join("test/lower/models", f)),
];

describe("compiled interpreter = naive evaluator", () => {
  for (const f of files) {
    it(f, () => {
      const p = lowerFile(f);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 250 }), (seed, ticks) => {
          const rr = randomInputs(p, ticks, seed);
          if (!rr.ok) return;
          const fast = simulate(p, rr.inputs, ticks);
          const slow = naiveRun(p, rr.inputs, ticks);
          expect(fast.rows.map((r) => ({ tick: r.tick, state: r.state, outputs: r.outputs, released: [...r.released] }))).toEqual(slow.rows);
          expect(fast.runtimeError ? { tick: fast.runtimeError.tick, task: fast.runtimeError.task, assertId: fast.runtimeError.assertId } : undefined).toEqual(slow.error);
          expect(fast.propertyViolations.map((v) => [v.property, v.tick])).toEqual(slow.violations);
        }),
        { numRuns: 40 },
      );
    });
  }
});
