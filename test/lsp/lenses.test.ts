// Proof lenses and proof diagnostics from verify's results, in-process: titles for every kind of
// evidence, VG6101 (falsified, with the trace as related information) and VG6102 (unknown or
// vacuous), and re-anchoring of older results to the property of the same name.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { ObligationResult, Verdict } from "../../src/prove/verdict.js";
import { analyze } from "../../src/lsp/analysis.js";
import { codeLenses, lensTitle, proofDiagnostics, type ProofState } from "../../src/lsp/lenses.js";
import { ROOT } from "./client.js";

const PATH = resolve(join(ROOT, "test", "lsp", "models", "counter.vgl"));
const TEXT = readFileSync(PATH, "utf8");
const a = analyze(PATH, new Map([[PATH, TEXT]]));
const propSpan = (name: string) => a.loaded.model!.decls.find((d) => d.kind === "Property" && d.name.name === name)!.span;

function result(name: string, verdict: Verdict, timeMs = 400): ObligationResult {
  return { obligation: { name, kind: "invariant", description: "", span: propSpan(name) }, verdict, timeMs, solverMs: timeMs };
}

const step = (tick: number, count: number) => ({ tick, inputs: { go: true }, state: { count, mode: "run" }, outputs: { led: count === 3 } });

describe("proof lenses", () => {
  it("titles say how an obligation was proved, where it failed, or why it is unknown", () => {
    const p = (evidence: Extract<Verdict, { status: "proved" }>["evidence"]) => lensTitle(result("bounded", { status: "proved", engine: "x", evidence }));
    expect(p({ kind: "k-induction", k: 2 })).toBe("proved by k-induction k=2 · 0.4 s");
    expect(p({ kind: "pdr", invariant: "(<= count 3)" })).toBe("proved by PDR · 0.4 s");
    expect(p({ kind: "bmc-exhaustive", depth: 7, note: "" })).toBe("proved by exhaustive BMC (depth 7) · 0.4 s");
    expect(p({ kind: "relational", engine: "relational-k-induction", k: 1 })).toBe("proved by relational k induction k=1 · 0.4 s");
    expect(p({ kind: "timing", note: "", figures: { wcetCycles: 120, limitCycles: 800 } })).toBe("proved: WCET 120 <= 800 cycles · 0.4 s");
    expect(p({ kind: "timing", note: "", figures: {} })).toBe("proved by response-time analysis · 0.4 s");
    expect(lensTitle(result("never_full", { status: "unknown", engine: "kind", reason: "timeout after 20 s" }))).toBe("unknown: timeout after 20 s");
    expect(lensTitle(result("never_full", { status: "vacuous", engine: "bmc", reason: "the assumptions are unsatisfiable" }))).toBe("vacuous: the assumptions are unsatisfiable");
    expect(
      lensTitle(result("never_full", { status: "falsified", engine: "bmc", tick: 12, trace: [], at: propSpan("never_full"), explanation: "", replayed: true }, 1234)),
    ).toBe("falsified at tick 12 · 1.2 s");
  });

  const falsified = result("never_full", {
    status: "falsified",
    engine: "bmc",
    tick: 3,
    trace: [step(0, 0), step(1, 1), step(2, 2), step(3, 3)],
    at: propSpan("never_full"),
    explanation: "`never_full` is false at tick 3",
    replayed: true,
  });
  const unknown = result("bounded", { status: "unknown", engine: "kind", reason: "timeout" });
  const state: ProofState = { status: "done", version: 5, results: [falsified, unknown], summary: "2 obligations", timeMs: 900 };

  it("VG6101 carries the replayed counterexample; VG6102 marks what is not proved", () => {
    const ds = proofDiagnostics(a, state, 5);
    const f = ds.find((d) => d.code === "VG6101")!;
    expect(f.severity).toBe("error");
    expect(f.span?.offset).toBe(TEXT.indexOf("never_full"));
    expect(f.related.map((r) => r.message)).toEqual([
      "the violation (counterexample replayed through the interpreter)",
      "tick 0: inputs go=true | state count=0, mode=run | outputs led=false",
      "tick 1: inputs go=true | state count=1, mode=run | outputs led=false",
      "tick 2: inputs go=true | state count=2, mode=run | outputs led=false",
      "tick 3: inputs go=true | state count=3, mode=run | outputs led=true",
    ]);
    const u = ds.find((d) => d.code === "VG6102")!;
    expect(u.severity).toBe("warning");
    expect(u.message).toBe("`bounded` is not proved: unknown: timeout");
    expect(proofDiagnostics(a, { status: "running", version: 6 }, 6)).toEqual([]);
  });

  it("results of an older version are re-anchored by name and marked outdated", () => {
    const moved = "// a new first line\n" + TEXT;
    const b = analyze(PATH, new Map([[PATH, moved]]));
    const ds = proofDiagnostics(b, state, 6);
    expect(ds.find((d) => d.code === "VG6101")?.span?.offset).toBe(moved.indexOf("never_full"));
    expect(ds.every((d) => d.message.endsWith("(before the last edit: save to prove again)"))).toBe(true);
    const lenses = codeLenses(b, "file:///x.vgl", state, 6);
    expect(lenses.map((l) => [l.range.start.line, l.command?.title])).toEqual([
      [3, "2 obligations · 0.9 s (outdated)"],
      [27, "unknown: timeout (outdated)"],
      [28, "falsified at tick 3 · 0.4 s (outdated)"],
    ]);
  });

  it("a two-run (non-interference) counterexample lists both runs", () => {
    const twoRun = result("never_full", {
      status: "falsified",
      engine: "relational-bmc",
      tick: 1,
      trace: [step(0, 0), step(1, 1)],
      otherTrace: [step(0, 0), step(1, 2)],
      at: propSpan("never_full"),
      explanation: "the two runs differ",
      replayed: true,
    });
    const ds = proofDiagnostics(a, { status: "done", version: 1, results: [twoRun], summary: "", timeMs: 1 }, 1);
    expect(ds[0]!.related.slice(1).map((r) => r.message.split(":")[0])).toEqual(["run 1, tick 0", "run 1, tick 1", "run 2, tick 0", "run 2, tick 1"]);
  });

  it("a long counterexample shows its last 64 ticks and says how many came before", () => {
    const trace = Array.from({ length: 100 }, (_, i) => step(i, 0));
    const long = result("never_full", { status: "falsified", engine: "bmc", tick: 99, trace, at: propSpan("never_full"), explanation: "", replayed: true });
    const rel = proofDiagnostics(a, { status: "done", version: 1, results: [long], summary: "", timeMs: 1 }, 1)[0]!.related;
    expect(rel[1]!.message).toBe("(36 earlier ticks not shown)");
    expect(rel.length).toBe(1 + 1 + 64);
    expect(rel[rel.length - 1]!.message.startsWith("tick 99:")).toBe(true);
  });

  it("before any save the lenses offer to prove", () => {
    expect(codeLenses(a, "file:///x.vgl", undefined, 1).map((l) => l.command?.title)).toEqual(["prove (runs on save)", "prove (runs on save)", "prove (runs on save)"]);
  });
});
