// The soundness suite's models, validated without the prover: each checks clean; each falsified
// model's witness trace (cases/witness/NAME.csv, read by the simulator's own CSV reader) shows the
// violation its header names; exhaustive exploration by the interpreter finds no violation in the
// proved models (their whole reachable state space), finds the named one in the falsified models,
// and finds no admissible input at all in the vacuous ones.
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../../src/check/index.js";
import { loadModel } from "../../src/parse/index.js";
import { simulate } from "../../src/interp/index.js";
import { readCsvTrace } from "../../src/sim/index.js";
import { compileFile } from "../isolation/helpers.js";
import { describeBreaks, isTarget, listCases } from "./cases.js";
import { explore } from "./explore.js";

const ALL = listCases();
const by = (e: string) => ALL.filter((c) => c.expected === e);

describe("the suite", () => {
  it("has at least 30 cases in the three folders, every falsified one naming its target", () => {
    expect(ALL.length).toBeGreaterThanOrEqual(30);
    expect(by("proved").length).toBeGreaterThanOrEqual(12);
    expect(by("falsified").length).toBeGreaterThanOrEqual(12);
    expect(by("vacuous").length).toBeGreaterThanOrEqual(2);
    for (const c of by("falsified")) expect(c.breaks, c.name).toBeDefined();
    for (const c of [...by("proved"), ...by("vacuous")]) expect(c.breaks, c.name).toBeUndefined();
  });
});

// What `vigil check FILE` does (default flow mode strict), without the CLI around it.
describe("every case checks clean (no error, no warning)", () => {
  for (const c of ALL) {
    it(`${c.expected}/${c.name}`, () => {
      const checked = check(loadModel(c.file), { flow: "strict" });
      const bad = checked.diagnostics.filter((d) => d.severity === "error" || d.severity === "warning");
      expect(bad.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(checked.tasks.length).toBeGreaterThan(0);
    });
  }
});

describe("falsified: the witness trace shows the violation in the simulator", () => {
  for (const c of by("falsified")) {
    it(`${c.name} breaks ${c.breaks ? describeBreaks(c.breaks) : "?"}`, () => {
      const b = c.breaks!;
      const witness = c.witness!;
      expect(existsSync(witness), relative(process.cwd(), witness)).toBe(true);
      const { program, errors } = compileFile(c.file);
      expect(errors).toEqual([]);
      const text = readFileSync(witness, "utf8");
      const ticks = text.trim().split("\n").length - 1;
      const tr = readCsvTrace(witness, text, program!, ticks);
      expect(tr.ok, JSON.stringify(tr)).toBe(true);
      if (!tr.ok) return;
      const res = simulate(program!, tr.inputs, ticks);
      expect(res.assumptionViolation).toBeUndefined();
      if (b.kind === "runtime") {
        expect(res.runtimeError, "runtime error expected").toBeDefined();
        expect(res.runtimeError!.task).toBe(b.task);
        expect(res.runtimeError!.check.kind).toBe(b.check);
        expect(isTarget(b, res.runtimeError!.assertId)).toBe(true);
        expect(res.runtimeError!.tick).toBe(ticks - 1);
      } else {
        const v = res.propertyViolations.filter((x) => x.property === b.name);
        expect(v.length, `${b.name} violated`).toBeGreaterThan(0);
        expect(v[0]!.tick).toBe(ticks - 1);
        // The witness is minimal: its prefix one tick shorter shows nothing.
        const shorter = simulate(program!, tr.inputs, ticks - 1);
        expect(shorter.propertyViolations.filter((x) => x.property === b.name)).toEqual([]);
      }
    });
  }
});

describe("exhaustive exploration by the interpreter", () => {
  for (const c of by("proved")) {
    it(`proved/${c.name}: the whole reachable state space has no violation`, () => {
      const { program } = compileFile(c.file);
      const e = explore(program!, { ticks: 400, maxStates: 50_000 });
      expect(e.validCombos).toBeGreaterThan(0);
      expect([...e.violations.keys()]).toEqual([]);
      expect(e.complete).toBe(true);
    });
  }
  for (const c of by("falsified")) {
    it(`falsified/${c.name}: a violation of ${c.breaks ? describeBreaks(c.breaks) : "?"} is reachable`, () => {
      const { program } = compileFile(c.file);
      const e = explore(program!, { ticks: 40, maxStates: 50_000 });
      expect([...e.violations.keys()].some((n) => isTarget(c.breaks!, n))).toBe(true);
    });
  }
  for (const c of by("vacuous")) {
    it(`vacuous/${c.name}: no input satisfies the assumptions`, () => {
      const { program } = compileFile(c.file);
      const e = explore(program!, { ticks: 5 });
      expect(program!.assumptions.length).toBeGreaterThan(0);
      expect(e.validCombos).toBe(0);
    });
  }
});
