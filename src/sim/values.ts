/**
 * Trace columns and value conversion between text and IR numbers.
 *
 * Input: an IrProgram. Output: the list of trace columns (inputs then irq lines; arrays expand to
 * `name[i]`), and parsers/printers for one cell.
 * Invariants: bool cells accept 0/1/true/false; enum cells accept a member name, `Enum.Member` or
 * the member index; integer cells accept a decimal (or 0x hex) integer in base units
 * (microseconds for time, hertz for frequency). Parsed values are range-checked against the
 * declared type.
 */
import type { IrProgram, IrScalarType, IrType } from "../ir/ir.js";

export interface Column {
  /** The header text: the input name, or `name[i]` for an array element. */
  readonly header: string;
  /** The input or irq line. */
  readonly name: string;
  /** Element index for arrays. */
  readonly index?: number;
  readonly type: IrScalarType;
  readonly isArray: boolean;
  readonly length: number;
}

export function inputColumns(p: IrProgram): Column[] {
  const cols: Column[] = [];
  for (const g of p.inputs) cols.push(...columnsOf(g.name, g.type));
  for (const l of p.irqs) cols.push(...columnsOf(l.name, { kind: "bool" }));
  return cols;
}

export function columnsOf(name: string, t: IrType): Column[] {
  if (t.kind === "array") {
    return Array.from({ length: t.length }, (_, i) => ({
      header: `${name}[${i}]`,
      name,
      index: i,
      type: t.elem,
      isArray: true,
      length: t.length,
    }));
  }
  return [{ header: name, name, type: t, isArray: false, length: 1 }];
}

export type CellResult = { ok: true; value: number } | { ok: false; code: "VG5002" | "VG5003"; message: string };

export function rangeText(t: IrScalarType): string {
  switch (t.kind) {
    case "bool":
      return "bool (0/1/true/false)";
    case "enum":
      return `${t.name} { ${t.members.join(", ")} }`;
    case "int":
      return `[${t.lo} .. ${t.hi}]${t.unit === "time" ? " us" : t.unit === "freq" ? " Hz" : ""}`;
  }
}

/** Parse one cell (a string from CSV, or a JSON scalar). */
export function parseCell(raw: unknown, t: IrScalarType): CellResult {
  if (typeof raw === "boolean") {
    if (t.kind === "bool") return { ok: true, value: raw ? 1 : 0 };
    return { ok: false, code: "VG5003", message: `\`${String(raw)}\` is not a number` };
  }
  let n: number | undefined;
  if (typeof raw === "number") n = raw;
  else if (typeof raw === "string") {
    const s = raw.trim();
    if (t.kind === "bool" && (s === "true" || s === "false")) return { ok: true, value: s === "true" ? 1 : 0 };
    if (t.kind === "enum") {
      const bare = s.includes(".") && s.startsWith(`${t.name}.`) ? s.slice(t.name.length + 1) : s;
      const i = t.members.indexOf(bare);
      if (i >= 0) return { ok: true, value: i };
      if (!/^-?\d+$/.test(s)) {
        return { ok: false, code: "VG5002", message: `\`${s}\` is not a member of ${rangeText(t)}` };
      }
    }
    if (/^[-+]?\d+$/.test(s)) n = Number(s);
    else if (/^0x[0-9a-fA-F]+$/.test(s)) n = Number.parseInt(s.slice(2), 16);
    else return { ok: false, code: "VG5003", message: `\`${s}\` is not ${t.kind === "int" ? "an integer" : "a number"}` };
  } else {
    return { ok: false, code: "VG5003", message: `${raw === null ? "null" : typeof raw} is not a number` };
  }
  if (!Number.isFinite(n) || !Number.isInteger(n)) {
    return { ok: false, code: "VG5003", message: `\`${String(raw)}\` is not an integer` };
  }
  const [lo, hi] = t.kind === "bool" ? [0, 1] : t.kind === "enum" ? [0, t.members.length - 1] : [t.lo, t.hi];
  if (n < lo || n > hi) {
    return { ok: false, code: "VG5002", message: `${n} is outside the range of the input: ${rangeText(t)}` };
  }
  return { ok: true, value: n };
}

/** A value as text for tables and CSV: numbers, enums by member name. */
/** Decimal text of the small non-negative integers, computed once (number-to-string dominated long traces). */
const SMALL = Array.from({ length: 4096 }, (_, i) => String(i));

export function cellText(v: number, t: IrType): string {
  const s = t.kind === "array" ? t.elem : t;
  if (s.kind === "enum") return s.members[v] ?? String(v);
  return v >= 0 && v < 4096 && (v | 0) === v ? SMALL[v]! : String(v);
}

/** A value for JSON traces: bool as true/false, enum as member name, integers as numbers. */
export function jsonScalar(v: number, t: IrType): number | boolean | string {
  const s = t.kind === "array" ? t.elem : t;
  if (s.kind === "bool") return v !== 0;
  if (s.kind === "enum") return s.members[v] ?? v;
  return v;
}
