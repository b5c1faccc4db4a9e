// Renderers of two-run counterexamples: table, JSON, VCD (on a hand-made trace pair).
import { describe, expect, it } from "vitest";
import { renderTwoRunTable, twoRunJson, twoRunVcd } from "../../src/prove/isolation/render.js";
import type { TraceStep } from "../../src/prove/verdict.js";

const a: TraceStep[] = [
  { tick: 0, inputs: { u: 1, on: true }, state: { x: 0, arr: [1, 2] }, outputs: { y: false } },
  { tick: 1, inputs: { u: 2, on: false }, state: { x: 1, arr: [1, 2] }, outputs: { y: true } },
];
const b: TraceStep[] = [
  { tick: 0, inputs: { u: 5, on: true }, state: { x: 0, arr: [1, 2] }, outputs: { y: false } },
  { tick: 1, inputs: { u: 2, on: false }, state: { x: -3, arr: [1, 7] }, outputs: { y: true } },
];
const two = { property: "iso", trace: a, otherTrace: b, divergence: { tick: 1, variable: "x" }, explanation: "diverge at tick 1" };

describe("two-run renderers", () => {
  it("table shows both values where the runs differ and marks the divergence", () => {
    const t = renderTwoRunTable(two);
    expect(t).toContain("1 | 5 *");
    expect(t).toContain("1 | -3 <<");
    expect(t).toContain("[1,2] | [1,7] *");
    expect(t).toContain("diverge at tick 1");
  });
  it("JSON carries both runs and the divergence", () => {
    const j = JSON.parse(twoRunJson(two)) as { run1: TraceStep[]; run2: TraceStep[]; divergence: unknown };
    expect(j.run1).toEqual(a);
    expect(j.run2).toEqual(b);
    expect(j.divergence).toEqual({ tick: 1, variable: "x" });
  });
  it("VCD declares both runs, expands arrays, and encodes negatives in two's complement", () => {
    const v = twoRunVcd(two);
    expect(v.match(/\$scope module run[12] \$end/g)?.length).toBe(2);
    expect(v).toContain("arr [1] $end");
    expect(v).toContain("$var wire 1");
    expect(v).toContain("b" + BigInt.asUintN(64, -3n).toString(2) + " ");
    expect(v).toContain("#0\n");
    expect(v).toContain("#1\n");
  });
});
