// Isolation proofs on the case suite: test/isolation/cases/{proved,falsified}/*.vgl.
// Each falsified case names (first line, "// expect: VAR") the protected variable where the runs
// must first diverge; each counterexample is checked to be a genuine two-run divergence (replayed
// through the interpreter here again), and its table, JSON and VCD files to show it.
// Then: the static flow check and the relational proof agree on every example, reference model and
// case; flow advice (VG3009) on models the strict check rejects.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSolver } from "../../src/solver/index.js";
import { adviseFlowsForModel, proveIsolation, twoRunFiles, twoRunOf, vcdOptionsFor } from "../../src/prove/isolation/index.js";
import { simulate, type TickInputs } from "../../src/interp/index.js";
import { check } from "../../src/check/index.js";
import { loadModel } from "../../src/parse/index.js";
import type { TraceStep } from "../../src/prove/verdict.js";
import { compileFile } from "./helpers.js";
import { readVcd } from "./vcd-reader.js";
import { toTraceSteps } from "../../src/prove/isolation/replay.js";
import { vcdTimescale } from "../../src/sim/write.js";

const root = join(import.meta.dirname, "cases");
const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

function cases(dir: string): string[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".vgl"))
    .sort()
    .map((f) => join(root, dir, f));
}

describe("non-interfering models are proved", () => {
  for (const file of cases("proved")) {
    it(file.split("/").pop() ?? file, async () => {
      const { program, errors } = compileFile(file, "relaxed");
      expect(errors).toEqual([]);
      if (!program) return;
      const res = await proveIsolation(program, { solver, timeoutMs: 30_000 });
      expect(res.filter((r) => r.obligation.kind === "noninterference").length).toBeGreaterThan(0);
      for (const r of res) {
        expect(r.verdict, `${r.obligation.name}: ${JSON.stringify(r.verdict)}`).toMatchObject({ status: "proved" });
        if (r.verdict.status === "proved" && r.obligation.kind === "noninterference") expect(r.verdict.evidence.kind).toBe("relational");
      }
    });
  }
});

describe("leaks are falsified with replayed two-run counterexamples", () => {
  for (const file of cases("falsified")) {
    it(file.split("/").pop() ?? file, async () => {
      const expected = /expect: (\w+)/.exec(readFileSync(file, "utf8"))?.[1];
      expect(expected).toBeDefined();
      const { program, errors } = compileFile(file, "relaxed");
      expect(errors).toEqual([]);
      if (!program) return;
      const res = (await proveIsolation(program, { solver, timeoutMs: 30_000 })).filter((r) => r.obligation.kind === "noninterference");
      expect(res.length).toBe(1);
      const r = res[0];
      if (!r) return;
      expect(r.verdict.status, JSON.stringify(r.verdict)).toBe("falsified");
      if (r.verdict.status !== "falsified") return;
      const prop = program.properties.find((p) => p.name === r.obligation.name);
      if (prop?.kind !== "noninterference") throw new Error("not an NI property");
      expect(r.verdict.replayed).toBe(true);
      expect(r.divergence?.variable).toBe(expected);
      const t = r.verdict.tick;
      const a = r.verdict.trace;
      const b = r.verdict.otherTrace ?? [];
      expect(a.length).toBe(t + 1);
      expect(b.length).toBe(t + 1);
      // The runs agree on every input not of the source domain at every tick ...
      const sourceInputs = new Set([
        ...program.inputs.filter((g) => g.domain === prop.from).map((g) => g.name),
        ...program.irqs.filter((l) => l.domain === prop.from).map((l) => l.name),
      ]);
      for (let i = 0; i <= t; i++) {
        for (const [k, v] of Object.entries(a[i]?.inputs ?? {})) {
          if (!sourceInputs.has(k)) expect(b[i]?.inputs[k]).toEqual(v);
        }
      }
      // ... agree on the protected domain before tick t, and differ on the named variable at t.
      const protectedNames = [...program.state, ...program.outputs].filter((g) => g.domain === prop.to).map((g) => g.name);
      const pv = (s: (typeof a)[number] | undefined, n: string) => s?.state[n] ?? s?.outputs[n];
      for (let i = 0; i < t; i++) for (const n of protectedNames) expect(pv(b[i], n)).toEqual(pv(a[i], n));
      expect(pv(a[t], expected ?? "")).not.toEqual(pv(b[t], expected ?? ""));
      // Both runs replay through the interpreter from their inputs alone, to exactly the traces shown.
      for (const [run, trace] of [["run 1", a], ["run 2", b]] as const) {
        const ins = inputsOf(program, trace);
        const sim = simulate(program, ins, ins.length);
        expect(sim.assumptionViolation, run).toBeUndefined();
        expect(toTraceSteps(program, sim).slice(0, t + 1), run).toEqual(trace);
      }
      // The responsible source line lies in this file, and the renderers show the divergence.
      expect(r.divergence?.responsible?.file).toBe(file);
      expect(r.verdict.explanation).toContain(`\`${expected}\``);
      const two = twoRunOf(r);
      expect(two).toBeDefined();
      const files = twoRunFiles(r, vcdOptionsFor(program));
      expect(files.map((f) => f.name.replace(/^.*\.two-run\./, ""))).toEqual(["txt", "json", "vcd"]);
      const [table, json, vcd] = files.map((f) => f.text);
      expect(table).toContain("<<");
      const j = JSON.parse(json ?? "{}") as { divergence: { tick: number; variable: string; responsible: { line: number } }; run1: TraceStep[]; run2: TraceStep[] };
      expect(j.divergence).toMatchObject({ tick: t, variable: expected, responsible: { line: r.divergence?.responsible?.line } });
      expect(j.run1).toEqual(a);
      expect(j.run2).toEqual(b);
      // The VCD decodes to different values of the divergent variable at the divergent tick.
      const v = readVcd(vcd ?? "");
      const g = [...program.state, ...program.outputs].find((x) => x.name === expected);
      const sig = g?.type.kind === "array" ? `${expected}_${firstDiff(pv(a[t], expected ?? ""), pv(b[t], expected ?? ""))}` : expected;
      const time = t * vcdTimescale(program.device.tickUs).factor;
      expect(v.at(`run1.${sig}`, time), `VCD ${sig}`).not.toEqual(v.at(`run2.${sig}`, time));
    });
  }
});

