// Differential: the product encoding (one copy, fixed inputs) computes exactly the interpreter's
// visible state and outputs at every tick, for random input traces (fast-check).
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { IrProgram, IrType } from "../../src/ir/ir.js";
import { simulate, type TickInputs } from "../../src/interp/index.js";
import { createSolver } from "../../src/solver/index.js";
import { buildQuery, type NiProperty } from "../../src/prove/isolation/product.js";
import { buildHorn } from "../../src/prove/isolation/horn.js";
import { intLit } from "../../src/smt/text.js";
import { compileFile } from "./helpers.js";

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());

const repo = join(import.meta.dirname, "..", "..");
const models = [
  join(repo, "examples", "vvi-pacemaker.vgl"),
  join(import.meta.dirname, "cases", "falsified", "two-tasks-two-ticks.vgl"),
  join(import.meta.dirname, "cases", "falsified", "loop-bound.vgl"),
  join(import.meta.dirname, "cases", "falsified", "array-store-index.vgl"),
  join(import.meta.dirname, "cases", "proved", "declassify-ok.vgl"),
  join(import.meta.dirname, "cases", "proved", "untrusted-irq.vgl"),
  join(import.meta.dirname, "cases", "proved", "guarded-by-invariant.vgl"),
  join(import.meta.dirname, "cases", "proved", "rich-model.vgl"),
];

function scalarArb(t: IrType): fc.Arbitrary<number> {
  const s = t.kind === "array" ? t.elem : t;
  if (s.kind === "bool") return fc.integer({ min: 0, max: 1 });
  if (s.kind === "enum") return fc.integer({ min: 0, max: s.members.length - 1 });
  return fc.integer({ min: s.lo, max: Math.min(s.hi, s.lo + 3000) });
}

function inputsArb(p: IrProgram, ticks: number): fc.Arbitrary<TickInputs[]> {
  const fields: Record<string, fc.Arbitrary<number | number[]>> = {};
  for (const g of p.inputs) fields[g.name] = g.type.kind === "array" ? fc.array(scalarArb(g.type), { minLength: g.type.length, maxLength: g.type.length }) : scalarArb(g.type);
  for (const l of p.irqs) fields[l.name] = fc.integer({ min: 0, max: 1 });
  return fc.array(fc.record(fields), { minLength: ticks, maxLength: ticks });
}

function term(v: number, t: IrType): string {
  const s = t.kind === "array" ? t.elem : t;
  return s.kind === "bool" ? (v !== 0 ? "true" : "false") : intLit(v);
}

describe("product encoding agrees with the reference interpreter", () => {
  for (const file of models) {
    it(file.split("/").slice(-2).join("/"), async () => {
      const { program } = compileFile(file, "relaxed");
      expect(program).toBeDefined();
      if (!program) return;
      const prop = program.properties.find((p): p is NiProperty => p.kind === "noninterference");
      if (!prop) throw new Error("model without a noninterference property");
      const K = 7;
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(inputsArb(program, K + 1), async (trace) => {
          const sim = simulate(program, trace, K + 1);
          if (sim.assumptionViolation || sim.runtimeError) return; // outside the compared behaviours
          const q = buildQuery(program, prop, "vacuity", K);
          const lines: string[] = [q.smtlib];
          // Both copies get the same inputs (also those of domain A).
          for (const c of [0, 1]) {
            for (let j = 0; j <= K; j++) {
              for (const iv of q.inputs[c]?.[j] ?? []) {
                const v = trace[j]?.[iv.name];
                const syms = typeof iv.symbols === "string" ? [iv.symbols] : iv.symbols;
                const vals = typeof v === "number" ? [v] : (v ?? []);
                syms.forEach((s, i) => lines.push(`(assert (= ${s} ${term(vals[i] ?? 0, iv.type)}))`));
              }
            }
          }
          // The encoding must force every visible value of copy 1 at every frame to the interpreter's.
          const eqs: string[] = [];
          for (let j = 0; j <= K; j++) {
            const row = sim.rows[j];
            if (!row) continue;
            for (const g of [...program.state, ...program.outputs]) {
              const v = row.state[g.name] ?? row.outputs[g.name];
              if (v === undefined) continue;
              if (typeof v === "number") eqs.push(`(= c1.f${j}.${g.name} ${term(v, g.type)})`);
              else v.forEach((x, i) => eqs.push(`(= c1.f${j}.${g.name}.${i} ${term(x, g.type)})`));
            }
          }
          const consistent = await solver.check({ smtlib: lines.join("\n"), timeoutMs: 20_000, mode: "check" });
          expect(consistent.status).toBe("sat");
          lines.push(`(assert (not (and ${eqs.join(" ")})))`);
          const a = await solver.check({ smtlib: lines.join("\n"), timeoutMs: 20_000, mode: "check" });
          expect(a.status).toBe("unsat");
          checked++;
        }),
        { numRuns: 6, seed: 42 },
      );
      expect(checked).toBeGreaterThan(0);
    });
  }
});

describe("horn encoding", () => {
  it("has one relation over both copies' frames and three clauses", () => {
    const { program } = compileFile(join(repo, "examples", "vvi-pacemaker.vgl"), "strict");
    if (!program) throw new Error("pacemaker does not compile");
    const prop = program.properties.find((p): p is NiProperty => p.kind === "noninterference");
    if (!prop) throw new Error("no NI property");
    const h = buildHorn(program, prop);
    expect(h.args.filter((a) => a.startsWith("c1.f0.")).length).toBe(h.args.filter((a) => a.startsWith("c2.f0.")).length);
    expect(h.args).toContain("c1.f0.lri");
    expect(h.smtlib.match(/\(assert \(forall/g)?.length).toBe(3);
  });
});
