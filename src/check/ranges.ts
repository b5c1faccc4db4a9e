/**
 * Exact range inference for integer arithmetic (interval arithmetic over BigInt).
 *
 * Input: the ranges [lo, hi] of the operands (non-empty, lo <= hi). Output: the exact range of the
 * result, i.e. the smallest interval containing op(x, y) for every x, y in the operand ranges, with
 * vigil's semantics: division truncates toward zero, the remainder has the sign of the dividend
 * (C99), and a zero divisor is excluded (it is a runtime error, not a value).
 * Invariants: results are exact (tested against brute force in test/check/ranges.test.ts); the only
 * possible approximation is in `rem` when both exact searches would exceed REM_SEARCH_LIMIT steps
 * (huge dividends in a narrow window with a huge divisor range): the bound that could not be
 * searched then falls back to the sound hull [0, min(t, q-1)] (see remNonNeg).
 * `undefined` means "no value at all" (a divisor range that is exactly {0}).
 */

export interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}

const min2 = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max2 = (a: bigint, b: bigint): bigint => (a > b ? a : b);

function hull(values: readonly bigint[]): Range {
  let lo = values[0]!;
  let hi = values[0]!;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { lo, hi };
}

function union(a: Range | undefined, b: Range | undefined): Range | undefined {
  if (!a) return b;
  if (!b) return a;
  return { lo: min2(a.lo, b.lo), hi: max2(a.hi, b.hi) };
}

export function add(a: Range, b: Range): Range {
  return { lo: a.lo + b.lo, hi: a.hi + b.hi };
}

export function sub(a: Range, b: Range): Range {
  return { lo: a.lo - b.hi, hi: a.hi - b.lo };
}

export function mul(a: Range, b: Range): Range {
  return hull([a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]);
}

export function neg(a: Range): Range {
  return { lo: -a.hi, hi: -a.lo };
}

export function abs(a: Range): Range {
  if (a.lo >= 0n) return a;
  if (a.hi <= 0n) return neg(a);
  return { lo: 0n, hi: max2(-a.lo, a.hi) };
}

export function min(a: Range, b: Range): Range {
  return { lo: min2(a.lo, b.lo), hi: min2(a.hi, b.hi) };
}

export function max(a: Range, b: Range): Range {
  return { lo: max2(a.lo, b.lo), hi: max2(a.hi, b.hi) };
}

/** BigInt division already truncates toward zero, like C99. */
export function truncDiv(x: bigint, y: bigint): bigint {
  return x / y;
}

/** BigInt remainder already has the sign of the dividend, like C99. */
export function truncRem(x: bigint, y: bigint): bigint {
  return x % y;
}

/**
 * x / y over a box where y has one sign: x/y (real) is monotone in each argument, so its extremes
 * lie at the corners, and truncation is monotone, so the truncated extremes do too.
 */
function divSameSign(a: Range, c: bigint, d: bigint): Range {
  return hull([a.lo / c, a.lo / d, a.hi / c, a.hi / d]);
}

export function div(a: Range, b: Range): Range | undefined {
  let r: Range | undefined;
  if (b.hi >= 1n) r = union(r, divSameSign(a, max2(b.lo, 1n), b.hi));
  if (b.lo <= -1n) r = union(r, divSameSign(a, b.lo, min2(b.hi, -1n)));
  return r;
}

export const REM_SEARCH_LIMIT = 1 << 16;

const ceilDiv = (n: bigint, d: bigint): bigint => (n + d - 1n) / d; // n >= 0, d > 0

/** x mod y over x in [s, t] for one divisor y: [s mod y, t mod y], or [0, y-1] when the window wraps. */
function remOneDivisor(s: bigint, t: bigint, y: bigint): Range {
  return s / y === t / y ? { lo: s % y, hi: t % y } : { lo: 0n, hi: y - 1n };
}

