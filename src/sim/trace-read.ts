/**
 * Input traces: CSV and JSON files to per-tick inputs, validated against the program.
 *
 * Input: the trace's path and text, the IrProgram and the number of ticks to simulate.
 * Output: TickInputs for ticks 0..ticks-1, or diagnostics (VG5001 missing column, VG5002 value
 * outside the input's range, VG5003 non-numeric value, VG5004 fewer rows than ticks, VG5005 a row
 * breaks an assumption, VG5007 unreadable or malformed), each naming the row and the column, with
 * a span into the trace file (CSV) so the renderer can show the line.
 * Invariants: CSV: a header row naming the columns (an optional `tick` column, then every input
 * and irq line, arrays as `name[i]`; state and output columns, as written by `--format csv`, are
 * ignored); JSON: an array of objects, `{ "inputs": [...] }` or `{ "rows": [{ "inputs": {...} }] }`
 * (as written by `--format json`). Rows beyond `ticks` are ignored but still validated.
 */
import { diag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrProgram, IrValue } from "../ir/ir.js";
import type { TickInputs } from "../interp/index.js";
import { createMachine } from "../interp/index.js";
import { makeSourceFile, spanAt, type SourceFile, type Span } from "../source/span.js";
import { inputColumns, parseCell, type Column } from "./values.js";

export type TraceResult =
  | { readonly ok: true; readonly inputs: TickInputs[] }
  | { readonly ok: false; readonly diagnostics: Diagnostic[]; readonly source?: SourceFile };

interface Cell {
  readonly text: string;
  readonly offset: number;
}

/** Split CSV text into rows of cells with offsets; supports "quoted, cells" with "" escapes. */
function splitCsv(text: string): { line: number; offset: number; cells: Cell[] }[] {
  const rows: { line: number; offset: number; cells: Cell[] }[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const rowStart = i;
    const cells: Cell[] = [];
    let cell = "";
    let cellStart = i;
    let quoted = false;
    let done = false;
    while (i < text.length && !done) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') {
          cell += '"';
          i += 2;
        } else if (ch === '"') {
          quoted = false;
          i++;
        } else {
          cell += ch;
          i++;
        }
      } else if (ch === '"' && cell.trim() === "") {
        quoted = true;
        cell = "";
        i++;
      } else if (ch === ",") {
        cells.push({ text: cell, offset: cellStart });
        cell = "";
        i++;
        cellStart = i;
      } else if (ch === "\n" || ch === "\r") {
        if (ch === "\r" && text[i + 1] === "\n") i++;
        i++;
        done = true;
      } else {
        cell += ch;
        i++;
      }
    }
    cells.push({ text: cell, offset: cellStart });
    const blank = cells.length === 1 && cells[0]!.text.trim() === "";
    const comment = cells[0]!.text.trimStart().startsWith("#");
    if (!blank && !comment) rows.push({ line, offset: rowStart, cells });
    line++;
  }
  return rows;
}

