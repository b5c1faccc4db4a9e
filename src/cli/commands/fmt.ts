/**
 * `vigil fmt <files...> [--check] [--write]`: canonical formatting of models.
 *
 * Input: model file paths. Output: the canonical text on stdout (default); with --check nothing on
 * stdout and, for each file that is not formatted, one line on stderr; with --write the file is
 * replaced atomically (src/util/atomic-write.ts) when its text changes.
 * Exit code: 0 success (and, with --check, every file already formatted), 1 a file has syntax or
 * input errors or (with --check) is not formatted, 2 usage or write errors.
 * Invariants: imports are not resolved (formatting one file needs no other); a file with errors is
 * never rewritten; comments are kept.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { renderText } from "../../diagnostics/render.js";
import { formatModel } from "../../fmt/index.js";
import { MAX_FILE_BYTES, parseText, readModelFile } from "../../parse/index.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { ExitCode } from "../io.js";
import type { CommandContext } from "../main.js";

interface FmtOptions {
  readonly check?: boolean;
  readonly write?: boolean;
  readonly maxBytes: number;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number of bytes");
  return n;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("fmt")
    .description("print models in canonical form (2-space indent, one statement per line, comments kept)")
    .argument("<files...>", "model files (.vgl)")
    .addOption(new Option("--check", "print nothing; exit 1 if a file is not already formatted").conflicts("write"))
    .addOption(new Option("--write", "rewrite the files in place (atomically)"))
    .addOption(new Option("--max-bytes <n>", "refuse files larger than this").argParser(positiveInt).default(MAX_FILE_BYTES, "8 MiB"))
    .addHelpText("after", "\nExamples:\n  vigil fmt examples/vvi-pacemaker.vgl\n  vigil fmt --check models/*/*.vgl\n  vigil fmt --write examples/watchdog.vgl\n")
    .action((files: string[], opts: FmtOptions) => {
      const io = ctx.io;
      for (const file of files) {
        const read = readModelFile(file, opts.maxBytes);
        if (!read.source) {
          io.err(renderText(read.diagnostics, new Map(), { color: io.color }));
          ctx.setExit(ExitCode.ModelError);
          continue;
        }
        const src = read.source;
        const parsed = parseText(file, src.text);
        if (!parsed.model) {
          io.err(renderText(parsed.diagnostics, new Map([[file, src]]), { color: io.color }));
          io.err(`${file}: not formatted: fix the errors first\n`);
          ctx.setExit(ExitCode.ModelError);
          continue;
        }
        const out = formatModel(parsed.model, src);
        if (opts.check) {
          if (out !== src.text) {
            io.err(`${file}: not formatted (run \`vigil fmt --write ${file}\`)\n`);
            ctx.setExit(ExitCode.ModelError);
          }
        } else if (opts.write) {
          if (out !== src.text) {
            try {
              writeFileAtomic(file, out);
              io.out(`formatted ${file}\n`);
            } catch (err) {
              io.err(`vigil: cannot write ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
              ctx.setExit(ExitCode.Usage);
            }
          }
        } else {
          io.out(out);
        }
      }
      ctx.setExit(ExitCode.Ok);
    });
}
