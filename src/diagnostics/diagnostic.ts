/**
 * Diagnostics: the one shape in which every phase reports a problem in a model.
 *
 * Input: a code from the catalog (src/diagnostics/catalog.ts), a span and a message in the language's
 * own terms. Output: plain data, rendered by render.ts as text or JSON.
 * Invariants: phases collect diagnostics, they never throw them; a Diagnostic's code is always a key
 * of the catalog, and its severity is the catalog's.
 */
import type { Span } from "../source/span.js";
import { CATALOG, type DiagnosticCode } from "./catalog.js";

export type Severity = "error" | "warning" | "note";

export interface RelatedInfo {
  readonly span: Span;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for problems that have no place in a file (e.g. a missing file). */
  readonly span?: Span;
  readonly related: readonly RelatedInfo[];
  /** Extra hints printed after the source excerpt ("help: ..."). */
  readonly notes: readonly string[];
}

export function diag(
  code: DiagnosticCode,
  span: Span | undefined,
  message: string,
  extra: { related?: RelatedInfo[]; notes?: string[] } = {},
): Diagnostic {
  return {
    code,
    severity: CATALOG[code].severity,
    message,
    ...(span ? { span } : {}),
    related: extra.related ?? [],
    notes: extra.notes ?? [],
  };
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === "error");
}

/** Sort by file, then offset, then code, so output is stable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => {
    const fa = a.span?.file ?? "";
    const fb = b.span?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    const oa = a.span?.offset ?? -1;
    const ob = b.span?.offset ?? -1;
    if (oa !== ob) return oa - ob;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
