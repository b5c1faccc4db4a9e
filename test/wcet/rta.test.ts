// Response-time analysis reproduced from published worked examples.
import { describe, expect, it } from "vitest";
import { responseTimes } from "../../src/wcet/rta.js";

describe("response-time analysis", () => {
  it("Burns & Wellings, Real-Time Systems and Programming Languages (4th ed.), RTA worked example", () => {
    // a: T=7 C=3 (highest), b: T=12 C=3, c: T=20 C=5. Published: R_a = 3, R_b = 6, R_c = 20.
    // c: w = 5 -> 5+3+3 = 11 -> 5+6+3 = 14 -> 5+6+6 = 17 -> 5+9+6 = 20 -> 5+9+6 = 20.
    const { results, utilization } = responseTimes([
      { name: "a", c: 3, t: 7, d: 7, priority: 1 },
      { name: "b", c: 3, t: 12, d: 12, priority: 2 },
      { name: "c", c: 5, t: 20, d: 20, priority: 3 },
    ]);
    expect(results.map((r) => r.r)).toEqual([3, 6, 20]);
    expect(results.every((r) => r.schedulable)).toBe(true);
    expect(results[2]!.interference).toEqual({ a: 9, b: 6 });
    expect(utilization).toBeCloseTo(3 / 7 + 3 / 12 + 5 / 20, 12);
    // the example's point: U = 0.929 exceeds the Liu & Layland bound 3(2^(1/3) - 1) = 0.780, so the
    // utilization test is inconclusive, while the response times show the set schedulable
    expect(utilization).toBeGreaterThan(3 * (2 ** (1 / 3) - 1));
  });

  it("Buttazzo, Hard Real-Time Computing Systems (3rd ed.), section 4.5.2 example: R3 = 10", () => {
    // t1: C=1 T=4, t2: C=2 T=6, t3: C=3 T=10 (D = T). w3: 3 -> 6 -> 7 -> 9 -> 10 -> 10.
    const { results } = responseTimes([
      { name: "t1", c: 1, t: 4, d: 4, priority: 1 },
      { name: "t2", c: 2, t: 6, d: 6, priority: 2 },
      { name: "t3", c: 3, t: 10, d: 10, priority: 3 },
    ]);
    expect(results.map((r) => r.r)).toEqual([1, 3, 10]);
    expect(results[2]!.slack).toBe(0);
  });

  it("reports an unschedulable task and stops iterating", () => {
    const { results } = responseTimes([
      { name: "hi", c: 5, t: 10, d: 10, priority: 1 },
      { name: "lo", c: 6, t: 12, d: 12, priority: 2 },
    ]);
    expect(results[1]!.schedulable).toBe(false);
    expect(results[1]!.r).toBeGreaterThan(12);
  });

  it("release jitter of a higher-priority task adds interference", () => {
    const base = responseTimes([
      { name: "h", c: 2, t: 5, d: 5, priority: 1 },
      { name: "l", c: 3, t: 20, d: 20, priority: 2 },
    ]).results[1]!.r;
    const jit = responseTimes([
      { name: "h", c: 2, t: 5, d: 5, j: 3, priority: 1 },
      { name: "l", c: 3, t: 20, d: 20, priority: 2 },
    ]).results[1]!.r;
    // without jitter: w = 3 -> 5 -> 5 ... (ceil(5/5)=1) -> 5; with J=3: 3 -> 3+2*ceil(6/5)=7 -> 3+2*2=7.
    expect(base).toBe(5);
    expect(jit).toBe(7);
  });
});
