// Benchmark (issue 5): time of the non-interference proofs against the time of the safety proofs of
// the same model, on the VVI pacemaker (models/vvi-pacemaker/vvi.vgl) and on the largest example
// (examples/*.vgl by source size), plus every other reference model for context. The product
// doubles the state; the figure of interest is the ratio NI time / safety time.
//
// Safety time comes from proveSafety (src/prove/safety/index.ts); when it cannot be loaded the row
// says "TODO: safety prover not available" and the ratio is null (never a made-up number).
// Each model is measured on a warm solver pool (2 workers, as `vigil prove`), median of 3 runs; NI time covers the
// noninterference properties only (endorse validator obligations are listed apart).
// Output: prints a table and writes bench/results/isolation.json.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadModel } from "../../src/parse/index.js";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import type { SolverDriver } from "../../src/solver/types.js";
import type { ObligationResult } from "../../src/prove/verdict.js";
import { proveEndorsements, proveIsolation } from "../../src/prove/isolation/index.js";

const repo = join(import.meta.dirname, "..", "..");
const REPEAT = 3;

function median(xs: readonly number[]): number {
  const ys = [...xs].sort((a, b) => a - b);
  return ys[Math.floor(ys.length / 2)] ?? 0;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".vgl") ? [join(dir, e.name)] : [],
  );
}

function compile(path: string, flow: "strict" | "relaxed" = "strict"): IrProgram | undefined {
  const loaded = loadModel(path);
  const checked = check(loaded, { flow });
  if (checked.diagnostics.some((d) => d.severity === "error")) return undefined;
  return lower(checked, { sources: loaded.sources });
}

type SafetyFn = (program: IrProgram, opts: { solver?: SolverDriver; timeoutMs?: number }) => Promise<ObligationResult[]>;

async function safetyProver(): Promise<{ fn?: SafetyFn; note: string }> {
  const path = join(repo, "src", "prove", "safety", "index.ts");
  if (!existsSync(path)) return { note: "TODO: safety prover not available (src/prove/safety/index.ts missing)" };
  try {
    const mod = (await import(path)) as Record<string, unknown>;
    const f = mod["proveSafety"];
    if (typeof f === "function") return { fn: f as SafetyFn, note: "proveSafety" };
    return { note: "TODO: safety prover not available (src/prove/safety/index.ts has no proveSafety)" };
  } catch (e) {
    return { note: `TODO: safety prover not available (${e instanceof Error ? e.message : String(e)})` };
  }
}

function tally(rs: readonly ObligationResult[]): string {
  const n = (s: string): number => rs.filter((r) => r.verdict.status === s).length;
  return `${rs.length} obligations: ${n("proved")} proved, ${n("falsified")} falsified, ${n("unknown")} unknown, ${n("vacuous")} vacuous`;
}

