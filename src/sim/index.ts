/**
 * The simulator's entry point: input traces (CSV, JSON, random) and trace writers.
 *
 * Input: an IrProgram plus a trace file or a seed. Output: validated per-tick inputs for
 * src/interp's simulate(), and the simulated trace as table, JSON, CSV or VCD text.
 * Invariants: bad traces are reported as VG5xxx diagnostics naming the row and the column, never
 * thrown; writers are pure (the CLI writes files atomically).
 */
export { readCsvTrace, readJsonTrace, readTrace, type TraceResult } from "./trace-read.js";
export { randomInputs, randomInputSource, prng, seedOf, MAX_TRIES, type RandomResult, type RandomSource } from "./random.js";
export { formatCsv, formatJson, formatTable, formatTrace, formatVcd, traceJson, signals, vcdWidth, vcdTimescale, type TraceFormat } from "./write.js";
export { inputColumns, parseCell, type Column } from "./values.js";
