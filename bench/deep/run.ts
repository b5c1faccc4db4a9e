// bench/deep (issue 14, deep counterexamples): time to falsify the bugs that need thousands or
// millions of ticks, end to end through the CLI (`vigil prove MODEL --property P`, default engines,
// wall time from spawn to exit, dist/ must be built), and with accelerated BMC alone in process
// (proveSafety with engines ["abmc"]: wall time, frames used, queries). Cases:
// - the DDD pacemaker's seeded late atrial pace at 1 ms (P1 at tick 1 001) and 1 us (tick 1 000 001);
// - a u16 counter that overflows at tick 65 535; a bug after two quiet stretches (tick 1 300).
// Also the SPIN figure for the same DDD bug, end to end (spin -a, gcc, ./pan), when spin and gcc
// are installed: ../shared/baselines/spin/B_ddd.pml with `lri_t >= TVA` made `lri_t >= TVA + 1`,
// compiled and searched the way run-e2e.sh does. Each case runs once (the machine is shared);
// prints a table with the ratios 1us/1ms and vigil/SPIN and writes bench/results/deep.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import { loadModel } from "../../src/parse/index.js";
import { proveSafety, type EngineStats } from "../../src/prove/safety/index.js";
import { createSolver } from "../../src/solver/index.js";

const repo = join(import.meta.dirname, "..", "..");
const CASES = [
  { name: "ddd-1ms-bug", model: "test/models/jiang-ddd/ddd-1ms-bug.vgl", property: "p1_lower_rate", tick: 1001 },
  { name: "ddd-1us-bug", model: "test/models/jiang-ddd/ddd-1us-bug.vgl", property: "p1_lower_rate", tick: 1_000_001 },
  { name: "counter-u16", model: "test/models/deep/counter-u16.vgl", property: undefined, tick: 65_535 },
  { name: "alarm-two-stretch", model: "test/models/deep/alarm-two-stretch.vgl", property: "alarm_after_silence", tick: 1300 },
];

interface Row {
  name: string;
  cliMs: number;
  cliVerdict: string;
  abmcMs: number;
  abmcTick?: number;
  frames?: number;
  queries: number;
}

function cli(model: string, property: string | undefined): { ms: number; verdict: string } {
  const t0 = performance.now();
  const args = [join(repo, "bin", "vigil.js"), "prove", join(repo, model), "--timeout", "180", ...(property ? ["--property", property] : [])];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  const line = (r.stdout ?? "").split("\n").find((l) => /FALSIFIED at tick/.test(l)) ?? `exit ${r.status}`;
  return { ms, verdict: /FALSIFIED at tick \d+/.exec(line)?.[0] ?? line.slice(0, 80) };
}

async function abmc(model: string, property: string | undefined): Promise<Omit<Row, "name" | "cliMs" | "cliVerdict">> {
  const loaded = loadModel(join(repo, model));
  const prog = lower(check(loaded, { flow: "relaxed" }), { sources: loaded.sources });
  const solver = createSolver({ workers: 2 });
  const stats: EngineStats = { queries: 0, solverMs: 0, encodeMs: 0, decodeMs: 0 };
  let frames: number | undefined;
  try {
    await solver.warmUp?.();
    const t0 = performance.now();
    const res = await proveSafety(prog, {
      solver,
      engines: ["abmc"],
      timeoutMs: 180_000,
      stats,
      ...(property ? { properties: [property] } : {}),
      onProgress: (m) => {
        const f = /accelerated bmc, (\d+) frames/.exec(m);
        if (f) frames = Number(f[1]);
      },
    });
    const ms = performance.now() - t0;
    const v = res.find((r) => r.verdict.status === "falsified")?.verdict;
    return { abmcMs: ms, ...(v?.status === "falsified" ? { abmcTick: v.tick } : {}), ...(frames !== undefined ? { frames } : {}), queries: stats.queries };
  } finally {
    await solver.close();
  }
}

function spin(): number | undefined {
  const pml = "/work/shared/baselines/spin/B_ddd.pml";
  const has = (c: string): boolean => spawnSync("sh", ["-c", `command -v ${c}`]).status === 0;
  if (!existsSync(pml) || !has("spin") || !has("gcc")) return undefined;
  const d = mkdtempSync(join(tmpdir(), "vigil-spin-"));
  try {
    writeFileSync(join(d, "B_ddd_bug.pml"), readFileSync(pml, "utf8").replace("lri_t >= TVA ->", "lri_t >= TVA + 1 ->"));
    const t0 = performance.now();
    const r = spawnSync("sh", ["-c", "spin -a B_ddd_bug.pml >/dev/null && gcc -O2 -DSAFETY -DNOREDUCE -o pan pan.c 2>/dev/null && ./pan -m200000"], { cwd: d, encoding: "utf8" });
    const ms = performance.now() - t0;
    return /errors: 1/.test(r.stdout ?? "") ? ms : undefined;
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const c of CASES) {
  const a = await abmc(c.model, c.property);
  const e = cli(c.model, c.property);
  rows.push({ name: c.name, cliMs: e.ms, cliVerdict: e.verdict, ...a });
  if (a.abmcTick !== c.tick) console.log(`  ${c.name}: expected tick ${c.tick}, abmc gave ${a.abmcTick ?? "none"}`);
}
const spinMs = spin();
const s = (ms: number | undefined): string => (ms === undefined ? "-" : `${(ms / 1000).toFixed(2)} s`);
console.log("case                 vigil prove (CLI)  verdict                        abmc alone  frames  queries  tick");
for (const r of rows) console.log(`${r.name.padEnd(20)} ${s(r.cliMs).padStart(17)}  ${r.cliVerdict.padEnd(30)} ${s(r.abmcMs).padStart(10)}  ${String(r.frames ?? "-").padStart(6)}  ${String(r.queries).padStart(7)}  ${r.abmcTick ?? "-"}`);
const ms1 = rows.find((r) => r.name === "ddd-1ms-bug");
const us1 = rows.find((r) => r.name === "ddd-1us-bug");
const ratio = (a?: number, b?: number): string => (a !== undefined && b ? (a / b).toFixed(2) : "-");
console.log(`1 us / 1 ms: CLI ${ratio(us1?.cliMs, ms1?.cliMs)}, abmc alone ${ratio(us1?.abmcMs, ms1?.abmcMs)}`);
console.log(`SPIN on the same bug at 1 ms (end to end): ${s(spinMs)}; vigil/SPIN: CLI ${ratio(ms1?.cliMs, spinMs)}, abmc alone ${ratio(ms1?.abmcMs, spinMs)}`);
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}, ${cpus().length} cores`);
mkdirSync(join(repo, "bench", "results"), { recursive: true });
writeFileSync(join(repo, "bench", "results", "deep.json"), JSON.stringify({ rows, spinMs, loadavg: loadavg(), cores: cpus().length }, null, 2) + "\n");
