/**
 * `vigil prove <model> [--property NAME...] [--timeout S] [--depth K] [--engine E...]
 *  [--format text|json] [--cex-dir DIR] [--target T] [--flow strict|relaxed] [--solver z3|cvc5]
 *  [--solver-path P]`: every proof obligation of a model in one table.
 *
 * Input: a model path and options. Output: a summary table (obligation, kind, verdict, engine, time)
 * with every counterexample (per-tick table and source line), or JSON; with --cex-dir one JSON and
 * one VCD file per counterexample. On a terminal a live progress line goes to stderr (never in CI or
 * with --format json).
 * Obligations: safety (src/prove/safety: always, leads_to, runtime checks), isolation
 * (src/prove/isolation: noninterference, endorse validators) and timing (src/wcet: wcet, schedulable).
 * Exit code: the most serious verdict (verdictExitCode): 0 all proved, 1 falsified/vacuous or model
 * errors, 3 unknown, 2 usage or internal error.
 */
import type { Command } from "commander";
import { verify, type VerifyReport } from "../../api/verify.js";
import { renderText } from "../../diagnostics/render.js";
import { renderTwoRunTable, twoRunJson, twoRunOf, twoRunVcd, vcdOptionsFor, type IsolationResult } from "../../prove/isolation/index.js";
import type { SafetyEngine } from "../../prove/safety/index.js";
import { cexFileName, counterexampleFiles, renderCounterexample } from "../../prove/safety/render.js";
import { renderInvariants } from "../../prove/invgen/render.js";
import { verdictExitCode, type ObligationResult } from "../../prove/verdict.js";
import type { SourceFile } from "../../source/span.js";
import { markerText, OutputDir } from "../../util/output-dir.js";
import { batched, jsonChunks } from "../../util/json-chunks.js";
import { ExitCode } from "../io.js";
import { version, type CommandContext } from "../main.js";
import { badProveOption, enginesOf } from "./prove-options.js";

function row(r: ObligationResult): string[] {
  const v = r.verdict;
  const evidence = (): string => {
    if (v.status !== "proved") return "";
    const e = v.evidence;
    const lemmas = (e.kind === "k-induction" || e.kind === "pdr") && e.lemmas && e.lemmas.length > 0 ? `, ${e.lemmas.length} generated invariant${e.lemmas.length === 1 ? "" : "s"}` : "";
    return (e.kind === "k-induction" ? `k-induction, k=${e.k}` : e.kind === "relational" ? `relational ${e.engine}${e.k !== undefined ? `, k=${e.k}` : ""}` : e.kind) + lemmas;
  };
  const what =
    v.status === "proved"
      ? `proved (${evidence()})`
      : v.status === "falsified"
        ? `FALSIFIED at tick ${v.tick}`
        : v.status === "vacuous"
          ? `VACUOUS: ${v.reason}`
          : `unknown: ${v.reason}`;
  return [r.obligation.name, r.obligation.kind, what, v.engine, `${(r.timeMs / 1000).toFixed(2)} s`];
}

function table(rows: string[][]): string {
  const head = ["obligation", "kind", "verdict", "engine", "time"];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => Math.min(r[i]!.length, i === 2 ? 90 : 40))));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join("  ").trimEnd()).join("\n") + "\n";
}

