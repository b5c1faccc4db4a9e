/**
 * The security architecture view and the threat table, as data (no layout, no SVG).
 *
 * Input: an IrProgram and the obligation results of its proof.
 * Output: ArchitectureView — trust zones (one per domain, with integrity and confidentiality), nodes
 * (inputs and outputs at the device boundary, irq lines, tasks, state stores, each in its zone),
 * edges (every data flow: a global read by a task, a task writing a global; flows through
 * `endorse` and `declassify` marked as such) with the isolation obligations that cover each
 * boundary crossing; and ThreatRow[] — per untrusted input or irq line, what it may reach (forward
 * closure over the tasks' reads and writes) and which proofs bound it.
 * Invariants: exactly one node per domain-zone member (task, global, irq line); one edge per
 * (source, target, kind) flow; derived from the IR alone, never from the source text.
 */
import type { IrProgram, IrStmt, IrTask } from "../ir/ir.js";
import type { ObligationResult } from "../prove/verdict.js";
import type { Span } from "../source/span.js";

export interface Zone {
  readonly id: string;
  readonly domain: string;
  readonly trusted: boolean;
  /** The confidentiality level's name (the model's `levels`). */
  readonly level: string;
}

export type NodeKind = "input" | "output" | "state" | "irq" | "task";

export interface ArchNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** Zone id (domain). */
  readonly zone: string;
  /** Extra facts shown beside the label: period, priority, minimum inter-arrival. */
  readonly detail?: string;
}

export type EdgeKind = "flow" | "endorse" | "declassify";

export interface ArchEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** True when the two ends lie in different zones (a trust-boundary crossing). */
  readonly crossesBoundary: boolean;
  /** For endorse: the validator's source text; for declassify: the target level. */
  readonly note?: string;
  /** The isolation obligations (noninterference, endorse) that cover this crossing. */
  readonly coveredBy: readonly string[];
}

export interface ArchitectureView {
  readonly zones: readonly Zone[];
  readonly nodes: readonly ArchNode[];
  readonly edges: readonly ArchEdge[];
}

export interface ThreatRow {
  /** The untrusted input or irq line. */
  readonly source: string;
  readonly domain: string;
  /** Trusted (or more confidential) globals it may reach, sorted. */
  readonly reaches: readonly string[];
  /** The endorse points its data passes, by IR id. */
  readonly through: readonly string[];
  /** The obligations that bound it, with their verdict status. */
  readonly boundedBy: readonly { readonly obligation: string; readonly status: string }[];
}

/** Every global (input, irq line, state, output) named anywhere inside an IR node. */
export function namesIn(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (node === null || typeof node !== "object") return out;
  if (Array.isArray(node)) {
    for (const x of node) namesIn(x, out);
    return out;
  }
  const o = node as Record<string, unknown>;
  if ((o.k === "var" && o.scope !== "local") || (o.k === "index" && o.scope !== "local")) out.add(String(o.k === "var" ? o.name : o.array));
  for (const [key, v] of Object.entries(o)) if (key !== "span" && key !== "type") namesIn(v, out);
  return out;
}

interface Crossing {
  readonly task: string;
  readonly kind: "endorse" | "declassify";
  readonly id: string;
  readonly reads: Set<string>;
  readonly note: string;
  readonly span: Span;
}

function crossingsOf(p: IrProgram, task: IrTask, text: (s: Span) => string): Crossing[] {
  const out: Crossing[] = [];
  const walk = (ss: readonly IrStmt[]): void => {
    for (const s of ss) {
      if (s.s === "endorse") out.push({ task: task.name, kind: "endorse", id: s.id, reads: namesIn(s.value), note: text(s.valid.span), span: s.span });
      else if (s.s === "declassify") out.push({ task: task.name, kind: "declassify", id: s.id, reads: namesIn(s.value), note: `to ${p.levels[s.toLevel] ?? s.toLevel}`, span: s.span });
      else if (s.s === "if") {
        walk(s.then);
        walk(s.else);
      } else if (s.s === "for") walk(s.body);
    }
  };
  walk(task.body);
  return out;
}

function domainOf(p: IrProgram, name: string): string | undefined {
  const g = [...p.inputs, ...p.state, ...p.outputs].find((x) => x.name === name);
  if (g) return g.domain;
  return p.irqs.find((l) => l.name === name)?.domain;
}

/** The isolation obligations covering a flow from domain `a` to domain `b`. */
function coverage(p: IrProgram, results: readonly ObligationResult[], a: string, b: string, kind: EdgeKind, crossingId?: string): string[] {
  const out: string[] = [];
  for (const q of p.properties) if (q.kind === "noninterference" && q.from === a && q.to === b) out.push(q.name);
  if (kind === "endorse" && crossingId) for (const r of results) if (r.obligation.kind === "endorse" && r.obligation.name === crossingId) out.push(r.obligation.name);
  return out;
}

