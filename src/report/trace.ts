/**
 * Traceability: property → obligations → verdict and evidence → the emitted code that implements
 * what the property is about.
 *
 * Input: an IrProgram, its obligation results, the emitted C files (src/emit/c, pure), the model's
 * sources, and optionally the files of a proof bundle (relative path → contents).
 * Output: TraceRow[], one per property in source order, then one row "runtime checks" gathering the
 * implicit obligations (range, division, index checks) of the model's code.
 * Invariants: code locations come from the `/* FILE.vgl:N *\/` comments that the C backend puts on
 * every statement, and from the names of the generated functions; nothing is guessed from the
 * text of the model. Evidence files are matched by obligation name and hashed with sha256.
 */
import { createHash } from "node:crypto";
import type { EmittedFile } from "../emit/c/index.js";
import type { IrProgram, IrProperty, IrStmt, IrTask } from "../ir/ir.js";
import type { ObligationResult, Verdict } from "../prove/verdict.js";
import type { SourceFile, Span } from "../source/span.js";
import { namesIn } from "./architecture.js";

export interface CodeRef {
  readonly file: string;
  readonly fn: string;
  readonly lines: readonly number[];
}

export interface EvidenceRef {
  readonly file: string;
  readonly sha256: string;
}

export interface TracedObligation {
  readonly name: string;
  readonly kind: string;
  readonly status: Verdict["status"];
  readonly engine: string;
  /** k, invariant, tick or reason, in words. */
  readonly detail: string;
  readonly timeMs: number;
  readonly evidence: readonly EvidenceRef[];
}

export interface TraceRow {
  readonly property: string;
  readonly kind: string;
  readonly line: number;
  readonly text: string;
  readonly obligations: readonly TracedObligation[];
  readonly code: readonly CodeRef[];
}

interface CLine {
  readonly file: string;
  readonly fn: string;
  readonly line: number;
  readonly vgl?: number;
  readonly text: string;
}

