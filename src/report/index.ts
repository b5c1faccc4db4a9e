/**
 * The report phase's entry point: `makeReport(model, options)` proves the model through the library
 * entry point (src/api verify), times it (src/wcet), emits its C skeleton in memory (src/emit/c),
 * builds the report model and renders it.
 *
 * Input: a model path and ReportOptions (format, output base name, proof bundle directory,
 * verify options).
 * Output: ReportResult — the model-error / usage-error reports of verify unchanged, or the report
 * model, the files to write (name relative to the output's folder → content: the HTML or Markdown
 * file, the CycloneDX SBOM, and for Markdown the SVG drawings) and the run's exit code.
 * Invariants: pure apart from reading the model, the proof bundle and vigil's own package.json;
 * writes nothing (the CLI writes the files atomically).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { verify, type VerifyOptions, type VerifyReport } from "../api/verify.js";
import { emitC } from "../emit/c/index.js";
import { createSolver } from "../solver/index.js";
import { analyzeTiming, type TimingReport } from "../wcet/index.js";
import { renderHtml, type Drawings } from "./html.js";
import { layoutView } from "./layout.js";
import { renderMarkdown } from "./markdown.js";
import { buildReportModel, type ReportModel } from "./model.js";
import { buildSbom } from "./sbom.js";
import { architectureSvg, ganttSvg, timingBarsSvg, waveformSvg } from "./svg.js";

export type { ReportModel } from "./model.js";

export interface ReportOptions {
  readonly format: "html" | "md";
  /** Output file name without folder (e.g. "report.html"); side files are named after it. */
  readonly outName: string;
  /** A proof bundle folder: its files are linked, with their sha256, as evidence. */
  readonly proofsDir?: string;
  readonly vigilVersion: string;
  readonly verify?: Omit<VerifyOptions, "solver">;
}

export type ReportResult =
  | Exclude<VerifyReport, { kind: "verified" }>
  | { readonly kind: "report"; readonly model: ReportModel; readonly files: ReadonlyMap<string, string>; readonly exitCode: 0 | 1 | 3 };

const MAX_BUNDLE_FILE = 4 * 1024 * 1024;

/** Every regular file under `dir` (relative path → text), skipping files over 4 MiB. */
export function readBundle(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).size <= MAX_BUNDLE_FILE) out.set(relative(dir, p).split("\\").join("/"), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

function toolRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

/** From the critical instant (cycle 0) to the latest response time, with a margin. */
function criticalWindow(t: NonNullable<ReportModel["timing"]>): { from: number; to: number; title: string } {
  const worst = Math.max(t.tickIsrCycles, ...t.bars.map((b) => b.responseCycles ?? 0));
  const to = Math.ceil(worst * 1.15) + 1;
  return { from: 0, to, title: `critical instant: every task and interrupt released at cycle 0 (cycles 0..${to})` };
}

export async function drawings(m: ReportModel): Promise<Drawings> {
  const waveforms = new Map<string, string>();
  for (const c of m.counterexamples) waveforms.set(c.obligation, waveformSvg(c.trace, c.tick));
  return {
    architecture: architectureSvg(await layoutView(m.architecture)),
    ...(m.timing ? { bars: timingBarsSvg(m.timing), gantt: ganttSvg(m.timing), critical: ganttSvg(m.timing, criticalWindow(m.timing)) } : {}),
    waveforms,
  };
}

export async function makeReport(modelPath: string, opts: ReportOptions): Promise<ReportResult> {
  const solver = createSolver({ workers: 2 });
  solver.warmUp?.();
  try {
    const v = await verify(modelPath, { ...(opts.verify ?? {}), solver });
    if (v.kind !== "verified") return v;
    const p = v.program;
    let timing: TimingReport | undefined;
    if (p.tasks.length > 0) timing = await analyzeTiming(p, solver, { ...(opts.verify?.target ? { target: opts.verify.target } : {}), timeoutMs: opts.verify?.timeoutMs ?? 60_000 });
    const cFiles = emitC(p, { version: opts.vigilVersion });
    const base = opts.outName.replace(/\.(html?|md)$/i, "");
    const sbomName = `${base}.cdx.json`;
    const sbom = buildSbom({ device: p.device.name, modelSha256: p.device.sourceHash, files: cFiles, vigilVersion: opts.vigilVersion, toolRoot: toolRoot() });
    const warnings = v.diagnostics.map((d) => `${d.code} ${d.span ? `${d.span.file}:${d.span.line}:${d.span.col}` : ""} ${d.message}`.replace(/\s+/g, " ").trim());
    const model = buildReportModel({
      program: p,
      results: v.results,
      summary: v.summary,
      sources: v.sources,
      warnings,
      ...(timing ? { timing } : {}),
      cFiles,
      ...(opts.proofsDir ? { bundle: { dir: opts.proofsDir, files: readBundle(opts.proofsDir) } } : {}),
      sbom: { file: sbomName, components: sbom.components },
      vigilVersion: opts.vigilVersion,
    });
    const d = await drawings(model);
    const files = new Map<string, string>();
    if (opts.format === "html") files.set(opts.outName, renderHtml(model, d));
    else {
      const md = renderMarkdown(model, d, base);
      files.set(opts.outName, md.md);
      for (const [n, c] of md.files) files.set(n, c);
    }
    files.set(sbomName, sbom.json);
    return { kind: "report", model, files, exitCode: v.summary.exitCode };
  } finally {
    await solver.close();
  }
}
