/**
 * Source files and spans.
 *
 * Input: a file path and its text. Output: a SourceFile with precomputed line starts, and helpers that
 * turn offsets into 1-based line/column positions.
 * Invariants: every AST node, IR node and diagnostic carries a Span; `line` and `col` are 1-based,
 * `offset` is a 0-based UTF-16 index into the text, `length` >= 0 and offset + length <= text length.
 */

export interface Span {
  /** Path of the file as given on the command line (or the import path). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in UTF-16 code units. */
  readonly col: number;
  /** 0-based offset into the file text. */
  readonly offset: number;
  /** Length in UTF-16 code units. */
  readonly length: number;
}

export interface SourceFile {
  readonly path: string;
  readonly text: string;
  /** Offsets at which each line starts; lineStarts[0] === 0. */
  readonly lineStarts: readonly number[];
}

export function makeSourceFile(path: string, text: string): SourceFile {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  }
  return { path, text, lineStarts };
}

/** Binary search for the 0-based line index holding `offset`. */
export function lineIndexOf(src: SourceFile, offset: number): number {
  let lo = 0;
  let hi = src.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (src.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function spanAt(src: SourceFile, offset: number, length: number): Span {
  const clamped = Math.max(0, Math.min(offset, src.text.length));
  const len = Math.max(0, Math.min(length, src.text.length - clamped));
  const li = lineIndexOf(src, clamped);
  return { file: src.path, line: li + 1, col: clamped - src.lineStarts[li]! + 1, offset: clamped, length: len };
}

/** The smallest span covering both `a` and `b` (same file assumed). */
export function joinSpans(a: Span, b: Span): Span {
  const start = Math.min(a.offset, b.offset);
  const end = Math.max(a.offset + a.length, b.offset + b.length);
  const first = a.offset <= b.offset ? a : b;
  return { file: a.file, line: first.line, col: first.col, offset: start, length: end - start };
}

/** Text of the 1-based line `line`, without its line terminator. */
export function lineText(src: SourceFile, line: number): string {
  const start = src.lineStarts[line - 1];
  if (start === undefined) return "";
  const next = src.lineStarts[line];
  let end = next === undefined ? src.text.length : next - 1;
  if (end > start && src.text.charCodeAt(end - 1) === 13) end--;
  return src.text.slice(start, end);
}

/** A span for things that have no place in a file (built-ins, synthesized nodes). */
export const NO_SPAN: Span = Object.freeze({ file: "<builtin>", line: 1, col: 1, offset: 0, length: 0 });
