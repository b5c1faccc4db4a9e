/**
 * Solver layer entry point: `createSolver(opts)` returns a SolverDriver that takes SMT-LIB text and
 * answers sat/unsat/unknown (+ model, objectives).
 *
 * Input: CreateSolverOptions (from `--solver`, `--solver-path`, worker count).
 * Output: a SolverDriver: the embedded z3 pool (default; worker_threads with a watchdog) or an
 * external solver process per query (z3 -in -smt2 / cvc5 --lang smt2).
 * Invariants: see types.ts (unsat only from the solver; every failure is unknown with a reason).
 */
import type { CreateSolverOptions, SolverDriver } from "./types.js";
import { createZ3Pool } from "./z3-pool.js";
import { createExternalSolver } from "./external.js";

export type { SolverQuery, SolverAnswer, SolverDriver, SolverMode, CreateSolverOptions } from "./types.js";
export { parseModel, modelInt, modelBool, arrayElement, type ModelValue, type ParsedModel } from "./model-parse.js";
export { findExternalSolver } from "./external.js";

export function createSolver(opts: CreateSolverOptions = {}): SolverDriver {
  if (opts.solver === undefined && opts.solverPath === undefined) {
    return createZ3Pool({ workers: opts.workers ?? 2, graceMs: opts.graceMs ?? 2000 });
  }
  const dialect = opts.solver ?? (/cvc5/i.test(opts.solverPath ?? "") ? "cvc5" : "z3");
  return createExternalSolver({ dialect, ...(opts.solverPath !== undefined ? { path: opts.solverPath } : {}) });
}
