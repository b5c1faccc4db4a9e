/**
 * Test helpers for the C backend: find the C toolchains, write the emitted files to a temporary
 * directory, compile them (host gcc, arm-none-eabi-gcc), run the generated host harness on a batch
 * of input traces and parse its output back.
 *
 * Input: IrPrograms and traces. Output: compiler results and per-trace observations.
 * Invariants: a missing tool is reported by `have()` so tests can say "X not installed: skipping".
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IrProgram, IrValue } from "../../src/ir/ir.js";
import { buildCModel, emitC, observedColumns } from "../../src/emit/c/index.js";
import type { TickInputs } from "../../src/interp/index.js";

const cache = new Map<string, boolean>();
/** Is `tool` on the PATH? When not, says so once ("gcc not installed: skipping ..."). */
export function have(tool: string, what = "the tests that need it"): boolean {
  if (!cache.has(tool)) {
    const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
    cache.set(tool, r.status === 0);
    if (r.status !== 0) console.log(`${tool} not installed: skipping ${what}`);
  }
  return cache.get(tool)!;
}

export const HOST_FLAGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wconversion"];
/** The flags, plus -pedantic -Wconversion (stricter: int32_t is `long` on this target). */
export const ARM_FLAGS = ["-mcpu=cortex-m4", "-mthumb", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-Wconversion"];

let ubsan: string[] | undefined;
/** -fsanitize=undefined (abort on the first report) when the host gcc supports it. */
export function ubsanFlags(): string[] {
  if (ubsan === undefined) {
    const dir = mkdtempSync(join(tmpdir(), "vigil-ubsan-"));
    writeFileSync(join(dir, "t.c"), "int main(void) { return 0; }\n");
    const flags = ["-fsanitize=undefined", "-fno-sanitize-recover=all"];
    const r = spawnSync("gcc", [...flags, join(dir, "t.c"), "-o", join(dir, "t")], { encoding: "utf8" });
    ubsan = r.status === 0 ? flags : [];
    rmSync(dir, { recursive: true, force: true });
  }
  return ubsan;
}

export function writeEmitted(program: IrProgram, harness = false): string {
  const dir = mkdtempSync(join(tmpdir(), "vigil-emit-"));
  for (const f of emitC(program, { harness })) writeFileSync(join(dir, f.name), f.content);
  return dir;
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface CompileResult {
  readonly ok: boolean;
  readonly output: string;
}

export function compile(cc: string, flags: readonly string[], dir: string, files: readonly string[], outArgs: readonly string[]): CompileResult {
  const r = spawnSync(cc, [...flags, ...files.map((f) => join(dir, f)), ...outArgs], { encoding: "utf8", cwd: dir });
  return { ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

export function cFiles(dir: string, withHarness: boolean): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".c"))
    .filter((f) => (withHarness ? !f.endsWith("_mpu.c") && !f.endsWith("_sched.c") : !f.endsWith("_harness.c")))
    .sort();
}

export interface HarnessBuild {
  readonly dir: string;
  readonly exe: string;
  readonly program: IrProgram;
}

/** Emit with the harness and compile it for the host with runtime checks on. */
export function buildHarness(program: IrProgram): HarnessBuild {
  const dir = writeEmitted(program, true);
  const P = buildCModel(program).PREFIX;
  const exe = join(dir, "harness");
  const r = compile("gcc", [...HOST_FLAGS, "-O1", ...ubsanFlags(), `-D${P}_RUNTIME_CHECKS`], dir, cFiles(dir, true), ["-o", exe]);
  if (!r.ok) throw new Error(`harness does not compile:\n${r.output}`);
  return { dir, exe, program };
}

export interface CTraceResult {
  /** One row per observed tick: outputs then state, arrays flattened (observedColumns). */
  readonly rows: number[][];
  readonly error?: { tick: number; id: string };
  readonly assumptionBroken: number[];
  readonly misses: number[];
}

function flatInputs(program: IrProgram, t: TickInputs): number[] {
  const out: number[] = [];
  for (const g of program.inputs) {
    const v: IrValue | undefined = t[g.name];
    if (Array.isArray(v)) out.push(...(v as number[]));
    else out.push(Number(v ?? 0));
  }
  for (const l of program.irqs) out.push(Number(t[l.name] ?? 0));
  return out;
}

/** Run a batch of traces through the compiled harness (one process). */
export function runHarness(h: HarnessBuild, traces: readonly (readonly TickInputs[])[], lazy = false): CTraceResult[] {
  const parts: string[] = [String(traces.length)];
  for (const tr of traces) {
    parts.push(String(tr.length));
    for (const t of tr) parts.push(flatInputs(h.program, t).join(" "));
  }
  const r = spawnSync(h.exe, [], { input: parts.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, VIGIL_LAZY: lazy ? "1" : "0" } });
  if (r.status !== 0) throw new Error(`harness exited with ${r.status}: ${r.stderr}`);
  const results: CTraceResult[] = [];
  let cur: { rows: number[][]; error?: { tick: number; id: string }; assumptionBroken: number[]; misses: number[] } = { rows: [], assumptionBroken: [], misses: [] };
  for (const line of r.stdout.split("\n")) {
    if (line === "") continue;
    if (line === "END") {
      results.push(cur);
      cur = { rows: [], assumptionBroken: [], misses: [] };
    } else if (line.startsWith("E ")) {
      const [, tick, id] = line.split(" ");
      cur.error = { tick: Number(tick), id: id! };
    } else if (line.startsWith("A ")) cur.assumptionBroken.push(Number(line.slice(2)));
    else if (line.startsWith("M ")) cur.misses.push(Number(line.split(" ")[1]));
    else cur.rows.push(line.split(" ").slice(1).map(Number));
  }
  return results;
}

/** The interpreter's row in the harness's column order. */
export function expectedColumns(program: IrProgram, row: { state: Readonly<Record<string, IrValue>>; outputs: Readonly<Record<string, IrValue>> }): number[] {
  const m = buildCModel(program);
  return observedColumns(m).map((c) => {
    const v = row.outputs[c.name] ?? row.state[c.name];
    if (c.index !== undefined) return Number((v as readonly number[])[c.index]);
    return Number(v);
  });
}
