/**
 * `vigil lsp --stdio`: the language server (src/lsp/server.ts) on standard input and output.
 *
 * Input: LSP JSON-RPC on stdin. Output: LSP JSON-RPC on stdout (this command is the one place that
 * hands the process's stdio streams to a protocol instead of writing through CliIo); nothing else
 * is ever written to stdout. Exit code: 0 after the client's shutdown + exit, 1 when the client
 * exits or disconnects without shutdown, 2 usage error (no --stdio).
 * Invariants: `--no-prove` turns proofs on save off; `--timeout S` bounds each proof run;
 * `--workers N` sets the proof thread's Z3 workers; the
 * server module (and vscode-languageserver) is loaded only when this command runs, so the other
 * commands neither pay for it nor see its import-time side effects.
 */
import { InvalidArgumentError, type Command } from "commander";
import { ExitCode } from "../io.js";
import type { CommandContext } from "../main.js";

interface LspOptions {
  readonly stdio?: boolean;
  readonly prove: boolean;
  readonly timeout?: number;
  readonly workers?: number;
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("expected a positive number of seconds");
  return n;
}

function count(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError("expected a whole number from 1 to 64");
  return n;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("lsp")
    .description("run the language server (diagnostics, hover, navigation, formatting, completion, proofs on save)")
    .option("--stdio", "talk LSP over standard input and output (the only transport)")
    .option("--no-prove", "do not prove on save (no proof code lenses)")
    .option("--timeout <s>", "budget of one proof run, in seconds (default 30)", seconds)
    .option("--workers <n>", "Z3 worker threads for proofs (default 2)", count)
    .addHelpText("after", "\nEditors start it as `vigil lsp --stdio`; see docs/editor.md.\n")
    .action(async (opts: LspOptions) => {
      if (!opts.stdio) {
        ctx.io.err("vigil lsp: give --stdio (the server talks LSP over standard input and output)\n");
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const { startServer } = await import("../../lsp/server.js");
      const server = startServer(process.stdin, process.stdout, {
        prove: opts.prove,
        ...(opts.timeout !== undefined ? { proofTimeoutMs: Math.round(opts.timeout * 1000) } : {}),
        ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      });
      const code = await server.done;
      server.connection.dispose();
      process.stdin.destroy();
      ctx.setExit(code === 0 ? ExitCode.Ok : ExitCode.ModelError);
    });
}
