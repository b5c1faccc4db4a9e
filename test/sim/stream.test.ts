/**
 * Streaming trace output (issue 20: `vigil sim --ticks 100000000` never holds every row): for every
 * format, the chunks written by streamTrace are exactly formatTrace of the whole run, on clean
 * runs, runs with property violations, runs stopped by a runtime error, and zero ticks.
 */
import { describe, expect, it } from "vitest";
import { check } from "../../src/check/index.js";
import { simulate } from "../../src/interp/index.js";
import { lower } from "../../src/lower/index.js";
import { loadModel } from "../../src/parse/index.js";
import { formatTrace, randomInputs, randomInputSource } from "../../src/sim/index.js";
import { streamTrace } from "../../src/sim/stream.js";

const MODELS = ["examples/vvi-pacemaker.vgl", "examples/watchdog.vgl", "examples/irq-sensor.vgl", "test/models/vvi-pacemaker/bugs/wrong-vrp.vgl", "models/ddd-pacemaker/ddd.vgl"];

describe("streamTrace", () => {
  for (const m of MODELS) {
    it(`writes exactly formatTrace for ${m}`, () => {
      const loaded = loadModel(m);
      const ir = lower(check(loaded), { sources: loaded.sources });
      for (const ticks of [0, 1, 37, 3000]) {
        const rr = randomInputs(ir, ticks, 7);
        expect(rr.ok).toBe(true);
        if (!rr.ok) return;
        const whole = simulate(ir, rr.inputs, ticks);
        for (const f of ["table", "csv", "json", "vcd"] as const) {
          const chunks: string[] = [];
          const r = streamTrace(f, ir, (o) => {
            const src = randomInputSource(ir, 7);
            if (!src.ok) throw new Error("no source");
            return simulate(ir, () => src.source.next(), ticks, o);
          }, (c) => chunks.push(c));
          expect(chunks.join(""), `${f} ${ticks}`).toBe(formatTrace(f, ir, whole));
          expect(r.ticksRun).toBe(whole.ticksRun);
          expect(r.propertyViolationCount).toBe(whole.propertyViolationCount);
          if (ticks === 3000 && f === "csv") expect(chunks.length).toBeGreaterThan(1);
        }
      }
    });
  }
});
