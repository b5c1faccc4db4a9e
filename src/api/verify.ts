/**
 * The library entry point: "prove this model". Every front door (the CLI's prove, the gate, the
 * report, the diff, the language server) calls `verify` instead of orchestrating the phases itself.
 *
 * Input: a model (a path, or an already loaded model) and VerifyOptions.
 * Output: a VerifyReport, a tagged union:
 *   - "model-error": the model has errors (diagnostics, plus VG3009 flow advice when a strict flow
 *     error is in fact non-interfering);
 *   - "usage-error": the options name something that does not exist (e.g. an unknown property);
 *   - "verified": the lowered program, warnings, every ObligationResult and a summary.
 * Invariants: never throws for a well-formed options object; verdicts obey src/prove/verdict.ts
 * (proved only on unsat, falsified only with a replayed trace, unknown never a pass); the solver is
 * closed before return when verify created it (a caller's solver is left open).
 */
import { check } from "../check/index.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { IrProgram } from "../ir/ir.js";
import { lower } from "../lower/index.js";
import { loadModel, type LoadedModel } from "../parse/index.js";
import { adviseFlowsForModel, hasFlowErrors, proveIsolation, type IsolationResult } from "../prove/isolation/index.js";
import { linkEndorsements } from "../prove/safety/endorse-link.js";
import { proveSafety, type SafetyEngine } from "../prove/safety/index.js";
import { verdictExitCode, type ObligationResult, type Verdict } from "../prove/verdict.js";
import { createSolver } from "../solver/index.js";
import type { InvGenReport } from "../prove/safety/engine.js";
import type { SolverDriver } from "../solver/types.js";
import type { SourceFile } from "../source/span.js";
import { timingVerdicts } from "../wcet/index.js";

export interface VerifyOptions {
  /** Only these properties are reported (the others still serve as lemmas). */
  readonly properties?: readonly string[];
  /** Budget in milliseconds: for the safety obligations together, and for each other obligation (default 60000). */
  readonly timeoutMs?: number;
  /** Deepest bounded model check, in ticks (default 64). */
  readonly maxDepth?: number;
  /** Largest k for k-induction (default: the safety engine's). */
  readonly maxInduction?: number;
  /** Safety engines (default: all). */
  readonly engines?: readonly SafetyEngine[];
  /** Core cycle model for timing obligations (default: the model's target). */
  readonly target?: string;
  /** Flow check mode (default strict). */
  readonly flow?: "strict" | "relaxed";
  /**
   * The solver: a driver the caller owns (left open), or which one verify should create and close
   * (default: the embedded z3 with 2 workers).
   */
  readonly solver?: SolverDriver | { readonly name?: "z3" | "cvc5" | "wasm"; readonly path?: string; readonly workers?: number };
  /** Invariant generation for the safety obligations (default "auto"). */
  readonly invariants?: "auto" | "off";
  /** Interpreter ticks for the simulation falsifier (engine "sim"; default 400 000). */
  readonly simTicks?: number;
  /** Live progress messages (engine, k, ...). */
  readonly onProgress?: (msg: string) => void;
  /**
   * Cancels the run (e.g. the language server saw a newer save): every solver query still queued or
   * running answers unknown("cancelled") at once, so verify returns soon after, with those
   * obligations unknown (never proved).
   */
  readonly signal?: AbortSignal;
}

export interface VerifySummary {
  readonly total: number;
  readonly proved: number;
  readonly falsified: number;
  readonly unknown: number;
  readonly vacuous: number;
  /** The most serious verdict: "proved" only when every obligation was proved. */
  readonly overall: Verdict["status"];
  /** Exit code of the run (0 proved, 1 falsified or vacuous, 3 unknown). */
  readonly exitCode: 0 | 1 | 3;
}

export type VerifyReport =
  | {
      readonly kind: "model-error";
      readonly sources: ReadonlyMap<string, SourceFile>;
      readonly diagnostics: readonly Diagnostic[];
      /** VG3009 notes: strict flow errors that the relational proof shows non-interfering. */
      readonly flowAdvice: readonly Diagnostic[];
    }
  | { readonly kind: "usage-error"; readonly message: string }
  | {
      readonly kind: "verified";
      readonly sources: ReadonlyMap<string, SourceFile>;
      readonly program: IrProgram;
      /** Warnings and notes of the checker. */
      readonly diagnostics: readonly Diagnostic[];
      readonly results: readonly ObligationResult[];
      readonly summary: VerifySummary;
      /** What invariant generation found and proved (lemmas in .vgl syntax), with its figures. */
      readonly invariants: InvGenReport;
      readonly timeMs: number;
    };

