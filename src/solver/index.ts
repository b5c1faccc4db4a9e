/**
 * Solver layer entry point: `createSolver(opts)` returns a SolverDriver that takes SMT-LIB text and
 * answers sat/unsat/unknown (+ model, objectives).
 *
 * Input: CreateSolverOptions (from `--solver`, `--solver-path`, worker count).
 * Output: a SolverDriver: by default the native z3 when installed (an external process per query,
 * z3 -in -smt2), else the embedded z3 pool (worker_threads with a watchdog); or the solver asked for
 * (z3, cvc5 --lang smt2, or "wasm" for the embedded pool).
 * Invariants: see types.ts (unsat only from the solver; every failure is unknown with a reason).
 */
import type { CreateSolverOptions, SolverDriver } from "./types.js";
import { createZ3Pool } from "./z3-pool.js";
import { createExternalSolver, findExternalSolver } from "./external.js";

export type { SolverQuery, SolverAnswer, SolverDriver, SolverMode, CreateSolverOptions } from "./types.js";
export { parseModel, modelInt, modelBool, arrayElement, type ModelValue, type ParsedModel } from "./model-parse.js";
export { findExternalSolver } from "./external.js";

export function createSolver(opts: CreateSolverOptions = {}): SolverDriver {
  const embedded = (): SolverDriver => createZ3Pool({ workers: opts.workers ?? 2, graceMs: opts.graceMs ?? 2000 });
  if (opts.solver === "wasm") return embedded();
  if (opts.solver === undefined && opts.solverPath === undefined) {
    const native = process.env["VIGIL_SOLVER"] === "wasm" ? undefined : findExternalSolver("z3");
    return native !== undefined ? createExternalSolver({ dialect: "z3", path: native }) : embedded();
  }
  const dialect = opts.solver ?? (/cvc5/i.test(opts.solverPath ?? "") ? "cvc5" : "z3");
  return createExternalSolver({ dialect, ...(opts.solverPath !== undefined ? { path: opts.solverPath } : {}) });
}
