/**
 * The C backend's entry point: `emitC(program, opts)` returns the files of `vigil emit c`.
 *
 * Input: an IrProgram (from src/lower, no errors). Output: file names and contents; writing them
 * (atomically) is the CLI's job.
 * Invariants: pure (no I/O, no clock): the same program gives the same bytes; file names start with
 * the device prefix (lower-case device name), except README.md.
 */
import type { IrProgram } from "../../ir/ir.js";
import { emitHeader, emitSource } from "./device.js";
import { emitHarnessSource, observedColumns } from "./harness.js";
import { buildCModel, type CModel } from "./model.js";
import { emitLinker, emitMpu } from "./mpu.js";
import { emitReadme } from "./readme.js";
import { emitHal, emitSched } from "./sched.js";

export interface EmittedFile {
  readonly name: string;
  readonly content: string;
}

export interface EmitCOptions {
  /** Version string written in the file headers (default "0.1.0"). */
  readonly version?: string;
  /** Also emit `<dev>_harness.c`, the host test harness (not part of `vigil emit c`'s output). */
  readonly harness?: boolean;
}

export function emitC(program: IrProgram, opts: EmitCOptions = {}): EmittedFile[] {
  const v = opts.version ?? "0.1.0";
  const m = buildCModel(program);
  const p = m.prefix;
  const files: EmittedFile[] = [
    { name: `${p}.h`, content: emitHeader(m, v) },
    { name: `${p}.c`, content: emitSource(m, v) },
    { name: `${p}_hal.h`, content: emitHal(m, v) },
    { name: `${p}_sched.c`, content: emitSched(m, v) },
    { name: `${p}_mpu.c`, content: emitMpu(m, v) },
    { name: `${p}_domains.ld`, content: emitLinker(m, v) },
    { name: "README.md", content: emitReadme(m, v) },
  ];
  if (opts.harness) files.push({ name: `${p}_harness.c`, content: emitHarnessSource(m, v) });
  return files;
}

export { buildCModel, observedColumns, type CModel };
