// bench/invgen (issue 14): proofs without hand-written invariants, end to end, as a user waits for
// them, side by side with SPIN on the same requirements in one run.
// Cases, each `node bin/vigil.js prove FILE --format json` as a child process (start-up, parsing,
// invariant generation and every engine included; the compiled CLI, so run `npm run build` first):
// - the DDD after Jiang et al. with only P1/P2 at 1 ms, 125 us and 1 us (test/models/jiang-ddd),
//   paired with `../shared/baselines/spin/run-e2e.sh` on B_ddd.pml and B_ddd_res0125.pml (spin -a,
//   gcc -O2, the search: what a SPIN user waits for) when spin and gcc are installed;
// - the seeded 1 001-tick bug (ddd-1ms-bug.vgl; SPIN finds the same bug in its Promela model);
// - the reference models without their helpers (models/) against the same models with the helpers
//   they had before invariant generation (bench/invgen/with-helpers/), proved with
//   `--invariants off` as they were before.
// Runs alternate (vigil, SPIN, vigil, ...) so that both see the same machine load; REPEATS runs
// each; medians and the ratios vigil/SPIN, 1 us/1 ms and unaided/with-helpers are printed and
// written to bench/results/invgen.json, with the 1-minute load average.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const repo = join(import.meta.dirname, "..", "..");
const spinDir = join(repo, "..", "shared", "baselines", "spin");
const REPEATS = Number(process.env["BENCH_REPEATS"] ?? 3);

interface Out {
  wallMs: number;
  exit: number;
  verdicts: Record<string, number>;
  note: string;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function vigil(file: string, extra: readonly string[] = []): Out {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(repo, "bin", "vigil.js"), "prove", join(repo, file), "--format", "json", ...extra], { encoding: "utf8", maxBuffer: 1 << 28 });
  const wallMs = performance.now() - t0;
  const verdicts: Record<string, number> = {};
  let note = "";
  try {
    const j = JSON.parse(r.stdout) as { results: { verdict: { status: string; tick?: number } }[] };
    for (const x of j.results) verdicts[x.verdict.status] = (verdicts[x.verdict.status] ?? 0) + 1;
    const f = j.results.find((x) => x.verdict.status === "falsified");
    if (f) note = `falsified at tick ${f.verdict.tick}`;
  } catch {
    note = `no JSON (exit ${r.status}): ${r.stderr.slice(0, 200)}`;
  }
  return { wallMs, exit: r.status ?? -1, verdicts, note };
}

const haveSpin = spawnSync("sh", ["-c", "command -v spin && command -v gcc"], { encoding: "utf8" }).status === 0 && existsSync(join(spinDir, "run-e2e.sh"));

