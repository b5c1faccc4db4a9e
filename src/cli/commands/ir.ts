/**
 * `vigil ir <model> [-o FILE]`: print the model's intermediate representation (src/ir/print.ts).
 *
 * Input: a model path. Output: the IR dump on stdout (or written atomically to FILE).
 * Exit code: 0 on success; 1 when the model has errors (diagnostics on stderr, nothing printed);
 * 2 for usage errors.
 * Invariants: the dump is exactly printIr(lower(check(loadModel(model)))).
 */
import type { Command } from "commander";
import { check } from "../../check/index.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { renderText } from "../../diagnostics/render.js";
import { printIr } from "../../ir/print.js";
import { lower } from "../../lower/index.js";
import { loadModel } from "../../parse/index.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { missingParent } from "../../util/output-dir.js";
import { ExitCode } from "../io.js";
import type { CommandContext } from "../main.js";

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("ir")
    .description("print the intermediate representation of a model (the transition system all back ends consume)")
    .argument("<model>", "model file (.vgl)")
    .option("-o, --output <file>", "write the dump to FILE (atomically) instead of stdout")
    .addHelpText("after", "\nExample:\n  vigil ir examples/vvi-pacemaker.vgl\n")
    .action((file: string, opts: { output?: string }) => {
      const io = ctx.io;
      const noDir = opts.output !== undefined ? missingParent(opts.output) : undefined;
      if (noDir !== undefined) {
        io.err(`vigil ir: cannot write ${opts.output}: ${noDir}\n`);
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const loaded = loadModel(file);
      const checked = check(loaded);
      if (checked.diagnostics.length > 0) io.err(renderText(checked.diagnostics, loaded.sources, { color: io.color }));
      if (hasErrors(checked.diagnostics)) {
        ctx.setExit(ExitCode.ModelError);
        return;
      }
      const text = printIr(lower(checked, { sources: loaded.sources }));
      if (opts.output) {
        try {
          writeFileAtomic(opts.output, text);
        } catch (err) {
          io.err(`vigil ir: cannot write ${opts.output}: ${err instanceof Error ? err.message : String(err)}\n`);
          ctx.setExit(ExitCode.ModelError);
          return;
        }
      } else io.out(text);
      ctx.setExit(ExitCode.Ok);
    });
}
