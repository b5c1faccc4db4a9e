/**
 * Showing a safety counterexample: the per-tick table (inputs, state, outputs, released tasks),
 * the property's or check's source line, and the JSON and VCD files of `vigil prove --cex-dir`.
 *
 * Input: the program, one falsified ObligationResult, the model's source files.
 * Output: text (pure functions; the CLI writes files atomically).
 * Invariants: every table and file is produced by running the reference interpreter again on the
 * counterexample's inputs (so what is shown is what the interpreter does), up to the violating tick.
 * Tables of long traces elide the runs of ticks whose inputs, outputs and released tasks repeat;
 * the JSON and VCD files keep every tick.
 */
import type { IrProgram, IrType } from "../../ir/ir.js";
import { simulate, type SimResult, type TickInputs } from "../../interp/index.js";
import { formatTable, formatVcd, traceJson } from "../../sim/write.js";
import { lineText, type SourceFile } from "../../source/span.js";
import { scalarOf } from "../../smt/text.js";
import { batched, jsonChunks } from "../../util/json-chunks.js";
import type { ObligationResult, TraceStep } from "../verdict.js";

type Shown = TraceStep["inputs"][string];

function rawScalar(v: unknown, t: IrType): number {
  const s = scalarOf(t);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && s.kind === "enum") return Math.max(0, s.members.indexOf(v));
  return typeof v === "number" ? v : 0;
}

/** The trace's inputs back in the interpreter's representation (bool 0/1, enum index). */
export function rawInputs(prog: IrProgram, trace: readonly TraceStep[]): TickInputs[] {
  const types = new Map<string, IrType>();
  for (const g of prog.inputs) types.set(g.name, g.type);
  for (const l of prog.irqs) types.set(l.name, { kind: "bool" });
  return trace.map((step) =>
    Object.fromEntries(
      [...types].map(([name, t]) => {
        const v: Shown | undefined = step.inputs[name];
        return [name, Array.isArray(v) ? v.map((x) => rawScalar(x, t)) : rawScalar(v, t)];
      }),
    ),
  );
}

/** The interpreter's run of a falsified result's counterexample. */
export function rerun(prog: IrProgram, r: ObligationResult): SimResult | undefined {
  const v = r.verdict;
  if (v.status !== "falsified" || v.otherTrace) return undefined;
  const inputs = rawInputs(prog, v.trace);
  return simulate(prog, inputs, inputs.length);
}

export function renderCounterexample(prog: IrProgram, r: ObligationResult, sources: ReadonlyMap<string, SourceFile>): string {
  const v = r.verdict;
  if (v.status !== "falsified") return "";
  const src = sources.get(v.at.file);
  const line = src ? lineText(src, v.at.line).trimEnd() : "";
  const out = [
    `${r.obligation.name} (${r.obligation.kind}) is FALSIFIED at tick ${v.tick}: ${v.explanation}`,
    `  ${v.at.file}:${v.at.line}:${v.at.col}${line ? `  | ${line.trim()}` : ""}`,
    `  counterexample of ${v.trace.length} tick(s), replayed through the reference interpreter:`,
  ];
  const sim = rerun(prog, r);
  if (sim) out.push(...elidedTable(prog, sim).map((l) => `    ${l}`));
  return out.join("\n") + "\n";
}

/** Traces up to this many ticks are shown whole. */
const WHOLE_TABLE = 64;

/**
 * The per-tick table; a long trace (the deep counterexamples of accelerated BMC) keeps the rows
 * where the inputs, outputs or released tasks change (with their neighbours) and the first and last
 * rows, and replaces each run of other rows by one "..." line. JSON and VCD keep every tick.
 */
export function elidedTable(prog: IrProgram, sim: SimResult): string[] {
  const rows = sim.rows;
  if (rows.length <= WHOLE_TABLE) return formatTable(prog, sim).trimEnd().split("\n");
  const flat = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean =>
    a === b || Object.keys(a).every((k) => a[k] === b[k] || JSON.stringify(a[k]) === JSON.stringify(b[k]));
  const same = (i: number, j: number): boolean => {
    const a = rows[i];
    const b = rows[j];
    if (!a || !b) return false;
    return flat(a.inputs, b.inputs) && flat(a.outputs, b.outputs) && (a.released === b.released || a.released.join(" ") === b.released.join(" "));
  };
  const keep = rows.map((_, i) => i < 3 || i >= rows.length - 3 || !same(i, i - 1) || !same(i, i + 1));
  const kept = rows.filter((_, i) => keep[i]);
  const [head = "", ...body] = formatTable(prog, { ...sim, rows: kept }).trimEnd().split("\n");
  const out = [head];
  let prev = -1;
  kept.forEach((row, i) => {
    const gap = row.tick - prev - 1;
    if (prev >= 0 && gap > 0) out.push(`   ... ${gap} tick(s) with the same inputs and outputs (ticks ${prev + 1}..${row.tick - 1}) ...`);
    out.push(body[i] ?? "");
    prev = row.tick;
  });
  return out;
}

/** JSON and VCD text of a counterexample (`NAME.json`, `NAME.vcd` under --cex-dir). */
export function counterexampleFiles(prog: IrProgram, r: ObligationResult): { json: string | Iterable<string>; vcd: string } | undefined {
  const v = r.verdict;
  const sim = rerun(prog, r);
  if (v.status !== "falsified" || !sim) return undefined;
  const json = {
    obligation: r.obligation.name,
    kind: r.obligation.kind,
    description: r.obligation.description,
    at: `${v.at.file}:${v.at.line}:${v.at.col}`,
    tick: v.tick,
    engine: v.engine,
    explanation: v.explanation,
    replayed: v.replayed,
    trace: traceJson(prog, sim),
  };
  // A deep counterexample (accelerated BMC) is too long for one string: its JSON is written in chunks.
  const text = sim.rows.length > 10_000 ? batched(withNewline(jsonChunks(json))) : JSON.stringify(json, null, 2) + "\n";
  return { json: text, vcd: formatVcd(prog, sim) };
}

function* withNewline(chunks: Iterable<string>): Generator<string> {
  yield* chunks;
  yield "\n";
}

/** A file name for an obligation (assert ids contain `/`, `@` and `:`): the isolation files' stem. */
export { cexStem as cexFileName } from "../isolation/render.js";
