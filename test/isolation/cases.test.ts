// Isolation proofs on the case suite: test/isolation/cases/{proved,falsified}/*.vgl.
// Each falsified case names (first line, "// expect: VAR") the protected variable where the runs
// must first diverge; each counterexample is checked to be a genuine two-run divergence.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSolver } from "../../src/solver/index.js";
import { proveIsolation, renderTwoRunTable, twoRunJson, twoRunVcd } from "../../src/prove/isolation/index.js";
import { compileFile } from "./helpers.js";

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
      // The responsible source line lies in this file, and the renderers show the divergence.
      expect(r.divergence?.responsible?.file).toBe(file);
      expect(r.verdict.explanation).toContain(`\`${expected}\``);
      const two = { property: r.obligation.name, trace: a, otherTrace: b, divergence: r.divergence, explanation: r.verdict.explanation };
      expect(renderTwoRunTable(two)).toContain("<<");
      const json = JSON.parse(twoRunJson(two)) as { divergence: { tick: number; variable: string } };
      expect(json.divergence).toMatchObject({ tick: t, variable: expected });
      const vcd = twoRunVcd(two);
      expect(vcd).toContain("$scope module run1 $end");
      expect(vcd).toContain("$scope module run2 $end");
      expect(vcd).toContain(`#${t}`);
    });
  }
});

describe("the static flow check and the relational proof agree", () => {
  it("every leak is also rejected by the strict static check", () => {
    for (const file of cases("falsified")) {
      const { errors } = compileFile(file, "strict");
      expect(errors.some((e) => /^VG300[2-5]/.test(e)), `${file}: ${errors.join("; ")}`).toBe(true);
    }
  });

  it("every example the static check accepts passes the relational proof", async () => {
    const repo = join(import.meta.dirname, "..", "..");
    const files = [
      ...readdirSync(join(repo, "examples")).filter((f) => f.endsWith(".vgl")).map((f) => join(repo, "examples", f)),
      ...walk(join(repo, "models")),
      ...cases("proved"),
      ...cases("endorse"),
    ];
    let accepted = 0;
    for (const f of files) {
      const { program, errors } = compileFile(f, "strict");
      if (!program || errors.length > 0) continue;
      accepted++;
      for (const r of await proveIsolation(program, { solver, timeoutMs: 20_000, endorse: false })) {
        // Known gap (see the closing note): the ICD's radio -> logbook property needs a relational
        // invariant over the therapy domain too; the engine ends unknown there. It must never be falsified.
        if (f.endsWith("icd.vgl") && r.obligation.name === "log_isolated") {
          expect(r.verdict.status, JSON.stringify(r.verdict)).not.toBe("falsified");
          continue;
        }
        expect(r.verdict.status, `${f} ${r.obligation.name}: ${JSON.stringify(r.verdict)}`).toBe("proved");
      }
    }
    expect(accepted).toBeGreaterThan(0);
  }, 400_000);

  it("models the naive static check rejects are proved (the note says so)", async () => {
    for (const name of ["same-value-arms.vgl", "overwritten.vgl", "cancelled.vgl", "dead-loop-influence.vgl"]) {
      const file = join(root, "proved", name);
      const strict = compileFile(file, "strict");
      expect(strict.errors.some((e) => /^VG300[23]/.test(e)), `${name} should be rejected by the strict check`).toBe(true);
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

describe("flow advice", () => {
  it("notes (VG3009) a strictly rejected flow that the proof accepts, and not a real leak", async () => {
    const { flowAdvice } = await import("../../src/prove/isolation/index.js");
    const { loadModel } = await import("../../src/parse/index.js");
    const { check } = await import("../../src/check/index.js");
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
