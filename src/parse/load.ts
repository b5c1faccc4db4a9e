/**
 * Reading model files and resolving imports.
 *
 * Input: a path as given on the command line. Output: a LoadedModel: the primary file's AST, the
 * ASTs of the files it imports (transitively, dependencies first), every SourceFile read and all
 * input and syntax diagnostics.
 * Invariants: never throws; every failure to read is a diagnostic: VG0001 missing or unreadable,
 * VG0002 a directory, VG0003 invalid UTF-8, VG0004 larger than MAX_FILE_BYTES, VG0005 NUL bytes
 * (binary), VG0006 imported file not found, VG0007 import cycle, VG0008 an imported file declares
 * something other than constants, enums and types. Import paths are relative to the importer.
 * An optional overlay (absolute path -> text) replaces files on disk, for the language server.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ImportDecl, Model } from "../ast/ast.js";
import { diag, type Diagnostic } from "../diagnostics/diagnostic.js";
import { makeSourceFile, type SourceFile } from "../source/span.js";
import { parseSource } from "./parse-text.js";

export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface LoadedFile {
  readonly source?: SourceFile;
  readonly diagnostics: Diagnostic[];
  /** True when the file does not exist (ENOENT), so importers can say VG0006. */
  readonly missing: boolean;
}

function errnoOf(err: unknown): string {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : "";
}

function reason(err: unknown): string {
  const code = errnoOf(err);
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "a part of the path is not a directory";
  if (code === "ENAMETOOLONG") return "the path is too long";
  return err instanceof Error ? err.message : String(err);
}

/** Read one model file as text, with a diagnostic for every way that can fail. */
export function readModelFile(path: string, maxBytes = MAX_FILE_BYTES): LoadedFile {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      return { diagnostics: [diag("VG0002", undefined, `'${path}' is a directory, not a model file`, { notes: ["give the path of a .vgl file"] })], missing: false };
    }
    if (!st.isFile()) {
      // Devices and pipes may never end (/dev/zero): refuse them rather than read forever.
      return { diagnostics: [diag("VG0001", undefined, `cannot read '${path}': not a regular file`)], missing: false };
    }
    size = st.size;
  } catch (err) {
    return { diagnostics: [diag("VG0001", undefined, `cannot read '${path}': ${reason(err)}`)], missing: errnoOf(err) === "ENOENT" };
  }
  if (size > maxBytes) {
    return {
      diagnostics: [diag("VG0004", undefined, `'${path}' is too large (${size} bytes; the limit is ${maxBytes} bytes${maxBytes === MAX_FILE_BYTES ? ", 8 MiB" : ""})`)],
      missing: false,
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    return { diagnostics: [diag("VG0001", undefined, `cannot read '${path}': ${reason(err)}`)], missing: errnoOf(err) === "ENOENT" };
  }
  if (bytes.length > maxBytes) {
    return { diagnostics: [diag("VG0004", undefined, `'${path}' is too large (more than ${maxBytes} bytes)`)], missing: false };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      diagnostics: [diag("VG0005", undefined, `'${path}' looks like a binary file: it contains a NUL byte at byte ${nul}`, { notes: ["a model file is UTF-8 text"] })],
      missing: false,
    };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      diagnostics: [diag("VG0003", undefined, `'${path}' is not valid UTF-8 text (first bad byte at offset ${firstInvalidUtf8(bytes)})`, { notes: ["save the file as UTF-8"] })],
      missing: false,
    };
  }
  return { source: makeSourceFile(path, text), diagnostics: [], missing: false };
}

/** Offset of the first byte that makes `b` invalid UTF-8 (a simple validator, for the message). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    if (i + n >= b.length) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}

export interface LoadResult {
  readonly model?: Model;
  readonly imports: Model[];
  readonly sources: Map<string, SourceFile>;
  readonly diagnostics: Diagnostic[];
}

const IMPORTABLE = new Set(["Const", "Enum", "TypeAlias"]);

/**
 * Texts that replace files on disk (an editor's unsaved buffers), keyed by absolute path. A file
 * found here is not read from disk; its text still passes the NUL-byte and size checks of a file.
 */
