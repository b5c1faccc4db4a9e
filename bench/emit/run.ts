/**
 * Benchmark of the C backend: for every example and reference model that checks clean (and the
 * backend's feature model, test/emit/models/),
 * - the time to emit (emitC on the lowered IR; median of repeated runs) and the whole
 *   `vigil emit c` pipeline (load, check, lower, emit);
 * - the bytes of .text for cortex-m4 at -Os (arm-none-eabi-gcc, arm-none-eabi-size -A) of the
 *   device code, the scheduler and the MPU set-up, and the stack of each function (-fstack-usage).
 * Prints a table and writes bench/results/emit.json. Without arm-none-eabi-gcc the sizes are null
 * and the output says so.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../../src/check/index.js";
import { emitC } from "../../src/emit/c/index.js";
import { lower } from "../../src/lower/index.js";
import { loadModel } from "../../src/parse/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function vgl(dir: string, recursive: boolean): string[] {
  let out: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) {
      if (recursive) out = out.concat(vgl(p, true));
    } else if (n.endsWith(".vgl")) out.push(p);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function have(tool: string): boolean {
  return spawnSync(tool, ["--version"]).status === 0;
}

interface Row {
  model: string;
  device: string;
  tasks: number;
  emitMs: number;
  pipelineMs: number;
  cLines: number;
  textBytes: Record<string, number> | null;
  textTotal: number | null;
  /** Stack bytes per generated function (gcc -fstack-usage, cortex-m4 -Os); the largest step function. */
  stack: Record<string, number> | null;
  maxStepStack: number | null;
}

const arm = have("arm-none-eabi-gcc") && have("arm-none-eabi-size");
if (!arm) console.log("arm-none-eabi-gcc not installed: skipping the .text sizes");
const rows: Row[] = [];
const prev = process.cwd();
process.chdir(ROOT);
for (const file of [...vgl(join(ROOT, "examples"), false), ...vgl(join(ROOT, "models"), true), ...vgl(join(ROOT, "test", "emit", "models"), false)]) {
  const rel = relative(ROOT, file);
  const t0 = performance.now();
  const loaded = loadModel(rel);
  if (!loaded.model) continue;
  const checked = check(loaded);
  if (checked.diagnostics.some((d) => d.severity === "error")) {
    console.log(`skipping ${rel}: check errors`);
    continue;
  }
  const ir = lower(checked, { sources: loaded.sources });
  const files = emitC(ir);
  const pipelineMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const a = performance.now();
    emitC(ir);
    times.push(performance.now() - a);
  }
  let textBytes: Record<string, number> | null = null;
  let stack: Record<string, number> | null = null;
  if (arm) {
    const dir = mkdtempSync(join(tmpdir(), "vigil-bench-emit-"));
    try {
      for (const f of files) writeFileSync(join(dir, f.name), f.content);
      textBytes = {};
      stack = {};
      for (const c of files.filter((f) => f.name.endsWith(".c")).map((f) => f.name)) {
        const obj = join(dir, c.replace(/\.c$/, ".o"));
        const cc = spawnSync("arm-none-eabi-gcc", ["-mcpu=cortex-m4", "-mthumb", "-std=c99", "-Os", "-fstack-usage", "-c", join(dir, c), "-o", obj], { encoding: "utf8", cwd: dir });
        if (cc.status !== 0) throw new Error(`${rel}: ${c} does not compile:\n${cc.stderr}`);
        const sz = spawnSync("arm-none-eabi-size", ["-A", obj], { encoding: "utf8" });
        const m = /^\.text\s+(\d+)/m.exec(sz.stdout);
        textBytes[c] = m ? Number(m[1]) : 0;
        const su = join(dir, c.replace(/\.c$/, ".su"));
        for (const line of readFileSync(su, "utf8").split("\n").filter(Boolean)) {
          const [where, bytes] = line.split("\t");
          const fn = where!.split(":").pop()!;
          stack[fn] = Number(bytes);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  rows.push({
    model: rel,
    device: ir.device.name,
    tasks: ir.tasks.length,
    emitMs: Number(median(times).toFixed(3)),
    pipelineMs: Number(pipelineMs.toFixed(1)),
    cLines: files.filter((f) => /\.[ch]$/.test(f.name)).reduce((n, f) => n + f.content.split("\n").length, 0),
    textBytes,
    textTotal: textBytes ? Object.values(textBytes).reduce((a, b) => a + b, 0) : null,
    stack,
    maxStepStack: stack ? Math.max(0, ...Object.entries(stack).filter(([k]) => k.endsWith("_step")).map(([, v]) => v)) : null,
  });
}
process.chdir(prev);

console.log("model                                   tasks  emit (ms)  load+check+lower+emit (ms)  C lines  max step stack (B)  .text cortex-m4 -Os (bytes)");
for (const r of rows) {
  const parts = r.textBytes ? Object.entries(r.textBytes).map(([k, v]) => `${k.replace(/^.*?(_sched|_mpu)?\.c$/, (_, s: string | undefined) => (s ? s.slice(1) : "device"))} ${v}`).join(", ") : "n/a";
  console.log(
    `${r.model.padEnd(40)}${String(r.tasks).padStart(5)}${r.emitMs.toFixed(3).padStart(11)}${r.pipelineMs.toFixed(1).padStart(28)}${String(r.cLines).padStart(9)}${String(r.maxStepStack ?? "n/a").padStart(20)}  ${r.textTotal ?? "n/a"} (${parts})`,
  );
}
const outDir = join(ROOT, "bench", "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, "emit.json"),
  JSON.stringify({ bench: "emit", date: new Date().toISOString(), toolchain: arm ? spawnSync("arm-none-eabi-gcc", ["-dumpversion"], { encoding: "utf8" }).stdout.trim() : null, flags: "-mcpu=cortex-m4 -mthumb -std=c99 -Os", models: rows }, null, 2) + "\n",
);
console.log(`wrote bench/results/emit.json (${rows.length} models)`);
