/**
 * Compiled row writers for long simulations: functions generated per program that read a tick's
 * values straight from the interpreter's vectors (no per-tick row objects).
 *
 * Input: an IrProgram. Output: compileCsvLine: line(tick, mem, inp, released, upto), the CSV data
 * line of that tick without its newline, exactly csvRow(signals(p), row) of the row simulate()
 * would build; compileTableRows: the same for the table (a widths pass, then lines padded to the
 * widths found), exactly tableLine(tableCells(...), widths).
 * Invariants: slots come from computeLayout(p), the interpreter's own layout; cell text is
 * cellText's (enum members by name, integers in decimal); test/sim/stream.test.ts compares the
 * output with formatTrace byte for byte.
 */
import type { IrProgram, IrType } from "../ir/ir.js";
import { computeLayout } from "../interp/layout.js";
import { cellText } from "./values.js";
import { signals } from "./write.js";

export type CsvLine = (tick: number, mem: Float64Array, inp: Float64Array, released: Uint8Array, upto: number) => string;

/** The expression of every cell but the released tasks: the tick, then each signal's text. */
function cellExprs(p: IrProgram): { exprs: string[]; types: IrType[] } {
  const layout = computeLayout(p);
  const types: IrType[] = [];
  const exprs: string[] = ["String(t)"];
  for (const s of signals(p)) {
    const slot = s.group === "inputs" || s.group === "irq" ? layout.inputs.get(s.name) : layout.visible.get(s.name);
    if (!slot) throw new Error(`compiled rows: no slot for ${s.name}`);
    const vec = s.group === "inputs" || s.group === "irq" ? "I" : "m";
    const k = types.length;
    types.push(s.type);
    exprs.push(`C(${vec}[${slot.base + (s.index ?? 0)}], T[${k}])`);
  }
  return { exprs, types };
}

const RELEASED =
  `  let rel = "";\n` + `  for (let i = 0; i <= upto; i++) if (RL[i] === 1) rel = rel === "" ? N[i] : rel + " " + N[i];\n`;

export function compileCsvLine(p: IrProgram): CsvLine {
  const { exprs, types } = cellExprs(p);
  const body =
    `const N = ${JSON.stringify(p.tasks.map((t) => t.name))};\n` +
    `return function line(t, m, I, RL, upto) {\n${RELEASED}` +
    `  return ${exprs.join(' + "," + ')} + "," + rel;\n};\n`;
  return new Function("C", "T", body)(cellText, types) as CsvLine;
}

export interface TableRows {
  /** Widen `w` (one entry per column, released last) to fit this tick's cells. */
  readonly fit: (tick: number, mem: Float64Array, inp: Float64Array, released: Uint8Array, upto: number, w: number[]) => void;
  /** The line of this tick padded to the final widths (no newline). */
  line(widths: readonly number[]): CsvLine;
}

export function compileTableRows(p: IrProgram): TableRows {
  const { exprs, types } = cellExprs(p);
  const names = JSON.stringify(p.tasks.map((t) => t.name));
  const fitBody =
    `return function fit(t, m, I, RL, upto, w) {\n  let s;\n` +
    exprs.map((e, k) => `  s = ${e}; if (s.length > w[${k}]) w[${k}] = s.length;\n`).join("") +
    `};\n`;
  const fit = new Function("C", "T", fitBody)(cellText, types) as TableRows["fit"];
  return {
    fit,
    line: (widths) => {
      const body =
        `const N = ${names};\n` +
        `return function line(t, m, I, RL, upto) {\n${RELEASED}` +
        `  return ${exprs.map((e, k) => `${e}.padStart(${widths[k] ?? 0})`).join(' + "  " + ')} + "  " + (rel === "" ? "-" : rel);\n};\n`;
      return new Function("C", "T", body)(cellText, types) as CsvLine;
    },
  };
}
