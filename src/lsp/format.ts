/**
 * Document formatting through vigil's formatter (the same code as `vigil fmt`).
 *
 * Input: the document's path and its current text. Output: LSP TextEdits — none when the text is
 * already canonical, one edit replacing the whole document otherwise — or null when the text has
 * syntax errors (a file with errors is never reformatted, as with `vigil fmt`).
 * Invariants: pure; comments are kept (formatModel with the source); imports are not resolved.
 */
import type { TextEdit } from "vscode-languageserver";
import { formatModel } from "../fmt/index.js";
import { parseText } from "../parse/index.js";
import { makeSourceFile } from "../source/span.js";
import { positionAt } from "./positions.js";

export function formatDocument(path: string, text: string): TextEdit[] | null {
  const parsed = parseText(path, text);
  if (!parsed.model) return null;
  const src = makeSourceFile(path, text);
  const out = formatModel(parsed.model, src);
  if (out === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: positionAt(src, text.length) }, newText: out }];
}
