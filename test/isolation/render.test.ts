// Renderers of two-run counterexamples: table, JSON, VCD (golden files for a hand-made trace pair,
// UPDATE_GOLDEN=1 rewrites them) and a structural VCD reader that decodes the dump back into both
// runs' values. The replayed counterexamples of the case suite go through the same reader in
// cases.test.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cexStem, renderTwoRunTable, twoRunFiles, twoRunJson, twoRunOf, twoRunVcd, type TwoRun } from "../../src/prove/isolation/render.js";
import type { ObligationResult, TraceStep } from "../../src/prove/verdict.js";
import { readVcd } from "./vcd-reader.js";

const golden = join(import.meta.dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function matchGolden(name: string, text: string): void {
  const path = join(golden, name);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(golden, { recursive: true });
    writeFileSync(path, text);
    if (!UPDATE) throw new Error(`golden file ${name} was missing and has been written: check it and rerun`);
  }
  expect(text).toBe(readFileSync(path, "utf8"));
}

const a: TraceStep[] = [
  { tick: 0, inputs: { u: 1, on: true }, state: { x: 0, arr: [1, 2], mode: "idle" }, outputs: { y: false } },
  { tick: 1, inputs: { u: 2, on: false }, state: { x: 1, arr: [1, 2], mode: "idle" }, outputs: { y: true } },
  { tick: 2, inputs: { u: 2, on: false }, state: { x: 1, arr: [1, 2], mode: "pacing" }, outputs: { y: true } },
];
const b: TraceStep[] = [
  { tick: 0, inputs: { u: 5, on: true }, state: { x: 0, arr: [1, 2], mode: "idle" }, outputs: { y: false } },
  { tick: 1, inputs: { u: 2, on: false }, state: { x: 1, arr: [1, 7], mode: "idle" }, outputs: { y: true } },
  { tick: 2, inputs: { u: 2, on: false }, state: { x: -3, arr: [1, 7], mode: "sensing" }, outputs: { y: true } },
];
const two: TwoRun = {
  property: "iso",
  trace: a,
  otherTrace: b,
  divergence: { tick: 2, variable: "x", task: "t", responsible: { file: "m.vgl", line: 12, col: 3 } },
  explanation: "diverge at tick 2",
};
const enums = new Map([["mode", ["idle", "sensing", "pacing"]]]);
const widths = new Map([["u", 8], ["x", 5], ["arr", 4], ["mode", 2]]);

describe("two-run renderers", () => {
  it("table shows both values where the runs differ and marks the divergence (golden)", () => {
    const t = renderTwoRunTable(two);
    expect(t).toContain("1 | 5 *");
    expect(t).toContain("1 | -3 <<");
    expect(t).toContain("[1,2] | [1,7] *");
    expect(t).toContain("diverge at tick 2");
    matchGolden("two-run.txt", t);
  });

  it("JSON carries both runs, the divergence with both values, and the responsible line (golden)", () => {
    const text = twoRunJson(two);
    const j = JSON.parse(text) as { format: string; run1: TraceStep[]; run2: TraceStep[]; divergence: unknown };
    expect(j.format).toBe("vigil-two-run/1");
    expect(j.run1).toEqual(a);
    expect(j.run2).toEqual(b);
    expect(j.divergence).toEqual({ tick: 2, variable: "x", run1: 1, run2: -3, task: "t", responsible: { file: "m.vgl", line: 12, col: 3 } });
    matchGolden("two-run.json", text);
  });

  it("VCD declares both runs with the same signals and decodes back to both traces (golden)", () => {
    const text = twoRunVcd(two, { tickUs: 10_000, enums, widths });
    matchGolden("two-run.vcd", text);
    const v = readVcd(text);
    expect(v.timescale).toBe("10 ms");
    expect([...v.scopes.keys()].sort()).toEqual(["run1", "run2"]);
    expect(v.scopes.get("run1")).toEqual(v.scopes.get("run2"));
    expect(v.scopes.get("run1")).toEqual(["u", "on", "x", "arr_0", "arr_1", "mode", "y"]);
    expect(v.width.get("run1.x")).toBe(5);
    expect(v.width.get("run1.on")).toBe(1);
    // Tick k at time k (timescale = the tick); the final timestamp closes the last tick.
    expect(v.times).toEqual([0, 1, 2, 3]);
    for (const [run, t] of [["run1", a], ["run2", b]] as const) {
      for (const s of t) {
        expect(v.at(`${run}.u`, s.tick)).toBe(BigInt(s.inputs["u"] as number));
        expect(v.at(`${run}.on`, s.tick)).toBe(s.inputs["on"] ? 1n : 0n);
        expect(v.at(`${run}.arr_1`, s.tick)).toBe(BigInt((s.state["arr"] as number[])[1] ?? 0));
        expect(v.at(`${run}.mode`, s.tick)).toBe(BigInt(["idle", "sensing", "pacing"].indexOf(s.state["mode"] as string)));
        const x = s.state["x"] as number;
        expect(v.at(`${run}.x`, s.tick)).toBe(BigInt.asUintN(5, BigInt(x)));
      }
    }
  });

  it("VCD without a program: 64-bit two's complement, one timestamp per tick, enums unknown", () => {
    const v = readVcd(twoRunVcd(two));
    expect(v.timescale).toBe("1 ms");
    expect(v.at("run2.x", 2)).toBe(BigInt.asUintN(64, -3n));
    expect(v.at("run1.mode", 0)).toBe(undefined); // x
    expect(readVcd(twoRunVcd(two, "100 us")).timescale).toBe("100 us");
  });

  it("a tick that is not a power of ten is written in microseconds", () => {
    const v = readVcd(twoRunVcd(two, { tickUs: 250 }));
    expect(v.timescale).toBe("1 us");
    expect(v.times).toEqual([0, 250, 500, 750]);
  });

  it("files for --cex-dir: table, JSON and VCD named after the obligation; none for a proved result", () => {
    const span = { file: "m.vgl", line: 20, col: 1, offset: 400, length: 10 };
    const falsified: ObligationResult & { divergence: NonNullable<TwoRun["divergence"]> & { run1: number; run2: number; responsible: typeof span } } = {
      obligation: { name: "therapy isolated/1", kind: "noninterference", description: "", span },
      verdict: { status: "falsified", engine: "relational-bmc", tick: 2, trace: a, otherTrace: b, at: span, explanation: "why", replayed: true },
      timeMs: 1,
      solverMs: 1,
      divergence: { tick: 2, variable: "x", run1: 1, run2: -3, task: "t", responsible: { ...span, line: 12, col: 3 } },
    };
    const r = twoRunOf(falsified);
    expect(r?.divergence).toEqual({ tick: 2, variable: "x", task: "t", responsible: { file: "m.vgl", line: 12, col: 3 } });
    const files = twoRunFiles(falsified, { tickUs: 1000 });
    expect(files.map((f) => f.name)).toEqual(["therapy_isolated_1.two-run.txt", "therapy_isolated_1.two-run.json", "therapy_isolated_1.two-run.vcd"]);
    expect(files[0]?.text).toContain("<<");
    expect(JSON.parse(files[1]?.text ?? "{}")).toMatchObject({ property: "therapy isolated/1", divergence: { tick: 2, variable: "x" } });
    expect(readVcd(files[2]?.text ?? "").timescale).toBe("1 ms");
    expect(twoRunFiles({ ...falsified, verdict: { status: "proved", engine: "x", evidence: { kind: "static", note: "" } } })).toEqual([]);
    expect(cexStem("adopt/endorse@88:12")).toBe("adopt_endorse_88_12");
  });
});
