/**
 * Verdicts: the one result shape for every proof obligation (safety, runtime errors, bounded response,
 * isolation, timing), shared by the engines, `vigil prove`'s table and its JSON.
 *
 * Input: produced by src/prove (safety engines), src/prove/isolation (non-interference) and src/wcet
 * (timing). Output: rendered by the prove command.
 * Invariants:
 * - `proved` only when a solver answered unsat to the right query (or, for timing, when the computed
 *   bound was established by an exact analysis whose every solver call was conclusive); it carries
 *   the evidence.
 * - `falsified` always carries a trace that was replayed through the reference interpreter and
 *   reproduced the violation (for two-run isolation counterexamples, both runs were replayed).
 * - `unknown` carries the reason (timeout, solver unknown, depth bound reached, crash); it never
 *   counts as a pass.
 * - `vacuous`: the assumptions or the initial state are unsatisfiable; never counts as a pass.
 */
import type { Span } from "../source/span.js";

export type ObligationKind =
  | "invariant" // always P
  | "runtime" // range / division by zero / index check (an IR assert)
  | "leadsTo" // P leads_to Q within T
  | "noninterference"
  | "endorse" // an endorse point's safety part
  | "wcet"
  | "schedulable"
  | "assumptions"; // satisfiability of assumptions and initial state

export interface Obligation {
  /** Stable, unique name: the property name, or the IR assert id for runtime checks. */
  readonly name: string;
  readonly kind: ObligationKind;
  /** Human description in the model's terms, e.g. "since_v + tick stays within time[0 ms .. 2000 ms]". */
  readonly description: string;
  readonly span: Span;
}

/** One tick of a counterexample: inputs, visible state and outputs, by name (enums by member name). */
export interface TraceStep {
  readonly tick: number;
  readonly inputs: Readonly<Record<string, number | string | boolean | readonly (number | string | boolean)[]>>;
  readonly state: Readonly<Record<string, number | string | boolean | readonly (number | string | boolean)[]>>;
  readonly outputs: Readonly<Record<string, number | string | boolean | readonly (number | string | boolean)[]>>;
}

export type Evidence =
  /** `lemmas`: the generated invariants (.vgl text) the proof assumed, each proved beforehand. */
  | { readonly kind: "k-induction"; readonly k: number; readonly lemmas?: readonly string[] }
  | { readonly kind: "pdr"; readonly invariant: string; readonly lemmas?: readonly string[] }
  | { readonly kind: "bmc-exhaustive"; readonly depth: number; readonly note: string }
  | { readonly kind: "static"; readonly note: string }
  | { readonly kind: "timing"; readonly note: string; readonly figures: Readonly<Record<string, number>> }
  | { readonly kind: "relational"; readonly engine: string; readonly k?: number; readonly invariant?: string };

export type Verdict =
  | { readonly status: "proved"; readonly engine: string; readonly evidence: Evidence }
  | {
      readonly status: "falsified";
      readonly engine: string;
      /** The violation happens at this tick of `trace` (or `runs[0]`). */
      readonly tick: number;
      readonly trace: readonly TraceStep[];
      /** Two-run counterexamples (non-interference): the second run. */
      readonly otherTrace?: readonly TraceStep[];
      /** Where the violation shows: the property's or the failing check's source span. */
      readonly at: Span;
      readonly explanation: string;
      /** Always true for a shown counterexample; replay failures become internal errors instead. */
      readonly replayed: true;
    }
  | {
      readonly status: "unknown";
      readonly engine: string;
      readonly reason: string;
      /**
       * Safety: the counterexample to induction of the deepest step tried, in model terms (its start
       * state, values no simulated run had, and suggested invariants in .vgl syntax).
       */
      readonly cti?: {
        readonly k: number;
        readonly state: Readonly<Record<string, number | string | boolean | readonly number[]>>;
        readonly unseen: readonly string[];
        readonly suggestions: readonly string[];
      };
    }
  | { readonly status: "vacuous"; readonly engine: string; readonly reason: string };

export interface ObligationResult {
  readonly obligation: Obligation;
  readonly verdict: Verdict;
  /** Wall time spent on this obligation, in milliseconds. */
  readonly timeMs: number;
  /** Time inside the solver, in milliseconds (<= timeMs). */
  readonly solverMs: number;
}

/** CLI exit code contribution of a verdict: 0 proved, 1 falsified or vacuous (an error in the model), 3 unknown. */
export function verdictExitCode(v: Verdict): 0 | 1 | 3 {
  switch (v.status) {
    case "proved":
      return 0;
    case "falsified":
    case "vacuous":
      return 1;
    case "unknown":
      return 3;
  }
}
