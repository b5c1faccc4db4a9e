/**
 * Positions between vigil and the Language Server Protocol.
 *
 * Input: vigil spans (1-based line and column, 0-based UTF-16 offset, length) with the SourceFiles
 * they point into; LSP document URIs and positions (0-based line and UTF-16 character).
 * Output: LSP ranges and locations, file paths for URIs and URIs for paths.
 * Invariants: pure; a span whose file is not in `sources` still maps to a range (on its own line,
 * `length` characters wide); offsets are clamped to the file; URIs of files are `file://` URLs and
 * any other URI (untitled:...) stands for itself as a path.
 */
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Location, Position, Range } from "vscode-languageserver";
import { lineIndexOf, type SourceFile, type Span } from "../source/span.js";

/** The path under which a document is loaded (absolute for file: URIs). */
export function pathOfUri(uri: string): string {
  if (uri.startsWith("file:")) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

/** The URI of a path that appears in a span; `known` maps the paths of open documents to their URIs. */
export function uriOfPath(path: string, known?: ReadonlyMap<string, string>): string {
  const open = known?.get(path) ?? known?.get(resolve(path));
  if (open !== undefined) return open;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path;
  return pathToFileURL(resolve(path)).href;
}

/** The LSP position of an offset in a source file. */
export function positionAt(src: SourceFile, offset: number): Position {
  const off = Math.max(0, Math.min(offset, src.text.length));
  const line = lineIndexOf(src, off);
  return { line, character: off - src.lineStarts[line]! };
}

/** The offset of an LSP position in a source file (clamped to the line and the file). */
export function offsetAt(src: SourceFile, pos: Position): number {
  const start = src.lineStarts[Math.max(0, pos.line)];
  if (start === undefined) return src.text.length;
  const next = src.lineStarts[pos.line + 1] ?? src.text.length + 1;
  return Math.min(start + Math.max(0, pos.character), next - 1, src.text.length);
}

/** The LSP range of a span. */
export function rangeOf(span: Span, sources: ReadonlyMap<string, SourceFile>): Range {
  const src = sources.get(span.file);
  if (src) return { start: positionAt(src, span.offset), end: positionAt(src, span.offset + span.length) };
  const start = { line: Math.max(0, span.line - 1), character: Math.max(0, span.col - 1) };
  return { start, end: { line: start.line, character: start.character + span.length } };
}

export function locationOf(span: Span, sources: ReadonlyMap<string, SourceFile>, known?: ReadonlyMap<string, string>): Location {
  return { uri: uriOfPath(span.file, known), range: rangeOf(span, sources) };
}

/** Whether `offset` lies in the span (its end included, so a cursor just after a name still hits it). */
export function spanContains(span: Span, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}

/** A zero-width range at the start of a document, for problems without a place. */
export const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
