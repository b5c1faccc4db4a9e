// bench/prove (issue 4): how much of the safety proofs' wall time is vigil's own work and how much
// is the solver's. For every example (examples/*.vgl) and the VVI pacemaker
// (models/vvi-pacemaker/vvi.vgl) it runs the safety proofs only (proveSafety: always, leads_to and
// runtime checks; no isolation, no timing) 3 times and reports the median of each figure:
// - wall: the proveSafety call, start to end (parse, check and lower happen before, not timed);
// - solver: EngineStats.solverMs, the sum of the solver's answer times (two solver threads may
//   overlap, so this can exceed the wall time; the pool counts from dispatching a query to a worker
//   until the main thread sees the answer, so the message round-trip and the main thread's delay in
//   picking up the answer are included);
// - busy: the wall time during which at least one query was in flight, measured by wrapping the
//   SolverDriver's check() in this bench (each call's [start, end] interval, from the call, so a
//   query waiting for a free worker counts as in flight; the union of them);
// - own: vigil's own time as the engine attributes it: EngineStats.encodeMs + decodeMs (template,
//   query printing, model parsing, trace decoding, replay), plus the obligation list
//   (safetyObligations, timed on a separate call with the same input);
// - own share = own / wall, against the goal (at most 15 %). Also printed: the idle share
//   (wall - busy) / wall, i.e. the time no query was in flight (vigil's own work on the critical
//   path plus event-loop and scheduling latency), as a stricter reading.
// One solver pool (createSolver({ workers: 2 }), as `vigil prove` uses) is created before timing
// starts and shared by every run; it is warmed (warmUp(), a trivial query, then two concurrent
// queries with a short timeout until both workers answer in parallel) so that worker start-up is not
// counted.
// Verdict counts and query counts come from the median-wall run (a difference between runs is
// flagged). Prints a table, the load average and core count, and writes bench/results/prove.json.
import { readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, relative } from "node:path";
import { loadModel } from "../../src/parse/index.js";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import type { SolverAnswer, SolverDriver, SolverQuery } from "../../src/solver/types.js";
import { proveSafety, safetyObligations, type EngineStats } from "../../src/prove/safety/index.js";

const repo = join(import.meta.dirname, "..", "..");
const REPEATS = 3;
const GOAL_SHARE = 0.15;
const TIMEOUT_MS = 60_000; // proveSafety's default budget, as `vigil prove` uses (--timeout 60)

type Interval = [number, number];

/** The pool, with every check() call's [start, end] (performance.now()) recorded. */
function instrument(inner: SolverDriver): { driver: SolverDriver; intervals: Interval[] } {
  const intervals: Interval[] = [];
  const driver: SolverDriver = {
    name: inner.name,
    ...(inner.parallelism !== undefined ? { parallelism: inner.parallelism } : {}),
    async check(q: SolverQuery): Promise<SolverAnswer> {
      const t0 = performance.now();
      try {
        return await inner.check(q);
      } finally {
        intervals.push([t0, performance.now()]);
      }
    },
    ...(inner.warmUp ? { warmUp: () => inner.warmUp?.() } : {}),
    close: () => inner.close(),
  };
  return { driver, intervals };
}

