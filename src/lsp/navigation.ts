/**
 * Navigation: go to definition, find references, highlight a symbol's occurrences and the
 * document's outline.
 *
 * Input: an Analysis and an offset in the primary document (definition, references; on an
 * `import` line, definition goes to the imported file), or the
 * Analysis alone (document symbols). Output: LSP Locations and DocumentSymbols.
 * Invariants: pure; definitions and references come from the checker's resolution (refs/globals),
 * never from matching text, so a local that has the name of a global is told apart; references are
 * those within the analysed model (the document and its imports); the outline follows the
 * declaration order of the primary document.
 */
import { dirname, join } from "node:path";
import { DocumentHighlightKind, SymbolKind, type DocumentHighlight, type DocumentSymbol, type Location } from "vscode-languageserver";
import type * as ast from "../ast/ast.js";
import type { SourceFile } from "../source/span.js";
import { occurrenceAt, occurrencesOf, type Analysis } from "./analysis.js";
import { typeText } from "./hover.js";
import { locationOf, rangeOf, spanContains, START, uriOfPath } from "./positions.js";

export function definition(a: Analysis, offset: number, uris?: ReadonlyMap<string, string>): Location | null {
  // On an import line: the imported file (resolved relative to the document).
  const imp = a.loaded.model?.imports.find((i) => spanContains(i.span, offset));
  if (imp) return { uri: uriOfPath(join(dirname(a.path), imp.path), uris), range: START };
  const occ = occurrenceAt(a, a.path, offset);
  if (!occ || occ.sym.span.file === "<builtin>") return null;
  return locationOf(occ.sym.span, a.loaded.sources, uris);
}

export function references(a: Analysis, offset: number, includeDeclaration: boolean, uris?: ReadonlyMap<string, string>): Location[] {
  const occ = occurrenceAt(a, a.path, offset);
  if (!occ) return [];
  return occurrencesOf(a, occ.sym)
    .filter((o) => includeDeclaration || !o.decl)
    .map((o) => locationOf(o.span, a.loaded.sources, uris));
}

/** Every occurrence in the document of the symbol under the cursor (the declaration as a write). */
export function highlights(a: Analysis, offset: number): DocumentHighlight[] {
  const occ = occurrenceAt(a, a.path, offset);
  if (!occ) return [];
  return occurrencesOf(a, occ.sym)
    .filter((o) => o.span.file === a.path)
    .map((o) => ({ range: rangeOf(o.span, a.loaded.sources), kind: o.decl ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}

const KIND: Record<ast.Decl["kind"], SymbolKind> = {
  Domain: SymbolKind.Namespace,
  Levels: SymbolKind.Namespace,
  Const: SymbolKind.Constant,
  Enum: SymbolKind.Enum,
  TypeAlias: SymbolKind.TypeParameter,
  Input: SymbolKind.Variable,
  Output: SymbolKind.Variable,
  State: SymbolKind.Variable,
  Assume: SymbolKind.Boolean,
  Task: SymbolKind.Function,
  Property: SymbolKind.Property,
};

function detail(a: Analysis, d: ast.Decl): string {
  const sym = d.kind === "Levels" || d.kind === "Assume" ? undefined : a.checked.globals.get(d.name.name);
  switch (d.kind) {
    case "Input":
    case "Output":
    case "State":
      return `${d.kind.toLowerCase()}${sym ? ` ${typeText(sym.type)}` : ""} in ${d.domain.name}`;
    case "Const":
      return sym ? typeText(sym.type) : "const";
    case "Task": {
      const t = a.checked.tasks.find((x) => x.name === d.name.name);
      return t ? `priority ${t.priority} in ${t.domain}` : "task";
    }
    case "Property":
      return d.body.kind === "Always" ? (d.body.leadsTo ? "leads_to" : "always") : d.body.kind === "NonInterference" ? "noninterference" : d.body.kind.toLowerCase();
    default:
      return d.kind.toLowerCase();
  }
}

function symbolOf(a: Analysis, d: ast.Decl, src: ReadonlyMap<string, SourceFile>): DocumentSymbol {
  const range = rangeOf(d.span, src);
  const nameId = d.kind === "Levels" ? undefined : d.name;
  const name = d.kind === "Levels" ? "confidentiality levels" : d.kind === "Assume" ? `assume ${d.name?.name ?? ""}`.trim() : d.name.name;
  const children =
    d.kind === "Enum"
      ? d.members.map((m) => ({ name: m.name, kind: SymbolKind.EnumMember, range: rangeOf(m.span, src), selectionRange: rangeOf(m.span, src) }))
      : undefined;
  return {
    name,
    detail: detail(a, d),
    kind: KIND[d.kind],
    range,
    selectionRange: nameId ? rangeOf(nameId.span, src) : range,
    ...(children ? { children } : {}),
  };
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  const m = a.loaded.model;
  if (!m) return [];
  const src = a.loaded.sources;
  const out: DocumentSymbol[] = [];
  if (m.device) {
    out.push({ name: m.device.name.name, detail: "device", kind: SymbolKind.Module, range: rangeOf(m.device.span, src), selectionRange: rangeOf(m.device.name.span, src) });
  }
  for (const d of m.decls) out.push(symbolOf(a, d, src));
  return out;
}
