/**
 * Hover: what a name is — its kind, type with unit and range, domain, and the facts the checker
 * knows about it (a constant's value, a state's initial value, a task's timing, an enum's members).
 *
 * Input: an Analysis and an offset in the primary document. Output: an LSP Hover (Markdown) or null.
 * Invariants: pure; only what the checker computed is shown (ranges are the checker's exact,
 * inferred ranges); times are shown in the largest unit that divides both bounds (s, ms, us),
 * frequencies likewise (MHz, kHz, Hz); an expression that is not a name shows its inferred type.
 */
import type { Hover } from "vscode-languageserver";
import type * as ast from "../ast/ast.js";
import type { Sym, Type, Unit, Value } from "../check/model.js";
import { unitName } from "../check/types.js";
import { declOf, occurrenceAt, type Analysis } from "./analysis.js";
import { rangeOf, spanContains } from "./positions.js";

const TIME_UNITS: [bigint, string][] = [[1_000_000n, "s"], [1000n, "ms"], [1n, "us"]];
const FREQ_UNITS: [bigint, string][] = [[1_000_000n, "MHz"], [1000n, "kHz"], [1n, "Hz"]];

/** `a` and `b` in the largest unit dividing both (times in microseconds, frequencies in hertz). */
export function quantities(unit: Unit, ...vs: bigint[]): string[] {
  if (unit === "none") return vs.map(String);
  const table = unit === "time" ? TIME_UNITS : FREQ_UNITS;
  const [div, name] = table.find(([d]) => vs.every((v) => v % d === 0n)) ?? table[table.length - 1]!;
  return vs.map((v) => `${v / div} ${name}`);
}

/** A type as written in the language, with readable units: `time[0 ms .. 50 ms]`. */
export function typeText(t: Type): string {
  switch (t.kind) {
    case "bool":
      return "bool";
    case "int": {
      const [lo, hi] = quantities(t.unit, t.lo, t.hi);
      return `${t.unit === "time" ? "time" : t.unit === "freq" ? "freq" : "int"}[${lo} .. ${hi}]`;
    }
    case "enum":
      return t.name;
    case "array":
      return `[${typeText(t.elem)}; ${t.length}]`;
    case "error":
      return "(unknown type)";
  }
}

export function valueText(v: Value): string {
  switch (v.kind) {
    case "bool":
      return String(v.value);
    case "int":
      return quantities(v.unit, v.value)[0]!;
    case "enum":
      return `${v.enumName}#${v.index}`;
    case "array":
      return `[${v.elements.map(valueText).join(", ")}]`;
  }
}

function exprValue(a: Analysis, e: ast.Expr | undefined): string | undefined {
  const v = e ? a.checked.constValues.get(e) : undefined;
  if (!v) return undefined;
  if (v.kind === "enum") {
    const t = e ? a.checked.exprTypes.get(e) : undefined;
    if (t?.kind === "enum") return `${t.name}.${t.members[v.index] ?? v.index}`;
  }
  return valueText(v);
}

function domainLine(a: Analysis, name: string | undefined): string[] {
  if (!name) return [];
  const d = a.checked.domains.find((x) => x.name === name);
  if (!d) return [`domain \`${name}\``];
  return [`domain \`${name}\` (${d.trusted ? "trusted" : "untrusted"}, confidentiality ${a.checked.levels[d.confidentiality] ?? d.confidentiality})`];
}

