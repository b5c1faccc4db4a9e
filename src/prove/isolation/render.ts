/**
 * Renderers for two-run (non-interference) counterexamples: a side-by-side text table, JSON, VCD.
 *
 * Input: an IsolationResult-like value whose verdict is falsified with `otherTrace`, plus the
 * divergence (tick, variable). Output: strings (pure; the CLI writes them).
 * Invariants: the table marks every cell where the runs differ with `*` and the divergent cell with
 * `<<`; VCD holds both runs as scopes run1/run2, one timestamp per tick (in ticks); JSON is stable
 * (keys in input/state/output declaration order).
 */
import type { TraceStep } from "../verdict.js";

type V = TraceStep["inputs"][string];

export interface TwoRun {
  readonly property: string;
  readonly trace: readonly TraceStep[];
  readonly otherTrace: readonly TraceStep[];
  readonly divergence?: { readonly tick: number; readonly variable: string };
  readonly explanation?: string;
}

function show(v: V | undefined): string {
  if (v === undefined) return "-";
  if (Array.isArray(v)) return `[${v.map((x) => String(x)).join(",")}]`;
  return String(v);
}

function columns(t: readonly TraceStep[]): { group: "inputs" | "state" | "outputs"; name: string }[] {
  const first = t[0];
  if (!first) return [];
  return (["inputs", "state", "outputs"] as const).flatMap((g) => Object.keys(first[g]).map((name) => ({ group: g, name })));
}

export function renderTwoRunTable(r: TwoRun): string {
  const cols = columns(r.trace);
  const header = ["tick", ...cols.map((c) => c.name)];
  const rows: string[][] = [];
  for (let i = 0; i < Math.max(r.trace.length, r.otherTrace.length); i++) {
    const a = r.trace[i];
    const b = r.otherTrace[i];
    const tick = String(a?.tick ?? b?.tick ?? i);
    rows.push([
      tick,
      ...cols.map((c) => {
        const x = show(a?.[c.group][c.name]);
        const y = show(b?.[c.group][c.name]);
        const mark = r.divergence && r.divergence.tick === (a?.tick ?? i) && r.divergence.variable === c.name ? " <<" : x !== y ? " *" : "";
        return x === y ? x : `${x} | ${y}${mark}`;
      }),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  const out = [`two-run counterexample for ${r.property} (cells "run 1 | run 2" differ)`, line(header), line(widths.map((w) => "-".repeat(w)))];
  for (const row of rows) out.push(line(row));
  if (r.explanation) out.push("", r.explanation);
  return out.join("\n") + "\n";
}

export function twoRunJson(r: TwoRun): string {
  return (
    JSON.stringify(
      { property: r.property, divergence: r.divergence ?? null, explanation: r.explanation ?? null, run1: r.trace, run2: r.otherTrace },
      null,
      2,
    ) + "\n"
  );
}

function vcdId(n: number): string {
  let s = "";
  let k = n;
  do {
    s += String.fromCharCode(33 + (k % 94));
    k = Math.floor(k / 94);
  } while (k > 0);
  return s;
}

/** Booleans as wires; numbers as 64-bit two's complement vectors; arrays element by element; enum
 * members (strings in a TraceStep) as unknown (x) vectors, their names are in the table and JSON. */
export function twoRunVcd(r: TwoRun, timescale = "1 ms"): string {
  // Arrays are dumped element by element (name[i]).
  const cols = columns(r.trace).flatMap((c) => {
    const v = r.trace[0]?.[c.group][c.name];
    return Array.isArray(v) ? v.map((_, i) => ({ ...c, label: `${c.name}[${i}]`, index: i as number | undefined })) : [{ ...c, label: c.name, index: undefined }];
  });
  const at = (s: TraceStep | undefined, c: (typeof cols)[number]): V | undefined => {
    const v = s?.[c.group][c.name];
    return c.index !== undefined && Array.isArray(v) ? (v[c.index] as V | undefined) : v;
  };
  const lines: string[] = [`$comment vigil two-run counterexample for ${r.property} $end`, `$timescale ${timescale} $end`];
  const ids = new Map<string, string>();
  let n = 0;
  for (const run of ["run1", "run2"]) {
    lines.push(`$scope module ${run} $end`);
    for (const c of cols) {
      const id = vcdId(n++);
      ids.set(`${run}.${c.label}`, id);
      const sample = at(r.trace[0], c);
      const width = typeof sample === "boolean" ? 1 : 64;
      lines.push(`$var ${typeof sample === "boolean" ? "wire" : "integer"} ${width} ${id} ${c.label.replace(/\[(\d+)\]$/, " [$1]")} $end`);
    }
    lines.push("$upscope $end");
  }
  lines.push("$enddefinitions $end");
  const bits = (v: V | undefined): string => {
    if (typeof v === "boolean") return v ? "1" : "0";
    if (typeof v === "number") return "b" + BigInt.asUintN(64, BigInt(v)).toString(2) + " ";
    if (typeof v === "string") return "bx ";
    return "bx ";
  };
  const steps = Math.max(r.trace.length, r.otherTrace.length);
  for (let i = 0; i < steps; i++) {
    lines.push(`#${r.trace[i]?.tick ?? i}`);
    for (const [run, t] of [["run1", r.trace], ["run2", r.otherTrace]] as const) {
      const s = t[i];
      if (!s) continue;
      for (const c of cols) {
        const id = ids.get(`${run}.${c.label}`) ?? "!";
        lines.push(`${bits(at(s, c))}${id}`);
      }
    }
  }
  lines.push(`#${steps}`);
  return lines.join("\n") + "\n";
}