export function architectureView(p: IrProgram, results: readonly ObligationResult[], text: (s: Span) => string): ArchitectureView {
  const zones: Zone[] = p.domains.map((d) => ({ id: `zone:${d.name}`, domain: d.name, trusted: d.trusted, level: p.levels[d.confidentiality] ?? String(d.confidentiality) }));
  const nodes: ArchNode[] = [];
  const us = (x: number | undefined): string => (x === undefined ? "?" : x % 1000 === 0 ? `${x / 1000} ms` : `${x} us`);
  for (const g of p.inputs) nodes.push({ id: `g:${g.name}`, kind: "input", label: g.name, zone: `zone:${g.domain}` });
  for (const l of p.irqs) {
    const t = p.tasks.find((x) => x.name === l.task);
    nodes.push({ id: `g:${l.name}`, kind: "irq", label: l.name, zone: `zone:${l.domain}`, detail: `min inter-arrival ${us(t?.miatUs)}` });
  }
  for (const t of p.tasks) {
    const when = t.kind === "periodic" ? `every ${us(t.periodUs)}` : `on ${t.irq}`;
    nodes.push({ id: `t:${t.name}`, kind: "task", label: t.name, zone: `zone:${t.domain}`, detail: `${when}, deadline ${us(t.deadlineUs)}, priority ${t.priority}` });
  }
  for (const g of p.state) nodes.push({ id: `g:${g.name}`, kind: "state", label: g.name, zone: `zone:${g.domain}` });
  for (const g of p.outputs) nodes.push({ id: `g:${g.name}`, kind: "output", label: g.name, zone: `zone:${g.domain}` });
  const edges = new Map<string, ArchEdge>();
  const add = (from: string, to: string, kind: EdgeKind, fromDomain: string, toDomain: string, note?: string, crossingId?: string): void => {
    const id = `${kind}:${from}->${to}`;
    if (edges.has(id)) return;
    const crosses = fromDomain !== toDomain;
    edges.set(id, { id, from, to, kind, crossesBoundary: crosses, ...(note !== undefined ? { note } : {}), coveredBy: crosses ? coverage(p, results, fromDomain, toDomain, kind, crossingId) : [] });
  };
  const level = (d: string): number | undefined => p.domains.find((x) => x.name === d)?.confidentiality;
  for (const t of p.tasks) {
    const crossings = crossingsOf(p, t, text);
    const viaCrossing = new Map<string, Crossing>();
    for (const c of crossings) for (const r of c.reads) if (domainOf(p, r) !== t.domain) viaCrossing.set(r, c);
    const reads = new Set(t.reads);
    if (t.irq) reads.add(t.irq);
    for (const r of reads) {
      const d = domainOf(p, r);
      if (d === undefined) continue;
      const c = viaCrossing.get(r);
      if (c) add(`g:${r}`, `t:${t.name}`, c.kind, d, t.domain, c.note, c.id);
      else add(`g:${r}`, `t:${t.name}`, "flow", d, t.domain);
    }
    const declassified = crossings.filter((c) => c.kind === "declassify");
    for (const w of t.writes) {
      const d = domainOf(p, w);
      if (d === undefined) continue;
      const lower = (level(d) ?? 0) < (level(t.domain) ?? 0);
      const c = lower ? declassified[0] : undefined;
      if (c) add(`t:${t.name}`, `g:${w}`, "declassify", t.domain, d, c.note);
      else add(`t:${t.name}`, `g:${w}`, "flow", t.domain, d);
    }
  }
  return { zones, nodes, edges: [...edges.values()] };
}

/** Per untrusted input and irq line: what it may reach, through which endorse points, bounded by which proofs. */
export function threatTable(p: IrProgram, results: readonly ObligationResult[]): ThreatRow[] {
  const trusted = new Map(p.domains.map((d) => [d.name, d.trusted]));
  const sources = [...p.inputs.map((g) => ({ name: g.name, domain: g.domain })), ...p.irqs.map((l) => ({ name: l.name, domain: l.domain }))].filter((s) => trusted.get(s.domain) === false);
  const status = new Map(results.map((r) => [r.obligation.name, r.verdict.status]));
  const rows: ThreatRow[] = [];
  for (const src of sources) {
    const tainted = new Set([src.name]);
    const through = new Set<string>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const t of p.tasks) {
        const reads = new Set([...t.reads, ...(t.irq ? [t.irq] : [])]);
        if (![...reads].some((r) => tainted.has(r))) continue;
        for (const c of crossingsOf(p, t, () => "")) if (c.kind === "endorse" && [...c.reads].some((r) => tainted.has(r))) through.add(c.id);
        for (const w of t.writes)
          if (!tainted.has(w)) {
            tainted.add(w);
            changed = true;
          }
      }
    }
    const reaches = [...tainted].filter((n) => n !== src.name && trusted.get(domainOf(p, n) ?? "") === true).sort();
    const bounding = p.properties.filter((q) => q.kind === "noninterference" && q.from === src.domain).map((q) => q.name);
    const boundedBy = [...bounding, ...[...through].filter((id) => status.has(id))].map((o) => ({ obligation: o, status: status.get(o) ?? "not proved" }));
    rows.push({ source: src.name, domain: src.domain, reaches, through: [...through].sort(), boundedBy });
  }
  return rows;
}
