/**
 * The diagnostics catalog: every code vigil can report, with its phase, severity and a one-line title.
 *
 * Codes are stable: once released, a code keeps its meaning forever (CI scripts and certification
 * evidence refer to them). New codes are appended within their phase's block; a retired code stays
 * here marked "retired" in its title rather than being reused.
 *
 * Blocks: VG0xxx input files, VG1xxx syntax, VG2xxx names, types, units, tasks, single writer,
 * VG3xxx information flow, VG4xxx properties and assumptions, VG5xxx simulation and traces,
 * VG6xxx proofs, VG7xxx timing, VG8xxx code generation.
 *
 * Every code has a negative test (test/cases/**) that produces it; test/diagnostics/catalog.test.ts
 * fails when one is missing.
 */
import type { Severity } from "./diagnostic.js";

export interface CatalogEntry {
  readonly severity: Severity;
  readonly phase: "input" | "syntax" | "check" | "flow" | "property" | "sim" | "prove" | "timing" | "emit";
  readonly title: string;
}

const E = "error" as const;
const W = "warning" as const;
const N = "note" as const;

export const CATALOG = {
  // ---------------------------------------------------------------- VG0xxx input files
  VG0001: { severity: E, phase: "input", title: "file not found or not readable" },
  VG0002: { severity: E, phase: "input", title: "path is a directory, not a model file" },
  VG0003: { severity: E, phase: "input", title: "file is not valid UTF-8 text" },
  VG0004: { severity: E, phase: "input", title: "file is too large" },
  VG0005: { severity: E, phase: "input", title: "file looks binary (contains NUL bytes)" },
  VG0006: { severity: E, phase: "input", title: "imported file not found" },
  VG0007: { severity: E, phase: "input", title: "import cycle" },
  VG0008: { severity: E, phase: "input", title: "imported file may only declare constants, enums and types" },

  // ---------------------------------------------------------------- VG1xxx syntax
  VG1001: { severity: E, phase: "syntax", title: "unexpected character" },
  VG1002: { severity: E, phase: "syntax", title: "unterminated block comment" },
  VG1003: { severity: E, phase: "syntax", title: "unterminated string" },
  VG1010: { severity: E, phase: "syntax", title: "unexpected token" },
  VG1011: { severity: E, phase: "syntax", title: "missing token" },
  VG1012: { severity: E, phase: "syntax", title: "unexpected end of file" },
  VG1013: { severity: E, phase: "syntax", title: "expected a declaration" },
  VG1020: { severity: E, phase: "syntax", title: "nesting too deep" },
  VG1021: { severity: E, phase: "syntax", title: "malformed number literal" },
  VG1022: { severity: E, phase: "syntax", title: "empty model file" },

  // ---------------------------------------------------------------- VG2xxx names and types
  VG2001: { severity: E, phase: "check", title: "undefined name" },
  VG2002: { severity: E, phase: "check", title: "duplicate declaration" },
  VG2003: { severity: E, phase: "check", title: "name clashes with a built-in name" },
  VG2004: { severity: E, phase: "check", title: "unknown type" },
  VG2005: { severity: E, phase: "check", title: "type mismatch" },
  VG2006: { severity: E, phase: "check", title: "constant value outside its declared range" },
  VG2007: { severity: E, phase: "check", title: "initial value outside the variable's range" },
  VG2008: { severity: E, phase: "check", title: "empty range (lower bound above upper bound)" },
  VG2009: { severity: E, phase: "check", title: "expression must be constant" },
  VG2010: { severity: E, phase: "check", title: "unit mismatch (time, frequency and plain numbers mixed)" },
  VG2011: { severity: E, phase: "check", title: "operation not defined on these units" },
  VG2012: { severity: E, phase: "check", title: "time or frequency not exactly representable" },
  VG2013: { severity: E, phase: "check", title: "value range too large for vigil's 53-bit arithmetic" },
  VG2014: { severity: E, phase: "check", title: "unknown function or wrong number of arguments" },
  VG2015: { severity: E, phase: "check", title: "invalid array length" },
  VG2016: { severity: E, phase: "check", title: "indexing something that is not an array" },
  VG2017: { severity: E, phase: "check", title: "assignment to something that cannot be assigned" },
  VG2018: { severity: E, phase: "check", title: "match does not cover every enum member" },
  VG2019: { severity: E, phase: "check", title: "duplicate or unreachable match arm" },
  VG2020: { severity: E, phase: "check", title: "unknown enum member" },
  VG2021: { severity: E, phase: "check", title: "condition must be bool" },
  VG2022: { severity: E, phase: "check", title: "division by constant zero" },
  VG2023: { severity: E, phase: "check", title: "constant index out of bounds" },
  VG2024: { severity: E, phase: "check", title: "loop bounds must be constant" },
  VG2025: { severity: E, phase: "check", title: "unknown target core" },
  VG2026: { severity: E, phase: "check", title: "missing or repeated device header clause" },
  VG2027: { severity: E, phase: "check", title: "unknown integrity or confidentiality level" },
  VG2028: { severity: E, phase: "check", title: "loop variable cannot be assigned" },
  VG2029: { severity: E, phase: "check", title: "endorse or declassify used outside a task body" },
  VG2030: { severity: W, phase: "check", title: "declaration is never used" },

  // ---------------------------------------------------------------- VG25xx tasks and scheduling
  VG2501: { severity: E, phase: "check", title: "task has no trigger (every or on irq)" },
  VG2502: { severity: E, phase: "check", title: "task has both a period and an interrupt" },
  VG2503: { severity: E, phase: "check", title: "task has no deadline" },
  VG2504: { severity: E, phase: "check", title: "deadline longer than the period or minimum inter-arrival time" },
  VG2505: { severity: E, phase: "check", title: "period or offset not a multiple of the tick" },
  VG2506: { severity: E, phase: "check", title: "interrupt task without a minimum inter-arrival time" },
  VG2507: { severity: E, phase: "check", title: "two tasks share a priority" },
  VG2508: { severity: E, phase: "check", title: "task has no valid priority" },
  VG2509: { severity: E, phase: "check", title: "task has no domain" },
  VG2510: { severity: E, phase: "check", title: "task clause repeated" },
  VG2511: { severity: E, phase: "check", title: "task clause not allowed for this kind of task" },
  VG2512: { severity: E, phase: "check", title: "period, deadline or inter-arrival time must be positive" },
  VG2513: { severity: E, phase: "check", title: "minimum inter-arrival time not a multiple of the tick" },
  VG2514: { severity: E, phase: "check", title: "offset not smaller than the period" },
  VG2515: { severity: E, phase: "check", title: "invalid tick or clock" },
  VG2516: { severity: E, phase: "check", title: "two interrupt tasks on the same interrupt line" },

  // ---------------------------------------------------------------- VG26xx single writer
  VG2601: { severity: E, phase: "check", title: "variable written by more than one task" },
  VG2602: { severity: W, phase: "check", title: "output never written by any task" },
  VG2603: { severity: E, phase: "check", title: "task writes an input" },

  // ---------------------------------------------------------------- VG3xxx information flow
  VG3001: { severity: E, phase: "flow", title: "task writes a variable of another domain" },
  VG3002: { severity: E, phase: "flow", title: "untrusted data flows into trusted state without endorse" },
  VG3003: { severity: E, phase: "flow", title: "untrusted data influences trusted state through control flow" },
  VG3004: { severity: E, phase: "flow", title: "confidential data flows to a lower-confidentiality variable without declassify" },
  VG3005: { severity: E, phase: "flow", title: "confidential data influences a lower-confidentiality variable through control flow" },
  VG3006: { severity: W, phase: "flow", title: "endorse of data that is already trusted" },
  VG3007: { severity: W, phase: "flow", title: "declassify of data that is not confidential" },
  VG3008: { severity: E, phase: "flow", title: "endorse fallback must be trusted" },
  VG3009: { severity: N, phase: "flow", title: "the relational proof may accept this flow (vigil prove --flow relaxed)" },

  // ---------------------------------------------------------------- VG4xxx properties and assumptions
  VG4001: { severity: E, phase: "property", title: "property or assumption must be a bool expression" },
  VG4002: { severity: E, phase: "property", title: "leads_to bound must be a time" },
  VG4003: { severity: E, phase: "property", title: "invalid non-interference property" },
  VG4004: { severity: E, phase: "property", title: "wcet of an unknown task" },
  VG4005: { severity: E, phase: "property", title: "wcet bound must be a time" },
  VG4006: { severity: E, phase: "property", title: "assumption may only refer to inputs and constants" },
  VG4007: { severity: E, phase: "property", title: "leads_to bound not a multiple of the tick" },
  VG4008: { severity: E, phase: "property", title: "endorse or declassify inside a property or assumption" },
  VG4009: { severity: E, phase: "property", title: "leads_to bound too long (more than 2^31 - 1 ticks)" },

  // ---------------------------------------------------------------- VG5xxx simulation and traces
  VG5001: { severity: E, phase: "sim", title: "input trace is missing a column" },
  VG5002: { severity: E, phase: "sim", title: "trace value outside the input's range" },
  VG5003: { severity: E, phase: "sim", title: "trace value is not a number" },
  VG5004: { severity: E, phase: "sim", title: "trace has fewer rows than ticks" },
  VG5005: { severity: E, phase: "sim", title: "trace breaks an assumption" },
  VG5006: { severity: E, phase: "sim", title: "runtime error during simulation" },
  VG5007: { severity: E, phase: "sim", title: "trace file unreadable or malformed" },

  // ---------------------------------------------------------------- VG6xxx proofs
  VG6002: { severity: E, phase: "prove", title: "external solver not found" },
  VG6003: { severity: E, phase: "prove", title: "internal error: counterexample did not replay" },
  VG6101: { severity: E, phase: "prove", title: "property falsified (editor: the replayed counterexample is in the related information)" },
  VG6102: { severity: W, phase: "prove", title: "proof obligation not proved (editor: unknown or vacuous)" },

  // ---------------------------------------------------------------- VG7xxx timing
  VG7001: { severity: E, phase: "timing", title: "untrusted interrupt can preempt trusted tasks without a minimum inter-arrival time" },
  VG7002: { severity: E, phase: "timing", title: "unknown timing target" },

  // ---------------------------------------------------------------- VG8xxx code generation
  VG8001: { severity: E, phase: "emit", title: "cannot write output directory" },
  VG8002: { severity: E, phase: "emit", title: "output path holds files vigil did not write (use --force)" },
} as const satisfies Record<string, CatalogEntry>;

export type DiagnosticCode = keyof typeof CATALOG;

export function isDiagnosticCode(s: string): s is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(CATALOG, s);
}