function checkAssumptions(
  program: IrProgram,
  inputs: readonly TickInputs[],
  ticks: number,
  rowSpan: (row: number) => Span | undefined,
): Diagnostic[] {
  if (program.assumptions.length === 0) return [];
  const m = createMachine(program);
  for (let t = 0; t < Math.min(ticks, inputs.length); t++) {
    const broken = m.brokenAssumptions(inputs[t]!);
    if (broken.length > 0) {
      const a = program.assumptions.find((x) => x.name === broken[0])!;
      return [
        diag("VG5005", rowSpan(t), `row ${t + 1} (tick ${t}) breaks the assumption \`${a.name}\``, {
          related: [{ span: a.span, message: `assumption \`${a.name}\`` }],
          notes: broken.length > 1 ? [`it also breaks ${broken.slice(1).map((b) => `\`${b}\``).join(", ")}`] : [],
        }),
      ];
    }
  }
  return [];
}

function assemble(cols: readonly Column[], values: readonly number[]): TickInputs {
  const r: Record<string, IrValue> = {};
  cols.forEach((c, i) => {
    if (!c.isArray) r[c.name] = values[i]!;
    else {
      const arr = (r[c.name] as number[] | undefined) ?? new Array<number>(c.length).fill(0);
      arr[c.index ?? 0] = values[i]!;
      r[c.name] = arr;
    }
  });
  return r;
}

export function readCsvTrace(path: string, text: string, program: IrProgram, ticks: number): TraceResult {
  const src = makeSourceFile(path, text);
  const fail = (d: Diagnostic): TraceResult => ({ ok: false, diagnostics: [d], source: src });
  const rows = splitCsv(text);
  if (rows.length === 0) return fail(diag("VG5007", spanAt(src, 0, 0), `${path}: the trace is empty (expected a header row)`));
  const header = rows[0]!;
  const names = header.cells.map((c) => c.text.trim());
  const cols = inputColumns(program);
  const known = new Set<string>(["tick"]);
  for (const g of [...program.state, ...program.outputs]) {
    known.add(g.name);
    if (g.type.kind === "array") for (let i = 0; i < g.type.length; i++) known.add(`${g.name}[${i}]`);
  }
  known.add("released");
  const pos = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    const cell = header.cells[i]!;
    if (pos.has(n)) return fail(diag("VG5007", spanAt(src, cell.offset, cell.text.length), `column \`${n}\` appears twice in the header`));
    pos.set(n, i);
    if (!known.has(n) && !cols.some((c) => c.header === n)) {
      return fail(
        diag("VG5007", spanAt(src, cell.offset, cell.text.length), `unknown column \`${n}\` in the header`, {
          notes: [`the inputs are ${cols.map((c) => `\`${c.header}\``).join(", ") || "(none)"}`],
        }),
      );
    }
  }
  for (const c of cols) {
    if (!pos.has(c.header)) {
      return fail(
        diag("VG5001", spanAt(src, header.offset, 0), `the trace has no column \`${c.header}\` (line ${header.line})`, {
          notes: [`the header must name every input and interrupt line: ${cols.map((x) => x.header).join(", ")}`],
        }),
      );
    }
  }
  const data = rows.slice(1);
  const inputs: TickInputs[] = [];
  const tickCol = pos.get("tick");
  for (let r = 0; r < data.length; r++) {
    const row = data[r]!;
    if (row.cells.length !== names.length) {
      return fail(
        diag(
          "VG5007",
          spanAt(src, row.offset, 0),
          `row ${r + 1} (line ${row.line}) has ${row.cells.length} cells but the header has ${names.length}`,
        ),
      );
    }
    if (tickCol !== undefined) {
      const tc = row.cells[tickCol]!;
      if (tc.text.trim() !== String(r)) {
        return fail(
          diag("VG5007", spanAt(src, tc.offset, tc.text.length), `row ${r + 1} (line ${row.line}), column \`tick\`: expected tick ${r}, found \`${tc.text.trim()}\``),
        );
      }
    }
    const values: number[] = [];
    for (const c of cols) {
      const cell = row.cells[pos.get(c.header)!]!;
      const res = parseCell(cell.text, c.type);
      if (!res.ok) {
        return fail(
          diag(res.code, spanAt(src, cell.offset, cell.text.length), `row ${r + 1} (line ${row.line}, tick ${r}), column \`${c.header}\`: ${res.message}`),
        );
      }
      values.push(res.value);
    }
    inputs.push(assemble(cols, values));
  }
  if (inputs.length < ticks) {
    return fail(
      diag("VG5004", spanAt(src, (data[data.length - 1] ?? header).offset, 0), `the trace has ${inputs.length} row${inputs.length === 1 ? "" : "s"} but ${ticks} ticks were asked for`, {
        notes: ["give one row per tick, or lower --ticks"],
      }),
    );
  }
  const ad = checkAssumptions(program, inputs, ticks, (t) => {
    const row = data[t];
    return row ? spanAt(src, row.offset, 0) : undefined;
  });
  if (ad.length) return { ok: false, diagnostics: ad, source: src };
  return { ok: true, inputs };
}

export function readJsonTrace(path: string, text: string, program: IrProgram, ticks: number): TraceResult {
  const src = makeSourceFile(path, text);
  const fail = (d: Diagnostic): TraceResult => ({ ok: false, diagnostics: [d], source: src });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return fail(diag("VG5007", spanAt(src, 0, 0), `${path} is not valid JSON: ${msg}`));
  }
  let rows: unknown[] | undefined;
  if (Array.isArray(doc)) rows = doc;
  else if (doc !== null && typeof doc === "object") {
    const o = doc as Record<string, unknown>;
    if (Array.isArray(o.inputs)) rows = o.inputs;
    else if (Array.isArray(o.rows)) rows = o.rows.map((x) => (x !== null && typeof x === "object" ? (x as Record<string, unknown>).inputs : x));
  }
  if (!rows) {
    return fail(diag("VG5007", spanAt(src, 0, 0), `${path}: expected an array of objects, or an object with an "inputs" array`));
  }
  const cols = inputColumns(program);
  const inputs: TickInputs[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      return fail(diag("VG5007", undefined, `${path}: row ${r + 1} (tick ${r}) is not an object`));
    }
    const o = row as Record<string, unknown>;
    const values: number[] = [];
    for (const c of cols) {
      let raw: unknown = o[c.header];
      if (raw === undefined && c.isArray) {
        const arr = o[c.name];
        raw = Array.isArray(arr) ? (arr as unknown[])[c.index ?? 0] : undefined;
      }
      if (raw === undefined) {
        return fail(diag("VG5001", undefined, `${path}: row ${r + 1} (tick ${r}) has no value for \`${c.header}\``));
      }
      const res = parseCell(raw, c.type);
      if (!res.ok) return fail(diag(res.code, undefined, `${path}: row ${r + 1} (tick ${r}), column \`${c.header}\`: ${res.message}`));
      values.push(res.value);
    }
    inputs.push(assemble(cols, values));
  }
  if (inputs.length < ticks) {
    return fail(
      diag("VG5004", undefined, `${path}: the trace has ${inputs.length} row${inputs.length === 1 ? "" : "s"} but ${ticks} ticks were asked for`, {
        notes: ["give one row per tick, or lower --ticks"],
      }),
    );
  }
  const ad = checkAssumptions(program, inputs, ticks, () => undefined);
  if (ad.length) return { ok: false, diagnostics: ad, source: src };
  return { ok: true, inputs };
}

/** Read a trace by extension (.json, otherwise CSV). */
export function readTrace(path: string, text: string, program: IrProgram, ticks: number): TraceResult {
  return /\.json$/i.test(path) ? readJsonTrace(path, text, program, ticks) : readCsvTrace(path, text, program, ticks);
}
