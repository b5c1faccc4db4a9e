/**
 * The parser phase's entry point.
 *
 * Input: a path (loadModel) or a path and its text (parseText).
 * Output: vigil's own AST (src/ast/ast.ts) plus diagnostics; loadModel also resolves imports.
 * Invariants: ANTLR contexts never leave src/parse; syntax and input problems are collected as
 * diagnostics (VG0xxx, VG1xxx), never thrown; every AST node carries its span.
 */
import type { Model } from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../source/span.js";

export interface ParseResult {
  /** Absent only when the file could not be parsed at all (e.g. nesting too deep, empty). */
  readonly model?: Model;
  readonly diagnostics: Diagnostic[];
}

export interface LoadedModel {
  /** The primary file's AST (absent when it could not be read or parsed at all). */
  readonly model?: Model;
  /** Files pulled in by `import` (transitively), in load order, dependencies first. */
  readonly imports: Model[];
  /** Every file read, by path (as used in spans). */
  readonly sources: Map<string, SourceFile>;
  /** Input and syntax diagnostics of every file read. */
  readonly diagnostics: Diagnostic[];
}

export function parseText(path: string, text: string): ParseResult {
  void path;
  void text;
  throw new Error("parseText: not implemented yet");
}

export function loadModel(path: string): LoadedModel {
  void path;
  throw new Error("loadModel: not implemented yet");
}
