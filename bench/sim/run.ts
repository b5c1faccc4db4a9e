/**
 * Benchmark: simulated ticks per second of the reference interpreter (src/interp).
 *
 * Input: examples/vvi-pacemaker.vgl and a generated model with 50 tasks (periodic and interrupt,
 * mixed periods, publication delays, arrays, a leads_to property). Output: figures on stdout and
 * bench/results/sim.json. Inputs are random (seeded) and respect the assumptions; each figure is
 * the best of several runs, with and without recording the per-tick rows.
 * Goal (issue 3): >= 1 000 000 ticks/s on the VVI pacemaker.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../../src/check/index.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { simulate, type TickInputs } from "../../src/interp/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { lower } from "../../src/lower/index.js";
import { loadModel } from "../../src/parse/index.js";
import { randomInputs } from "../../src/sim/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");

function load(path: string): IrProgram {
  const loaded = loadModel(path);
  const checked = check(loaded);
  if (hasErrors(checked.diagnostics)) throw new Error(`${path}: ${checked.diagnostics.map((d) => d.message).join("; ")}`);
  return lower(checked, { sources: loaded.sources });
}

function fiftyTasks(): string {
  let s = `device Fifty
  target cortex-m4 at 48 MHz
  tick 1 ms
domain app integrity trusted confidentiality public
input x: int[0 .. 100] in app
input alarm: bool in app
output o: int[0 .. 1000] in app
`;
  for (let i = 0; i < 50; i++) s += `state c${i}: int[0 .. 1000] = 0 in app\nstate h${i}: [u8; 4] = [0; 4] in app\n`;
  for (let i = 0; i < 50; i++) {
    const irq = i % 10 === 9;
    const period = [1, 2, 5, 10, 20][i % 5]!;
    const trig = irq ? `on irq IRQ${i} min_interarrival ${period + 2} ms` : `every ${period} ms offset ${i % period} ms`;
    const deadline = irq ? period + 1 : period;
    const src = i === 0 ? "x" : `c${i - 1} / 2`;
    s += `task t${i} ${trig} deadline ${deadline} ms priority ${i + 1} in app {
  let v = ${src} + h${i}[${i % 4}] % 7
  if v > 500 { c${i} := 0 } else { c${i} := v + ${i % 3} }
  h${i}[${(i + 1) % 4}] := min(v, 255)
${i === 49 ? "  o := c49\n" : ""}}
`;
  }
  s += `property bounded: always c0 <= 1000\nproperty alarm_seen: always alarm leads_to c0 >= 0 within 5 ms\n`;
  return s;
}

function bench(p: IrProgram, ticks: number, record: boolean, inputs: readonly TickInputs[]): number {
  const n = inputs.length;
  const feed = (t: number): TickInputs => inputs[t % n]!;
  let best = 0;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = performance.now();
    const r = simulate(p, feed, ticks, { record });
    const dt = (performance.now() - t0) / 1000;
    if (r.runtimeError || r.assumptionViolation) throw new Error(`unexpected stop: ${JSON.stringify(r.runtimeError ?? r.assumptionViolation)}`);
    best = Math.max(best, ticks / dt);
  }
  return Math.round(best);
}

const vvi = load(join(root, "examples/vvi-pacemaker.vgl"));
const dir = mkdtempSync(join(tmpdir(), "vigil-bench-"));
const fiftyPath = join(dir, "fifty.vgl");
writeFileSync(fiftyPath, fiftyTasks());
const fifty = load(fiftyPath);

const results: Record<string, number | string> = {};
for (const [name, p, ticks] of [
  ["vvi", vvi, 2_000_000],
  ["fifty", fifty, 200_000],
] as const) {
  const rr = randomInputs(p, 4096, 1);
  if (!rr.ok) throw new Error("random inputs failed");
  const norec = bench(p, ticks, false, rr.inputs);
  const rec = bench(p, Math.floor(ticks / 2), true, rr.inputs);
  results[`${name}_ticks_per_s`] = norec;
  results[`${name}_ticks_per_s_recording`] = rec;
  console.log(`${name.padEnd(6)} ${p.tasks.length} tasks: ${norec.toLocaleString("en")} ticks/s (rows not kept), ${rec.toLocaleString("en")} ticks/s (rows kept)`);
}
results.goal_vvi_ticks_per_s = 1_000_000;
results.goal_met = (results.vvi_ticks_per_s as number) >= 1_000_000 ? "yes" : "no";
results.node = process.version;
mkdirSync(join(root, "bench", "results"), { recursive: true });
writeFileSync(join(root, "bench", "results", "sim.json"), JSON.stringify(results, null, 2) + "\n");
console.log(`goal (>= 1,000,000 ticks/s on VVI): ${results.goal_met}`);
