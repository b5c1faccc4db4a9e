/**
 * Streaming trace output for long simulations (`vigil sim --ticks 100000000 -o run.csv`): rows go
 * from the interpreter to the writer in chunks and are never all held (issue 20).
 *
 * Input: a format, the program, `run` (one fresh simulation with the given options: deterministic,
 * so it may be called twice) and `write` (receives the text in chunks of about CHUNK characters).
 * Output: the text written is exactly formatTrace(format, program, simulate(...)) (src/sim/write.ts
 * pieces are shared); returns the last run's SimResult (its rows empty).
 * Invariants: table and JSON need a figure only known at the end (column widths; the tick count,
 * printed before the rows), so they simulate twice: a first pass for that figure, a second that
 * writes. CSV and VCD simulate once; CSV rows are written by a compiled function straight from
 * the interpreter's vectors (src/sim/fast-csv.ts).
 */
import type { IrProgram } from "../ir/ir.js";
import type { SimOptions, SimResult, TickRow } from "../interp/index.js";
import { compileCsvLine } from "./fast-csv.js";
import { csvHeader, fitWidths, jsonRow, signals, tableCells, tableHeader, tableLine, traceJson, traceTypes, VcdWriter, type TraceFormat } from "./write.js";

const CHUNK = 1 << 16;

/** Collects small strings and hands them to `write` in large chunks. */
class Chunker {
  private buf = "";
  constructor(private readonly write: (s: string) => void) {}
  push(s: string): void {
    this.buf += s;
    if (this.buf.length >= CHUNK) this.flush();
  }
  flush(): void {
    if (this.buf.length === 0) return;
    this.write(this.buf);
    this.buf = "";
  }
}

function streamTable(p: IrProgram, run: (o: SimOptions) => SimResult, out: Chunker): SimResult {
  const sigs = signals(p);
  const header = tableHeader(sigs);
  const widths = header.map((h) => h.length);
  run({ onRow: (row) => fitWidths(widths, tableCells(sigs, row)) });
  out.push(tableLine(header, widths));
  const r = run({ onRow: (row) => out.push("\n" + tableLine(tableCells(sigs, row), widths)) });
  out.push("\n");
  return r;
}

function streamJson(p: IrProgram, run: (o: SimOptions) => SimResult, out: Chunker): SimResult {
  const first = run({ record: false });
  // The document with no rows, split where the rows go: JSON.stringify's own layout, kept exact.
  const empty = JSON.stringify(traceJson(p, { ...first, rows: [] }), null, 2) + "\n";
  const at = empty.indexOf('"rows": []');
  const head = empty.slice(0, at + '"rows": ['.length);
  const tail = empty.slice(at + '"rows": ['.length);
  const types = traceTypes(p);
  out.push(head);
  let n = 0;
  const r = run({
    onRow: (row: TickRow) => {
      out.push((n++ === 0 ? "\n    " : ",\n    ") + JSON.stringify(jsonRow(row, types), null, 2).replace(/\n/g, "\n    "));
    },
  });
  out.push(n > 0 ? "\n  " + tail : tail);
  return r;
}

export function streamTrace(format: TraceFormat, p: IrProgram, run: (o: SimOptions) => SimResult, write: (s: string) => void): SimResult {
  const out = new Chunker(write);
  let r: SimResult;
  if (format === "table") r = streamTable(p, run, out);
  else if (format === "json") r = streamJson(p, run, out);
  else if (format === "csv") {
    out.push(csvHeader(signals(p)) + "\n");
    const line = compileCsvLine(p);
    r = run({ onTick: (t, m, inp, rl, upto) => out.push(line(t, m, inp, rl, upto) + "\n") });
  } else {
    const w = new VcdWriter(p);
    out.push(w.header());
    r = run({ onRow: (row) => out.push(w.row(row)) });
    out.push(w.end());
  }
  out.flush();
  return r;
}
