/**
 * Renderers for two-run (non-interference) counterexamples: a side-by-side text table, JSON, VCD,
 * and the set of files `vigil prove --cex-dir DIR` writes for one result.
 *
 * Input: a falsified non-interference result (IsolationResult: verdict with `trace` and `otherTrace`,
 * plus the divergence), or a TwoRun built from one (twoRunOf). Output: strings (pure; the CLI
 * writes them).
 * Invariants:
 * - The table marks every cell where the runs differ with `*` and the divergent cell with `<<`.
 * - JSON is stable: keys in a fixed order, inputs/state/outputs in declaration order (as in the
 *   TraceSteps), format tag "vigil-two-run/1".
 * - VCD holds both runs as scopes run1/run2 with the same variables, in the simulator's conventions
 *   (src/sim/write.ts): the timescale is the device's tick when it is 1, 10 or 100 s/ms/us, else
 *   1 us with tick k at k * tick; initial values in $dumpvars, then changes only; booleans 1 bit,
 *   numbers two's complement in their range's width (64 bits without a program), arrays element
 *   by element (`name_i`), enum members as their index (listed in a $comment), unknowns x.
 * - twoRunFiles names its files after the obligation (cexStem) so that a directory of
 *   counterexamples has one table, one JSON and one VCD per falsified non-interference property.
 */
import type { IrProgram } from "../../ir/ir.js";
import type { Span } from "../../source/span.js";
import type { ObligationResult, TraceStep } from "../verdict.js";
import { vcdTimescale, vcdWidth } from "../../sim/write.js";

type V = TraceStep["inputs"][string];
type Scalar = number | string | boolean;

export interface TwoRun {
  readonly property: string;
  readonly trace: readonly TraceStep[];
  readonly otherTrace: readonly TraceStep[];
  readonly divergence?: {
    readonly tick: number;
    readonly variable: string;
    readonly task?: string;
    readonly responsible?: Pick<Span, "file" | "line" | "col">;
  };
  readonly explanation?: string;
}

/** A falsified non-interference result as a TwoRun (undefined for anything else). */
export function twoRunOf(
  r: ObligationResult & { readonly divergence?: { readonly tick: number; readonly variable: string; readonly task?: string; readonly responsible?: Span } },
): TwoRun | undefined {
  const v = r.verdict;
  if (v.status !== "falsified" || !v.otherTrace) return undefined;
  const d = r.divergence;
  return {
    property: r.obligation.name,
    trace: v.trace,
    otherTrace: v.otherTrace,
    ...(d
      ? {
          divergence: {
            tick: d.tick,
            variable: d.variable,
            ...(d.task !== undefined ? { task: d.task } : {}),
            ...(d.responsible ? { responsible: { file: d.responsible.file, line: d.responsible.line, col: d.responsible.col } } : {}),
          },
        }
      : {}),
    explanation: v.explanation,
  };
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
  const d = r.divergence;
  return (
    JSON.stringify(
      {
        format: "vigil-two-run/1",
        property: r.property,
        divergence: d
          ? {
              tick: d.tick,
              variable: d.variable,
              run1: valueAt(r.trace, d.tick, d.variable) ?? null,
              run2: valueAt(r.otherTrace, d.tick, d.variable) ?? null,
              task: d.task ?? null,
              responsible: d.responsible ? { file: d.responsible.file, line: d.responsible.line, col: d.responsible.col } : null,
            }
          : null,
        explanation: r.explanation ?? null,
        run1: r.trace,
        run2: r.otherTrace,
      },
      null,
      2,
    ) + "\n"
  );
}

function valueAt(t: readonly TraceStep[], tick: number, name: string): V | undefined {
  const s = t.find((x) => x.tick === tick);
  return s?.state[name] ?? s?.outputs[name] ?? s?.inputs[name];
}

/** Identifier characters: printable ASCII 33..126 without `#` and `$` (as src/sim/write.ts). */
const VCD_ID_CHARS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== "#" && c !== "$");

function vcdId(n: number): string {
  let s = "";
  let k = n;
  do {
    s += VCD_ID_CHARS[k % VCD_ID_CHARS.length] ?? "!";
    k = Math.floor(k / VCD_ID_CHARS.length);
  } while (k > 0);
  return s;
}

export interface VcdOptions {
  /** The device's tick in microseconds: the timescale is the tick when it is 1, 10 or 100 s/ms/us,
   * else 1 us with tick k at k * tickUs (src/sim/write.ts vcdTimescale). */
  readonly tickUs?: number;
  /** Enum members by variable name (input, state or output), so members dump as their index. */
  readonly enums?: ReadonlyMap<string, readonly string[]>;
  /** Bit widths by variable name (from the declared ranges); 64 where absent. */
  readonly widths?: ReadonlyMap<string, number>;
}

/** The VCD options of a program: its tick, the members of its enums and the widths of its ranges. */
export function vcdOptionsFor(program: IrProgram): VcdOptions {
  const enums = new Map<string, readonly string[]>();
  const widths = new Map<string, number>();
  for (const g of [...program.inputs, ...program.state, ...program.outputs]) {
    const s = g.type.kind === "array" ? g.type.elem : g.type;
    if (s.kind === "enum") enums.set(g.name, s.members);
    widths.set(g.name, vcdWidth(g.type).width);
  }
  for (const l of program.irqs) widths.set(l.name, 1);
  return { tickUs: program.device.tickUs, enums, widths };
}

