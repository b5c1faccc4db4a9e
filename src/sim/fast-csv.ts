/**
 * A compiled CSV row writer for long simulations: one generated function per program that reads
 * a tick's values straight from the interpreter's vectors (no per-tick row objects).
 *
 * Input: an IrProgram. Output: line(tick, mem, inp, released, upto), the CSV data line of that
 * tick without its newline, exactly csvRow(signals(p), row) of the row simulate() would build.
 * Invariants: slots come from computeLayout(p), the interpreter's own layout; cell text is
 * cellText's (enum members by name, integers in decimal); test/sim/stream.test.ts compares the
 * output with formatTrace byte for byte.
 */
import type { IrProgram, IrType } from "../ir/ir.js";
import { computeLayout } from "../interp/layout.js";
import { cellText } from "./values.js";
import { signals } from "./write.js";

export type CsvLine = (tick: number, mem: Float64Array, inp: Float64Array, released: Uint8Array, upto: number) => string;

export function compileCsvLine(p: IrProgram): CsvLine {
  const layout = computeLayout(p);
  const types: IrType[] = [];
  const parts: string[] = ["String(t)"];
  for (const s of signals(p)) {
    const slot = s.group === "inputs" || s.group === "irq" ? layout.inputs.get(s.name) : layout.visible.get(s.name);
    if (!slot) throw new Error(`compileCsvLine: no slot for ${s.name}`);
    const vec = s.group === "inputs" || s.group === "irq" ? "I" : "m";
    const k = types.length;
    types.push(s.type);
    parts.push(`C(${vec}[${slot.base + (s.index ?? 0)}], T[${k}])`);
  }
  const names = JSON.stringify(p.tasks.map((t) => t.name));
  const body =
    `const N = ${names};\n` +
    `return function line(t, m, I, RL, upto) {\n` +
    `  let rel = "";\n` +
    `  for (let i = 0; i <= upto; i++) if (RL[i] === 1) rel = rel === "" ? N[i] : rel + " " + N[i];\n` +
    `  return ${parts.join(' + "," + ')} + "," + rel;\n` +
    `};\n`;
  return new Function("C", "T", body)(cellText, types) as CsvLine;
}
