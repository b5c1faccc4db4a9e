/**
 * bench/startup (issue 20): start-up and end-to-end wall time of the CLI, as ratios before/after.
 *
 * Input: the VVI and DDD reference models. Output: figures on stdout and bench/results/startup.json.
 * Figures (each the median of REPEATS runs, configurations interleaved so load drifts hit both):
 * - `vigil check MODEL`: the whole process (node start-up included), goal <= 0.3 s idle;
 * - z3 worker start: createZ3Pool({ workers: 1 }) until its first trivial answer, in process;
 * - `vigil prove MODEL` through bench/startup/child.mjs (compiled dist/, as the CLI): wall and CPU
 *   (all threads) with the solver workers started eagerly (2 at once: the behaviour before issue 20)
 *   and lazily (the default now: one, a second only under demand, cancelled workers replaced on
 *   demand), and how many workers each started. Goal: <= 1 s idle.
 * Needs `npm run build` (dist/). Prints the load average: on a loaded machine compare ratios.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { createZ3Pool } from "../../src/solver/z3-pool.js";

const repo = join(import.meta.dirname, "..", "..");
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const MODELS = ["models/vvi-pacemaker/vvi.vgl", "models/ddd-pacemaker/ddd.vgl"];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function wallOf(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return performance.now() - t0;
}

interface ChildRun {
  wallMs: number;
  cpuMs: number;
  workersStarted: number;
  summary: { proved: number; total: number };
}

function prove(model: string, eager: boolean): ChildRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(repo, "bench", "startup", "child.mjs"), model, "2", eager ? "1" : "0"], { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`child: ${r.stderr}`);
  const run = JSON.parse(r.stdout.trim().split("\n").pop()!) as ChildRun;
  return { ...run, wallMs: Math.round(performance.now() - t0) };
}

async function z3Start(): Promise<number> {
  const t0 = performance.now();
  const pool = createZ3Pool({ workers: 1, graceMs: 2000 });
  const a = await pool.check({ smtlib: "(declare-const x Int)(assert (> x 0))", timeoutMs: 10_000, mode: "check" });
  const dt = performance.now() - t0;
  await pool.close();
  if (a.status !== "sat") throw new Error("z3 start: no answer");
  return dt;
}

const out: Record<string, unknown> = { loadavg: loadavg().map((x) => Math.round(x * 100) / 100), cores: cpus().length, repeats: REPEATS };
for (const m of MODELS) {
  const name = m.split("/").pop()!.replace(".vgl", "");
  const walls: number[] = [];
  for (let i = 0; i < REPEATS; i++) walls.push(wallOf([join(repo, "bin", "vigil.js"), "check", m]));
  out[`check_${name}_s`] = Math.round(median(walls)) / 1000;
}
const starts: number[] = [];
for (let i = 0; i < REPEATS; i++) starts.push(await z3Start());
out.z3_first_answer_s = Math.round(median(starts)) / 1000;
for (const m of MODELS) {
  const name = m.split("/").pop()!.replace(".vgl", "");
  const eager: ChildRun[] = [];
  const lazy: ChildRun[] = [];
  for (let i = 0; i < REPEATS; i++) {
    eager.push(prove(m, true));
    lazy.push(prove(m, false));
  }
  const fig = (rs: ChildRun[]) => ({
    wall_s: median(rs.map((r) => r.wallMs)) / 1000,
    cpu_s: median(rs.map((r) => r.cpuMs)) / 1000,
    workers_started: median(rs.map((r) => r.workersStarted)),
    proved: `${rs[0]!.summary.proved}/${rs[0]!.summary.total}`,
  });
  const e = fig(eager);
  const l = fig(lazy);
  out[`prove_${name}`] = { eager_before: e, lazy_after: l, wall_ratio_after_over_before: Math.round((l.wall_s / e.wall_s) * 100) / 100, cpu_ratio_after_over_before: Math.round((l.cpu_s / e.cpu_s) * 100) / 100 };
}
out.goals = { check_s: 0.3, prove_s_idle: 1 };
console.log(JSON.stringify(out, null, 2));
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "startup.json"), JSON.stringify(out, null, 2) + "\n");
