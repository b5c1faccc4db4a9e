/**
 * Offline bug hunt (not a test; too slow for the suite): the safety prover against exhaustive
 * exploration on many generated models (gen-model.ts).
 *
 * Usage: node --import tsx test/prove/hunt.ts bmc|full SEED RUNS
 * - bmc: engines ["bmc"] at depths 2, 3, 5 must falsify exactly what exploration of depth + 1
 *   ticks violates and leave the rest unknown ("no violation within ...").
 * - full: the default portfolio; when exploration exhausts the reachable states, a refuted
 *   obligation must not be proved and a safe one must not be falsified; every falsified trace
 *   must replay through simulate(). Unknown verdicts are counted, not failures.
 * Output: one MISMATCH line per disagreement followed by the model text, then a summary.
 */
import fc from "fast-check";
import { simulate } from "../../src/interp/index.js";
import { proveSafety } from "../../src/prove/safety/index.js";
import type { ObligationResult } from "../../src/prove/verdict.js";
import { createSolver } from "../../src/solver/index.js";
import { compileText } from "../isolation/helpers.js";
import { traceInputs } from "./cases.js";
import { explore } from "./explore.js";
import { buildModel, genSpec } from "./gen-model.js";
import type { IrProgram } from "../../src/ir/ir.js";

const [mode = "bmc", seedText = "1", runsText = "100"] = process.argv.slice(2);
const solver = createSolver({ workers: 2 });
const stat = new Map<string, number>();
let issues = 0;

function replays(program: IrProgram, r: ObligationResult): boolean {
  const v = r.verdict;
  if (v.status !== "falsified") return true;
  const inputs = traceInputs(program, v.trace);
  const sim = simulate(program, inputs, inputs.length);
  if (r.obligation.kind === "runtime") return sim.runtimeError?.assertId === r.obligation.name && sim.runtimeError.tick === v.tick;
  return sim.propertyViolations.some((x) => x.property === r.obligation.name && x.tick === v.tick);
}

async function main(): Promise<void> {
  const specs = fc.sample(genSpec(), { seed: Number(seedText), numRuns: Number(runsText) });
  for (const [idx, spec] of specs.entries()) {
    const text = buildModel(spec);
    const { program, errors } = compileText(text);
    if (!program) {
      console.log(`COMPILE ${idx}: ${errors.join("; ")}\n${text}`);
      issues++;
      continue;
    }
    const report = (what: string): void => {
      issues++;
      console.log(`MISMATCH ${idx} ${what}\n${text}`);
    };
    if (mode === "bmc") {
      for (const k of [2, 3, 5]) {
        const o = explore(program, { ticks: k + 1 });
        for (const r of await proveSafety(program, { solver, engines: ["bmc"], maxDepth: k, timeoutMs: 60_000 })) {
          stat.set(r.verdict.status, (stat.get(r.verdict.status) ?? 0) + 1);
          const w = o.violations.get(r.obligation.name);
          const ok = w ? r.verdict.status === "falsified" && replays(program, r) : r.verdict.status === "unknown" && r.verdict.reason.startsWith("no violation within");
          if (!ok) report(`k=${k} ${r.obligation.name} oracle ${w ? `tick ${w.tick}` : "none"}: ${JSON.stringify(r.verdict).slice(0, 300)}`);
        }
      }
    } else {
      const o = explore(program, { ticks: 200, maxStates: 100_000 });
      for (const r of await proveSafety(program, { solver, timeoutMs: 20_000 })) {
        stat.set(r.verdict.status, (stat.get(r.verdict.status) ?? 0) + 1);
        const w = o.violations.get(r.obligation.name);
        const bad =
          (w !== undefined && r.verdict.status === "proved") || (o.complete && w === undefined && r.verdict.status === "falsified") || !replays(program, r);
        if (bad) report(`${r.obligation.name} oracle ${w ? `tick ${w.tick}` : `none (complete ${o.complete})`}: ${JSON.stringify(r.verdict).slice(0, 300)}`);
      }
    }
  }
  console.log(`issues ${issues}; verdicts ${JSON.stringify(Object.fromEntries(stat))}`);
  await solver.close();
}

void main();
