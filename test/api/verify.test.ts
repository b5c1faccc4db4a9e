import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { summarize, verify } from "../../src/api/index.js";
import type { ObligationResult } from "../../src/prove/verdict.js";

describe("verify (library entry point)", () => {
  it("proves every obligation of the VVI reference model and summarises them", async () => {
    const r = await verify("models/vvi-pacemaker/vvi.vgl");
    expect(r.kind).toBe("verified");
    if (r.kind !== "verified") return;
    expect(r.results.length).toBeGreaterThan(5);
    expect(r.summary.total).toBe(r.results.length);
    expect(r.summary.proved).toBe(r.results.length);
    expect(r.summary.overall).toBe("proved");
    expect(r.summary.exitCode).toBe(0);
    expect(new Set(r.results.map((x) => x.obligation.kind))).toContain("schedulable");
  }, 120_000);

  it("answers a usage error for an unknown property", async () => {
    const r = await verify("models/vvi-pacemaker/vvi.vgl", { properties: ["no_such_property"] });
    expect(r).toEqual({ kind: "usage-error", message: "no property named 'no_such_property'" });
  });

  it("answers a model error with diagnostics for a broken model", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-verify-"));
    const f = join(dir, "bad.vgl");
    writeFileSync(f, "device d {\n  state x: int[0..3] = 9\n}\n");
    const r = await verify(f);
    expect(r.kind).toBe("model-error");
    if (r.kind === "model-error") expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
  });

  it("summarize: falsified outranks unknown, unknown outranks proved", () => {
    const mk = (status: "proved" | "unknown" | "falsified"): ObligationResult =>
      ({ obligation: { name: status, kind: "invariant", description: "", span: {} }, verdict: { status }, timeMs: 0, solverMs: 0 }) as unknown as ObligationResult;
    expect(summarize([mk("proved"), mk("unknown")])).toMatchObject({ overall: "unknown", exitCode: 3, proved: 1, unknown: 1 });
    expect(summarize([mk("unknown"), mk("falsified")])).toMatchObject({ overall: "falsified", exitCode: 1 });
    expect(summarize([])).toMatchObject({ overall: "proved", exitCode: 0, total: 0 });
  });
});
