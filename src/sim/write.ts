/**
 * Trace writers: a SimResult as an aligned text table, JSON, CSV or VCD (GTKWave).
 *
 * Input: the IrProgram and the SimResult of a simulation. Output: the file content as a string.
 * Invariants: columns are, in order, tick, every input, every irq line, every state variable,
 * every output (arrays expand to one column/signal per element `name[i]`), then the released
 * tasks. Table and CSV print enums by member name and bools as 0/1; JSON prints bools as
 * true/false and enums by name. VCD: $timescale is the tick when it is 1, 10 or 100 of a unit
 * (s, ms, us), otherwise 1 us with timestamps scaled; bools are 1-bit wires, integers binary
 * vectors wide enough for their range (two's complement when the range is negative), enums
 * vectors of the member index; one 1-bit `released` wire per task.
 */
import type { IrProgram, IrType, IrValue } from "../ir/ir.js";
import type { SimResult, TickRow } from "../interp/index.js";
import { cellText, jsonScalar } from "./values.js";

interface Signal {
  readonly group: "inputs" | "irq" | "state" | "outputs";
  readonly name: string;
  readonly header: string;
  readonly index?: number;
  readonly type: IrType;
}

export function signals(p: IrProgram): Signal[] {
  const out: Signal[] = [];
  const add = (group: Signal["group"], name: string, type: IrType): void => {
    if (type.kind === "array") {
      for (let i = 0; i < type.length; i++) out.push({ group, name, header: `${name}[${i}]`, index: i, type });
    } else out.push({ group, name, header: name, type });
  };
  for (const g of p.inputs) add("inputs", g.name, g.type);
  for (const l of p.irqs) add("irq", l.name, { kind: "bool" });
  for (const g of p.state) add("state", g.name, g.type);
  for (const g of p.outputs) add("outputs", g.name, g.type);
  return out;
}

function valueOf(row: TickRow, s: Signal): number {
  const rec = s.group === "inputs" || s.group === "irq" ? row.inputs : s.group === "state" ? row.state : row.outputs;
  const v: IrValue | undefined = rec[s.name];
  if (v === undefined) return 0;
  if (typeof v === "number") return v;
  return Number(v[s.index ?? 0] ?? 0);
}

/** One table row's cells: tick, every signal, the released tasks. */
export function tableCells(sigs: readonly Signal[], row: TickRow): string[] {
  return [String(row.tick), ...sigs.map((s) => cellText(valueOf(row, s), s.type)), row.released.join(" ") || "-"];
}

export function tableHeader(sigs: readonly Signal[]): string[] {
  return ["tick", ...sigs.map((s) => s.header), "released"];
}

/** Widen `widths` to fit `cells` (a loop: a spread over 10^5 rows overflows the stack). */
export function fitWidths(widths: number[], cells: readonly string[]): void {
  for (let i = 0; i < widths.length; i++) if (cells[i]!.length > widths[i]!) widths[i] = cells[i]!.length;
}

export function tableLine(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]!)))
    .join("  ")
    .trimEnd();
}

export function formatTable(p: IrProgram, r: SimResult): string {
  const sigs = signals(p);
  const header = tableHeader(sigs);
  const body = r.rows.map((row) => tableCells(sigs, row));
  const widths = header.map((h) => h.length);
  for (const b of body) fitWidths(widths, b);
  return [tableLine(header, widths), ...body.map((b) => tableLine(b, widths))].join("\n") + "\n";
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(sigs: readonly Signal[]): string {
  return ["tick", ...sigs.map((s) => s.header), "released"].map(csvCell).join(",");
}

/** One data line. Its cells never need quoting: numbers, enum members and task names are identifiers. */
export function csvRow(sigs: readonly Signal[], row: TickRow): string {
  let line = String(row.tick);
  for (let i = 0; i < sigs.length; i++) line += "," + cellText(valueOf(row, sigs[i]!), sigs[i]!.type);
  return line + "," + row.released.join(" ");
}

export function formatCsv(p: IrProgram, r: SimResult): string {
  const sigs = signals(p);
  const lines = [csvHeader(sigs)];
  for (const row of r.rows) lines.push(csvRow(sigs, row));
  return lines.join("\n") + "\n";
}

function jsonRecord(rec: Readonly<Record<string, IrValue>>, types: ReadonlyMap<string, IrType>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    const t = types.get(k);
    if (!t) continue;
    o[k] = typeof v === "number" ? jsonScalar(v, t) : v.map((x) => jsonScalar(x, t));
  }
  return o;
}

