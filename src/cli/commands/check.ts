/**
 * `vigil check <files...> [--format text|json] [--flow strict|relaxed]`: load, parse and check
 * models, print their diagnostics.
 *
 * Input: file paths and options. Output: text diagnostics on stderr (rendered by
 * src/diagnostics/render.ts) and one summary line per clean file on stdout
 * ("ok: FILE (N tasks, M properties)"), or with --format json one JSON document on stdout.
 * Flow advice (issue 5): when the strict flow check rejects a flow (VG3002-VG3005) and the model is
 * otherwise well-formed, the relational non-interference proof (src/prove/isolation) is asked about
 * it; each rejected flow it proves harmless gets a VG3009 note ("`vigil prove --flow relaxed` lets the
 * proof decide"), with `--flow-proof` (off by default: `vigil check` stays a fast, solver-free
 * static check; `vigil prove` gives the same advice by default). The errors stay errors.
 * Exit code: 0 when no file has an error (warnings allowed), 1 when one has, 2 for usage errors.
 * Invariants: each file is checked independently; nothing is written to disk.
 */
import { Option, type Command } from "commander";
import { check, propertyCount } from "../../check/index.js";
import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { renderText, toJson } from "../../diagnostics/render.js";
import { loadModel } from "../../parse/index.js";
import { adviseFlowsForModel, hasFlowErrors } from "../../prove/isolation/index.js";
import { ExitCode } from "../io.js";
import type { CommandContext } from "../main.js";

interface CheckCliOptions {
  readonly format: "text" | "json";
  readonly flow: "strict" | "relaxed";
  readonly flowProof: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command("check")
    .description("parse and check models: names, types, units, tasks, single writer, information flow, properties")
    .argument("<files...>", "model files (.vgl)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addOption(
      new Option("--flow <mode>", "information flow: strict rejects every unendorsed flow; relaxed leaves them to the relational proof")
        .choices(["strict", "relaxed"])
        .default("strict"),
    )
    .option("--flow-proof", "ask the relational proof about flows the strict check rejects: VG3009 notes for those it proves harmless", false)
    .addHelpText("after", "\nExamples:\n  vigil check examples/vvi-pacemaker.vgl\n  vigil check --format json models/*/*.vgl\n")
    .action(async (files: string[], opts: CheckCliOptions) => {
      const io = ctx.io;
      const allDiags: Diagnostic[] = [];
      const summaries: { file: string; ok: boolean; tasks: number; properties: number; errors: number; warnings: number }[] = [];
      let failed = false;
      for (const file of files) {
        const loaded = loadModel(file);
        const checked = check(loaded, { flow: opts.flow });
        let diags = checked.diagnostics;
        if (opts.flowProof && opts.flow === "strict" && hasFlowErrors(diags)) {
          const advice = await adviseFlowsForModel(loaded, diags, { timeoutMs: 10_000 });
          // Each note right after the error it is about.
          const key = (d: Diagnostic): string => `${d.span?.file ?? ""}:${d.span?.offset ?? -1}`;
          const left = new Set(advice.notes);
          diags = diags.flatMap((d) => {
            const mine = hasFlowErrors([d]) ? [...left].filter((n) => key(n) === key(d)) : [];
            for (const n of mine) left.delete(n);
            return [d, ...mine];
          });
        }
        allDiags.push(...diags);
        const errors = diags.filter((d) => d.severity === "error").length;
        const warnings = diags.filter((d) => d.severity === "warning").length;
        const ok = !hasErrors(diags);
        if (!ok) failed = true;
        summaries.push({ file, ok, tasks: checked.tasks.length, properties: propertyCount(checked), errors, warnings });
        if (opts.format === "text") {
          if (diags.length > 0) io.err(renderText(diags, loaded.sources, { color: io.color }));
          if (ok) {
            const extra = warnings > 0 ? `, ${plural(warnings, "warning")}` : "";
            const props = propertyCount(checked);
            io.out(`ok: ${file} (${plural(checked.tasks.length, "task")}, ${props} ${props === 1 ? "property" : "properties"}${extra})\n`);
          } else {
            io.err(`${file}: ${plural(errors, "error")}${warnings > 0 ? `, ${plural(warnings, "warning")}` : ""}\n`);
          }
        }
      }
      if (opts.format === "json") {
        io.out(JSON.stringify({ ok: !failed, files: summaries, diagnostics: allDiags.map(toJson) }, null, 2) + "\n");
      }
      ctx.setExit(failed ? ExitCode.ModelError : ExitCode.Ok);
    });
}
