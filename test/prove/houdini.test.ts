// The shared Houdini loop (src/prove/houdini.ts): on a monotone check it returns the greatest subset
// that passes (fast-check against an explicit greatest fixpoint), stops on "unknown" with nothing,
// and refuses a counter-model that refutes nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { houdini, type HoudiniAnswer } from "../../src/prove/houdini.js";

/** Candidate i passes in S when it is not bad and all its dependencies are in S (monotone). */
function gfp(n: number, bad: ReadonlySet<number>, deps: readonly (readonly number[])[]): number[] {
  let s = [...Array(n).keys()];
  for (;;) {
    const next = s.filter((i) => !bad.has(i) && (deps[i] ?? []).every((d) => s.includes(d)));
    if (next.length === s.length) return s;
    s = next;
  }
}

describe("houdini (shared loop)", () => {
  it("returns the greatest passing subset of a monotone check", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.uniqueArray(fc.nat(Math.max(0, n - 1)), { maxLength: n }), fc.array(fc.array(fc.nat(Math.max(0, n - 1)), { maxLength: 3 }), { minLength: n, maxLength: n }), fc.boolean()),
        ),
        async ([n, badList, deps, oneAtATime]) => {
          const bad = new Set(badList);
          const ask = async (active: readonly number[]): Promise<HoudiniAnswer> => {
            const failing = active.filter((i) => bad.has(i) || (deps[i] ?? []).some((d) => !active.includes(d)));
            if (failing.length === 0) return { kind: "holds" };
            // A solver's counter-model shows at least one failing member, maybe not all of them.
            return { kind: "fails", failing: oneAtATime ? failing.slice(0, 1) : failing };
          };
          const r = await houdini([...Array(n).keys()], ask);
          expect(r.conclusive).toBe(true);
          expect([...r.kept].sort((a, b) => a - b)).toEqual(gfp(n, bad, deps));
          expect(r.rounds).toBeLessThanOrEqual(n + 1);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it("an unknown answer gives no survivors and is inconclusive", async () => {
    const r = await houdini([0, 1, 2], async () => ({ kind: "unknown", reason: "timeout" }));
    expect(r).toMatchObject({ kept: [], conclusive: false, reason: "timeout" });
  });

  it("a counter-model that refutes no active member stops the loop", async () => {
    const r = await houdini([0, 1], async () => ({ kind: "fails", failing: [7] }));
    expect(r.conclusive).toBe(false);
    expect(r.kept).toEqual([]);
  });
});
