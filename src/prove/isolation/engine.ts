/**
 * The relational engine: k-induction on the self-composed product, with BMC for two-run
 * counterexamples.
 *
 * Input: an IrProgram, one noninterference property, a SolverDriver, a time budget and a depth bound.
 * Output: a Verdict (src/prove/verdict.ts), with solver time, for that property.
 * Invariants:
 * - Round i: STEP(K = i+1) asks whether the relational invariant Eq is K-inductive; if so BASE(K)
 *   checks Eq on the first K frames from the initial state; both unsat: proved (evidence: relational
 *   k-induction, K). Then BMC(2^i) looks for a divergence of the protected observables within 2^i
 *   ticks (sat: decode, replay both runs through the interpreter, falsified only if the replay
 *   diverges; the replay reports the first divergent tick).
 * - After the first round, when 1-induction failed, PDR (Spacer) on the product's Horn clauses
 *   (horn.ts) gets half the remaining budget: sat = proved with the invariant it found.
 * - Every unknown solver answer, an exhausted budget or depth, or a failed replay yields unknown.
 * - Before anything else, a model whose assumptions or initial state admit no tick is vacuous.
 */
import type { IrProgram } from "../../ir/ir.js";
import type { SolverAnswer, SolverDriver } from "../../solver/types.js";
import type { Verdict } from "../verdict.js";
import { buildQuery, productInfo, type NiProperty, type QueryKind } from "./product.js";
import { buildHorn, readableInvariant } from "./horn.js";
import { replayTwoRuns, type Divergence } from "./replay.js";

export interface EngineOptions {
  readonly solver: SolverDriver;
  /** Wall-clock budget for this property (ms). */
  readonly timeoutMs: number;
  /** Deepest BMC search for a divergence (ticks; searched at depths 1, 2, 4, ...). */
  readonly maxDepth: number;
  /** Largest K tried for k-induction. */
  readonly maxInduction: number;
  /** Try PDR on the product's Horn clauses when 1-induction fails (default true). */
  readonly pdr?: boolean;
}

export interface EngineResult {
  readonly verdict: Verdict;
  readonly solverMs: number;
  readonly divergence?: Divergence;
  /** Queries issued, by kind (for benchmarks). */
  readonly queries: number;
}

