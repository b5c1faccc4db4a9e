/**
 * SMT-LIB 2 printer for the term IR (src/smt/terms.ts).
 *
 * Input: terms, declarations, assertions. Output: SMT-LIB 2 text for the solver layer.
 * Invariants:
 * - Symbols that are not simple SMT-LIB symbols are |quoted|; names containing `|` or `\` (which
 *   SMT-LIB cannot quote) are rejected with an error, never silently mangled.
 * - Negative integer literals print as (- n); the output parses in z3 and cvc5.
 * - Printing recurses on term depth (encoders keep depth small by naming intermediates).
 */
import type { Sort, Term } from "./terms.js";

const SIMPLE = /^[A-Za-z~!@$%^&*_+=<>.?/-][A-Za-z0-9~!@$%^&*_+=<>.?/-]*$/;
const RESERVED = new Set(["let", "forall", "exists", "match", "par", "_", "!", "as", "true", "false", "NUMERAL", "DECIMAL", "STRING"]);

export function symbol(name: string): string {
  if (name.length === 0) throw new Error("empty SMT symbol");
  if (name.includes("|") || name.includes("\\")) throw new Error(`SMT symbol cannot be quoted: ${JSON.stringify(name)}`);
  return SIMPLE.test(name) && !RESERVED.has(name) ? name : `|${name}|`;
}

export function printTerm(t: Term): string {
  switch (t.k) {
    case "int":
      return t.v < 0n ? `(- ${(-t.v).toString()})` : t.v.toString();
    case "bool":
      return t.v ? "true" : "false";
    case "var":
      return symbol(t.name);
    case "app":
      return t.args.length === 0 ? symbol(t.op) : `(${t.op} ${t.args.map(printTerm).join(" ")})`;
  }
}

export interface SmtScript {
  readonly logic?: string;
  readonly decls: readonly { readonly name: string; readonly sort: Sort }[];
  readonly defs?: readonly { readonly name: string; readonly params: readonly { name: string; sort: Sort }[]; readonly sort: Sort; readonly body: Term }[];
  readonly asserts: readonly Term[];
}

/** A complete script without check-sat (the solver layer issues the check). */
export function printScript(s: SmtScript): string {
  const out: string[] = [];
  if (s.logic !== undefined) out.push(`(set-logic ${s.logic})`);
  for (const d of s.decls) out.push(`(declare-fun ${symbol(d.name)} () ${d.sort})`);
  for (const d of s.defs ?? [])
    out.push(`(define-fun ${symbol(d.name)} (${d.params.map((p) => `(${symbol(p.name)} ${p.sort})`).join(" ")}) ${d.sort} ${printTerm(d.body)})`);
  for (const a of s.asserts) out.push(`(assert ${printTerm(a)})`);
  return out.join("\n") + "\n";
}
