/**
 * `vigil emit c <model> -o DIR`: generate the C99 code of a model (src/emit/c).
 *
 * Input: a model path and an output directory. Output: the directory, written atomically
 * (src/util/atomic-write.ts writeDirAtomic): it appears whole or not at all, and an existing
 * directory is replaced only on success. Prints one line per file written on stdout.
 * The directory is replaced only when it is absent, empty or vigil's own earlier output (it holds
 * the marker file .vigil-output, src/util/output-dir.ts); anything else is refused with VG8002
 * and left untouched, unless --force.
 * Exit code: 0 on success; 1 when the model has errors (nothing is written) or the directory cannot
 * be written (VG8001); 2 for usage errors and a refused output path (VG8002).
 * Invariants: models with check errors are refused before lowering; the files are exactly
 * emitC(lower(check(load(model)))).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { check } from "../../check/index.js";
import { diag, hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { renderText } from "../../diagnostics/render.js";
import { emitC } from "../../emit/c/index.js";
import { lower } from "../../lower/index.js";
import { loadModel } from "../../parse/index.js";
import { writeDirAtomic } from "../../util/atomic-write.js";
import { claimOutputDir, markerText, OUTPUT_MARKER } from "../../util/output-dir.js";
import { ExitCode } from "../io.js";
import { version, type CommandContext } from "../main.js";

export function register(program: Command, ctx: CommandContext): void {
  const emit = program.command("emit").description("generate code from a model");
  emit
    .command("c")
    .description("generate C99 (device code, HAL header, LET scheduler, MPU set-up, linker fragment, README)")
    .argument("<model>", "model file (.vgl)")
    .requiredOption("-o, --output <dir>", "output directory (replaced atomically; only vigil's own earlier output or an empty one)")
    .option("--force", "replace the output path even if vigil did not write it")
    .option("--harness", "also write <device>_harness.c, a host test harness (input trace on stdin, observations on stdout)")
    .addHelpText("after", "\nExample:\n  vigil emit c examples/vvi-pacemaker.vgl -o build/vvi\n")
    .action((file: string, opts: { output: string; harness?: boolean; force?: boolean }) => {
      const io = ctx.io;
      const claim = claimOutputDir(opts.output, opts.force === true);
      if (!claim.ok) {
        io.err(renderText([refusal(opts.output, claim.reason)], new Map(), { color: io.color }));
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const loaded = loadModel(file);
      const checked = check(loaded);
      if (checked.diagnostics.length > 0) io.err(renderText(checked.diagnostics, loaded.sources, { color: io.color }));
      if (hasErrors(checked.diagnostics)) {
        io.err(`${file}: not emitted: the model has errors\n`);
        ctx.setExit(ExitCode.ModelError);
        return;
      }
      const ir = lower(checked, { sources: loaded.sources });
      const files = emitC(ir, { version: version(), harness: opts.harness === true });
      try {
        writeDirAtomic(opts.output, (staging) => {
          for (const f of files) writeFileSync(join(staging, f.name), f.content);
          writeFileSync(join(staging, OUTPUT_MARKER), markerText("emit c", version()));
        });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        io.err(renderText([diag("VG8001", undefined, `cannot write ${opts.output}: ${msg}`)], loaded.sources, { color: io.color }));
        ctx.setExit(ExitCode.ModelError);
        return;
      }
      for (const f of files) io.out(`wrote ${join(opts.output, f.name)}\n`);
      ctx.setExit(ExitCode.Ok);
    });
}

/** VG8002: the output path holds something vigil did not write. */
export function refusal(path: string, reason: string): Diagnostic {
  return diag("VG8002", undefined, `refusing to write ${path}: ${reason}`, {
    notes: ["vigil replaces only an absent or empty directory or its own earlier output (marked by .vigil-output); use --force to override"],
  });
}
