/**
 * vigil's command-line entry point.
 *
 * Input: argv (as process.argv) and a CliIo. Output: the process exit code (see ExitCode in io.ts).
 * Invariants: this module and bin/vigil.js are the only places that touch the process's exit code;
 * each subcommand lives in src/cli/commands/<name>.ts and exports `register(program, ctx)`.
 * Unexpected exceptions become one line "vigil: internal error: ..." and exit code 2, never a trace
 * (set VIGIL_DEBUG=1 to see the stack).
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { ClosedPipe, ExitCode, processIo, type CliIo } from "./io.js";
import { COMMANDS } from "./commands/index.js";

export interface CommandContext {
  readonly io: CliIo;
  /** Commands call this with their exit code. */
  setExit(code: number): void;
}

export function version(): string {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const rel of ["../../package.json", "../package.json"]) {
      try {
        const pkg = JSON.parse(readFileSync(join(here, rel), "utf8")) as { name?: string; version?: string };
        if (pkg.name === "vigil" && pkg.version) return pkg.version;
      } catch {
        /* try the next candidate */
      }
    }
  } catch {
    /* fall through */
  }
  return "0.0.0";
}

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command();
  program
    .name("vigil")
    .description("Formal verification for medical-device firmware models: check, simulate, prove, time and emit C.")
    .version(version(), "-V, --version", "print vigil's version")
    .showHelpAfterError("(run `vigil --help` for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
    })
    .addHelpText(
      "after",
      `
Examples:
  vigil check models/ddd-pacemaker/ddd.vgl      type-check a model, with diagnostics
  vigil prove models/ddd-pacemaker/ddd.vgl      prove every property of a model (the main job)
  vigil sim examples/watchdog.vgl --ticks 20 --random --seed 1
  vigil wcet models/vvi-pacemaker/vvi.vgl --target cortex-m4
  vigil emit c models/vvi-pacemaker/vvi.vgl -o build/vvi

Exit codes: 0 success, 1 errors in a model or a property falsified, 2 usage or internal error,
3 a proof obligation ended unknown.`,
    );
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

/** When several results combine, the most serious wins: usage/internal > falsified > unknown > ok. */
const EXIT_RANK: Record<number, number> = { 0: 0, 3: 1, 1: 2, 2: 3 };

/** Run the CLI; returns the exit code instead of exiting. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = ExitCode.Ok;
  const ctx: CommandContext = {
    io,
    setExit: (c) => {
      if ((EXIT_RANK[c] ?? 99) > (EXIT_RANK[code] ?? 99)) code = c;
    },
  };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (err instanceof ClosedPipe) return code; // the reader went away: end quietly
    if (err instanceof CommanderError) {
      // --help and --version end with exitCode 0; usage errors with 1 (commander) -> 2 (ours).
      return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.err(`vigil: internal error: ${msg}\n`);
    if (process.env.VIGIL_DEBUG && err instanceof Error && err.stack) io.err(err.stack + "\n");
    return ExitCode.Usage;
  }
  return code;
}

/**
 * A reader that goes away (`vigil emit c ... | head -1`) ends vigil quietly: no EPIPE stack trace,
 * the exit code so far (a pipeline's status is its last command's anyway).
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE" || err.code === "ERR_STREAM_DESTROYED") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw err;
  });
}

/** Used by bin/vigil.js. */
export async function main(argv: readonly string[]): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  process.exitCode = await run(argv);
}
