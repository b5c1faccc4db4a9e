// jsonChunks must print exactly what JSON.stringify(value, null, 2) prints, for any plain data.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { batched, jsonChunks } from "../../src/util/json-chunks.js";

describe("jsonChunks", () => {
  it("equals JSON.stringify(value, null, 2) on random JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
        expect([...jsonChunks(v)].join("")).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 300 },
    );
  });
  it("skips undefined members as JSON.stringify does, and batches into few strings", () => {
    const v = { a: undefined, b: [undefined, 1, { c: [] }], d: {}, e: "x\ny", f: new Date(0) };
    expect([...jsonChunks(v)].join("")).toBe(JSON.stringify(v, null, 2));
    const big = { rows: Array.from({ length: 5000 }, (_, i) => ({ tick: i, s: { x: i * 2 } })) };
    const parts = [...batched(jsonChunks(big), 1 << 16)];
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).toBe(JSON.stringify(big, null, 2));
  });
});
