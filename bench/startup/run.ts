/**
 * bench/startup (issue 20): start-up and end-to-end wall time of the CLI, as ratios before/after.
 *
 * Input: the VVI and DDD reference models. Output: figures on stdout and bench/results/startup.json.
 * Figures (each the median of REPEATS runs, configurations interleaved so load drifts hit both):
 * - `vigil check MODEL`: the whole process (node start-up included), goal <= 0.3 s idle;
 * - z3 worker start: createZ3Pool({ workers: 1 }) until its first trivial answer, in process;
 * - `vigil prove MODEL` through bench/startup/child.mjs (compiled dist/, as the CLI): wall and CPU
 *   (all threads) and workers started, for three pool policies: before (2 workers at warm-up, a
 *   cancelled worker replaced at once: the behaviour before issue 20), after (the default now:
 *   replaced only when a query needs it) and lazy (1 worker at warm-up, a second on demand).
 *   Goal: <= 1 s idle.
 * - with VIGIL_BEFORE=DIR (a built checkout of the commit before issue 20): `vigil --version`,
 *   `vigil check` and `vigil sim --ticks 1000000` of the DDD model (whole process, -o a file),
 *   before and after, interleaved, as ratios.
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

/** Wall time of one process; NaN when it failed (exit 2: the version before issue 20 may crash). */
function wallOf(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: repo, encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) {
    console.error(`${args.join(" ")}: exit ${r.status}: ${r.stderr.trim().split("\n")[0]}`);
    return NaN;
  }
  return performance.now() - t0;
}

interface ChildRun {
  wallMs: number;
  cpuMs: number;
  workersStarted: number;
  summary: { proved: number; total: number };
}

function prove(model: string, mode: "before" | "after" | "lazy"): ChildRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(repo, "bench", "startup", "child.mjs"), model, "2", mode], { cwd: repo, encoding: "utf8" });
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
for (const m of process.env.BENCH_SKIP_PROVE ? [] : MODELS) {
  const name = m.split("/").pop()!.replace(".vgl", "");
  const runs: Record<"before" | "after" | "lazy", ChildRun[]> = { before: [], after: [], lazy: [] };
  for (let i = 0; i < REPEATS; i++) for (const mode of ["before", "after", "lazy"] as const) runs[mode].push(prove(m, mode));
  const fig = (rs: ChildRun[]) => ({
    wall_s: median(rs.map((r) => r.wallMs)) / 1000,
    cpu_s: median(rs.map((r) => r.cpuMs)) / 1000,
    workers_started: median(rs.map((r) => r.workersStarted)),
    proved: `${rs[0]!.summary.proved}/${rs[0]!.summary.total}`,
  });
  const b = fig(runs.before);
  const a = fig(runs.after);
  const l = fig(runs.lazy);
  const ratio = (x: number, y: number): number => Math.round((x / y) * 100) / 100;
  out[`prove_${name}`] = {
    before: b,
    after: a,
    lazy_one_worker_at_warm_up: l,
    wall_ratio_after_over_before: ratio(a.wall_s, b.wall_s),
    cpu_ratio_after_over_before: ratio(a.cpu_s, b.cpu_s),
    wall_ratio_lazy_over_before: ratio(l.wall_s, b.wall_s),
  };
}
// Before/after on the same machine and load: VIGIL_BEFORE names a built checkout of the commit
// before issue 20 (e.g. `git archive f2ed59b | tar -x -C /tmp/vigil-before && npm run build` there).
const before = process.env.VIGIL_BEFORE;
const simTicks = 1_000_000;
const simArgs = (dir: string, f: string, o: string) => [join(dir, "bin", "vigil.js"), "sim", join(repo, "models/ddd-pacemaker/ddd.vgl"), "--ticks", String(simTicks), "--random", "--format", f, "-o", o];
const tmpOut = join(repo, "bench", "results", "sim-out.tmp");
const cmp: Record<string, unknown> = {};
for (const [label, args] of [
  ["version", (d: string) => [join(d, "bin", "vigil.js"), "--version"]],
  ["check_ddd", (d: string) => [join(d, "bin", "vigil.js"), "check", join(repo, "models/ddd-pacemaker/ddd.vgl")]],
  ["sim_ddd_1e6_csv", (d: string) => simArgs(d, "csv", tmpOut)],
  ["sim_ddd_1e6_table", (d: string) => simArgs(d, "table", tmpOut)],
] as const) {
  const after: number[] = [];
  const prev: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    if (before) prev.push(wallOf(args(before)));
    after.push(wallOf(args(repo)));
  }
  const a = median(after) / 1000;
  const entry: Record<string, number> = { after_s: Math.round(a * 1000) / 1000 };
  if (label.startsWith("sim")) entry.after_ticks_per_s = Math.round(simTicks / a);
  if (before && prev.some((x) => Number.isNaN(x))) entry.before_failed = 1;
  else if (before) {
    const b = median(prev) / 1000;
    entry.before_s = Math.round(b * 1000) / 1000;
    entry.ratio_after_over_before = Math.round((a / b) * 100) / 100;
    if (label.startsWith("sim")) entry.before_ticks_per_s = Math.round(simTicks / b);
  }
  cmp[label] = entry;
}
spawnSync("rm", ["-f", tmpOut]);
out.before_after = cmp;
out.goals = { check_s: 0.3, prove_s_idle: 1, sim_ticks_per_s: 1_000_000 };
console.log(JSON.stringify(out, null, 2));
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "startup.json"), JSON.stringify(out, null, 2) + "\n");