/** Maximum by quotient blocks k = floor(x / y) (closed form per k); undefined past the step limit. */
function remMaxByQuotient(s: bigint, t: bigint, p: bigint, q: bigint): bigint | undefined {
  let best = -1n;
  let steps = 0;
  for (let k = s / q; k <= t / p; k++) {
    if (++steps > REM_SEARCH_LIMIT) return undefined;
    if (k === 0n) {
      if (s <= q - 1n) best = max2(best, min2(t, q - 1n)); // y > x: x mod y = x
      continue;
    }
    // For k >= 1 the remainder is min(t - k*y, y - 1) <= (t + 1) / (k + 1) - 1, which falls with k.
    if (min2(q - 1n, (t + 1n) / (k + 1n)) <= best) break;
    const ylo = max2(p, ceilDiv(s + 1n, k + 1n));
    const yhi = min2(q, t / k);
    if (ylo > yhi) continue;
    const star = (t + 1n) / (k + 1n);
    for (const y0 of [ylo, yhi, star, star + 1n]) {
      const y = min2(yhi, max2(ylo, y0));
      best = max2(best, min2(t - k * y, y - 1n));
    }
    if (best >= q - 1n) break;
  }
  return best;
}

/** Maximum by divisors, from the largest down (the remainder is below y); undefined past the limit. */
function remMaxByDivisor(s: bigint, t: bigint, p: bigint, q: bigint): bigint | undefined {
  let best = -1n;
  let steps = 0;
  for (let y = q; y >= p && y - 1n > best; y--) {
    if (++steps > REM_SEARCH_LIMIT) return undefined;
    best = max2(best, remOneDivisor(s, t, y).hi);
  }
  return best;
}

/** Minimum by quotient blocks: per k the largest feasible divisor is best. */
function remMinByQuotient(s: bigint, t: bigint, p: bigint, q: bigint): bigint | undefined {
  let least = t + 1n;
  let steps = 0;
  for (let k = s / q; k <= t / p && least > 0n; k++) {
    if (++steps > REM_SEARCH_LIMIT) return undefined;
    if (k === 0n) {
      if (s < q) least = min2(least, s);
      continue;
    }
    const y = min2(q, t / k);
    if (y < p || (k + 1n) * y <= s) continue;
    least = min2(least, max2(s - k * y, 0n));
  }
  return least;
}

function remMinByDivisor(s: bigint, t: bigint, p: bigint, q: bigint): bigint | undefined {
  let least = t + 1n;
  let steps = 0;
  for (let y = p; y <= q && least > 0n; y++) {
    if (++steps > REM_SEARCH_LIMIT) return undefined;
    least = min2(least, remOneDivisor(s, t, y).lo);
  }
  return least;
}

/**
 * The exact range of x mod y for x in [s, t] (0 <= s <= t) and y in [p, q] (1 <= p <= q).
 * Two exact searches, by quotient block and by divisor, each with early termination; the first to
 * finish within REM_SEARCH_LIMIT steps gives the answer. Only when both would take longer does the
 * result fall back to the sound hull [0, min(t, q-1)].
 */
export function remNonNeg(s: bigint, t: bigint, p: bigint, q: bigint): Range {
  if (t < p) return { lo: s, hi: t }; // every divisor exceeds every dividend: x mod y = x
  const hi = remMaxByQuotient(s, t, p, q) ?? remMaxByDivisor(s, t, p, q) ?? min2(t, q - 1n);
  const lo = remMinByQuotient(s, t, p, q) ?? remMinByDivisor(s, t, p, q) ?? 0n;
  return { lo, hi };
}

export function rem(a: Range, b: Range): Range | undefined {
  // |y| over the divisor range without zero; the sign of y does not change x % y.
  let p: bigint;
  let q: bigint;
  if (b.lo >= 1n) [p, q] = [b.lo, b.hi];
  else if (b.hi <= -1n) [p, q] = [-b.hi, -b.lo];
  else if (b.lo === 0n && b.hi === 0n) return undefined;
  else [p, q] = [1n, max2(-b.lo, b.hi)];
  let r: Range | undefined;
  if (a.hi >= 0n) r = union(r, remNonNeg(max2(a.lo, 0n), a.hi, p, q));
  if (a.lo <= -1n) {
    const m = remNonNeg(max2(-a.hi, 1n), -a.lo, p, q);
    r = union(r, neg(m));
  }
  return r;
}
