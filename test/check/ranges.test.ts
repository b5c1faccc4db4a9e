// Range inference against brute force: for random small operand ranges, the inferred range must be
// exactly [min, max] of the operation over every pair of operands (zero divisors excluded).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as R from "../../src/check/ranges.js";

const range = (lo: number, span: number) =>
  fc.tuple(fc.integer({ min: lo, max: -lo }), fc.integer({ min: 0, max: span })).map(([a, w]) => ({ lo: BigInt(a), hi: BigInt(a + w) }));

function brute(a: R.Range, b: R.Range, f: (x: bigint, y: bigint) => bigint | undefined): R.Range | undefined {
  let lo: bigint | undefined;
  let hi: bigint | undefined;
  for (let x = a.lo; x <= a.hi; x++)
    for (let y = b.lo; y <= b.hi; y++) {
      const v = f(x, y);
      if (v === undefined) continue;
      if (lo === undefined || v < lo) lo = v;
      if (hi === undefined || v > hi) hi = v;
    }
  return lo === undefined ? undefined : { lo, hi: hi! };
}

const ops: [string, (a: R.Range, b: R.Range) => R.Range | undefined, (x: bigint, y: bigint) => bigint | undefined][] = [
  ["+", R.add, (x, y) => x + y],
  ["-", R.sub, (x, y) => x - y],
  ["*", R.mul, (x, y) => x * y],
  ["/", R.div, (x, y) => (y === 0n ? undefined : x / y)],
  ["%", R.rem, (x, y) => (y === 0n ? undefined : x % y)],
  ["min", R.min, (x, y) => (x < y ? x : y)],
  ["max", R.max, (x, y) => (x > y ? x : y)],
];

describe("range inference is exact", () => {
  for (const [name, op, f] of ops) {
    it(`${name} matches brute force on small ranges`, () => {
      fc.assert(
        fc.property(range(-40, 25), range(-40, 25), (a, b) => {
          expect(op(a, b)).toEqual(brute(a, b, f));
        }),
        { numRuns: 400 },
      );
    });
  }

  it("% matches brute force with large dividends and small divisors", () => {
    fc.assert(
      fc.property(range(-5000, 40), range(-60, 30), (a, b) => {
        expect(R.rem(a, b)).toEqual(brute(a, b, (x, y) => (y === 0n ? undefined : x % y)));
      }),
      { numRuns: 300 },
    );
  });

  it("/ matches brute force with large dividends", () => {
    fc.assert(
      fc.property(range(-100000, 30), range(-300, 30), (a, b) => {
        expect(R.div(a, b)).toEqual(brute(a, b, (x, y) => (y === 0n ? undefined : x / y)));
      }),
      { numRuns: 300 },
    );
  });

  it("% on non-negative dividends matches a per-divisor oracle for huge dividends", () => {
    // For one divisor y, x mod y over [s, t] is [s mod y, t mod y] unless the window wraps past a
    // multiple of y, in which case it is [0, y - 1] (or [0, t mod y] / [s mod y, y - 1] partially).
    const perDivisor = (s: bigint, t: bigint, y: bigint): R.Range => {
      if (s / y === t / y) return { lo: s % y, hi: t % y };
      return { lo: 0n, hi: t - s >= y - 1n || t / y - s / y >= 2n ? y - 1n : y - 1n };
    };
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 52n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 7n }),
        fc.integer({ min: 0, max: 150 }),
        (s, w, p, dy) => {
          const t = s + w;
          const q = p + BigInt(dy);
          let lo: bigint | undefined;
          let hi: bigint | undefined;
          for (let y = p; y <= q; y++) {
            const r = perDivisor(s, t, y);
            if (lo === undefined || r.lo < lo) lo = r.lo;
            if (hi === undefined || r.hi > hi) hi = r.hi;
          }
          expect(R.remNonNeg(s, t, p, q)).toEqual({ lo, hi });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("unary minus and abs match brute force", () => {
    fc.assert(
      fc.property(range(-50, 40), (a) => {
        const one = { lo: 0n, hi: 0n };
        expect(R.neg(a)).toEqual(brute(a, one, (x) => -x));
        expect(R.abs(a)).toEqual(brute(a, one, (x) => (x < 0n ? -x : x)));
      }),
    );
  });

  it("a divisor range of exactly zero gives no value", () => {
    expect(R.div({ lo: 1n, hi: 5n }, { lo: 0n, hi: 0n })).toBeUndefined();
    expect(R.rem({ lo: 1n, hi: 5n }, { lo: 0n, hi: 0n })).toBeUndefined();
  });

  it("% stays exact and fast for huge ranges", () => {
    const big = 1n << 52n;
    expect(R.rem({ lo: 0n, hi: big }, { lo: 1n, hi: 1000n })).toEqual({ lo: 0n, hi: 999n });
    expect(R.rem({ lo: big, hi: big }, { lo: big, hi: big })).toEqual({ lo: 0n, hi: 0n });
    expect(R.rem({ lo: 10n ** 15n, hi: 10n ** 15n }, { lo: 1n, hi: 10n ** 15n })).toEqual({ lo: 0n, hi: 10n ** 15n / 2n - 1n });
  });
});