export type SourceOverlay = ReadonlyMap<string, string>;

/** Read one model file, from the overlay when it holds the file, else from disk. */
function readWithOverlay(path: string, overlay: SourceOverlay | undefined): LoadedFile {
  const text = overlay?.get(resolve(path));
  if (text === undefined) return readModelFile(path);
  if (text.length > MAX_FILE_BYTES) {
    return { diagnostics: [diag("VG0004", undefined, `'${path}' is too large (more than ${MAX_FILE_BYTES} characters)`)], missing: false };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) {
    return {
      diagnostics: [diag("VG0005", undefined, `'${path}' looks like a binary file: it contains a NUL character at offset ${nul}`, { notes: ["a model file is UTF-8 text"] })],
      missing: false,
    };
  }
  return { source: makeSourceFile(path, text), diagnostics: [], missing: false };
}

export function loadModelSync(path: string, overlay?: SourceOverlay): LoadResult {
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const imports: Model[] = [];
  const done = new Set<string>();

  const first = readWithOverlay(path, overlay);
  diagnostics.push(...first.diagnostics);
  if (!first.source) return { imports, sources, diagnostics };
  sources.set(path, first.source);
  const parsed = parseSource(first.source);
  diagnostics.push(...parsed.diagnostics);
  const root = parsed.model;
  if (!root) return { imports, sources, diagnostics };

  // Depth-first over imports with an explicit stack (no recursion: import chains may be long).
  type Frame = { model: Model; abs: string; next: number };
  const stack: Frame[] = [{ model: root, abs: resolve(path), next: 0 }];
  done.add(resolve(path));
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.model.imports.length) {
      stack.pop();
      if (stack.length > 0) imports.push(top.model);
      continue;
    }
    const imp: ImportDecl = top.model.imports[top.next++]!;
    const rel = join(dirname(top.model.file), imp.path);
    const abs = resolve(rel);
    const cycleAt = stack.findIndex((f) => f.abs === abs);
    if (cycleAt >= 0) {
      const chain = [...stack.slice(cycleAt).map((f) => f.model.file), rel].join(" -> ");
      diagnostics.push(diag("VG0007", imp.span, `import cycle: ${chain}`, { notes: ["move the shared declarations into a file that both can import"] }));
      continue;
    }
    if (done.has(abs)) continue;
    done.add(abs);
    const f = readWithOverlay(rel, overlay);
    if (!f.source) {
      if (f.missing) {
        diagnostics.push(diag("VG0006", imp.span, `imported file '${imp.path}' not found (looked for '${rel}')`, { notes: ["import paths are relative to the importing file"] }));
      } else {
        for (const d of f.diagnostics) diagnostics.push(diag(d.code, imp.span, d.message, { notes: [...d.notes] }));
      }
      continue;
    }
    sources.set(rel, f.source);
    const p = parseSource(f.source);
    diagnostics.push(...p.diagnostics);
    if (!p.model) continue;
    if (p.model.device) {
      diagnostics.push(diag("VG0008", p.model.device.span, `imported file '${rel}' may not have a device header`, { related: [{ span: imp.span, message: "imported here" }] }));
    }
    for (const d of p.model.decls) {
      if (!IMPORTABLE.has(d.kind)) {
        diagnostics.push(
          diag("VG0008", d.span, `an imported file may only declare constants, enums and types, not ${declWord(d.kind)}`, {
            related: [{ span: imp.span, message: "imported here" }],
          }),
        );
      }
    }
    stack.push({ model: p.model, abs, next: 0 });
  }
  return { model: root, imports, sources, diagnostics };
}

function declWord(kind: string): string {
  const words: Record<string, string> = {
    Domain: "a domain",
    Levels: "confidentiality levels",
    Input: "an input",
    Output: "an output",
    State: "a state variable",
    Assume: "an assumption",
    Task: "a task",
    Property: "a property",
  };
  return words[kind] ?? kind;
}
