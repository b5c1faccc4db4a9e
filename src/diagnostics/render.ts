/**
 * Rendering diagnostics for people (text) and for tools (JSON).
 *
 * Input: diagnostics and the source files they point into (by span.file).
 * Output: text — per diagnostic `file:line:col: error VG2003: message`, the source line with a
 * caret underline (`^~~~` over the span, clipped to the line), each related location as
 * `file:line:col: note: message` with its own excerpt, then `help: ...` lines; a diagnostic without a
 * span renders as `vigil: error VG0001: message`. JSON — a stable array of objects with the keys
 * code, severity, message, file, line, col, offset, length, related[], notes[] (null position
 * fields for diagnostics without a span).
 * Invariants: pure functions (no I/O); output is deterministic; colour only when asked for; never
 * throws on spans that fall outside their file (the excerpt is skipped or clipped). Text output
 * never carries raw control characters from the input (a NUL or an escape sequence read from a
 * trace or model): messages show them as \xNN, excerpts as U+FFFD (one column, so carets align).
 */
import type { Diagnostic, Severity } from "./diagnostic.js";
import { lineText, type SourceFile, type Span } from "../source/span.js";

export interface RenderOptions {
  readonly color?: boolean;
}

const ESC = "\u001b[";
const STYLE = {
  bold: "1",
  error: "1;31",
  warning: "1;33",
  note: "1;36",
  gutter: "34",
  help: "1;32",
} as const;

function paint(on: boolean, style: keyof typeof STYLE, s: string): string {
  return on ? `${ESC}${STYLE[style]}m${s}${ESC}0m` : s;
}

// C0 controls but tab, DEL and C1 controls: never echoed raw to a terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** Control characters in a message as visible escapes (`\x1b`). */
export function escapeControls(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Longer source lines are shown as a window of this many characters around the span. */
const MAX_LINE = 160;

function location(span: Span): string {
  return `${span.file}:${span.line}:${span.col}`;
}

/** The source line of `span` and a caret line under it, or [] when the file is unknown. */
function excerpt(span: Span, sources: ReadonlyMap<string, SourceFile>, sev: Severity, color: boolean): string[] {
  const src = sources.get(span.file);
  if (!src || span.line < 1 || span.line > src.lineStarts.length) return [];
  let text = lineText(src, span.line).replace(CONTROL, "\ufffd");
  let startCol = Math.max(1, Math.min(span.col, text.length + 1));
  // Very long lines (generated or minified input): show a window around the span.
  if (text.length > MAX_LINE) {
    const from = Math.max(0, startCol - 1 - 40);
    const to = Math.min(text.length, from + MAX_LINE);
    const head = from > 0 ? "..." : "";
    text = head + text.slice(from, to) + (to < text.length ? "..." : "");
    startCol = startCol - from + head.length;
  }
  const lineEnd = text.length + 1; // one past the last column
  const width = Math.max(1, Math.min(span.length, lineEnd - startCol));
  const num = String(span.line);
  const pad = " ".repeat(num.length);
  // Keep tabs before the caret so it lines up under the same character.
  let lead = "";
  for (let i = 0; i < startCol - 1; i++) lead += text[i] === "\t" ? "\t" : " ";
  const marks = "^" + "~".repeat(width - 1);
  return [
    `${paint(color, "gutter", ` ${num} |`)} ${text}`,
    `${paint(color, "gutter", ` ${pad} |`)} ${lead}${paint(color, sev, marks)}`,
  ];
}

export function renderOne(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>, opts: RenderOptions = {}): string {
  const color = Boolean(opts.color);
  const lines: string[] = [];
  const head = `${paint(color, d.severity, d.severity)} ${d.code}: ${escapeControls(d.message)}`;
  if (d.span) {
    lines.push(`${paint(color, "bold", location(d.span) + ":")} ${head}`);
    lines.push(...excerpt(d.span, sources, d.severity, color));
  } else {
    lines.push(`${paint(color, "bold", "vigil:")} ${head}`);
  }
  for (const r of d.related) {
    lines.push(`${paint(color, "bold", location(r.span) + ":")} ${paint(color, "note", "note")}: ${escapeControls(r.message)}`);
    lines.push(...excerpt(r.span, sources, "note", color));
  }
  for (const n of d.notes) lines.push(`  ${paint(color, "help", "help")}: ${escapeControls(n)}`);
  return lines.join("\n") + "\n";
}

/** All diagnostics as text, in the order given. */
export function renderText(
  diags: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceFile> = new Map(),
  opts: RenderOptions = {},
): string {
  return diags.map((d) => renderOne(d, sources, opts)).join("");
}

export interface JsonPosition {
  readonly file: string | null;
  readonly line: number | null;
  readonly col: number | null;
  readonly offset: number | null;
  readonly length: number | null;
}

export interface JsonDiagnostic extends JsonPosition {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly related: readonly (JsonPosition & { readonly message: string })[];
  readonly notes: readonly string[];
}

function position(span: Span | undefined): JsonPosition {
  return span
    ? { file: span.file, line: span.line, col: span.col, offset: span.offset, length: span.length }
    : { file: null, line: null, col: null, offset: null, length: null };
}

export function toJson(d: Diagnostic): JsonDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...position(d.span),
    related: d.related.map((r) => ({ message: r.message, ...position(r.span) })),
    notes: [...d.notes],
  };
}

/** All diagnostics as a JSON array (2-space indented, keys in a fixed order). */
export function renderJson(diags: readonly Diagnostic[]): string {
  return JSON.stringify(diags.map(toJson), null, 2);
}
