/**
 * `vigil wcet <model> [--target T] [--wait-states N] [--format text|json]`: WCET per task (IPET with
 * Z3 Optimize) and response-time analysis (src/wcet).
 *
 * Input: a model path and options. Output: a table (or JSON) of WCET, response time, deadline,
 * slack and untrusted interference per task, the tick ISR cost and the utilization; then each
 * task's worst path in source terms (the branches it takes, the cycles of each source line). The
 * JSON form is the TimingReport (src/wcet/index.ts), whose tasks carry `worstPath`.
 * Exit code: 0 all bounds proved and schedulable; 1 model errors or VG7xxx; 3 a bound unknown or
 * a deadline not shown to be met; 2 usage.
 */
import type { Command } from "commander";
import { check } from "../../check/index.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { renderText } from "../../diagnostics/render.js";
import { lower } from "../../lower/index.js";
import { loadModel } from "../../parse/index.js";
import { createSolver } from "../../solver/index.js";
import { cyclesToUs } from "../../targets/index.js";
import { badTarget } from "./prove-options.js";
import { analyzeTiming } from "../../wcet/index.js";
import { renderExplanation } from "../../wcet/path.js";
import { ExitCode } from "../io.js";
import type { CommandContext } from "../main.js";

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("wcet")
    .description("worst-case execution time per task (IPET, Z3 Optimize) and schedulability (response-time analysis)")
    .argument("<model>", "model file (.vgl)")
    .option("--target <name>", "core cycle model (cortex-m0plus, cortex-m4, rv32im); default: the device header's")
    .option("--wait-states <n>", "flash wait states", "0")
    .option("--format <f>", "text or json", "text")
    .action(async (file: string, opts: { target?: string; waitStates: string; format: string }) => {
      const io = ctx.io;
      const ws = Number(opts.waitStates);
      if (!Number.isInteger(ws) || ws < 0 || (opts.format !== "text" && opts.format !== "json")) {
        io.err("vigil wcet: --wait-states must be a non-negative integer and --format text or json\n");
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const badT = badTarget(opts.target);
      if (badT !== undefined) {
        io.err(`${badT}\n`);
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
      const p = lower(checked, { sources: loaded.sources });
      const solver = createSolver({ workers: 1 });
      try {
        const rep = await analyzeTiming(p, solver, { ...(opts.target ? { target: opts.target } : {}), waitStates: ws });
        if (rep.diagnostics.length > 0) {
          io.err(renderText(rep.diagnostics, loaded.sources, { color: io.color }));
          ctx.setExit(ExitCode.ModelError);
          return;
        }
        if (opts.format === "json") io.out(JSON.stringify(rep, null, 2) + "\n");
        else {
          const us = (c: number | undefined) => (c === undefined ? "-" : `${c} (${cyclesToUs(c, rep.clockHz).toFixed(2)} us)`);
          io.out(`target ${rep.target} at ${rep.clockHz} Hz, ${rep.waitStates} wait states; tick ISR ${us(rep.tickIsrCycles)}\n`);
          io.out("task | WCET (IPET) | path-sensitive | blocks | response | deadline | slack | from untrusted\n");
          for (const t of rep.tasks) {
            io.out(`${t.task} | ${t.wcet.status === "proved" ? us(t.wcet.cycles) : `unknown: ${t.wcet.reason}`} | ${t.pathSensitive.status === "proved" ? us(t.pathSensitive.cycles) : t.pathSensitive.reason} | ${t.blocks} | ${us(t.responseCycles)} | ${us(t.deadlineCycles)} | ${t.slackCycles ?? "-"} | ${t.trusted ? us(t.untrustedCycles) : "(untrusted)"}\n`);
          }
          if (rep.utilization !== undefined) io.out(`utilization ${(rep.utilization * 100).toFixed(2)} %\n`);
          const iso = rep.tasks.filter((t) => t.trusted && t.responseCycles !== undefined);
          if (iso.length > 0) {
            io.out("\ntiming isolation (share of each trusted task's response time caused by untrusted domains):\n");
            for (const t of iso) {
              const u = t.untrustedCycles ?? 0;
              const by = Object.entries(t.untrustedBy ?? {}).map(([k, v]) => `${k} ${v}`).join(", ");
              io.out(`  ${t.task}: ${u} of ${t.responseCycles} cycles (${((100 * u) / (t.responseCycles || 1)).toFixed(1)} %)${by ? `: ${by}` : ""}${t.blockingCycles ? `; blocking ${t.blockingCycles}` : ""}\n`);
            }
          }
          const lineText = (f: string, line: number): string | undefined => {
            const src = loaded.sources.get(f);
            if (!src || line < 1 || line > src.lineStarts.length) return undefined;
            const a = src.lineStarts[line - 1]!;
            const b = line < src.lineStarts.length ? src.lineStarts[line]! - 1 : src.text.length;
            return src.text.slice(a, b);
          };
          for (const t of rep.tasks) {
            if (!t.worstPath) continue;
            io.out(`\nworst path of ${t.task} (${t.worstPathFrom === "path-sensitive" ? "path-sensitive witness" : "IPET"}, ${t.worstPath.cycles} cycles):\n`);
            io.out(renderExplanation(t.worstPath, lineText));
          }
        }
        const ok = rep.tasks.every((t) => t.wcet.status === "proved" && t.schedulable === true);
        ctx.setExit(ok ? ExitCode.Ok : ExitCode.Unknown);
      } finally {
        await solver.close();
      }
    });
}