interface ProveOpts {
  property?: string[];
  timeout: string;
  depth: string;
  engine?: string[];
  format: string;
  target?: string;
  flow: string;
  cexDir?: string;
  solver?: string;
  solverPath?: string;
  maxK?: string;
  invariants: string;
  simTicks?: string;
  showInvariants?: boolean;
  force?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("prove")
    .description("prove every obligation of a model: safety (always, leads_to, runtime errors), isolation and timing")
    .argument("<model>", "model file (.vgl)")
    .option("--property <names...>", "only these properties")
    .option("--timeout <s>", "time limit in seconds: for the safety obligations together, and for each other obligation", "60")
    .option("--depth <k>", "deepest bounded model check, in ticks", "64")
    .option("--engine <names...>", "safety engines to run: bmc, kind (k-induction), pdr, abmc (accelerated bmc: idle stretches as one step), sim (random simulation through the interpreter, no solver) (default: all five)")
    .option("--format <f>", "text or json", "text")
    .option("--cex-dir <dir>", "write each counterexample as DIR/NAME.json and DIR/NAME.vcd")
    .option("--target <name>", "core cycle model for timing obligations")
    .option("--flow <mode>", "strict: the static flow check rejects undeclared flows; relaxed: the relational proof decides", "strict")
    .option("--max-k <n>", "largest k for k-induction (default: the longest leads_to window or task period plus one, 8 to 24)")
    .option("--invariants <mode>", "auto: generate and prove helper invariants; off: only the model's own properties", "auto")
    .option("--sim-ticks <n>", "interpreter ticks the simulation falsifier may run (default 400000)")
    .option("--show-invariants", "print the generated invariants in .vgl syntax, ready to paste as properties")
    .option("--solver <name>", "solver: z3 (native binary; the default when installed), cvc5, or wasm (the embedded z3)")
    .option("--solver-path <path>", "path of the external solver binary")
    .option("--force", "write into --cex-dir even if it holds files vigil did not write")
    .action(async (file: string, opts: ProveOpts) => {
      const io = ctx.io;
      const badOption = badProveOption(opts);
      if (badOption !== undefined) {
        io.err(`${badOption}\n`);
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const timeoutS = Number(opts.timeout);
      const depth = Number(opts.depth);
      const engines = enginesOf(opts);
      const live = io.isTTY && opts.format === "text";
      const started = Date.now();
      const progress = (msg: string): void => {
        if (live) io.err(`\r\x1b[Kproving: ${msg} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      };
      let report: VerifyReport;
      try {
        report = await verify(file, {
          timeoutMs: timeoutS * 1000,
          maxDepth: depth,
          flow: opts.flow as "strict" | "relaxed",
          ...(engines.length > 0 ? { engines: engines as SafetyEngine[] } : {}),
          ...(opts.property ? { properties: opts.property } : {}),
          ...(opts.target ? { target: opts.target } : {}),
          ...(opts.maxK !== undefined ? { maxInduction: Number(opts.maxK) } : {}),
          invariants: opts.invariants as "auto" | "off",
          ...(opts.simTicks !== undefined ? { simTicks: Number(opts.simTicks) } : {}),
          solver: {
            ...(opts.solver === "z3" || opts.solver === "cvc5" || opts.solver === "wasm" ? { name: opts.solver } : {}),
            ...(opts.solverPath !== undefined ? { path: opts.solverPath } : {}),
          },
          onProgress: progress,
        });
      } finally {
        if (live) io.err("\r\x1b[K");
      }
      if (report.kind === "usage-error") {
        io.err(`vigil prove: ${report.message} in ${file}\n`);
        ctx.setExit(ExitCode.Usage);
        return;
      }
      if (report.diagnostics.length > 0) io.err(renderText([...report.diagnostics], report.sources as Map<string, SourceFile>, { color: io.color }));
      if (report.kind === "model-error") {
        if (report.flowAdvice.length > 0) io.err(renderText([...report.flowAdvice], report.sources as Map<string, SourceFile>, { color: io.color }));
        ctx.setExit(ExitCode.ModelError);
        return;
      }
      const p = report.program;
      const results = [...report.results];
      if (opts.cexDir !== undefined) {
        const out = new OutputDir(opts.cexDir, markerText("prove --cex-dir", version()));
        try {
          for (const r of results) {
            if (r.verdict.status !== "falsified") continue;
            const base = cexFileName(r.obligation.name);
            const two = twoRunOf(r as IsolationResult);
            const files = two ? { json: twoRunJson(two), vcd: twoRunVcd(two, vcdOptionsFor(p)) } : counterexampleFiles(p, r);
            if (!files) continue;
            out.write(`${base}.json`, files.json);
            out.write(`${base}.vcd`, files.vcd);
          }
        } catch (e) {
          out.abandon();
          io.err(`vigil prove: cannot write counterexamples to ${opts.cexDir}: ${e instanceof Error ? e.message : String(e)}\n`);
          ctx.setExit(ExitCode.Usage);
        }
      }
      if (opts.format === "json") {
        // In chunks: a deep counterexample (accelerated BMC) does not fit in one string.
        for (const chunk of batched(jsonChunks({ model: file, summary: report.summary, invariants: report.invariants, results }))) io.out(chunk);
        io.out("\n");
      }
      else {
        io.out(table(results.map(row)));
        for (const r of results) {
          const v = r.verdict;
          if (v.status !== "falsified") continue;
          const two = twoRunOf(r as IsolationResult);
          if (two) {
            io.out(`\n${r.obligation.name}: ${v.explanation}\n`);
            io.out(renderTwoRunTable(two));
          } else io.out("\n" + renderCounterexample(p, r, report.sources as Map<string, SourceFile>));
        }
        if (opts.showInvariants) io.out(renderInvariants(report.invariants));
        const sum = report.summary;
        io.out(
          `\n${sum.total} obligations: ${sum.proved} proved, ${sum.falsified} falsified, ${sum.unknown} unknown, ${sum.vacuous} vacuous` +
            ` (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
        );
      }
      for (const r of results) ctx.setExit(verdictExitCode(r.verdict));
    });
}