/** The input rows of a trace, as the interpreter takes them (bools as 0/1, enums as indices). */
function inputsOf(program: import("../../src/ir/ir.js").IrProgram, trace: readonly TraceStep[]): TickInputs[] {
  const members = new Map<string, readonly string[]>();
  for (const g of program.inputs) {
    const s = g.type.kind === "array" ? g.type.elem : g.type;
    if (s.kind === "enum") members.set(g.name, s.members);
  }
  const one = (name: string, x: number | string | boolean): number => (typeof x === "boolean" ? Number(x) : typeof x === "string" ? (members.get(name)?.indexOf(x) ?? -1) : x);
  return trace.map((s) => Object.fromEntries(Object.entries(s.inputs).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => one(k, x)) : one(k, v as number | string | boolean)])));
}

function firstDiff(x: unknown, y: unknown): number {
  const xs = Array.isArray(x) ? x : [];
  const ys = Array.isArray(y) ? y : [];
  return Math.max(0, xs.findIndex((e, i) => e !== ys[i]));
}

describe("the static flow check and the relational proof agree", () => {
  it("every leak is also rejected by the strict static check", () => {
    for (const file of cases("falsified")) {
      const { errors } = compileFile(file, "strict");
      expect(errors.some((e) => /^VG300[2-5]/.test(e)), `${file}: ${errors.join("; ")}`).toBe(true);
    }
  });

  it("every example, reference model and case the static check accepts passes the relational proof", async () => {
    const repo = join(import.meta.dirname, "..", "..");
    const models = walk(join(repo, "models"));
    const files = [
      ...readdirSync(join(repo, "examples")).filter((f) => f.endsWith(".vgl")).map((f) => join(repo, "examples", f)),
      ...models,
      ...cases("proved"),
      ...cases("endorse"),
      ...cases("falsified"),
    ];
    const accepted: string[] = [];
    let properties = 0;
    for (const f of files) {
      const { program, errors } = compileFile(f, "strict");
      if (!program || errors.length > 0) continue;
      accepted.push(f);
      for (const r of await proveIsolation(program, { solver, timeoutMs: 30_000, endorse: false })) {
        properties++;
        expect(r.verdict.status, `${f} ${r.obligation.name}: ${JSON.stringify(r.verdict)}`).toBe("proved");
      }
    }
    // Every reference model is accepted by the static check (and so proved above).
    expect(models.length).toBeGreaterThanOrEqual(4);
    for (const m of models) expect(accepted, m).toContain(m);
    expect(properties).toBeGreaterThanOrEqual(2 * models.length);
  }, 300_000);

  it("the reference models' isolation obligations are all proved, endorse validators included", async () => {
    const repo = join(import.meta.dirname, "..", "..");
    for (const f of walk(join(repo, "models"))) {
      const { program } = compileFile(f, "strict");
      if (!program) throw new Error(`${f} does not compile`);
      const rs = await proveIsolation(program, { solver, timeoutMs: 30_000 });
      expect(rs.some((r) => r.obligation.kind === "endorse"), f).toBe(true);
      for (const r of rs) expect(r.verdict.status, `${f} ${r.obligation.name}: ${JSON.stringify(r.verdict)}`).toBe("proved");
    }
  }, 300_000);
});