/** Total length of the union of the intervals, clipped to [lo, hi]. */
function unionMs(intervals: readonly Interval[], lo: number, hi: number): number {
  const xs = intervals
    .map(([a, b]): Interval => [Math.max(a, lo), Math.min(b, hi)])
    .filter(([a, b]) => b > a)
    .sort((p, q) => p[0] - q[0]);
  let total = 0;
  let cur: Interval | undefined;
  for (const x of xs) {
    if (cur && x[0] <= cur[1]) cur[1] = Math.max(cur[1], x[1]);
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [x[0], x[1]];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function compile(path: string): { program: IrProgram; flow: string } | { error: string } {
  const loaded = loadModel(path);
  for (const flow of ["strict", "relaxed"] as const) {
    const checked = check(loaded, { flow });
    const errors = checked.diagnostics.filter((d) => d.severity === "error");
    if (errors.length === 0) return { program: lower(checked, { sources: loaded.sources }), flow };
    if (flow === "relaxed") return { error: errors.map((d) => `${d.code} ${d.message}`).join("; ") };
  }
  return { error: "unreachable" };
}

/** Worker start-up is not part of any figure: warmUp() (starts both workers), a trivial query, then
 * pairs of concurrent queries (each stopped by a 300 ms timeout) until the pair finishes in
 * parallel, i.e. both workers are up and have answered a first query (a worker's first query costs
 * z3's own thread start-up, measured here at 0.5-1 s under load). */
async function warm(solver: SolverDriver): Promise<string> {
  const t0 = performance.now();
  solver.warmUp?.();
  const trivial = await solver.check({ smtlib: "(declare-const x Int)\n(assert (> x 0))\n", timeoutMs: 60_000, mode: "check" });
  // x^3 + y^3 = z^3 over positive integers: z3 does not settle it, so the timeout stops it.
  const hard = "(declare-const x Int)(declare-const y Int)(declare-const z Int)(assert (> x 0))(assert (> y 0))(assert (> z 0))(assert (= (+ (* x x x) (* y y y)) (* z z z)))";
  for (let i = 1; i <= 10; i++) {
    const t1 = performance.now();
    await Promise.all([0, 1].map(() => solver.check({ smtlib: hard, timeoutMs: 300, mode: "check" })));
    const ms = performance.now() - t1;
    if (ms < 500) return `trivial query ${trivial.status}; ${i} pair(s) of 300 ms queries until both workers ran in parallel (last pair ${Math.round(ms)} ms); warm-up ${Math.round(performance.now() - t0)} ms, not counted`;
  }
  return `trivial query ${trivial.status}; WARNING: two concurrent queries never ran in parallel (machine loaded?); warm-up ${Math.round(performance.now() - t0)} ms, not counted`;
}

interface Run {
  wallMs: number;
  solverMs: number;
  busyMs: number;
  encodeMs: number;
  decodeMs: number;
  obligationsMs: number;
  ownMs: number;
  ownShare: number;
  idleShare: number;
  queries: number;
  verdicts: Record<string, number>;
}

async function runOnce(program: IrProgram, inner: SolverDriver): Promise<Run> {
  const { driver, intervals } = instrument(inner);
  const o0 = performance.now();
  safetyObligations(program);
  const obligationsMs = performance.now() - o0;
  const stats: EngineStats = { queries: 0, solverMs: 0, encodeMs: 0, decodeMs: 0 };
  const t0 = performance.now();
  const results = await proveSafety(program, { solver: driver, stats, timeoutMs: TIMEOUT_MS });
  const t1 = performance.now();
  const wallMs = t1 - t0;
  const busyMs = unionMs(intervals, t0, t1);
  const ownMs = stats.encodeMs + stats.decodeMs + obligationsMs;
  const verdicts: Record<string, number> = { proved: 0, falsified: 0, unknown: 0, vacuous: 0 };
  for (const r of results) verdicts[r.verdict.status] = (verdicts[r.verdict.status] ?? 0) + 1;
  return {
    wallMs,
    solverMs: stats.solverMs,
    busyMs,
    encodeMs: stats.encodeMs,
    decodeMs: stats.decodeMs,
    obligationsMs,
    ownMs,
    ownShare: wallMs > 0 ? ownMs / wallMs : 0,
    idleShare: wallMs > 0 ? (wallMs - busyMs) / wallMs : 0,
    queries: stats.queries,
    verdicts,
  };
}

const pad = (s: string | number, n: number): string => String(s).padStart(n);
const r0 = (x: number): number => Math.round(x);
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const examples = readdirSync(join(repo, "examples"))
    .filter((f) => f.endsWith(".vgl"))
    .sort()
    .map((f) => join(repo, "examples", f));
  const files = [...examples, join(repo, "models", "vvi-pacemaker", "vvi.vgl")];
  const cores = cpus().length;
  const loadStart = loadavg();
  console.log(`bench/prove: safety proofs only (proveSafety), ${REPEATS} runs per model, median; ${cores} CPU cores; load average ${loadStart.map((x) => x.toFixed(2)).join(" ")}`);
  const pool = createSolver({ workers: 2 });
  const rows: Record<string, unknown>[] = [];
  let warmNote = "";
  try {
    warmNote = await warm(pool);
    console.log(`solver pool: createSolver({ workers: 2 }), shared by all runs, created and warmed before timing (${warmNote})`);
    console.log(
      `${"model".padEnd(28)} ${pad("wall ms", 8)} ${pad("solver", 7)} ${pad("busy", 7)} ${pad("encode", 7)} ${pad("decode", 7)} ${pad("own", 6)} ${pad("own %", 7)} ${pad("idle %", 7)} ${pad("queries", 7)}  verdicts (p/f/u/v)  load1`,
    );
    for (const f of files) {
      const model = relative(repo, f);
      const c = compile(f);
      if ("error" in c) {
        console.log(`${model.padEnd(28)} does not compile: ${c.error}`);
        rows.push({ model, error: c.error });
        continue;
      }
      const runs: Run[] = [];
      for (let i = 0; i < REPEATS; i++) runs.push(await runOnce(c.program, pool));
      const load1 = loadavg()[0];
      const byWall = [...runs].sort((a, b) => a.wallMs - b.wallMs);
      const mid = byWall[Math.floor(byWall.length / 2)]!;
      const vkey = (r: Run): string => ["proved", "falsified", "unknown", "vacuous"].map((k) => r.verdicts[k] ?? 0).join("/");
      const consistent = runs.every((r) => vkey(r) === vkey(mid));
      const med = (k: keyof Omit<Run, "verdicts">): number => median(runs.map((r) => r[k]));
      const row = {
        model,
        flow: c.flow,
        obligations: Object.values(mid.verdicts).reduce((a, b) => a + b, 0),
        wallMs: r0(med("wallMs")),
        solverMs: r0(med("solverMs")),
        busyMs: r0(med("busyMs")),
        encodeMs: +med("encodeMs").toFixed(1),
        decodeMs: +med("decodeMs").toFixed(1),
        obligationsMs: +med("obligationsMs").toFixed(2),
        ownMs: +med("ownMs").toFixed(1),
        ownShare: +med("ownShare").toFixed(4),
        idleShare: +med("idleShare").toFixed(4),
        queries: mid.queries,
        verdicts: mid.verdicts,
        verdictsConsistent: consistent,
        pass: med("ownShare") <= GOAL_SHARE,
        load1: +load1.toFixed(2),
        runs: runs.map((r) => ({ ...r, wallMs: r0(r.wallMs), solverMs: r0(r.solverMs), busyMs: r0(r.busyMs), encodeMs: +r.encodeMs.toFixed(1), decodeMs: +r.decodeMs.toFixed(1), ownMs: +r.ownMs.toFixed(1), ownShare: +r.ownShare.toFixed(4), idleShare: +r.idleShare.toFixed(4) })),
      };
      rows.push(row);
      console.log(
        `${model.padEnd(28)} ${pad(row.wallMs, 8)} ${pad(row.solverMs, 7)} ${pad(row.busyMs, 7)} ${pad(row.encodeMs.toFixed(0), 7)} ${pad(row.decodeMs.toFixed(0), 7)} ${pad(row.ownMs.toFixed(0), 6)} ${pad(pct(row.ownShare), 7)} ${pad(pct(row.idleShare), 7)} ${pad(row.queries, 7)}  ${vkey(mid).padEnd(19)}${consistent ? "" : " (differs between runs!)"} ${load1.toFixed(2)}`,
      );
    }
  } finally {
    await pool.close();
  }
  const ok = rows.filter((r) => "pass" in r);
  const allPass = ok.length > 0 && ok.every((r) => r.pass === true);
  const worst = ok.reduce((m, r) => Math.max(m, Number(r.ownShare)), 0);
  const worstIdle = ok.reduce((m, r) => Math.max(m, Number(r.idleShare)), 0);
  const loadEnd = loadavg();
  console.log(`(solver = sum of answer times, threads may overlap; busy = union of in-flight intervals; own = encode + decode + obligation list; idle = wall - busy)`);
  console.log(
    `goal (issue 4): vigil's own share <= ${GOAL_SHARE * 100} % of the wall time on every model: ${allPass ? "PASS" : "FAIL"} (worst own share ${pct(worst)}; stricter reading, time with no query in flight: worst ${pct(worstIdle)}, ${worstIdle <= GOAL_SHARE ? "within" : "above"} the goal)`,
  );
  console.log(`load average ${loadStart.map((x) => x.toFixed(2)).join(" ")} at start, ${loadEnd.map((x) => x.toFixed(2)).join(" ")} at end, ${cores} cores (other engineers' test suites share the machine)`);
  mkdirSync(join(repo, "bench", "results"), { recursive: true });
  writeFileSync(
    join(repo, "bench", "results", "prove.json"),
    JSON.stringify(
      {
        bench: "prove",
        date: new Date().toISOString(),
        what: "proveSafety only; median of 3 runs; one warmed createSolver({workers:2}) pool shared by all runs",
        warmUp: warmNote,
        goal: { ownShareAtMost: GOAL_SHARE, pass: allPass, worstOwnShare: +worst.toFixed(4), worstIdleShare: +worstIdle.toFixed(4) },
        machine: { cores, loadavgStart: loadStart.map((x) => +x.toFixed(2)), loadavgEnd: loadEnd.map((x) => +x.toFixed(2)) },
        rows,
      },
      null,
      2,
    ) + "\n",
  );
}

await main();
