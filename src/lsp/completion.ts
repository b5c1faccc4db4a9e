/**
 * Completion of names and keywords.
 *
 * Input: an Analysis (the current one, or the last one that parsed when the document has syntax
 * errors), the text of the line up to the cursor and the cursor's offset.
 * Output: LSP CompletionItems: after `Enum.` the members of that enum; elsewhere the model's global
 * names (with their types as detail), the locals and loop variables of the task around the cursor,
 * the built-in types and functions and the language's keywords.
 * Invariants: pure; the client filters by the typed prefix, so every candidate is returned; names
 * come from the checker's symbols, never from scanning text.
 */
import { CompletionItemKind, type CompletionItem } from "vscode-languageserver";
import type { Sym, SymbolKind } from "../check/model.js";
import { BUILTIN_FUNCTIONS, BUILTIN_INTS } from "../check/types.js";
import type { Analysis } from "./analysis.js";
import { typeText } from "./hover.js";
import { spanContains } from "./positions.js";

/** The keywords of grammar/Vigil.g4. */
export const KEYWORDS: readonly string[] = [
  "always", "and", "assume", "at", "bool", "confidentiality", "const", "deadline", "declassify", "device", "domain",
  "else", "endorse", "enum", "every", "except", "false", "for", "freq", "if", "implies", "import", "in", "input",
  "int", "integrity", "irq", "leads_to", "let", "levels", "match", "min_interarrival", "noninterference", "not",
  "offset", "on", "or", "output", "priority", "property", "schedulable", "skip", "state", "target", "task", "then",
  "tick", "time", "to", "true", "type", "var", "wcet", "within", "trusted", "untrusted",
];


const KIND: Record<SymbolKind, CompletionItemKind> = {
  const: CompletionItemKind.Constant,
  enum: CompletionItemKind.Enum,
  enumMember: CompletionItemKind.EnumMember,
  typeAlias: CompletionItemKind.TypeParameter,
  input: CompletionItemKind.Variable,
  output: CompletionItemKind.Variable,
  state: CompletionItemKind.Variable,
  domain: CompletionItemKind.Module,
  task: CompletionItemKind.Function,
  property: CompletionItemKind.Property,
  local: CompletionItemKind.Variable,
  loop: CompletionItemKind.Variable,
  irq: CompletionItemKind.Event,
};

function item(s: Sym, label = s.name): CompletionItem {
  const detail = s.kind === "domain" || s.kind === "task" || s.kind === "property" ? s.kind : `${s.kind === "enumMember" ? "member" : s.kind} ${typeText(s.type)}`;
  return { label, kind: KIND[s.kind], detail };
}

/** Locals and loop variables of the task whose body holds `offset`, declared before it. */
function localsAt(a: Analysis, offset: number): Sym[] {
  const task = a.loaded.model?.decls.find((d) => d.kind === "Task" && d.span.file === a.path && spanContains(d.span, offset));
  if (!task || task.kind !== "Task") return [];
  const out = new Map<string, Sym>();
  for (const s of a.checked.refs.values()) {
    if ((s.kind === "local" || s.kind === "loop") && s.task === task.name.name && s.span.offset < offset) out.set(s.name, s);
  }
  return [...out.values()];
}

export function completions(a: Analysis | undefined, linePrefix: string, offset: number): CompletionItem[] {
  const member = /([A-Za-z_][A-Za-z0-9_]*)\.[A-Za-z0-9_]*$/.exec(linePrefix);
  if (member && a) {
    const e = a.checked.globals.get(member[1]!);
    if (e?.kind === "enum" && e.type.kind === "enum") {
      return e.type.members.flatMap((m) => {
        const s = a.checked.globals.get(`${e.name}.${m}`);
        return s ? [item(s, m)] : [];
      });
    }
    return [];
  }
  const out: CompletionItem[] = [];
  if (a) {
    for (const [key, s] of a.checked.globals) if (!key.includes(".")) out.push(item(s));
    for (const s of localsAt(a, offset)) out.push(item(s));
  }
  for (const t of BUILTIN_INTS.keys()) out.push({ label: t, kind: CompletionItemKind.TypeParameter, detail: "built-in integer type" });
  for (const f of BUILTIN_FUNCTIONS.keys()) out.push({ label: f, kind: CompletionItemKind.Function, detail: "built-in function" });
  for (const k of KEYWORDS) out.push({ label: k, kind: CompletionItemKind.Keyword });
  return out;
}
