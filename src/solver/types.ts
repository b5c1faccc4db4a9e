/**
 * The solver interface: SMT-LIB text in, sat/unsat/unknown (+ model text) out.
 *
 * Input: a complete SMT-LIB script built elsewhere (src/smt) WITHOUT (check-sat)/(get-model): the
 * driver adds what it needs. Output: a SolverAnswer.
 * Invariants:
 * - "unsat" only when the solver itself answered unsat to exactly this text.
 * - A timeout, a crash, a hung worker or a missing binary is "unknown" with a reason; never sat/unsat.
 * - check() never rejects: every failure becomes an "unknown" answer (with a diagnostic when the user
 *   must act, e.g. VG6002 for a missing external solver).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export type SolverMode = "check" | "optimize" | "horn";

export interface SolverQuery {
  /**
   * SMT-LIB 2 text: declarations and assertions (and for "optimize", (minimize ...)/(maximize ...)
   * commands; for "horn", (declare-fun Inv ...) plus Horn clauses, with the query clause asserting
   * `(=> ... false)`). Do not include (check-sat), (get-model), (exit) or (set-option :timeout).
   */
  readonly smtlib: string;
  /** Per-query time limit in milliseconds (> 0). */
  readonly timeoutMs: number;
  readonly mode: SolverMode;
  /**
   * "check" mode only: the SMT-LIB logic of the query (e.g. "QF_LIA", "QF_NIA"). The embedded z3
   * then uses that logic's solver (`new Solver(logic)`), which on vigil's queries is many times
   * faster than the general combined solver; external solvers get `(set-logic ...)`.
   */
  readonly logic?: string;
  /** When sat, return the model text (model().sexpr() / (get-model)). For "horn", sat means the
   * clauses are satisfiable (the query is safe) and the model holds the invariant definitions. */
  readonly getModel?: boolean;
  /**
   * Cancels the query (e.g. the portfolio's other engine already answered): a queued query answers
   * unknown("cancelled") at once; a running one too, and its worker is recycled (embedded) or its
   * process killed (external). Z3 itself cannot be interrupted mid-check otherwise.
   */
  readonly signal?: AbortSignal;
}

export type SolverAnswer =
  | {
      readonly status: "sat";
      /** model().sexpr() (embedded) or the (get-model) answer (external); parse with model-parse.ts. */
      readonly model?: string;
      /** Optimize only: the value of each objective, in the order of the (minimize/maximize) commands. */
      readonly objectives?: readonly string[];
      readonly timeMs: number;
    }
  | { readonly status: "unsat"; readonly timeMs: number }
  | {
      readonly status: "unknown";
      readonly reason: string;
      readonly timeMs: number;
      /** Set when the user must act (e.g. VG6002, external solver not found). */
      readonly diagnostic?: Diagnostic;
    };

export interface SolverDriver {
  /** "z3-wasm", "z3" (external) or "cvc5" (external). */
  readonly name: string;
  /** How many queries can run at the same time (embedded: the worker count; external: 4). */
  readonly parallelism?: number;
  check(q: SolverQuery): Promise<SolverAnswer>;
  /** Starts the worker threads now (embedded z3: WASM init) so the first query does not wait. */
  warmUp?(): void;
  /** Releases workers / processes. Idempotent. Pending checks answer unknown. */
  close(): Promise<void>;
}

export interface CreateSolverOptions {
  /** Omitted: embedded z3 (WASM). "z3" / "cvc5": an external process (Debian packages z3, cvc5). */
  /**
   * Omitted: the native z3 binary when one is on PATH (about 2.4 times faster than WASM on vigil's
   * queries, and without the WASM build's 2 GiB heap), the embedded z3 (WASM) otherwise. "wasm": the
   * embedded z3 always (also with VIGIL_SOLVER=wasm in the environment).
   */
  readonly solver?: "z3" | "cvc5" | "wasm";
  /** Path to the external solver binary (implies an external driver; `solver` says which dialect). */
  readonly solverPath?: string;
  /** Embedded z3: number of worker threads (default 2). */
  readonly workers?: number;
  /** Embedded z3: extra time after timeoutMs before the watchdog recycles a worker (default 2000). */
  readonly graceMs?: number;
}