function isDriver(s: VerifyOptions["solver"]): s is SolverDriver {
  return s !== undefined && typeof (s as SolverDriver).check === "function";
}

/** The solver seen through a cancellation signal: each query is also cancelled by `signal`. */
function withSignal(s: SolverDriver, signal: AbortSignal): SolverDriver {
  return {
    name: s.name,
    ...(s.parallelism !== undefined ? { parallelism: s.parallelism } : {}),
    check: (q) => s.check({ ...q, signal: q.signal ? AbortSignal.any([q.signal, signal]) : signal }),
    ...(s.warmUp ? { warmUp: () => s.warmUp?.() } : {}),
    close: () => s.close(),
  };
}

/** Counts per verdict and the overall verdict of a result list. */
export function summarize(results: readonly ObligationResult[]): VerifySummary {
  const count = (s: Verdict["status"]): number => results.filter((r) => r.verdict.status === s).length;
  const s = { proved: count("proved"), falsified: count("falsified"), unknown: count("unknown"), vacuous: count("vacuous") };
  const overall: Verdict["status"] = s.falsified > 0 ? "falsified" : s.vacuous > 0 ? "vacuous" : s.unknown > 0 ? "unknown" : "proved";
  let exitCode: 0 | 1 | 3 = 0;
  for (const r of results) {
    const c = verdictExitCode(r.verdict);
    if (c === 1 || (c === 3 && exitCode === 0)) exitCode = c;
  }
  return { total: results.length, ...s, overall, exitCode };
}

/** Prove every obligation of a model: safety, isolation and timing, side by side on one solver pool. */
export async function verify(model: string | LoadedModel, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const own = !isDriver(opts.solver);
  const spec = isDriver(opts.solver) ? undefined : opts.solver;
  // The solver's worker threads start (WASM init) while the model is parsed and checked.
  const base: SolverDriver = isDriver(opts.solver)
    ? opts.solver
    : createSolver({
        workers: spec?.workers ?? 2,
        ...(spec?.name !== undefined ? { solver: spec.name } : {}),
        ...(spec?.path !== undefined ? { solverPath: spec.path } : {}),
      });
  const solver = opts.signal ? withSignal(base, opts.signal) : base;
  if (own) solver.warmUp?.();
  const started = Date.now();
  try {
    const loaded = typeof model === "string" ? loadModel(model) : model;
    const flow = opts.flow ?? "strict";
    const checked = check(loaded, { flow });
    if (hasErrors(checked.diagnostics)) {
      let flowAdvice: readonly Diagnostic[] = [];
      if (flow === "strict" && hasFlowErrors(checked.diagnostics)) {
        flowAdvice = (await adviseFlowsForModel(loaded, checked.diagnostics, { solver, timeoutMs: Math.min(timeoutMs, 10_000) })).notes;
      }
      return { kind: "model-error", sources: loaded.sources, diagnostics: checked.diagnostics, flowAdvice };
    }
    const p = lower(checked, { sources: loaded.sources });
    const only = opts.properties ? [...opts.properties] : undefined;
    const missing = (only ?? []).filter((n) => !p.properties.some((q) => q.name === n));
    if (missing.length > 0) return { kind: "usage-error", message: `no property named ${missing.map((n) => `'${n}'`).join(", ")}` };
    const invgen: InvGenReport = { lemmas: [], unproved: [], stages: [], notes: [] };
    const [safety, iso, timing] = await Promise.all([
      proveSafety(p, {
        solver,
        timeoutMs,
        ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}),
        ...(opts.maxInduction !== undefined ? { maxInduction: opts.maxInduction } : {}),
        ...(opts.engines && opts.engines.length > 0 ? { engines: opts.engines } : {}),
        ...(only ? { properties: only } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        ...(opts.invariants ? { invariants: opts.invariants } : {}),
        ...(opts.simTicks !== undefined ? { simTicks: opts.simTicks } : {}),
        invgen,
      }),
      proveIsolation(p, { solver, timeoutMs, ...(only ? { properties: only, endorse: false } : {}) }),
      timingVerdicts(p, { solver, timeoutMs, ...(opts.target ? { target: opts.target } : {}) }),
    ]);
    const all: ObligationResult[] = [...safety, ...(iso as IsolationResult[]), ...timing.filter((r) => !only || only.includes(r.obligation.name))];
    const results = linkEndorsements(p, all);
    return {
      kind: "verified",
      sources: loaded.sources,
      program: p,
      diagnostics: checked.diagnostics,
      results,
      summary: summarize(results),
      invariants: invgen,
      timeMs: Date.now() - started,
    };
  } finally {
    if (own) await solver.close();
  }
}
