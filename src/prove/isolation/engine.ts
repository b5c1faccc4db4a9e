/**
 * The relational engine: k-induction on the self-composed product, with BMC for two-run
 * counterexamples.
 *
 * Input: an IrProgram, one noninterference property, a SolverDriver, a time budget and a depth bound.
 * Output: a Verdict (src/prove/verdict.ts), with solver time, for that property.
 * Invariants:
 * - First Houdini (houdini.ts): the greatest set C of equalities between the copies that holds
 *   initially and is preserved by every tick. If C contains the protected observables P: proved
 *   (relational 1-induction with invariant C). Otherwise C is a proved invariant of the product and
 *   is assumed at every frame of the queries below (and in the PDR step clause), which keeps the
 *   search sound and complete while the copies share everything A cannot influence.
 * - Round i: STEP(K = i+1) asks whether the relational invariant Eq is K-inductive; if so BASE(K)
 *   checks Eq on the first K frames from the initial state; both unsat: proved (evidence: relational
 *   k-induction, K). Then BMC(2^i) looks for a divergence of the protected observables within 2^i
 *   ticks (sat: decode, replay both runs through the interpreter, falsified only if the replay
 *   diverges; the replay reports the first divergent tick).
 * - PDR (Spacer) on the product's Horn clauses (horn.ts) gets short time slices after rounds 0, 3
 *   and 6 and the rest of the budget once BMC and induction are exhausted: sat = proved with the
 *   invariant it found; unsat = a divergence is reachable (left to BMC to show).
 * - Step queries with K >= 2 get a slice (1/8) of the budget; an inconclusive step lets BMC and PDR
 *   go on. Every other unknown solver answer, an exhausted budget or depth, or a failed replay
 *   yields unknown.
 * - Before anything else, a model whose assumptions or initial state admit no tick is vacuous.
 */
