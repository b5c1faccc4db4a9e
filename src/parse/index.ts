/**
 * The parser phase's entry point.
 *
 * Input: a path (loadModel) or a path and its text (parseText).
 * Output: vigil's own AST (src/ast/ast.ts) plus diagnostics; loadModel also reads the file and
 * resolves imports.
 * Invariants: ANTLR contexts never leave src/parse; input and syntax problems are collected as
 * diagnostics (VG0xxx, VG1xxx), never thrown; every AST node carries its span; the model is
 * present exactly when its file has no error.
 */
import type { Model } from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../source/span.js";
import { parseTextFull } from "./parse-text.js";
import { loadModelSync, type SourceOverlay } from "./load.js";

export interface ParseResult {
  /** Absent when the file has errors (syntax, nesting, empty). */
  readonly model?: Model;
  readonly diagnostics: Diagnostic[];
}

export interface LoadedModel {
  /** The primary file's AST (absent when it could not be read or has syntax errors). */
  readonly model?: Model;
  /** Files pulled in by `import` (transitively), in load order, dependencies first. */
  readonly imports: Model[];
  /** Every file read, by path (as used in spans). */
  readonly sources: Map<string, SourceFile>;
  /** Input and syntax diagnostics of every file read. */
  readonly diagnostics: Diagnostic[];
}

export function parseText(path: string, text: string): ParseResult {
  const r = parseTextFull(path, text);
  return r.model ? { model: r.model, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
}

/**
 * Read `path`, parse it and the files it imports. Synchronous; never throws. Files in `overlay`
 * (absolute path -> text, e.g. an editor's open documents) are taken from it instead of the disk.
 */
export function loadModel(path: string, overlay?: SourceOverlay): LoadedModel {
  return loadModelSync(path, overlay);
}

export type { SourceOverlay } from "./load.js";

export { MAX_FILE_BYTES } from "./load.js";
export { MAX_NESTING } from "./depth.js";
export type { Comment } from "./lexer.js";
export { lex } from "./lexer.js";
export { readModelFile } from "./load.js";
