// Units: exact conversion of time and frequency literals, rejection of inexact ones.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { literalValue } from "../../src/check/units.js";

describe("literal units", () => {
  it("converts times to microseconds exactly", () => {
    expect(literalValue(15n, 1, "ms", "1.5")).toEqual({ ok: true, value: 1500n, unit: "time" });
    expect(literalValue(2n, 0, "s", "2")).toEqual({ ok: true, value: 2_000_000n, unit: "time" });
    expect(literalValue(320n, 0, "ms", "320")).toEqual({ ok: true, value: 320_000n, unit: "time" });
    expect(literalValue(7n, 0, "us", "7")).toEqual({ ok: true, value: 7n, unit: "time" });
    expect(literalValue(1234567n, 6, "s", "1.234567")).toEqual({ ok: true, value: 1_234_567n, unit: "time" });
  });

  it("converts frequencies to hertz exactly", () => {
    expect(literalValue(16n, 0, "MHz", "16")).toEqual({ ok: true, value: 16_000_000n, unit: "freq" });
    expect(literalValue(325n, 1, "kHz", "32.5")).toEqual({ ok: true, value: 32_500n, unit: "freq" });
    expect(literalValue(50n, 0, "Hz", "50")).toEqual({ ok: true, value: 50n, unit: "freq" });
  });

  it("rejects values that are not whole base units", () => {
    expect(literalValue(5n, 4, "ms", "0.0005").ok).toBe(false);
    expect(literalValue(5n, 1, "Hz", "0.5").ok).toBe(false);
    expect(literalValue(15n, 1, undefined, "1.5").ok).toBe(false);
    expect(literalValue(1234567n, 7, "s", "0.1234567").ok).toBe(false);
  });

  it("plain integers stay plain", () => {
    expect(literalValue(42n, 0, undefined, "42")).toEqual({ ok: true, value: 42n, unit: "none" });
    expect(literalValue(420n, 1, undefined, "42.0")).toEqual({ ok: true, value: 42n, unit: "none" });
  });

  it("accepts exactly the decimals that are whole microseconds (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 9 }), fc.constantFrom("us" as const, "ms" as const, "s" as const), (num, scale, unit) => {
        const factor = unit === "us" ? 1n : unit === "ms" ? 1000n : 1_000_000n;
        const r = literalValue(num, scale, unit, "x");
        const den = 10n ** BigInt(scale);
        if ((num * factor) % den === 0n) expect(r).toEqual({ ok: true, value: (num * factor) / den, unit: "time" });
        else expect(r.ok).toBe(false);
      }),
    );
  });
});
