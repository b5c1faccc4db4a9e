/**
 * `vigil prove <model> [--property NAME...] [--timeout S] [--format text|json] [--target T]`:
 * every proof obligation of a model in one table.
 *
 * Input: a model path and options. Output: a summary table (obligation, kind, verdict, engine, time)
 * or JSON; two-run counterexamples for isolation leaks.
 * What runs today: non-interference and endorse obligations (src/prove/isolation) and timing
 * obligations (src/wcet). The safety engines (BMC, k-induction, PDR for `always`, `leads_to` and the
 * runtime checks) are not built yet: those obligations are listed with verdict **unknown** and that
 * reason, so the exit code is 3 and nothing is ever reported proved without a solver's unsat.
 * Exit code: the most serious verdict (see verdictExitCode): 0 all proved, 1 falsified/vacuous or
 * model errors, 3 unknown, 2 usage.
 */
import type { Command } from "commander";
import { check } from "../../check/index.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { renderText } from "../../diagnostics/render.js";
import type { IrProgram } from "../../ir/ir.js";
import { lower } from "../../lower/index.js";
import { loadModel } from "../../parse/index.js";
import { proveIsolation, renderTwoRunTable, type IsolationResult } from "../../prove/isolation/index.js";
import { verdictExitCode, type ObligationResult } from "../../prove/verdict.js";
import { createSolver } from "../../solver/index.js";
import { timingVerdicts } from "../../wcet/index.js";
import { ExitCode } from "../io.js";
import type { CommandContext } from "../main.js";

const NOT_BUILT = "safety engines (BMC, k-induction, PDR) are not implemented yet: obligation not checked";

/** Obligations of the safety class, reported unknown until the safety engines land. */
export function pendingSafety(p: IrProgram, only?: ReadonlySet<string>): ObligationResult[] {
  const out: ObligationResult[] = [];
  const unknown = { status: "unknown", engine: "none", reason: NOT_BUILT } as const;
  for (const q of p.properties) {
    if (q.kind !== "invariant" && q.kind !== "leadsTo") continue;
    if (only && !only.has(q.name)) continue;
    out.push({ obligation: { name: q.name, kind: q.kind, description: `property ${q.name}`, span: q.span }, verdict: unknown, timeMs: 0, solverMs: 0 });
  }
  if (only) return out;
  const walk = (stmts: IrProgram["tasks"][number]["body"]): void => {
    for (const s of stmts) {
      if (s.s === "assert") out.push({ obligation: { name: s.id, kind: "runtime", description: `${s.check.kind} check`, span: s.span }, verdict: unknown, timeMs: 0, solverMs: 0 });
      else if (s.s === "if") (walk(s.then), walk(s.else));
      else if (s.s === "for") walk(s.body);
    }
  };
  for (const t of p.tasks) walk(t.body);
  return out;
}

function row(r: ObligationResult): string[] {
  const v = r.verdict;
  const what = v.status === "proved" ? `proved (${v.evidence.kind})` : v.status === "falsified" ? `FALSIFIED at tick ${v.tick}` : v.status === "vacuous" ? `VACUOUS: ${v.reason}` : `unknown: ${v.reason}`;
  return [r.obligation.name, r.obligation.kind, what, v.engine, `${(r.timeMs / 1000).toFixed(2)} s`];
}

function table(rows: string[][]): string {
  const head = ["obligation", "kind", "verdict", "engine", "time"];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => Math.min(r[i]!.length, i === 2 ? 90 : 40))));
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join("  ").trimEnd()).join("\n") + "\n";
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("prove")
    .description("prove every obligation of a model: isolation and timing today; safety obligations are listed as unknown until their engines land")
    .argument("<model>", "model file (.vgl)")
    .option("--property <names...>", "only these properties")
    .option("--timeout <s>", "time limit per obligation, in seconds", "60")
    .option("--format <f>", "text or json", "text")
    .option("--target <name>", "core cycle model for timing obligations")
    .option("--flow <mode>", "strict: the static flow check rejects undeclared flows; relaxed: the relational proof decides", "strict")
    .action(async (file: string, opts: { property?: string[]; timeout: string; format: string; target?: string; flow: string }) => {
      const io = ctx.io;
      const timeoutS = Number(opts.timeout);
      if (!(timeoutS > 0) || (opts.format !== "text" && opts.format !== "json") || (opts.flow !== "strict" && opts.flow !== "relaxed")) {
        io.err("vigil prove: --timeout must be a positive number of seconds, --format text or json, --flow strict or relaxed\n");
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const loaded = loadModel(file);
      const checked = check(loaded, { flow: opts.flow as "strict" | "relaxed" });
      if (checked.diagnostics.length > 0) io.err(renderText(checked.diagnostics, loaded.sources, { color: io.color }));
      if (hasErrors(checked.diagnostics)) {
        ctx.setExit(ExitCode.ModelError);
        return;
      }
      const p = lower(checked, { sources: loaded.sources });
      const only = opts.property ? new Set(opts.property) : undefined;
      const unknownNames = [...(only ?? [])].filter((n) => !p.properties.some((q) => q.name === n));
      if (unknownNames.length > 0) {
        io.err(`vigil prove: no property named ${unknownNames.map((n) => `'${n}'`).join(", ")} in ${file}\n`);
        ctx.setExit(ExitCode.Usage);
        return;
      }
      const solver = createSolver({ workers: 2 });
      const results: ObligationResult[] = [];
      try {
        results.push(...pendingSafety(p, only));
        const iso: IsolationResult[] = await proveIsolation(p, { solver, timeoutMs: timeoutS * 1000, ...(only ? { properties: [...only], endorse: false } : {}) });
        results.push(...iso);
        const timing = await timingVerdicts(p, { solver, timeoutMs: timeoutS * 1000, ...(opts.target ? { target: opts.target } : {}) });
        results.push(...timing.filter((r) => !only || only.has(r.obligation.name)));
      } finally {
        await solver.close();
      }
      if (opts.format === "json") io.out(JSON.stringify({ model: file, results }, null, 2) + "\n");
      else {
        io.out(table(results.map(row)));
        for (const r of results) {
          const v = r.verdict;
          if (v.status !== "falsified") continue;
          io.out(`\n${r.obligation.name}: ${v.explanation}\n`);
          if (v.otherTrace) io.out(renderTwoRunTable({ property: r.obligation.name, trace: v.trace, otherTrace: v.otherTrace }));
        }
        const count = (s: string) => results.filter((r) => r.verdict.status === s).length;
        io.out(`\n${results.length} obligations: ${count("proved")} proved, ${count("falsified")} falsified, ${count("unknown")} unknown, ${count("vacuous")} vacuous\n`);
      }
      for (const r of results) ctx.setExit(verdictExitCode(r.verdict));
    });
}