import type { IrProgram } from "../../ir/ir.js";
import type { SolverAnswer, SolverDriver } from "../../solver/types.js";
import type { Verdict } from "../verdict.js";
import { buildQuery, eqIds, productInfo, type NiProperty, type QueryKind } from "./product.js";
import { describeInvariant, houdini } from "./houdini.js";
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
  /** Try PDR on the product's Horn clauses (default true). */
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
  const ask = async (kind: QueryKind, K: number, getModel = false, sliceMs = Number.POSITIVE_INFINITY): Promise<{ a: SolverAnswer; q: ReturnType<typeof buildQuery> } | undefined> => {
    if (left() <= 0) return undefined;
    const budget = Math.min(left(), sliceMs);
    const q = buildQuery(prog, prop, kind, K, { invariant: proven });
    queries++;
    const a = await opts.solver.check({ smtlib: q.smtlib, timeoutMs: budget, mode: "check", getModel, signal: loopAbort.signal });
    solverMs += a.timeMs;
    return { a, q };
  };
  // Equalities proved invariant by Houdini (assumed by every later query).
  let proven: ReadonlySet<string> = new Set<string>();
  // Set when PDR, running beside the loop below, proves the property: every later exit returns it.
  let pdrProved: EngineResult | undefined;
  const loopAbort = new AbortController();
  const unknown = (reason: string): EngineResult =>
    pdrProved ?? { verdict: { status: "unknown", engine: "relational", reason }, solverMs, queries };

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

  // Houdini, first over the equalities between the copies only (few rounds), then, when these do
  // not cover P, also over "each copy keeps its initial value" (more rounds, a slice of the budget).
  const { p: pIds } = eqIds(prog, prop);
  const covers = (inv: ReadonlySet<string>): boolean => [...pIds].every((id) => inv.has(id) || (inv.has(`k1:${id}`) && inv.has(`k2:${id}`)));
  const provedBy = (inv: ReadonlySet<string>): EngineResult => ({
    verdict: { status: "proved", engine: "relational-k-induction", evidence: { kind: "relational", engine: "k-induction", k: 1, invariant: describeInvariant(prog, inv) } },
    solverMs,
    queries,
  });
  let houdiniNote = "";
  const hd = await houdini(prog, prop, { solver: opts.solver, left, signal: loopAbort.signal });
  solverMs += hd.solverMs;
  queries += hd.queries;
  if (hd.conclusive) {
    proven = hd.invariant;
    if (covers(proven)) return provedBy(proven);
  } else houdiniNote = `; houdini: ${hd.note ?? "inconclusive"}`;
  if (left() > 0) {
    const until = Date.now() + Math.max(2000, opts.timeoutMs / 4);
    const hu = await houdini(prog, prop, { solver: opts.solver, left: () => Math.min(left(), until - Date.now()), signal: loopAbort.signal, unary: true });
    solverMs += hu.solverMs;
    queries += hu.queries;
    if (hu.conclusive) {
      proven = hu.invariant;
      if (covers(proven)) return provedBy(proven);
    } else houdiniNote += `; houdini with initial values: ${hu.note ?? "inconclusive"}`;
  }
  if (left() <= 0) return unknown(`time budget exhausted${houdiniNote}`);

  let lastStep = "";
  let bmcDone = 0;
  let indDone = 0;
  let pdrNote = "";
  let pdrDone = opts.pdr === false;
  let horn: { smtlib: string; args: readonly string[] } | undefined;
  /** One PDR attempt with a time slice; returns a proved result, or undefined (note updated). */
  const tryPdr = async (sliceMs: number, signal?: AbortSignal): Promise<EngineResult | undefined> => {
    if (pdrDone) return undefined;
    const budget = Math.min(sliceMs, left());
    if (budget <= 1) return undefined;
    try {
      horn ??= buildHorn(prog, prop, proven);
    } catch (e) {
      pdrDone = true;
      pdrNote = `; pdr: ${e instanceof Error ? e.message : String(e)}`;
      return undefined;
    }
    queries++;
    const a = await opts.solver.check({ smtlib: horn.smtlib, timeoutMs: budget, mode: "horn", getModel: true, ...(signal ? { signal } : {}) });
    solverMs += a.timeMs;
    if (a.status === "sat") {
      const inv = readableInvariant(a.model ?? "", horn.args);
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
    if (a.status === "unsat") {
      pdrDone = true; // a divergence is reachable: only BMC can show it
      pdrNote = "; pdr: a divergence is reachable";
    } else pdrNote = `; pdr: ${a.reason}`;
    return undefined;
  };
  // PDR time slices, tried after the BMC of these rounds (geometric, so a leak found by deeper BMC
  // pays little for them), and with the whole remaining budget once BMC and induction are exhausted.
  const pdrSlices = new Map([
    [0, 1000],
    [3, 4000],
    [6, 16000],
  ]);
  // With two or more solver threads PDR runs beside k-induction/BMC after round 0 for the rest of the
  // budget (the first conclusive answer wins, the other is cancelled); with one it gets the slices.
  const parallel = (opts.solver.parallelism ?? 1) >= 2 && !pdrDone;
  const pdrAbort = new AbortController();
  let pdrRun: Promise<EngineResult | undefined> | undefined;
  const startPdr = (): void => {
    pdrRun = tryPdr(Number.POSITIVE_INFINITY, pdrAbort.signal).then((r) => {
      pdrDone = true;
      if (r) {
        pdrProved = r;
        loopAbort.abort(); // stop the k-induction/BMC query in flight
      }
      return r;
    });
  };
  if (parallel) pdrSlices.clear();
  try {
  for (let i = 0; ; i++) {
    if (pdrProved) return pdrProved;
    const Kb = Math.min(opts.maxDepth, 2 ** i);
    // A conclusive Houdini already covers 1-induction (its result contains every 1-inductive set
    // of equalities), so induction starts at K = 2 then.
    const Ki = i + (hd.conclusive || proven.size > 0 ? 2 : 1);
    const doBmc = Kb > bmcDone;
    const doInd = Ki <= opts.maxInduction;
    if (!doBmc && !doInd) break;
    if (doInd) {
      indDone = Ki;
      // A step query of K >= 2 gets a slice of the budget: on the larger products it can take long
      // and an inconclusive step only means that BMC and PDR go on (a timeout is recorded).
      const step = await ask("step", Ki, false, Ki >= 2 ? Math.max(1000, opts.timeoutMs / 8) : Number.POSITIVE_INFINITY);
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
              evidence: { kind: "relational", engine: "k-induction", k: Ki, invariant: `equality of the ${prop.to} state, outputs and pending publications${proven.size > 0 ? `, strengthened with ${describeInvariant(prog, proven)}` : ""}` },
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
    if (parallel && i === 0) startPdr(); // 1-induction did not settle it: PDR joins from here on
    const slice = pdrSlices.get(i);
    if (slice !== undefined) {
      const r = await tryPdr(slice);
      if (r) return r;
    }
  }
  const last = pdrRun ? await pdrRun : await tryPdr(Number.POSITIVE_INFINITY);
  if (last) return last;
  return unknown(
    `no divergence within ${bmcDone} ticks and the relational invariant is not ${indDone}-inductive${lastStep}${pdrNote}${houdiniNote}`,
  );
  } finally {
    pdrAbort.abort(); // a no-op once PDR has answered
    if (pdrRun) await pdrRun;
  }
}

function fmt(v: number | readonly number[]): string {
  return typeof v === "number" ? String(v) : `[${v.join(", ")}]`;
}
