/**
 * Isolation proofs (GitHub issue 5): one obligation per `noninterference` property, proved on the
 * self-composed product (product.ts) by relational k-induction, or falsified with a two-run
 * counterexample replayed through the interpreter.
 *
 * Input: an IrProgram and IsolationOptions (solver, time budget, depth, property filter).
 * Output: ObligationResult[] (src/prove/verdict.ts): one per noninterference property (in property
 * order), then one per endorse point stored into a ranged variable (kind "endorse", endorse.ts: is
 * the validator strong enough for the destination's range?); `vigil prove` joins them to its table
 * and JSON. Extra per-result detail (the divergence) is in IsolationResult.
 * Invariants: proved only after unsat answers to the step and base queries; falsified only with a
 * replayed divergence; everything else is unknown; never throws for a well-formed program (internal
 * errors become unknown verdicts).
 */
import type { IrProgram, IrStmt } from "../../ir/ir.js";
import { createSolver } from "../../solver/index.js";
import type { SolverDriver } from "../../solver/types.js";
import type { ObligationResult } from "../verdict.js";
import { proveNonInterference } from "./engine.js";
import { proveEndorsements } from "./endorse.js";
import type { NiProperty } from "./product.js";
import type { Divergence } from "./replay.js";

export interface IsolationOptions {
  /** The solver to use; when absent an embedded z3 pool is created and closed afterwards. */
  readonly solver?: SolverDriver;
  /** Budget per property in milliseconds (default 60000). */
  readonly timeoutMs?: number;
  /** Deepest BMC search for a divergence, in ticks (default 256). */
  readonly maxDepth?: number;
  /** Largest K for relational k-induction (default 6). */
  readonly maxInduction?: number;
  /** Only these property names (default: every noninterference property). */
  readonly properties?: readonly string[];
  /** Also check each endorse point's validator against its destination's range (default true). */
  readonly endorse?: boolean;
  /** Try PDR when 1-induction fails (default true). */
  readonly pdr?: boolean;
  /** The checker's flow mode; the relational proof decides in both modes (accepted for symmetry). */
  readonly flow?: "strict" | "relaxed";
}

export interface IsolationResult extends ObligationResult {
  readonly divergence?: Divergence;
}

export type { Divergence } from "./replay.js";
export { renderTwoRunTable, twoRunVcd, twoRunJson, twoRunOf, twoRunFiles, vcdOptionsFor, cexStem, type TwoRun, type VcdOptions } from "./render.js";
export { flowAdvice, adviseFlows, adviseFlowsForModel, hasFlowErrors, obligationsFor, type FlowAdvice, type FlowAdviceOptions } from "./flow-advice.js";
export { proveEndorsements } from "./endorse.js";

export async function proveIsolation(program: IrProgram, opts: IsolationOptions = {}): Promise<IsolationResult[]> {
  const props = program.properties.filter(
    (p): p is NiProperty => p.kind === "noninterference" && (opts.properties === undefined || opts.properties.includes(p.name)),
  );
  const hasEndorse = program.tasks.some((t) => containsEndorse(t.body));
  if (props.length === 0 && (!hasEndorse || opts.endorse === false)) return [];
  const own = opts.solver === undefined;
  const solver = opts.solver ?? createSolver({});
  const out: IsolationResult[] = [];
  try {
    for (const p of props) {
      const start = Date.now();
      const obligation = {
        name: p.name,
        kind: "noninterference" as const,
        description:
          p.flavor === "integrity"
            ? `data of untrusted domain ${p.from} reaches ${p.to} only through endorse`
            : `data of domain ${p.from} reaches ${p.to} only through declassify`,
        span: p.span,
      };
      try {
        const r = await proveNonInterference(program, p, { solver, timeoutMs: opts.timeoutMs ?? 60_000, maxDepth: opts.maxDepth ?? 256, maxInduction: opts.maxInduction ?? 6, pdr: opts.pdr ?? true });
        out.push({
          obligation,
          verdict: r.verdict,
          timeMs: Date.now() - start,
          solverMs: Math.min(r.solverMs, Date.now() - start),
          ...(r.divergence ? { divergence: r.divergence } : {}),
        });
      } catch (e) {
        out.push({
          obligation,
          verdict: { status: "unknown", engine: "relational", reason: `internal error: ${e instanceof Error ? e.message : String(e)}` },
          timeMs: Date.now() - start,
          solverMs: 0,
        });
      }
    }
    if (opts.endorse !== false) {
      const only = opts.properties;
      for (const r of await proveEndorsements(program, { solver, timeoutMs: opts.timeoutMs ?? 60_000, ...(only ? { only } : {}) })) out.push(r);
    }
  } finally {
    if (own) await solver.close();
  }
  return out;
}

function containsEndorse(ss: readonly IrStmt[]): boolean {
  return ss.some((s) => s.s === "endorse" || (s.s === "if" && (containsEndorse(s.then) || containsEndorse(s.else))) || (s.s === "for" && containsEndorse(s.body)));
}