export function traceTypes(p: IrProgram): Map<string, IrType> {
  const types = new Map<string, IrType>();
  for (const g of [...p.inputs, ...p.state, ...p.outputs]) types.set(g.name, g.type);
  for (const l of p.irqs) types.set(l.name, { kind: "bool" });
  return types;
}

export function jsonRow(row: TickRow, types: ReadonlyMap<string, IrType>): unknown {
  return {
    tick: row.tick,
    inputs: jsonRecord(row.inputs, types),
    state: jsonRecord(row.state, types),
    outputs: jsonRecord(row.outputs, types),
    released: row.released,
  };
}

export function traceJson(p: IrProgram, r: SimResult): unknown {
  const types = traceTypes(p);
  return {
    device: p.device.name,
    tickUs: p.device.tickUs,
    ticks: r.ticksRun,
    rows: r.rows.map((row) => jsonRow(row, types)),
    ...(r.runtimeError
      ? {
          runtimeError: {
            tick: r.runtimeError.tick,
            task: r.runtimeError.task,
            assertId: r.runtimeError.assertId,
            check: r.runtimeError.check.kind,
            message: r.runtimeError.message,
            location: `${r.runtimeError.span.file}:${r.runtimeError.span.line}:${r.runtimeError.span.col}`,
          },
        }
      : {}),
    ...(r.assumptionViolation ? { assumptionViolation: { tick: r.assumptionViolation.tick, assumption: r.assumptionViolation.assumption } } : {}),
    propertyViolations: r.propertyViolations.map((v) => ({
      property: v.property,
      tick: v.tick,
      ...(v.triggerTick !== undefined ? { triggerTick: v.triggerTick } : {}),
    })),
  };
}

export function formatJson(p: IrProgram, r: SimResult): string {
  return JSON.stringify(traceJson(p, r), null, 2) + "\n";
}

// ------------------------------------------------------------------------------------- VCD

/** Width in bits and whether values are two's complement. */
export function vcdWidth(t: IrType): { width: number; signed: boolean } {
  const s = t.kind === "array" ? t.elem : t;
  if (s.kind === "bool") return { width: 1, signed: false };
  const [lo, hi] = s.kind === "enum" ? [0, s.members.length - 1] : [s.lo, s.hi];
  if (lo >= 0) {
    let w = 1;
    while (2 ** w <= hi) w++;
    return { width: w, signed: false };
  }
  let w = 1;
  while (-(2 ** (w - 1)) > lo || 2 ** (w - 1) - 1 < hi) w++;
  return { width: w, signed: true };
}

export function vcdBits(v: number, width: number): string {
  let x = BigInt(v);
  if (x < 0n) x += 1n << BigInt(width);
  return x.toString(2).padStart(width, "0");
}

/** Identifier characters: printable ASCII 33..126 without `#` and `$` (timestamps, keywords). */
const VCD_ID_CHARS = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => c !== "#" && c !== "$");

function vcdId(i: number): string {
  const base = VCD_ID_CHARS.length;
  let s = "";
  let n = i;
  do {
    s += VCD_ID_CHARS[n % base];
    n = Math.floor(n / base);
  } while (n > 0);
  return s;
}

export function vcdTimescale(tickUs: number): { timescale: string; factor: number } {
  for (const [unit, us] of [
    ["s", 1_000_000],
    ["ms", 1000],
    ["us", 1],
  ] as const) {
    for (const m of [100, 10, 1]) {
      if (tickUs === m * us) return { timescale: `${m} ${unit}`, factor: 1 };
    }
  }
  return { timescale: "1 us", factor: tickUs };
}