/** Every line of the emitted C with the function it lies in and the .vgl line it came from. */
function indexC(files: readonly EmittedFile[], modelBase: string): CLine[] {
  const out: CLine[] = [];
  const tag = new RegExp(`/\\* ${modelBase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+) \\*/`);
  for (const f of files) {
    if (!f.name.endsWith(".c")) continue;
    let fn = "";
    f.content.split("\n").forEach((text, i) => {
      const head = /^[A-Za-z_][\w\s*]*?\b([A-Za-z_]\w*)\s*\([^;]*$/.exec(text);
      if (head && !text.startsWith(" ") && !text.startsWith("\t")) fn = head[1]!;
      const m = tag.exec(text);
      out.push({ file: f.name, fn, line: i + 1, ...(m ? { vgl: Number(m[1]) } : {}), text });
      if (text.startsWith("}")) fn = "";
    });
  }
  return out;
}

function group(lines: readonly CLine[]): CodeRef[] {
  const by = new Map<string, { file: string; fn: string; lines: number[] }>();
  for (const l of lines) {
    const k = `${l.file}\u0000${l.fn}`;
    const g = by.get(k) ?? { file: l.file, fn: l.fn, lines: [] };
    if (!g.lines.includes(l.line)) g.lines.push(l.line);
    by.set(k, g);
  }
  return [...by.values()].map((g) => ({ ...g, lines: g.lines.sort((a, b) => a - b) }));
}

/** Source lines of the statements (in any task) that write one of `names`. */
function writerLines(p: IrProgram, names: ReadonlySet<string>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const walk = (t: IrTask, ss: readonly IrStmt[]): void => {
    for (const s of ss) {
      if (s.s === "assign" && names.has(s.target.name)) {
        const set = out.get(t.name) ?? new Set<number>();
        set.add(s.span.line);
        out.set(t.name, set);
      } else if (s.s === "if") {
        walk(t, s.then);
        walk(t, s.else);
      } else if (s.s === "for") walk(t, s.body);
    }
  };
  for (const t of p.tasks) walk(t, t.body);
  return out;
}

function crossingLines(p: IrProgram, kind: "endorse" | "declassify"): number[] {
  const out: number[] = [];
  const walk = (ss: readonly IrStmt[]): void => {
    for (const s of ss) {
      if (s.s === kind) out.push(s.span.line);
      else if (s.s === "if") {
        walk(s.then);
        walk(s.else);
      } else if (s.s === "for") walk(s.body);
    }
  };
  for (const t of p.tasks) walk(t.body);
  return out;
}

function codeFor(p: IrProgram, q: IrProperty, c: readonly CLine[], prefix: string): CodeRef[] {
  const inTaskFn = (task: string) => (l: CLine) => l.fn === `${prefix}_${task}_step`;
  switch (q.kind) {
    case "invariant":
    case "leadsTo": {
      const writers = writerLines(p, namesIn(q.kind === "invariant" ? q.expr : [q.trigger, q.response]));
      return group(c.filter((l) => l.vgl !== undefined && [...writers].some(([task, lines]) => inTaskFn(task)(l) && lines.has(l.vgl!))));
    }
    case "noninterference": {
      const lines = new Set(crossingLines(p, q.except === "declassify" ? "declassify" : "endorse"));
      return group(c.filter((l) => l.vgl !== undefined && lines.has(l.vgl)));
    }
    case "wcet":
      return group(c.filter(inTaskFn(q.task)));
    case "schedulable":
      return group(c.filter((l) => l.file.endsWith("_sched.c") && l.fn !== ""));
  }
}

export function detailOf(v: Verdict): string {
  switch (v.status) {
    case "proved": {
      const e = v.evidence;
      if (e.kind === "k-induction") return `k-induction, k=${e.k}`;
      if (e.kind === "pdr") return `PDR invariant: ${e.invariant}`;
      if (e.kind === "relational") return `relational ${e.engine}${e.k !== undefined ? `, k=${e.k}` : ""}`;
      return `${e.kind}: ${e.note}`;
    }
    case "falsified":
      return `falsified at tick ${v.tick}: ${v.explanation}`;
    default:
      return v.reason;
  }
}

function evidenceFor(name: string, bundle: ReadonlyMap<string, string> | undefined): EvidenceRef[] {
  if (!bundle) return [];
  const key = name.replace(/[^A-Za-z0-9_]+/g, "_");
  return [...bundle.entries()]
    .filter(([path]) => path.split("/").some((seg) => seg === name || seg.startsWith(`${key}.`) || seg === key || seg.replace(/[^A-Za-z0-9_]+/g, "_").startsWith(key)))
    .map(([file, content]) => ({ file, sha256: createHash("sha256").update(content).digest("hex") }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

function traced(r: ObligationResult, bundle: ReadonlyMap<string, string> | undefined): TracedObligation {
  return { name: r.obligation.name, kind: r.obligation.kind, status: r.verdict.status, engine: r.verdict.engine, detail: detailOf(r.verdict), timeMs: r.timeMs, evidence: evidenceFor(r.obligation.name, bundle) };
}

function lineText(sources: ReadonlyMap<string, SourceFile>, s: Span): string {
  const f = sources.get(s.file);
  if (!f) return "";
  const start = f.lineStarts[s.line - 1] ?? 0;
  const end = f.lineStarts[s.line] ?? f.text.length;
  return f.text.slice(start, end).replace(/\s+$/, "");
}

export function traceability(
  p: IrProgram,
  results: readonly ObligationResult[],
  cFiles: readonly EmittedFile[],
  sources: ReadonlyMap<string, SourceFile>,
  bundle?: ReadonlyMap<string, string>,
): TraceRow[] {
  const base = p.device.span.file.split("/").pop() ?? p.device.span.file;
  const c = indexC(cFiles, base);
  const prefix = (cFiles.find((f) => f.name.endsWith(".h"))?.name ?? "").replace(/\.h$/, "");
  const rows: TraceRow[] = [];
  const used = new Set<string>();
  for (const q of p.properties) {
    const mine = results.filter((r) => r.obligation.name === q.name || (q.kind === "noninterference" && q.except === "endorse" && r.obligation.kind === "endorse"));
    for (const r of mine) used.add(r.obligation.name);
    rows.push({ property: q.name, kind: q.kind, line: q.span.line, text: lineText(sources, q.span), obligations: mine.map((r) => traced(r, bundle)), code: codeFor(p, q, c, prefix) });
  }
  const implicit = results.filter((r) => !used.has(r.obligation.name));
  if (implicit.length > 0) {
    const ids = new Set(implicit.map((r) => r.obligation.name));
    rows.push({
      property: "runtime checks",
      kind: "runtime",
      line: 0,
      text: "implicit obligations of the model's code: every value stays in its range, no division by zero, every index in bounds",
      obligations: implicit.map((r) => traced(r, bundle)),
      code: group(c.filter((l) => [...ids].some((id) => l.text.includes(`"${id}"`)))),
    });
  }
  return rows;
}
