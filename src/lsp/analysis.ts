/**
 * One analysis of an open document: load (from the editor's overlay), parse and check, and an index
 * of every occurrence of a name, for hover, go to definition, references and completion.
 *
 * Input: the document's path and the overlay of open documents (absolute path -> text), so the
 * document and the constant files it imports are read from the editor when open there, else from disk
 * (imports resolve relative to the document's path).
 * Output: an Analysis: the LoadedModel, the CheckedModel, the occurrences (each use and each
 * declaration of a symbol, with its span) and the time the analysis took.
 * Invariants: never throws; synchronous (parse + check are linear); the occurrence index is built
 * on first use (a keystroke pays for parse and check only) and comes from the checker's `refs`
 * and `globals`, so it only holds names the checker resolved; symbols are compared by identity
 * within one analysis.
 */
import type * as ast from "../ast/ast.js";
import { check, type CheckedModel } from "../check/index.js";
import type { Sym } from "../check/model.js";
import { loadModel, type LoadedModel, type SourceOverlay } from "../parse/index.js";
import type { SourceFile, Span } from "../source/span.js";
import { spanContains } from "./positions.js";

export interface Occurrence {
  readonly span: Span;
  readonly sym: Sym;
  /** True for the declaring name itself. */
  readonly decl: boolean;
}

export interface Analysis {
  readonly path: string;
  readonly loaded: LoadedModel;
  readonly checked: CheckedModel;
  /** The primary document's source (the overlay text, or the file read from disk). */
  readonly source?: SourceFile;
  readonly occurrences: readonly Occurrence[];
  /** Every declaration of the model and its imports, by the declaring name's file and offset. */
  readonly decls: ReadonlyMap<string, ast.Decl>;
  readonly timeMs: number;
}

function isExpr(n: ast.Expr | ast.Place | ast.Ident): n is ast.Expr {
  return "kind" in n && n.kind !== "Place";
}

/** The span of the name in a referring node (the member of `Mode.fast`, the name of a place). */
function nameSpan(n: ast.Expr | ast.Place | ast.Ident): Span {
  if (isExpr(n)) return n.kind === "Member" ? n.member.span : n.span;
  if ("kind" in n && n.kind === "Place") return n.name.span;
  return n.span;
}

export function spanKey(span: Span): string {
  return `${span.file}\u0000${span.offset}`;
}

function declName(d: ast.Decl): ast.Ident | undefined {
  return d.kind === "Levels" ? undefined : d.name;
}

function indexDecls(loaded: LoadedModel): Map<string, ast.Decl> {
  const out = new Map<string, ast.Decl>();
  for (const m of [...loaded.imports, ...(loaded.model ? [loaded.model] : [])]) {
    for (const d of m.decls) {
      const n = declName(d);
      if (n) out.set(spanKey(n.span), d);
    }
  }
  return out;
}

function indexOccurrences(checked: CheckedModel): Occurrence[] {
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  const add = (span: Span, sym: Sym): void => {
    if (span.file === "<builtin>") return;
    const k = `${spanKey(span)}\u0000${span.length}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ span, sym, decl: span.offset === sym.span.offset && span.file === sym.span.file && span.length === sym.span.length });
  };
  for (const s of checked.globals.values()) add(s.span, s);
  for (const [node, s] of checked.refs) {
    add(s.span, s);
    add(nameSpan(node), s);
  }
  out.sort((a, b) => (a.span.file === b.span.file ? a.span.offset - b.span.offset : a.span.file < b.span.file ? -1 : 1));
  return out;
}

/** Load, parse and check the document at `path`, reading open documents from `overlay`. */
export function analyze(path: string, overlay: SourceOverlay): Analysis {
  const t0 = performance.now();
  const loaded = loadModel(path, overlay);
  const checked = check(loaded);
  const source = loaded.sources.get(path);
  // The indexes serve requests only: built on first use, not on every keystroke.
  let occurrences: Occurrence[] | undefined;
  let decls: Map<string, ast.Decl> | undefined;
  return {
    path,
    loaded,
    checked,
    ...(source ? { source } : {}),
    get occurrences() {
      return (occurrences ??= indexOccurrences(checked));
    },
    get decls() {
      return (decls ??= indexDecls(loaded));
    },
    timeMs: performance.now() - t0,
  };
}

/** The occurrence under `offset` in `file` (the narrowest one when several touch it). */
export function occurrenceAt(a: Analysis, file: string, offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of a.occurrences) {
    if (o.span.file !== file || !spanContains(o.span, offset)) continue;
    if (!best || o.span.length < best.span.length) best = o;
  }
  return best;
}

/** Every occurrence of `sym` (same symbol object), declaration first. */
export function occurrencesOf(a: Analysis, sym: Sym): Occurrence[] {
  const all = a.occurrences.filter((o) => o.sym === sym);
  return [...all.filter((o) => o.decl), ...all.filter((o) => !o.decl)];
}

/** The declaration that introduced a global symbol (undefined for locals, members and irq lines). */
export function declOf(a: Analysis, sym: Sym): ast.Decl | undefined {
  return a.decls.get(spanKey(sym.span));
}
