/**
 * Static check vs relational proof (issue 5, part 3): VG3009 notes for flows that the conservative
 * static check rejects but that the relational proof shows harmless.
 *
 * Input: the model loaded (or its IR lowered from the `--flow relaxed` check), the diagnostics of the
 * strict check, a solver and a time budget.
 * Output: one VG3009 note per rejected flow (VG3002-VG3005) whose every relevant non-interference
 * obligation was proved, with the obligations' results.
 * Invariants:
 * - The obligations are synthetic `noninterference A -> B` properties, whether or not the model
 *   declares them: B is the domain of the variable the diagnostic names (every domain of the right
 *   kind when it names none); A ranges over every untrusted domain other than B (VG3002/VG3003,
 *   integrity) or every domain of a higher confidentiality level than B's (VG3004/VG3005,
 *   confidentiality). So the note claims exactly what was proved: no data of any such A reaches B
 *   except through endorse (declassify).
 * - No note unless every relevant obligation is proved (unknown, falsified or vacuous never earns a
 *   note, nor does a model whose relaxed check has errors).
 * - Never throws for a well-formed program; solver failures make the obligation unknown.
 */
import { check } from "../../check/index.js";
import { diag, hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { IrProgram } from "../../ir/ir.js";
import { lower } from "../../lower/index.js";
import type { LoadedModel } from "../../parse/index.js";
import { createSolver } from "../../solver/index.js";
import type { SolverDriver } from "../../solver/types.js";
import type { ObligationResult } from "../verdict.js";
import { proveNonInterference } from "./engine.js";
import type { NiProperty } from "./product.js";

export interface FlowAdviceOptions {
  /** The solver to use; when absent an embedded z3 pool is created and closed afterwards. */
  readonly solver?: SolverDriver;
  /** Budget per obligation in milliseconds (default 10000). */
  readonly timeoutMs?: number;
}

export interface FlowAdvice {
  /** VG3009 notes, one per strict flow error that the proof shows harmless. */
  readonly notes: Diagnostic[];
  /** The synthetic obligations proved or attempted (name `A -> B`, kind noninterference). */
  readonly results: ObligationResult[];
}

const FLOW_CODES = new Set(["VG3002", "VG3003", "VG3004", "VG3005"]);

/** True when `strict` holds a flow error (VG3002-VG3005) that advice could be given for. */
export function hasFlowErrors(strict: readonly Diagnostic[]): boolean {
  return strict.some((d) => FLOW_CODES.has(d.code) && d.severity === "error");
}

/** The synthetic obligations a flow diagnostic needs proved. */
export function obligationsFor(program: IrProgram, d: Diagnostic): NiProperty[] {
  const flavor = d.code === "VG3002" || d.code === "VG3003" ? "integrity" : d.code === "VG3004" || d.code === "VG3005" ? "confidentiality" : undefined;
  if (!flavor || !d.span) return [];
  const globals = new Map([...program.state, ...program.outputs].map((g) => [g.name, g.domain]));
  const named = [...d.message.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "").find((n) => globals.has(n));
  const byName = new Map(program.domains.map((x) => [x.name, x]));
  const targets = named !== undefined ? [globals.get(named) ?? ""] : program.domains.map((x) => x.name);
  const out: NiProperty[] = [];
  for (const to of targets) {
    const B = byName.get(to);
    if (!B) continue;
    if (flavor === "integrity" && !B.trusted) continue;
    for (const A of program.domains) {
      if (A.name === to) continue;
      if (flavor === "integrity" ? A.trusted : A.confidentiality <= B.confidentiality) continue;
      out.push({ kind: "noninterference", name: `${A.name} -> ${to}`, from: A.name, to, flavor, span: d.span });
    }
  }
  return out;
}

/** Advice for an IrProgram lowered from the relaxed check, given the strict check's diagnostics. */
export async function adviseFlows(program: IrProgram, strict: readonly Diagnostic[], opts: FlowAdviceOptions = {}): Promise<FlowAdvice> {
  const flows = strict.filter((d) => FLOW_CODES.has(d.code) && d.severity === "error");
  if (flows.length === 0) return { notes: [], results: [] };
  const own = opts.solver === undefined;
  const solver = opts.solver ?? createSolver({});
  const done = new Map<string, ObligationResult>();
  const notes: Diagnostic[] = [];
  try {
    for (const d of flows) {
      const needed = obligationsFor(program, d);
      if (needed.length === 0) continue;
      for (const p of needed) {
        if (done.has(p.name)) continue;
        const start = Date.now();
        const obligation = { name: p.name, kind: "noninterference" as const, description: `flow check: no data of domain ${p.from} reaches ${p.to} except through ${p.flavor === "integrity" ? "endorse" : "declassify"}`, span: p.span };
        try {
          const r = await proveNonInterference(program, p, { solver, timeoutMs: opts.timeoutMs ?? 10_000, maxDepth: 64, maxInduction: 4, pdr: true });
          done.set(p.name, { obligation, verdict: r.verdict, timeMs: Date.now() - start, solverMs: Math.min(r.solverMs, Date.now() - start) });
        } catch (e) {
          const reason = `internal error: ${e instanceof Error ? e.message : String(e)}`;
          done.set(p.name, { obligation, verdict: { status: "unknown", engine: "relational", reason }, timeMs: Date.now() - start, solverMs: 0 });
        }
      }
      if (!needed.every((p) => done.get(p.name)?.verdict.status === "proved")) continue;
      const what = needed.map((p) => `\`noninterference ${p.from} -> ${p.to}\``).join(", ");
      notes.push(
        diag("VG3009", d.span, `the relational proof accepts this flow: ${what} proved`, {
          notes: [`rejected by the static check as ${d.code}; \`vigil prove --flow relaxed\` lets the proof decide`],
        }),
      );
    }
  } finally {
    if (own) await solver.close();
  }
  return { notes, results: [...done.values()] };
}

/**
 * Advice for a loaded model: checks it with `--flow relaxed`, lowers it and calls adviseFlows.
 * Returns no notes when the strict diagnostics hold no flow error or the relaxed check has errors.
 */
export async function adviseFlowsForModel(loaded: LoadedModel, strict: readonly Diagnostic[], opts: FlowAdviceOptions = {}): Promise<FlowAdvice> {
  if (!hasFlowErrors(strict)) return { notes: [], results: [] };
  const relaxed = check(loaded, { flow: "relaxed" });
  if (hasErrors(relaxed.diagnostics)) return { notes: [], results: [] };
  return adviseFlows(lower(relaxed, { sources: loaded.sources }), strict, opts);
}

/**
 * Notes from results already computed (for `vigil prove --flow relaxed` runs that proved the
 * model's own properties): one VG3009 note per strict flow error whose synthetic obligations are
 * all among `results` (matched by from/to through the model's property list) and proved.
 */
export function flowAdvice(program: IrProgram, strict: readonly Diagnostic[], results: readonly ObligationResult[]): Diagnostic[] {
  const provedPairs = new Set<string>();
  for (const r of results) {
    if (r.verdict.status !== "proved") continue;
    const p = program.properties.find((q) => q.name === r.obligation.name);
    if (p?.kind === "noninterference") provedPairs.add(`${p.from} -> ${p.to}`);
    else if (/^\S+ -> \S+$/.test(r.obligation.name)) provedPairs.add(r.obligation.name);
  }
  const out: Diagnostic[] = [];
  for (const d of strict) {
    if (!FLOW_CODES.has(d.code) || d.severity !== "error") continue;
    const needed = obligationsFor(program, d);
    if (needed.length === 0 || !needed.every((p) => provedPairs.has(p.name))) continue;
    const what = needed.map((p) => `\`noninterference ${p.from} -> ${p.to}\``).join(", ");
    out.push(
      diag("VG3009", d.span, `the relational proof accepts this flow: ${what} proved`, {
        notes: [`rejected by the static check as ${d.code}; \`vigil prove --flow relaxed\` lets the proof decide`],
      }),
    );
  }
  return out;
}