/** SPIN end to end on a Promela file (copied with its includes into a scratch folder). */
function spin(pml: string, patch?: (text: string) => string): Out {
  const dir = mkdtempSync(join(tmpdir(), "vigil-bench-spin-"));
  try {
    for (const f of ["B_ddd.pml", "run-e2e.sh", pml]) copyFileSync(join(spinDir, f), join(dir, f));
    if (patch) writeFileSync(join(dir, pml), patch(readFileSync(join(dir, pml), "utf8")));
    const t0 = performance.now();
    const r = spawnSync("bash", [join(dir, "run-e2e.sh"), pml], { encoding: "utf8", cwd: dir });
    const wallMs = performance.now() - t0;
    const errors = /errors: (\d+)/.exec(r.stdout)?.[1];
    return { wallMs, exit: r.status ?? -1, verdicts: { errors: Number(errors ?? NaN) }, note: r.stdout.trim().replace(/\s+/g, " ") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Case {
  readonly name: string;
  readonly vigil: string;
  readonly spin?: { pml: string; patch?: (t: string) => string };
  readonly baseline?: string;
}

const bug = (t: string): string => t.replace("lri == LRI_count && lri_t >= TVA ->", "lri == LRI_count && lri_t >= TVA + 1 ->");
const CASES: Case[] = [
  { name: "jiang-ddd 1 ms (P1, P2, unaided)", vigil: "test/models/jiang-ddd/ddd-1ms.vgl", spin: { pml: "B_ddd.pml" } },
  { name: "jiang-ddd 125 us", vigil: "test/models/jiang-ddd/ddd-125us.vgl", spin: { pml: "B_ddd_res0125.pml" } },
  { name: "jiang-ddd 1 us", vigil: "test/models/jiang-ddd/ddd-1us.vgl" },
  { name: "jiang-ddd 1 ms, bug at tick 1 001", vigil: "test/models/jiang-ddd/ddd-1ms-bug.vgl", spin: { pml: "B_ddd.pml", patch: bug } },
  { name: "reference DDD, unaided", vigil: "models/ddd-pacemaker/ddd.vgl", baseline: "bench/invgen/with-helpers/ddd.vgl" },
  { name: "reference PCA, unaided", vigil: "models/pca-pump/pca.vgl", baseline: "bench/invgen/with-helpers/pca.vgl" },
  // A third-party implementation (UPenn mLab), no seeded bug: P1 at tick 2 004, found by the sim engine.
  { name: "mLab DDD translation, bugs 2 000+ ticks deep", vigil: "test/models/mlab-ddd/mlab-ddd.vgl" },
];

function main(): void {
  if (!existsSync(join(repo, "dist", "cli", "main.js"))) throw new Error("bench/invgen runs the compiled CLI: run `npm run build` first");
  console.log(`bench/invgen: end to end, ${REPEATS} alternating runs per side; ${cpus().length} cores; load ${loadavg().map((x) => x.toFixed(2)).join(" ")}; spin ${haveSpin ? "installed" : "NOT installed (SPIN columns skipped)"}`);
  const rows: Record<string, unknown>[] = [];
  const medians = new Map<string, number>();
  for (const c of CASES) {
    const v: Out[] = [];
    const other: Out[] = [];
    for (let i = 0; i < REPEATS; i++) {
      v.push(vigil(c.vigil));
      if (c.spin && haveSpin) other.push(spin(c.spin.pml, c.spin.patch));
      // The baseline is the model as it was: its hand-written helpers, no invariant generation.
      if (c.baseline) other.push(vigil(c.baseline, ["--invariants", "off"]));
    }
    const vm = median(v.map((x) => x.wallMs));
    const om = median(other.map((x) => x.wallMs));
    medians.set(c.name, vm);
    const vs = c.spin ? "SPIN" : c.baseline ? "with helpers" : "";
    const ratio = other.length > 0 ? vm / om : NaN;
    console.log(
      `${c.name.padEnd(40)} vigil ${vm.toFixed(0).padStart(6)} ms  exit ${v.map((x) => x.exit).join(",")}  ${JSON.stringify(v[0]?.verdicts)} ${v[0]?.note ?? ""}` +
        (other.length > 0 ? `\n${"".padEnd(40)} ${vs.padEnd(12)} ${om.toFixed(0).padStart(6)} ms  ratio vigil/${vs} = ${ratio.toFixed(2)}  ${other[0]?.note.slice(0, 120) ?? ""}` : ""),
    );
    rows.push({ case: c.name, model: c.vigil, vigilMs: v.map((x) => Math.round(x.wallMs)), vigilMedianMs: Math.round(vm), exits: v.map((x) => x.exit), verdicts: v[0]?.verdicts, note: v[0]?.note, against: vs || undefined, againstMs: other.map((x) => Math.round(x.wallMs)), ratio, load1: loadavg()[0] });
  }
  const r1us = (medians.get("jiang-ddd 1 us") ?? NaN) / (medians.get("jiang-ddd 1 ms (P1, P2, unaided)") ?? NaN);
  console.log(`ratio 1 us / 1 ms (vigil, unaided): ${r1us.toFixed(2)}  (goal <= 1.2)`);
  mkdirSync(join(repo, "bench", "results"), { recursive: true });
  writeFileSync(join(repo, "bench", "results", "invgen.json"), JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, repeats: REPEATS, spin: haveSpin, rows, ratio1usOver1ms: r1us }, null, 2) + "\n");
}

main();