describe("flow advice (VG3009)", () => {
  it("models the naive static check rejects are proved, and the note says so", async () => {
    for (const name of ["same-value-arms.vgl", "overwritten.vgl", "cancelled.vgl", "dead-loop-influence.vgl"]) {
      const file = join(root, "proved", name);
      const loaded = loadModel(file);
      const strict = check(loaded, { flow: "strict" }).diagnostics;
      const flows = strict.filter((d) => /^VG300[2-5]$/.test(d.code));
      expect(flows.length, `${name} should be rejected by the strict check`).toBeGreaterThan(0);
      const advice = await adviseFlowsForModel(loaded, strict, { solver, timeoutMs: 20_000 });
      expect(advice.notes.length, name).toBe(flows.length);
      for (const [i, n] of advice.notes.entries()) {
        expect(n.code).toBe("VG3009");
        expect(n.severity).toBe("note");
        expect(n.span).toEqual(flows[i]?.span);
        expect(n.message).toContain("`noninterference radio -> safe` proved");
        expect(n.notes.join(" ")).toContain("--flow relaxed");
      }
      expect(advice.results.map((r) => [r.obligation.name, r.verdict.status])).toEqual([["radio -> safe", "proved"]]);
    }
  }, 120_000);

  it("no note for a real leak: every falsified case gets none", async () => {
    for (const file of cases("falsified")) {
      const loaded = loadModel(file);
      const strict = check(loaded, { flow: "strict" }).diagnostics;
      const advice = await adviseFlowsForModel(loaded, strict, { solver, timeoutMs: 20_000 });
      expect(advice.notes, file).toEqual([]);
      // The flow's obligation was decided, and decided falsified.
      expect(advice.results.some((r) => r.verdict.status === "falsified"), `${file}: ${JSON.stringify(advice.results.map((r) => r.verdict.status))}`).toBe(true);
    }
  }, 120_000);

  it("advice from results already computed (flowAdvice) matches the model's own properties", async () => {
    const { flowAdvice } = await import("../../src/prove/isolation/index.js");
    const { lower } = await import("../../src/lower/index.js");
    for (const [dir, name, expectNote] of [
      ["proved", "same-value-arms.vgl", true],
      ["falsified", "branch-condition.vgl", false],
    ] as const) {
      const file = join(root, dir, name);
      const strict = check(loadModel(file), { flow: "strict" }).diagnostics;
      expect(strict.some((d) => d.code === "VG3003" || d.code === "VG3002")).toBe(true);
      const program = lower(check(loadModel(file), { flow: "relaxed" }));
      const results = await proveIsolation(program, { solver, timeoutMs: 30_000 });
      const notes = flowAdvice(program, strict, results);
      expect(notes.length > 0).toBe(expectNote);
      for (const n of notes) expect(n.code).toBe("VG3009");
    }
  });
});

function walk(dir: string): string[] {
  let out: string[] = [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  for (const e of entries) {
    if (e.isDirectory()) out = out.concat(walk(join(dir, e.name)));
    else if (e.name.endsWith(".vgl")) out.push(join(dir, e.name));
  }
  return out;
}
