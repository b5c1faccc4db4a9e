// Differential test: the SMT encoding of the transition system (src/smt/transition.ts, queries.ts)
// against the reference interpreter. For random input traces (fast-check picks the seeds) the path
// query with the inputs fixed must be satisfiable, and its model must give, at every frame, the
// interpreter's visible state and outputs, its runtime-error verdict ("allok" and the failing check) and
// its verdicts on every always and leads_to property.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { IrProgram, IrType, IrValue } from "../../src/ir/ir.js";
import { simulate, type TickInputs } from "../../src/interp/index.js";
import { safetyObligations } from "../../src/prove/safety/index.js";
import { randomInputs } from "../../src/sim/random.js";
import { pathQuery } from "../../src/smt/queries.js";
import { buildTemplate, instantiate } from "../../src/smt/transition.js";
import { intLit, scalarOf } from "../../src/smt/text.js";
import { createSolver } from "../../src/solver/index.js";
import { parseModel, type ModelValue } from "../../src/solver/model-parse.js";
import { compileFile } from "../isolation/helpers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const solver = createSolver({ workers: 2 });
afterAll(() => solver.close());

const files = [
  ...readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".vgl")).map((f) => join(ROOT, "examples", f)),
  ...["vvi-pacemaker/vvi.vgl", "ddd-pacemaker/ddd.vgl", "pca-pump/pca.vgl", "icd/icd.vgl"].map((f) => join(ROOT, "models", f)),
  // seeded bugs: runs that stop on a runtime error or break invariants
  ...["vvi-pacemaker/bugs/weak-validator.vgl", "pca-pump/bugs/bolus-overrun.vgl", "ddd-pacemaker/bugs/no-uri.vgl"].map((f) => join(ROOT, "test", "models", f)),
  // publication delays of several ticks, offsets, irq tasks with a minimum inter-arrival time
  ...["proved/p11-let-offset.vgl", "proved/p16-offset-deadline-phase.vgl", "proved/p10-irq-burst.vgl", "falsified/f11-let-delay.vgl", "falsified/f14-offset-deadline-short.vgl", "falsified/f10-irq-only-bug.vgl"].map((f) => join(ROOT, "test", "prove", "cases", f)),
];

function lit(v: number, t: IrType): string {
  return scalarOf(t).kind === "bool" ? (v !== 0 ? "true" : "false") : intLit(v);
}

function num(v: ModelValue | undefined): number | undefined {
  if (v?.kind === "int") return Number(v.value);
  if (v?.kind === "bool") return v.value ? 1 : 0;
  return undefined;
}

async function compare(prog: IrProgram, inputs: TickInputs[]): Promise<void> {
  const K = inputs.length - 1;
  const { targets } = safetyObligations(prog);
  const tpl = buildTemplate(prog, targets);
  const q = pathQuery(tpl, K);
  const fix: string[] = [];
  q.inputs.forEach((row, j) =>
    row.forEach((r) => {
      const v = inputs[j]?.[r.name] as IrValue;
      if (typeof r.symbols === "string") fix.push(`(assert (= ${r.symbols} ${lit(v as number, r.type)}))`);
      else r.symbols.forEach((s, i) => fix.push(`(assert (= ${s} ${lit((v as readonly number[])[i] ?? 0, r.type)}))`));
    }),
  );
  const a = await solver.check({ smtlib: q.smtlib + fix.join("\n") + "\n", timeoutMs: 60_000, mode: "check", logic: tpl.logic, getModel: true });
  expect(a.status).toBe("sat");
  if (a.status !== "sat") return;
  const m = parseModel(a.model ?? "");
  const sim = simulate(prog, inputs, inputs.length);
  const globals = [...prog.state, ...prog.outputs];
  for (const row of sim.rows) {
    const j = row.tick;
    for (const g of globals) {
      const want = row.state[g.name] ?? row.outputs[g.name];
      const got =
        g.type.kind === "array"
          ? Array.from({ length: g.type.length }, (_, i) => (j === 0 ? Number(tpl.init.get(`$s.v.${g.name}.${i}`)) : num(m.get(instantiate(`$s.v.${g.name}.${i}`, j)))))
          : j === 0
            ? num(parseModel(`(define-fun x () Int ${tpl.init.get(`$s.v.${g.name}`) === "true" ? 1 : tpl.init.get(`$s.v.${g.name}`) === "false" ? 0 : tpl.init.get(`$s.v.${g.name}`)})`).get("x"))
            : num(m.get(instantiate(`$s.v.${g.name}`, j)));
      expect(got, `${g.name} at tick ${j}`).toEqual(want);
    }
    const err = sim.runtimeError?.tick === j;
    expect(m.get(`o${j}.allok`)?.kind === "bool" && (m.get(`o${j}.allok`) as { value: boolean }).value, `allok at tick ${j}`).toBe(!err);
    targets.forEach((t, k) => {
      if (t.kind === "runtime") {
        // the check's own violation indicator: this assert is the runtime error of this tick
        const mine = sim.runtimeError?.tick === j && sim.runtimeError.assertId === t.name;
        expect(num(m.get(`o${j}.v${k}`)), `${t.name} at tick ${j}`).toBe(mine ? 1 : 0);
        return;
      }
      const viols = sim.propertyViolations.filter((v) => v.property === t.name).map((v) => v.tick);
      // leads_to: the monitor keeps only the oldest open window, so compare up to the first violation
      if (t.kind === "leadsTo" && viols.length > 0 && j > Math.min(...viols)) return;
      expect(num(m.get(`o${j}.v${k}`)), `${t.name} at tick ${j}`).toBe(viols.includes(j) ? 1 : 0);
    });
    if (err) break;
  }
}

describe("SMT encoding agrees with the interpreter on random traces", () => {
  for (const file of files) {
    it(file.slice(ROOT.length + 1), async () => {
      const { program, errors } = compileFile(file);
      expect(errors).toEqual([]);
      if (!program) return;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), async (seed) => {
          const r = randomInputs(program, 14, seed);
          expect(r.ok).toBe(true);
          if (r.ok) await compare(program, r.inputs);
        }),
        { numRuns: 4, seed: 7 },
      );
    }, 120_000);
  }
});
