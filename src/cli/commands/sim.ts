/**
 * `vigil sim <model> --ticks N (--inputs FILE | --random [--seed S]) [--format F] [-o FILE]`:
 * simulate a model with the reference interpreter (src/interp) and print or write the trace.
 *
 * Input: a model, a tick count and an input trace (CSV or JSON by extension) or a seed.
 * Output: the trace (table, json, csv or vcd) on stdout or written atomically to FILE; diagnostics
 * on stderr.
 * Exit code: 0 when the run completes with no property violated; 1 when the model has errors, the
 * trace is bad (VG5001-VG5005, VG5007: nothing is written), a runtime error occurs (VG5006: the
 * trace up to and including the failing tick is still written) or a property is violated on the
 * trace; 2 for usage errors.
 */
import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { check } from "../../check/index.js";
import { diag, hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { renderText } from "../../diagnostics/render.js";
import { simulate, type InputTrace, type SimOptions, type SimResult } from "../../interp/index.js";
import { lower } from "../../lower/index.js";
import { loadModel } from "../../parse/index.js";
import { randomInputSource, readTrace, type TraceFormat } from "../../sim/index.js";
import { streamTrace } from "../../sim/stream.js";
import type { SourceFile } from "../../source/span.js";
import { AtomicFileWriter } from "../../util/atomic-write.js";
import { missingParent } from "../../util/output-dir.js";
import { ExitCode } from "../io.js";
import type { CommandContext } from "../main.js";

interface SimCliOptions {
  readonly ticks: string;
  readonly inputs?: string;
  readonly random?: boolean;
  readonly seed?: string;
  readonly format: TraceFormat;
  readonly output?: string;
}

export const MAX_TICKS = 100_000_000;

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("sim")
    .description("simulate a model tick by tick with the reference interpreter")
    .argument("<model>", "model file (.vgl)")
    .requiredOption("--ticks <n>", "number of ticks to simulate")
    .option("--inputs <trace>", "input trace: CSV (header: tick?, inputs, irq lines) or JSON (array of objects)")
    .option("--random", "random inputs that respect the types and the assumptions")
    .option("--seed <seed>", "seed for --random", "0")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json", "csv", "vcd"]).default("table"))
    .option("-o, --output <file>", "write the trace to FILE (atomically) instead of stdout")
    .addHelpText(
      "after",
      "\nExamples:\n  vigil sim examples/vvi-pacemaker.vgl --ticks 20 --random --seed 1\n" +
        "  vigil sim examples/vvi-pacemaker.vgl --ticks 100 --inputs trace.csv --format vcd -o run.vcd\n" +
        "\nTrace values: bool as 0/1/true/false; enums by member name, Enum.Member or index; time in\n" +
        "microseconds and frequency in hertz (plain integers); arrays as columns name[0], name[1], ...\n" +
        "One row per tick; rows beyond --ticks are ignored. Every row must satisfy the assumptions.\n",
    )
    .action((file: string, opts: SimCliOptions) => {
      const io = ctx.io;
      const noDir = opts.output !== undefined ? missingParent(opts.output) : undefined;
      if (noDir !== undefined) {
        io.err(`vigil sim: cannot write ${opts.output}: ${noDir}\n`);
        ctx.setExit(ExitCode.Usage);
        return;
      }
      if (!/^\d+$/.test(opts.ticks) || Number(opts.ticks) > MAX_TICKS) {
        io.err(`vigil sim: --ticks must be an integer between 0 and ${MAX_TICKS}, found \`${opts.ticks}\`\n`);
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const ticks = Number(opts.ticks);
      if ((opts.inputs === undefined) === !opts.random) {
        io.err("vigil sim: give exactly one of --inputs FILE or --random\n");
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const loaded = loadModel(file);
      const sources = new Map<string, SourceFile>(loaded.sources);
      const report = (ds: readonly Diagnostic[]): void => {
        if (ds.length > 0) io.err(renderText([...ds], sources, { color: io.color }));
      };
      const checked = check(loaded);
      report(checked.diagnostics);
      if (hasErrors(checked.diagnostics)) {
        ctx.setExit(ExitCode.ModelError);
        return;
      }
      const ir = lower(checked, { sources: loaded.sources });
      let inputs: InputTrace;
      const seed = /^\d+$/.test(opts.seed ?? "0") ? Number(opts.seed ?? "0") : (opts.seed ?? "0");
      if (opts.inputs !== undefined) {
        let text: string;
        try {
          text = readFileSync(opts.inputs, "utf8");
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          report([diag("VG5007", undefined, `cannot read the trace ${opts.inputs}: ${msg}`)]);
          ctx.setExit(ExitCode.ModelError);
          return;
        }
        const tr = readTrace(opts.inputs, text, ir, ticks);
        if (!tr.ok) {
          if (tr.source) sources.set(tr.source.path, tr.source);
          report(tr.diagnostics);
          ctx.setExit(ExitCode.ModelError);
          return;
        }
        inputs = tr.inputs;
      } else {
        const first = randomInputSource(ir, seed);
        if (!first.ok) {
          report(first.diagnostics);
          ctx.setExit(ExitCode.ModelError);
          return;
        }
        inputs = [];
      }
      // Random inputs are drawn tick by tick, afresh for each pass (the passes are deterministic).
      const fresh = (): InputTrace => {
        if (opts.inputs !== undefined) return inputs;
        const src = randomInputSource(ir, seed);
        if (!src.ok) throw new Error("random inputs: the bounds changed between passes");
        return () => src.source.next();
      };
      // A quick pass without rows: a broken assumption or an exhausted random draw writes nothing.
      let result: SimResult;
      try {
        result = simulate(ir, fresh(), ticks, { record: false });
      } catch (err) {
        if (opts.inputs !== undefined) throw err;
        const src = randomInputSource(ir, seed);
        if (src.ok) for (let t = 0; t < ticks && src.source.next(); t++);
        report(src.ok ? src.source.failure() : src.diagnostics);
        ctx.setExit(ExitCode.ModelError);
        return;
      }
      if (result.assumptionViolation) {
        const v = result.assumptionViolation;
        report([diag("VG5005", v.span, `tick ${v.tick} breaks the assumption \`${v.assumption}\``)]);
        ctx.setExit(ExitCode.ModelError);
        return;
      }
      const runPass = (o: SimOptions): SimResult => simulate(ir, fresh(), ticks, o);
      if (opts.output) {
        let file: AtomicFileWriter | undefined;
        try {
          const f = new AtomicFileWriter(opts.output);
          file = f;
          result = streamTrace(opts.format, ir, runPass, (chunk) => f.write(chunk));
          f.commit();
        } catch (err) {
          file?.abort();
          io.err(`vigil sim: cannot write ${opts.output}: ${err instanceof Error ? err.message : String(err)}\n`);
          ctx.setExit(ExitCode.ModelError);
          return;
        }
      } else {
        const out = io.outSync ?? io.out;
        result = streamTrace(opts.format, ir, runPass, (chunk) => out(chunk));
      }
      let code: number = ExitCode.Ok;
      if (result.runtimeError) {
        const e = result.runtimeError;
        report([
          diag("VG5006", e.span, `runtime error at tick ${e.tick} in task \`${e.task}\`: ${e.message}`, {
            notes: [`check ${e.assertId}`],
          }),
        ]);
        code = ExitCode.ModelError;
      }
      if (result.propertyViolationCount > 0) {
        const seen = new Map<string, { first: number; count: number }>();
        for (const v of result.propertyViolations) {
          const s = seen.get(v.property);
          if (s) s.count++;
          else seen.set(v.property, { first: v.tick, count: 1 });
        }
        for (const [name, s] of seen) {
          io.err(`vigil sim: property \`${name}\` is violated on this trace (first at tick ${s.first}, ${s.count} time${s.count === 1 ? "" : "s"})\n`);
        }
        code = ExitCode.ModelError;
      }
      ctx.setExit(code);
    });
}
