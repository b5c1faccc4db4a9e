/**
 * Safety proofs (GitHub issue 4): every `always` property, every `leads_to ... within` property and
 * every runtime check of a model, proved with BMC, k-induction and PDR or falsified with a
 * counterexample replayed through the reference interpreter.
 *
 * Input: an IrProgram and SafetyOptions.
 * Output: ObligationResult[] (src/prove/verdict.ts): one per invariant and leads_to property (in
 * property order), then one per IR assert (kind "runtime", named by the assert id, in program order).
 * Invariants: see engine.ts. Never throws for a well-formed program: an internal error becomes an
 * unknown verdict for every obligation, with the reason.
 */
import type { IrCheck, IrProgram, IrStmt } from "../../ir/ir.js";
import { createSolver } from "../../solver/index.js";
import type { SolverDriver } from "../../solver/types.js";
import { runtimeTargets, type SafetyTarget } from "../../smt/transition.js";
import type { Obligation, ObligationResult } from "../verdict.js";
import { runSafety, type EngineStats, type InvGenReport, type SafetyEngine } from "./engine.js";

export type { EngineStats, InvGenReport, SafetyEngine } from "./engine.js";
export { decodeTrace, replay, traceSteps } from "./replay.js";

export interface SafetyOptions {
  /** The solver; when absent an embedded z3 pool is created and closed afterwards. */
  readonly solver?: SolverDriver;
  /** Total budget for the model's safety obligations, in milliseconds (default 60000). */
  readonly timeoutMs?: number;
  /** Deepest BMC search, in ticks (default 64). */
  readonly maxDepth?: number;
  /**
   * Largest k for k-induction. Default: enough to see a whole leads_to window or task period
   * (the longest of them plus one tick), at least 8 and at most 24.
   */
  readonly maxInduction?: number;
  /** Default: all five (bmc, kind, pdr, abmc, sim). */
  readonly engines?: readonly SafetyEngine[];
  /** Only these properties are reported (runtime checks are left out; the other properties still serve as lemmas). */
  readonly properties?: readonly string[];
  /** Live progress (the CLI shows it on a terminal). */
  readonly onProgress?: (msg: string) => void;
  /** Filled in with query counts and vigil's own time against the solver's (benchmarks). */
  readonly stats?: EngineStats;
  /** Interpreter ticks the simulation falsifier may run (default 400 000; engine "sim"). */
  readonly simTicks?: number;
  /** Invariant generation (default "auto"). */
  readonly invariants?: "auto" | "off";
  /** Filled in with the generated lemmas and figures. */
  readonly invgen?: InvGenReport;
}

function checkDescription(c: IrCheck): string {
  switch (c.kind) {
    case "range":
      return `the value stored into ${c.what} stays within [${c.lo}, ${c.hi}]`;
    case "div0":
      return "the divisor is never zero";
    case "index":
      return `the index into ${c.array} stays within [0, ${c.length - 1}]`;
  }
}

/**
 * The safety obligations of a program, in report order. With `only`, those properties, followed by
 * the model's other `always` / `leads_to` properties as auxiliary targets (lemmas for induction;
 * not reported): `auxiliary` counts them, they are the last targets.
 */
export function safetyObligations(prog: IrProgram, only?: readonly string[]): { targets: SafetyTarget[]; obligations: Obligation[]; auxiliary: number } {
  const targets: SafetyTarget[] = [];
  const obligations: Obligation[] = [];
  const aux: SafetyTarget[] = [];
  for (const q of prog.properties) {
    if (q.kind !== "invariant" && q.kind !== "leadsTo") continue;
    if (only && !only.includes(q.name)) {
      aux.push({ name: q.name, kind: q.kind, span: q.span });
      continue;
    }
    targets.push({ name: q.name, kind: q.kind, span: q.span });
    obligations.push({
      name: q.name,
      kind: q.kind,
      description: q.kind === "invariant" ? `always ${q.name}` : `${q.name}: the response follows within ${q.withinTicks} tick(s)`,
      span: q.span,
    });
  }
  if (only) return { targets: [...targets, ...aux], obligations, auxiliary: aux.length };
  const checks = new Map<string, IrCheck>();
  const walk = (ss: readonly IrStmt[]): void => {
    for (const s of ss) {
      if (s.s === "assert") checks.set(s.id, s.check);
      else if (s.s === "if") (walk(s.then), walk(s.else));
      else if (s.s === "for") walk(s.body);
    }
  };
  for (const t of prog.tasks) walk(t.body);
  for (const t of runtimeTargets(prog)) {
    targets.push(t);
    const c = checks.get(t.name);
    obligations.push({ name: t.name, kind: "runtime", description: c ? checkDescription(c) : "runtime check", span: t.span });
  }
  return { targets, obligations, auxiliary: 0 };
}

export function defaultMaxInduction(prog: IrProgram): number {
  const spans = [
    ...prog.properties.flatMap((q) => (q.kind === "leadsTo" ? [q.withinTicks] : [])),
    ...prog.tasks.map((t) => (t.kind === "periodic" ? (t.periodTicks ?? 1) : (t.miatTicks ?? 1))),
  ];
  return Math.min(24, Math.max(8, ...spans.map((n) => n + 1)));
}

export async function proveSafety(program: IrProgram, opts: SafetyOptions = {}): Promise<ObligationResult[]> {
  const { targets, obligations } = safetyObligations(program, opts.properties);
  if (obligations.length === 0) return [];
  const own = opts.solver === undefined;
  const solver = opts.solver ?? createSolver({});
  const start = Date.now();
  try {
    const outcomes = await runSafety(program, targets, {
      solver,
      timeoutMs: opts.timeoutMs ?? 60_000,
      maxDepth: opts.maxDepth ?? 64,
      maxInduction: opts.maxInduction ?? defaultMaxInduction(program),
      engines: new Set(opts.engines ?? ["bmc", "kind", "pdr", "abmc", "sim"]),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.stats ? { stats: opts.stats } : {}),
      ...(opts.invariants ? { invariants: opts.invariants } : {}),
      ...(opts.simTicks !== undefined ? { simTicks: opts.simTicks } : {}),
      ...(opts.invgen ? { invgen: opts.invgen } : {}),
      ...(opts.properties ? { required: obligations.map((_, i) => i) } : {}),
    });
    return obligations.map((obligation, i) => {
      const o = outcomes[i];
      if (!o) throw new Error(`no outcome for ${obligation.name}`);
      return { obligation, verdict: o.verdict, timeMs: o.timeMs, solverMs: o.solverMs };
    });
  } catch (e) {
    const reason = `internal error: ${e instanceof Error ? e.message : String(e)}`;
    return obligations.map((obligation) => ({ obligation, verdict: { status: "unknown", engine: "portfolio", reason }, timeMs: Date.now() - start, solverMs: 0 }));
  } finally {
    if (own) await solver.close();
  }
}