function taskLines(a: Analysis, name: string): string[] {
  const t = a.checked.tasks.find((x) => x.name === name);
  if (!t) return [];
  const when =
    t.kind === "periodic"
      ? `every ${quantities("time", t.periodUs ?? 0n)[0]}${t.offsetUs > 0n ? `, offset ${quantities("time", t.offsetUs)[0]}` : ""}`
      : `on irq \`${t.irq ?? "?"}\`, min inter-arrival ${quantities("time", t.miatUs ?? 0n)[0]}`;
  return [
    `${when}, deadline ${quantities("time", t.deadlineUs)[0]}, priority ${t.priority}`,
    ...domainLine(a, t.domain),
    `reads ${t.reads.map((r) => `\`${r}\``).join(", ") || "nothing"}; writes ${t.writes.map((w) => `\`${w}\``).join(", ") || "nothing"}`,
  ];
}

function sourceLine(a: Analysis, d: ast.Decl): string {
  const src = a.loaded.sources.get(d.span.file);
  const text = src ? src.text.slice(d.span.offset, d.span.offset + Math.min(d.span.length, 200)) : "";
  return text.split("\n")[0]!.trim();
}

/** "range 0 ms .. 50 ms (time)" for an integer type (of an array's elements too), else nothing. */
function rangeFacts(t: Type): string[] {
  const base = t.kind === "array" ? t.elem : t;
  if (base.kind !== "int") return [];
  const [lo, hi] = quantities(base.unit, base.lo, base.hi);
  return [`${t.kind === "array" ? "elements: " : ""}range ${lo} .. ${hi} (${unitName(base.unit)})`];
}

/** The code line and the facts of a symbol. */
export function describe(a: Analysis, s: Sym): { code: string; facts: string[] } {
  const r = describeSym(a, s);
  const ranged = s.kind === "const" || s.kind === "input" || s.kind === "output" || s.kind === "state" || s.kind === "local" || s.kind === "loop" || s.kind === "typeAlias";
  return ranged ? { code: r.code, facts: [...rangeFacts(s.type), ...r.facts] } : r;
}

function describeSym(a: Analysis, s: Sym): { code: string; facts: string[] } {
  const d = declOf(a, s);
  const t = typeText(s.type);
  switch (s.kind) {
    case "const": {
      const v = exprValue(a, d?.kind === "Const" ? d.value : undefined);
      return { code: `const ${s.name}: ${t}${v !== undefined ? ` = ${v}` : ""}`, facts: [] };
    }
    case "enum":
      return { code: `enum ${s.name} { ${s.type.kind === "enum" ? s.type.members.join(", ") : ""} }`, facts: [] };
    case "enumMember":
      return { code: `${typeText(s.type)}.${s.name}`, facts: [`member ${(s.enumIndex ?? 0) + 1} of enum \`${typeText(s.type)}\``] };
    case "typeAlias":
      return { code: `type ${s.name} = ${t}`, facts: [] };
    case "input":
    case "output":
    case "state": {
      const init = d?.kind === "State" ? exprValue(a, d.init) : d?.kind === "Output" && d.init ? exprValue(a, d.init) : undefined;
      return { code: `${s.kind} ${s.name}: ${t}${init !== undefined ? ` = ${init}` : ""}`, facts: domainLine(a, s.domain) };
    }
    case "domain":
      return { code: `domain ${s.name}`, facts: domainLine(a, s.name).map((l) => l.replace(/^domain `[^`]*` /, "")) };
    case "task":
      return { code: `task ${s.name}`, facts: taskLines(a, s.name) };
    case "property":
      return { code: d ? sourceLine(a, d) : `property ${s.name}`, facts: [] };
    case "local":
      return { code: `${s.mutable ? "var" : "let"} ${s.name}: ${t}`, facts: s.task ? [`local of task \`${s.task}\``] : [] };
    case "loop":
      return { code: `for ${s.name}: ${t}`, facts: s.task ? [`loop variable in task \`${s.task}\``] : [] };
    case "irq":
      return { code: `irq ${s.name}: bool`, facts: ["interrupt line (true in a tick when the interrupt fires)", ...domainLine(a, s.domain)] };
  }
}

/** The narrowest expression of the primary document containing `offset`, with its type. */
function exprAt(a: Analysis, offset: number): { e: ast.Expr; t: Type } | undefined {
  let best: { e: ast.Expr; t: Type } | undefined;
  for (const [e, t] of a.checked.exprTypes) {
    if (e.span.file !== a.path || !spanContains(e.span, offset) || t.kind === "error") continue;
    if (!best || e.span.length < best.e.span.length) best = { e, t };
  }
  return best;
}

function markdown(code: string, facts: readonly string[]): string {
  return ["```vigil", code, "```", ...facts.map((f) => `- ${f}`)].join("\n");
}

/**
 * The hover at `offset`; `verdictOf(name)` gives the last proof verdict of a property, shown under
 * its declaration.
 */
export function hover(a: Analysis, offset: number, verdictOf?: (name: string) => string | undefined): Hover | null {
  const occ = occurrenceAt(a, a.path, offset);
  if (occ) {
    const { code, facts } = describe(a, occ.sym);
    const verdict = occ.sym.kind === "property" ? verdictOf?.(occ.sym.name) : undefined;
    if (verdict) facts.push(verdict);
    return { contents: { kind: "markdown", value: markdown(code, facts) }, range: rangeOf(occ.span, a.loaded.sources) };
  }
  const x = exprAt(a, offset);
  if (!x) return null;
  const v = exprValue(a, x.e);
  return {
    contents: { kind: "markdown", value: markdown(`${typeText(x.t)}`, [v !== undefined ? `constant value ${v}` : "inferred range of this expression"]) },
    range: rangeOf(x.e.span, a.loaded.sources),
  };
}
