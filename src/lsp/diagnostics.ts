/**
 * vigil diagnostics as LSP diagnostics.
 *
 * Input: the diagnostics of an analysis (loader and checker, or proof results turned into
 * diagnostics by lenses.ts), the sources they point into, the primary document's path and model.
 * Output: LSP Diagnostic objects for the primary document: severity, the VG code, the span as a
 * range, the related notes as relatedInformation and the help text appended to the message.
 * Invariants: pure; every diagnostic of the analysis is published on the primary document: one that
 * points into an imported file is shown at that file's import line (or the top of the document)
 * with its real place as related information; one without a span is shown at the document's start.
 */
import { dirname, resolve } from "node:path";
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from "vscode-languageserver";
import type { Model } from "../ast/ast.js";
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../source/span.js";
import { locationOf, rangeOf, START } from "./positions.js";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
};

export interface PublishContext {
  /** Path of the primary document (as in its spans). */
  readonly path: string;
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** The primary model, for its import lines. */
  readonly model?: Model;
  /** Paths of open documents to their URIs. */
  readonly uris?: ReadonlyMap<string, string>;
}

/** The import declaration of the primary model that pulls in `file` (directly), if any. */
function importSpanFor(file: string, ctx: PublishContext): Span | undefined {
  const m = ctx.model;
  if (!m) return undefined;
  const base = dirname(ctx.path);
  return m.imports.find((i) => resolve(base, i.path) === resolve(file))?.span ?? m.imports[0]?.span;
}

function message(d: Diagnostic): string {
  return [d.message, ...d.notes.map((n) => `help: ${n}`)].join("\n");
}

/** One vigil diagnostic as an LSP diagnostic on the primary document. */
export function toLspDiagnostic(d: Diagnostic, ctx: PublishContext): LspDiagnostic {
  const related: DiagnosticRelatedInformation[] = d.related.map((r) => ({ location: locationOf(r.span, ctx.sources, ctx.uris), message: r.message }));
  let range = START;
  let text = message(d);
  if (d.span && d.span.file === ctx.path) {
    range = rangeOf(d.span, ctx.sources);
  } else if (d.span) {
    const at = importSpanFor(d.span.file, ctx);
    if (at) range = rangeOf(at, ctx.sources);
    text = `in ${d.span.file}:${d.span.line}:${d.span.col}: ${text}`;
    related.unshift({ location: locationOf(d.span, ctx.sources, ctx.uris), message: d.message });
  }
  return {
    range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: "vigil",
    message: text,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
}

export function toLspDiagnostics(ds: readonly Diagnostic[], ctx: PublishContext): LspDiagnostic[] {
  return ds.map((d) => toLspDiagnostic(d, ctx));
}