export async function proveNonInterference(prog: IrProgram, prop: NiProperty, opts: EngineOptions): Promise<EngineResult> {
  const start = Date.now();
  let solverMs = 0;
  let queries = 0;
  const info = productInfo(prog, prop);
  const left = (): number => opts.timeoutMs - (Date.now() - start);
  const ask = async (kind: QueryKind, K: number, getModel = false): Promise<{ a: SolverAnswer; q: ReturnType<typeof buildQuery> } | undefined> => {
    const budget = left();
    if (budget <= 0) return undefined;
    const q = buildQuery(prog, prop, kind, K);
    queries++;
    const a = await opts.solver.check({ smtlib: q.smtlib, timeoutMs: budget, mode: "check", getModel });
    solverMs += a.timeMs;
    return { a, q };
  };
  const unknown = (reason: string): EngineResult => ({ verdict: { status: "unknown", engine: "relational", reason }, solverMs, queries });

  if (info.protectedNames.length === 0) {
    return {
      verdict: { status: "proved", engine: "relational", evidence: { kind: "relational", engine: "static", invariant: `domain ${prop.to} has no state or outputs` } },
      solverMs,
      queries,
    };
  }

  const vac = await ask("vacuity", 1);
  if (!vac) return unknown("time budget exhausted");
  if (vac.a.status === "unsat") {
    return { verdict: { status: "vacuous", engine: "relational", reason: "the assumptions or the initial state admit no behaviour" }, solverMs, queries };
  }
  if (vac.a.status === "unknown") return unknown(`solver: ${vac.a.reason}`);

  let lastStep = "";
  let bmcDone = 0;
  let indDone = 0;
  let pdrTried = false;
  let pdrNote = "";
  for (let i = 0; ; i++) {
    if (i === 1 && !pdrTried && opts.pdr !== false) {
      // k-induction did not succeed at K = 1: ask PDR for a relational invariant of the product.
      pdrTried = true;
      const budget = Math.max(1, Math.floor(left() / 2));
      let smtlib: string | undefined;
      let args: readonly string[] = [];
      try {
        ({ smtlib, args } = buildHorn(prog, prop));
      } catch (e) {
        pdrNote = `; pdr: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (smtlib !== undefined && budget > 1) {
        queries++;
        const a = await opts.solver.check({ smtlib, timeoutMs: budget, mode: "horn", getModel: true });
        solverMs += a.timeMs;
        if (a.status === "sat") {
          const inv = readableInvariant(a.model ?? "", args);
          return {
            verdict: {
              status: "proved",
              engine: "relational-pdr",
              evidence: { kind: "relational", engine: "pdr", invariant: inv.length > 4000 ? inv.slice(0, 4000) + " ..." : inv },
            },
            solverMs,
            queries,
          };
        }
        if (a.status === "unknown") pdrNote = `; pdr: ${a.reason}`;
        else pdrNote = "; pdr: a divergence is reachable";
      }
    }
    const Kb = Math.min(opts.maxDepth, 2 ** i);
    const Ki = i + 1;
    const doBmc = Kb > bmcDone;
    const doInd = Ki <= opts.maxInduction;
    if (!doBmc && !doInd) break;
    if (doInd) {
      indDone = Ki;
      const step = await ask("step", Ki);
      if (!step) return unknown(`time budget exhausted (induction depth ${Ki}, bmc depth ${bmcDone})`);
      if (step.a.status === "unknown") lastStep = `; induction step: ${step.a.reason}`;
      else if (step.a.status === "unsat") {
        const base = await ask("base", Ki);
        if (!base) return unknown(`time budget exhausted (induction depth ${Ki}, bmc depth ${bmcDone})`);
        if (base.a.status === "unsat") {
          return {
            verdict: {
              status: "proved",
              engine: "relational-k-induction",
              evidence: { kind: "relational", engine: "k-induction", k: Ki, invariant: `equality of the ${prop.to} state, outputs and pending publications` },
            },
            solverMs,
            queries,
          };
        }
        if (base.a.status === "unknown") return unknown(`solver (base depth ${Ki}): ${base.a.reason}`);
        // Eq fails from the initial state without a visible divergence yet: BMC will show it.
      }
    }
    if (doBmc) {
      const bmc = await ask("bmc", Kb, true);
      if (!bmc) return unknown(`time budget exhausted (bmc depth ${Kb})${lastStep}`);
      if (bmc.a.status === "unknown") return unknown(`solver (bmc depth ${Kb}): ${bmc.a.reason}`);
      bmcDone = Kb;
      if (bmc.a.status === "sat") {
        const rep = replayTwoRuns(prog, prop, info.protectedNames, info.sharedInputs, bmc.a.model ?? "", bmc.q.inputs);
        if (!rep.ok) return unknown(`internal error (VG6003): two-run counterexample did not replay: ${rep.reason}`);
        const d = rep.divergence;
        const where = d.responsible ? ` at ${d.responsible.file}:${d.responsible.line}:${d.responsible.col}` : "";
        const explanation =
          `the two runs agree on every input not of domain \`${prop.from}\` but diverge at tick ${d.tick}: ` +
          `\`${d.variable}\` (domain \`${prop.to}\`) is ${fmt(d.run1)} in run 1 and ${fmt(d.run2)} in run 2` +
          (d.task ? `; it is written by task \`${d.task}\`${where}` : "");
        return {
          verdict: {
            status: "falsified",
            engine: "relational-bmc",
            tick: d.tick,
            trace: rep.trace,
            otherTrace: rep.otherTrace,
            at: prop.span,
            explanation,
            replayed: true,
          },
          solverMs,
          queries,
          divergence: d,
        };
      }
    }
  }
  return unknown(
    `no divergence within ${bmcDone} ticks and the relational invariant is not ${indDone}-inductive${lastStep}${pdrNote}`,
  );
}

function fmt(v: number | readonly number[]): string {
  return typeof v === "number" ? String(v) : `[${v.join(", ")}]`;
}