/**
 * Both runs as VCD. `opts` may also be a timescale string (e.g. "10 ms"): then one timestamp per tick
 * at that timescale.
 */
export function twoRunVcd(r: TwoRun, opts: VcdOptions | string = {}): string {
  const o: VcdOptions = typeof opts === "string" ? {} : opts;
  const ts = typeof opts === "string" ? { timescale: opts, factor: 1 } : o.tickUs !== undefined ? vcdTimescale(o.tickUs) : { timescale: "1 ms", factor: 1 };
  // Arrays are dumped element by element (name_i, as the simulator's VCD).
  const cols = columns(r.trace).flatMap((c) => {
    const v = r.trace[0]?.[c.group][c.name];
    return Array.isArray(v) ? v.map((_, i) => ({ ...c, label: `${c.name}_${i}`, index: i as number | undefined })) : [{ ...c, label: c.name, index: undefined }];
  });
  const at = (s: TraceStep | undefined, c: (typeof cols)[number]): Scalar | undefined => {
    const v = s?.[c.group][c.name];
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return c.index !== undefined ? (v[c.index] as Scalar | undefined) : undefined;
    return v as Scalar;
  };
  const lines: string[] = [
    "$version vigil prove $end",
    `$comment two-run counterexample for ${r.property}${r.divergence ? `: first divergence on ${r.divergence.variable} at tick ${r.divergence.tick}` : ""} $end`,
    `$timescale ${ts.timescale} $end`,
  ];
  for (const [name, members] of o.enums ?? new Map<string, readonly string[]>()) {
    if (cols.some((c) => c.name === name)) lines.push(`$comment ${name}: ${members.map((m, i) => `${i}=${m}`).join(" ")} $end`);
  }
  const ids = new Map<string, string>();
  const width = (c: (typeof cols)[number]): number => (typeof at(r.trace[0], c) === "boolean" ? 1 : (o.widths?.get(c.name) ?? 64));
  let n = 0;
  for (const run of ["run1", "run2"]) {
    lines.push(`$scope module ${run} $end`);
    for (const c of cols) {
      const id = vcdId(n++);
      ids.set(`${run}.${c.label}`, id);
      lines.push(`$var wire ${width(c)} ${id} ${c.label} $end`);
    }
    lines.push("$upscope $end");
  }
  lines.push("$enddefinitions $end");
  const text = (c: (typeof cols)[number], v: Scalar | undefined, id: string): string => {
    const w = width(c);
    const num = typeof v === "boolean" ? (v ? 1 : 0) : typeof v === "number" ? v : typeof v === "string" ? (o.enums?.get(c.name)?.indexOf(v) ?? -1) : -1;
    const known = typeof v === "boolean" || typeof v === "number" || (typeof v === "string" && num >= 0);
    if (w === 1) return `${known ? (num ? 1 : 0) : "x"}${id}`;
    return known ? `b${BigInt.asUintN(w, BigInt(num)).toString(2)} ${id}` : `bx ${id}`;
  };
  const prev = new Map<string, string>();
  const steps = Math.max(r.trace.length, r.otherTrace.length);
  let last = -1;
  for (let i = 0; i < steps; i++) {
    const tick = r.trace[i]?.tick ?? r.otherTrace[i]?.tick ?? i;
    last = tick;
    const changes: string[] = [];
    for (const [run, t] of [["run1", r.trace], ["run2", r.otherTrace]] as const) {
      const s = t[i];
      if (!s) continue;
      for (const c of cols) {
        const id = ids.get(`${run}.${c.label}`) ?? "!";
        const line = text(c, at(s, c), id);
        if (prev.get(id) === line) continue;
        prev.set(id, line);
        changes.push(line);
      }
    }
    if (i === 0) lines.push(`#${tick * ts.factor}`, "$dumpvars", ...changes, "$end");
    else if (changes.length > 0) lines.push(`#${tick * ts.factor}`, ...changes);
  }
  lines.push(`#${(last + 1) * ts.factor}`);
  return lines.join("\n") + "\n";
}

/** A file name stem for an obligation: letters, digits, `_`, `-` and `.` kept, the rest `_`. */
export function cexStem(obligation: string): string {
  return obligation.replace(/[^A-Za-z0-9_.-]/g, "_") || "obligation";
}

/**
 * The files of one two-run counterexample for `--cex-dir`: `<stem>.two-run.txt` (the table),
 * `.json` and `.vcd`; empty for a result that is not a falsified non-interference obligation.
 */
export function twoRunFiles(
  r: Parameters<typeof twoRunOf>[0],
  opts: VcdOptions = {},
): { readonly name: string; readonly text: string }[] {
  const two = twoRunOf(r);
  if (!two) return [];
  const stem = `${cexStem(r.obligation.name)}.two-run`;
  return [
    { name: `${stem}.txt`, text: renderTwoRunTable(two) },
    { name: `${stem}.json`, text: twoRunJson(two) },
    { name: `${stem}.vcd`, text: twoRunVcd(two, opts) },
  ];
}
