/**
 * The report model: every fact the assurance report shows, as plain data (the golden tests compare
 * it; the HTML and Markdown renderers only format it).
 *
 * Input: a verified VerifyReport (src/api), the TimingReport of the same program (src/wcet), the
 * emitted C files (src/emit/c), optionally the files of a proof bundle, and the SBOM summary.
 * Output: ReportModel.
 * Invariants: pure (no I/O, no clock); every property of the program appears in `traceability`
 * exactly once; every falsified obligation appears in `counterexamples` with its replayed trace.
 */
import type { VerifySummary } from "../api/verify.js";
import type { EmittedFile } from "../emit/c/index.js";
import type { IrProgram } from "../ir/ir.js";
import type { ObligationResult, TraceStep } from "../prove/verdict.js";
import type { SourceFile, Span } from "../source/span.js";
import type { TimingReport } from "../wcet/index.js";
import { architectureView, threatTable, type ArchitectureView, type ThreatRow } from "./architecture.js";
import { timingView, type TimingView } from "./schedule.js";
import { traceability, type TraceRow } from "./trace.js";

export interface TaskRow {
  readonly name: string;
  readonly kind: "periodic" | "irq";
  /** "every 1 ms" or "on irq UART0, at least 5 ms apart". */
  readonly release: string;
  readonly deadline: string;
  readonly priority: number;
  readonly domain: string;
}

export interface CounterexampleView {
  readonly obligation: string;
  readonly kind: string;
  readonly tick: number;
  readonly explanation: string;
  readonly line: number;
  readonly trace: readonly TraceStep[];
  readonly otherTrace?: readonly TraceStep[];
}

export interface ReportModel {
  readonly format: "vigil-report/1";
  readonly vigilVersion: string;
  readonly model: { readonly path: string; readonly sha256: string };
  readonly device: { readonly name: string; readonly target: string; readonly clockHz: number; readonly tick: string };
  readonly domains: readonly { readonly name: string; readonly integrity: "trusted" | "untrusted"; readonly confidentiality: string }[];
  readonly tasks: readonly TaskRow[];
  readonly summary: VerifySummary;
  readonly traceability: readonly TraceRow[];
  readonly architecture: ArchitectureView;
  readonly threats: readonly ThreatRow[];
  readonly timing?: TimingView;
  readonly counterexamples: readonly CounterexampleView[];
  readonly sbom?: { readonly file: string; readonly components: number };
  readonly proofs?: { readonly dir: string; readonly files: number };
  /** Checker warnings and notes, rendered as one line each. */
  readonly warnings: readonly string[];
}

export interface ReportInput {
  readonly program: IrProgram;
  readonly results: readonly ObligationResult[];
  readonly summary: VerifySummary;
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly warnings: readonly string[];
  readonly timing?: TimingReport;
  readonly cFiles: readonly EmittedFile[];
  readonly bundle?: { readonly dir: string; readonly files: ReadonlyMap<string, string> };
  readonly sbom?: { readonly file: string; readonly components: number };
  readonly vigilVersion: string;
}

export function formatUs(us: number): string {
  if (us >= 1000 && us % 1000 === 0) return `${us / 1000} ms`;
  return `${us} us`;
}

function taskRows(p: IrProgram): TaskRow[] {
  return p.tasks.map((t) => ({
    name: t.name,
    kind: t.kind,
    release: t.kind === "periodic" ? `every ${formatUs(t.periodUs ?? 0)}${t.offsetTicks > 0 ? `, offset ${t.offsetTicks} tick(s)` : ""}` : `on irq ${t.irq}, at least ${formatUs(t.miatUs ?? 0)} apart`,
    deadline: formatUs(t.deadlineUs),
    priority: t.priority,
    domain: t.domain,
  }));
}

function sourceText(sources: ReadonlyMap<string, SourceFile>): (s: Span) => string {
  return (s) => sources.get(s.file)?.text.slice(s.offset, s.offset + s.length) ?? "";
}

export function buildReportModel(inp: ReportInput): ReportModel {
  const p = inp.program;
  const counterexamples: CounterexampleView[] = [];
  for (const r of inp.results) {
    const v = r.verdict;
    if (v.status !== "falsified") continue;
    counterexamples.push({ obligation: r.obligation.name, kind: r.obligation.kind, tick: v.tick, explanation: v.explanation, line: v.at.line, trace: v.trace, ...(v.otherTrace ? { otherTrace: v.otherTrace } : {}) });
  }
  return {
    format: "vigil-report/1",
    vigilVersion: inp.vigilVersion,
    model: { path: p.device.span.file, sha256: p.device.sourceHash },
    device: { name: p.device.name, target: p.device.target, clockHz: p.device.clockHz, tick: formatUs(p.device.tickUs) },
    domains: p.domains.map((d) => ({ name: d.name, integrity: d.trusted ? "trusted" : "untrusted", confidentiality: p.levels[d.confidentiality] ?? String(d.confidentiality) })),
    tasks: taskRows(p),
    summary: inp.summary,
    traceability: traceability(p, inp.results, inp.cFiles, inp.sources, inp.bundle?.files),
    architecture: architectureView(p, inp.results, sourceText(inp.sources)),
    threats: threatTable(p, inp.results),
    ...(inp.timing && inp.timing.diagnostics.length === 0 ? { timing: timingView(p, inp.timing) } : {}),
    counterexamples,
    ...(inp.sbom ? { sbom: inp.sbom } : {}),
    ...(inp.bundle ? { proofs: { dir: inp.bundle.dir, files: inp.bundle.files.size } } : {}),
    warnings: inp.warnings,
  };
}
