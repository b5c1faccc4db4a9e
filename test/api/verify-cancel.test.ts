// verify's cancellation signal: an aborted run answers every solver obligation unknown
// ("cancelled"), never proved, and returns promptly; a caller's solver stays open.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verify } from "../../src/api/index.js";
import { createSolver } from "../../src/solver/index.js";

const MODEL = join("test", "lsp", "models", "counter.vgl");

describe("verify with an AbortSignal", () => {
  it("an aborted signal makes every obligation unknown (cancelled)", async () => {
    const ctl = new AbortController();
    ctl.abort();
    const t0 = Date.now();
    const r = await verify(MODEL, { signal: ctl.signal });
    expect(r.kind).toBe("verified");
    if (r.kind !== "verified") return;
    expect(r.results.length).toBeGreaterThan(0);
    for (const x of r.results) {
      expect(x.verdict.status, x.obligation.name).toBe("unknown");
      if (x.verdict.status === "unknown") expect(x.verdict.reason).toMatch(/cancel/);
    }
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("aborting during a run ends it early; the caller's solver still answers afterwards", async () => {
    const solver = createSolver({ workers: 1 });
    try {
      const ctl = new AbortController();
      const run = verify(MODEL, { solver, signal: ctl.signal });
      setTimeout(() => ctl.abort(), 50);
      const r = await run;
      expect(r.kind).toBe("verified");
      if (r.kind === "verified") expect(r.results.some((x) => x.verdict.status === "unknown")).toBe(true);
      const again = await verify(MODEL, { solver });
      expect(again.kind === "verified" && again.summary).toMatchObject({ proved: 2, falsified: 1 });
    } finally {
      await solver.close();
    }
  }, 60_000);
});