async function main(): Promise<void> {
  const vvi = join(repo, "models", "vvi-pacemaker", "vvi.vgl");
  const examples = walk(join(repo, "examples")).filter((f) => compile(f) !== undefined);
  const largest = [...examples].sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const others = walk(join(repo, "models")).filter((f) => f !== vvi);
  const targets = [...new Set([vvi, ...(largest ? [largest] : []), ...others])];
  const solver: SolverDriver = createSolver({ workers: 2 });
  const safety = await safetyProver();
  const rows: Record<string, unknown>[] = [];
  const timeoutMs = 120_000;
  try {
    // Warm the worker pool so that the first model does not pay for z3's start-up.
    await solver.check({ smtlib: "(declare-const x Int)(assert (> x 0))", timeoutMs: 5000, mode: "check" });
    await solver.check({ smtlib: "(declare-const y Int)(assert (< y 0))", timeoutMs: 5000, mode: "check" });
    for (const f of targets) {
      const program = compile(f);
      if (!program) {
        console.log(`${relative(repo, f)}: does not compile, skipped`);
        continue;
      }
      const role = f === vvi ? "VVI pacemaker" : f === largest ? "largest example" : "reference model";
      // Median of REPEAT runs each (the machine is shared; single runs vary by up to 2x).
      const niTimes: number[] = [];
      let ni: Awaited<ReturnType<typeof proveIsolation>> = [];
      for (let k = 0; k < REPEAT; k++) {
        const t0 = performance.now();
        ni = await proveIsolation(program, { solver, timeoutMs, endorse: false });
        niTimes.push(performance.now() - t0);
      }
      const niMs = median(niTimes);
      const t1 = performance.now();
      const endorse = await proveEndorsements(program, { solver, timeoutMs });
      const endorseMs = performance.now() - t1;
      let safetyMs: number | null = null;
      let safetyNote = safety.note;
      if (safety.fn) {
        try {
          const times: number[] = [];
          let res: ObligationResult[] = [];
          for (let k = 0; k < REPEAT; k++) {
            const t2 = performance.now();
            res = await safety.fn(program, { solver, timeoutMs });
            times.push(performance.now() - t2);
          }
          safetyMs = median(times);
          safetyNote = tally(res);
        } catch (e) {
          safetyNote = `TODO: safety prover failed (${e instanceof Error ? e.message : String(e)})`;
        }
      }
      const row = {
        model: relative(repo, f),
        role,
        niProperties: ni.length,
        niVerdicts: ni.map((r) => `${r.obligation.name}=${r.verdict.status}`).join(" "),
        niMs: Math.round(niMs),
        niRunsMs: niTimes.map((t) => Math.round(t)),
        niSolverMs: Math.round(ni.reduce((s, r) => s + r.solverMs, 0)),
        endorseObligations: endorse.length,
        endorseMs: Math.round(endorseMs),
        safetyMs: safetyMs === null ? null : Math.round(safetyMs),
        safety: safetyNote,
        ratio: safetyMs === null || safetyMs <= 0 ? null : Number((niMs / safetyMs).toFixed(3)),
      };
      rows.push(row);
      console.log(
        `${row.model} (${role}): NI ${row.niMs} ms (solver ${row.niSolverMs} ms; ${row.niVerdicts}); ` +
          `safety ${row.safetyMs ?? "n/a"} ms (${row.safety}); ratio NI/safety ${row.ratio ?? "n/a (TODO: no safety time)"}`,
      );
    }
    // A deep counterexample: the pacemaker with its endorse replaced by an unvalidated copy (the leak
    // shows only when the adopting task has run and published).
    const vviText = readFileSync(vvi, "utf8");
    const leakText = vviText.replace(/endorse\(([^,]+), ([^)]*?), else ([^)]+)\)/, "if $2 then $1 else $3");
    if (leakText !== vviText) {
      const dir = mkdtempSync(join(tmpdir(), "vigil-bench-iso-"));
      const leakFile = join(dir, "vvi-leak.vgl");
      writeFileSync(leakFile, leakText);
      const program = compile(leakFile, "relaxed");
      const prop = program?.properties.find((p) => p.kind === "noninterference" && p.flavor === "integrity");
      if (program && prop) {
        const t0 = performance.now();
        const [r] = await proveIsolation(program, { solver, timeoutMs, properties: [prop.name], endorse: false });
        const ms = performance.now() - t0;
        const tick = r?.verdict.status === "falsified" ? r.verdict.tick : null;
        rows.push({ model: "models/vvi-pacemaker/vvi.vgl without endorse (leak)", verdict: r?.verdict.status, divergenceTick: tick, niMs: Math.round(ms), niSolverMs: Math.round(r?.solverMs ?? 0) });
        console.log(`vvi without endorse: ${r?.verdict.status} at tick ${tick} in ${Math.round(ms)} ms (solver ${Math.round(r?.solverMs ?? 0)} ms)`);
      }
    }
  } finally {
    await solver.close();
  }
  mkdirSync(join(repo, "bench", "results"), { recursive: true });
  writeFileSync(join(repo, "bench", "results", "isolation.json"), JSON.stringify({ date: new Date().toISOString(), safetyProver: safety.note, rows }, null, 2) + "\n");
}

await main();