function vcdName(s: Signal): string {
  return s.index === undefined ? s.name : `${s.name}_${s.index}`;
}

/** VCD in pieces: the header, one tick's changes at a time, the closing timestamp. */
export class VcdWriter {
  private readonly sigs: Signal[];
  private readonly ids: string[] = [];
  private readonly widths: number[] = [];
  private readonly relIds: string[] = [];
  private readonly prev: (string | undefined)[] = [];
  private readonly prevRel: (string | undefined)[] = [];
  private readonly factor: number;
  private rowsSeen = 0;
  private lastTick = -1;

  constructor(private readonly p: IrProgram) {
    this.sigs = signals(p);
    this.factor = vcdTimescale(p.device.tickUs).factor;
  }

  header(): string {
    const { p, sigs } = this;
    const out: string[] = [];
    out.push("$version vigil sim $end");
    out.push(`$comment device ${p.device.name}, tick ${p.device.tickUs} us $end`);
    out.push(`$timescale ${vcdTimescale(p.device.tickUs).timescale} $end`);
    out.push(`$scope module ${p.device.name} $end`);
    let next = 0;
    for (const group of ["inputs", "irq", "state", "outputs"] as const) {
      const gs = sigs.filter((s) => s.group === group);
      if (gs.length === 0) continue;
      out.push(`$scope module ${group} $end`);
      for (const s of gs) {
        const id = vcdId(next++);
        const { width } = vcdWidth(s.type);
        this.ids[sigs.indexOf(s)] = id;
        this.widths[sigs.indexOf(s)] = width;
        out.push(`$var wire ${width} ${id} ${vcdName(s)} $end`);
      }
      out.push("$upscope $end");
    }
    if (p.tasks.length) {
      out.push("$scope module released $end");
      for (const t of p.tasks) {
        const id = vcdId(next++);
        this.relIds.push(id);
        out.push(`$var wire 1 ${id} ${t.name} $end`);
      }
      out.push("$upscope $end");
    }
    out.push("$upscope $end");
    out.push("$enddefinitions $end");
    return out.join("\n") + "\n";
  }

  /** The lines for one row (possibly none), each ending in a newline. */
  row(row: TickRow): string {
    const changes: string[] = [];
    const fmt = (v: number, w: number, id: string): string => (w === 1 ? `${v ? 1 : 0}${id}` : `b${vcdBits(v, w)} ${id}`);
    this.sigs.forEach((s, i) => {
      const text = fmt(valueOf(row, s), this.widths[i]!, this.ids[i]!);
      if (this.prev[i] !== text) {
        changes.push(text);
        this.prev[i] = text;
      }
    });
    this.p.tasks.forEach((t, i) => {
      const text = `${row.released.includes(t.name) ? 1 : 0}${this.relIds[i]}`;
      if (this.prevRel[i] !== text) {
        changes.push(text);
        this.prevRel[i] = text;
      }
    });
    const first = this.rowsSeen === 0;
    this.rowsSeen++;
    this.lastTick = row.tick;
    if (first) return [`#${row.tick * this.factor}`, "$dumpvars", ...changes, "$end"].join("\n") + "\n";
    if (changes.length === 0) return "";
    return [`#${row.tick * this.factor}`, ...changes].join("\n") + "\n";
  }

  end(): string {
    return `#${(this.lastTick + 1) * this.factor}\n`;
  }
}

export function formatVcd(p: IrProgram, r: SimResult): string {
  const w = new VcdWriter(p);
  let out = w.header();
  for (const row of r.rows) out += w.row(row);
  return out + w.end();
}

export type TraceFormat = "table" | "json" | "csv" | "vcd";

export function formatTrace(format: TraceFormat, p: IrProgram, r: SimResult): string {
  switch (format) {
    case "table":
      return formatTable(p, r);
    case "json":
      return formatJson(p, r);
    case "csv":
      return formatCsv(p, r);
    case "vcd":
      return formatVcd(p, r);
  }
}
