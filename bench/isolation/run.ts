// Benchmark: non-interference proof time against safety proof time on the VVI pacemaker and on the
// largest example/reference model (by source size). The product doubles the state; the figure of
// interest is the ratio NI time / safety time.
//
// Output: prints a table and writes bench/results/isolation.json. The safety prover is the prove
// engineer's (src/prove/index.ts); when it is not available yet, its time and the ratio are null.
import { readdirSync, statSync, writeFileSync, mkdirSync, existsSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadModel } from "../../src/parse/index.js";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import type { SolverDriver } from "../../src/solver/types.js";
import { proveIsolation } from "../../src/prove/isolation/index.js";

const repo = join(import.meta.dirname, "..", "..");

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".vgl") ? [join(dir, e.name)] : [],
  );
}

function compile(path: string): IrProgram | undefined {
  const checked = check(loadModel(path));
  if (checked.diagnostics.some((d) => d.severity === "error")) return undefined;
  return lower(checked);
}

type SafetyFn = (
  program: IrProgram,
  opts: Record<string, unknown>,
) => Promise<readonly { verdict: { status: string }; obligation: { kind: string }; timeMs?: number }[]>;

async function safetyProver(): Promise<SafetyFn | undefined> {
  const path = join(repo, "src", "prove", "index.ts");
  if (!existsSync(path)) return undefined;
  const mod = (await import(path)) as Record<string, unknown>;
  for (const name of ["proveSafety", "proveProgram", "proveModel", "proveAll", "runProofs", "prove"]) {
    const f = mod[name];
    if (typeof f === "function") return f as SafetyFn;
  }
  return undefined;
}

async function main(): Promise<void> {
  const vvi = join(repo, "examples", "vvi-pacemaker.vgl");
  const all = [...walk(join(repo, "examples")), ...walk(join(repo, "models"))].filter((f) => compile(f) !== undefined);
  const largest = all.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const targets = [...new Set([vvi, ...(largest ? [largest] : [])])];
  const solver: SolverDriver = createSolver({ workers: 2 });
  const safety = await safetyProver().catch(() => undefined);
  const rows: Record<string, unknown>[] = [];
  try {
    // Warm the worker pool so that the first model does not pay for z3's start-up.
    await solver.check({ smtlib: "(declare-const x Int)(assert (> x 0))", timeoutMs: 5000, mode: "check" });
    for (const f of targets) {
      const program = compile(f);
      if (!program) continue;
      const t0 = performance.now();
      const ni = await proveIsolation(program, { solver, timeoutMs: 120_000 });
      const niMs = performance.now() - t0;
      let safetyMs: number | null = null;
      let safetyNote = "safety prover (src/prove/index.ts) not available";
      if (safety) {
        try {
          const t1 = performance.now();
          const res = await safety(program, { solver, timeoutMs: 120_000 });
          // If the prover also ran the isolation obligations, their time is not safety time.
          const isoMs = res
            .filter((r) => r.obligation.kind === "noninterference" || r.obligation.kind === "endorse")
            .reduce((sum, r) => sum + (r.timeMs ?? 0), 0);
          safetyMs = performance.now() - t1 - isoMs;
          safetyNote = `${res.length} obligations${isoMs > 0 ? ` (isolation time ${Math.round(isoMs)} ms subtracted)` : ""}`;
        } catch (e) {
          safetyNote = `safety prover failed: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      const row = {
        model: relative(repo, f),
        niProperties: ni.length,
        niVerdicts: ni.map((r) => `${r.obligation.name}=${r.verdict.status}`).join(" "),
        niMs: Math.round(niMs),
        niSolverMs: Math.round(ni.reduce((s, r) => s + r.solverMs, 0)),
        safetyMs: safetyMs === null ? null : Math.round(safetyMs),
        ratio: safetyMs === null || safetyMs === 0 ? null : Number((niMs / safetyMs).toFixed(2)),
        note: safetyNote,
      };
      rows.push(row);
      console.log(
        `${row.model}: NI ${row.niMs} ms (solver ${row.niSolverMs} ms; ${row.niVerdicts}); safety ${row.safetyMs ?? "n/a"} ms; ratio ${row.ratio ?? "n/a"} (${row.note})`,
      );
    }
    // A deep counterexample: the pacemaker with its endorse replaced by an unvalidated copy (the leak
    // shows only when `adopt` runs at tick 100 and publishes at 101).
    const leakText = readFileSync(vvi, "utf8").replace(
      /lri := endorse\(pending \* 1 ms, 400 <= pending and pending <= 2000, else lri\)/,
      "lri := if 400 <= pending and pending <= 2000 then pending * 1 ms else lri",
    );
    const dir = mkdtempSync(join(tmpdir(), "vigil-bench-iso-"));
    const leakFile = join(dir, "vvi-leak.vgl");
    writeFileSync(leakFile, leakText);
    const checkedLeak = check(loadModel(leakFile), { flow: "relaxed" });
    if (!checkedLeak.diagnostics.some((d) => d.severity === "error")) {
      const t0 = performance.now();
      const [r] = await proveIsolation(lower(checkedLeak), { solver, timeoutMs: 120_000, properties: ["therapy_isolated"] });
      const ms = performance.now() - t0;
      const tick = r?.verdict.status === "falsified" ? r.verdict.tick : null;
      rows.push({ model: "vvi-pacemaker without endorse (leak)", verdict: r?.verdict.status, divergenceTick: tick, niMs: Math.round(ms), niSolverMs: Math.round(r?.solverMs ?? 0) });
      console.log(`vvi-pacemaker without endorse: ${r?.verdict.status} at tick ${tick} in ${Math.round(ms)} ms (solver ${Math.round(r?.solverMs ?? 0)} ms)`);
    }
  } finally {
    await solver.close();
  }
  mkdirSync(join(repo, "bench", "results"), { recursive: true });
  writeFileSync(join(repo, "bench", "results", "isolation.json"), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2) + "\n");
}

await main();
