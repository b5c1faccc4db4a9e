/**
 * IPET: the implicit path enumeration technique, as SMT-LIB for Z3 Optimize.
 *
 * Input: a Cfg (cfg.ts) and a solver (src/solver). Output: the maximum of sum(cost * count) over
 * block and edge execution counts subject to flow conservation and the loop bounds, with the
 * optimal counts (the worst path) — `proved` only when Optimize answered sat with the optimum AND a
 * second query "some count assignment exceeds that optimum" was answered unsat; otherwise unknown.
 * Invariants: counts are non-negative integers; the entry block runs once; each block's count
 * equals the sum of its in-edges (entry: 1) and of its out-edges (exit: 1); each loop's back edge
 * runs at most bound × its entry edge.
 */
import type { SolverAnswer, SolverQuery } from "../solver/index.js";
import { modelInt, parseModel } from "../solver/index.js";
import { blockCost, edgeCost, type Cfg } from "./cfg.js";

/** The part of the solver driver the timing analysis uses. */
export interface TimingSolver {
  check(q: SolverQuery): Promise<SolverAnswer>;
}

export type BoundResult =
  | {
      readonly status: "proved";
      readonly cycles: number;
      /** Execution counts of the worst path: blocks and edges (by id). */
      readonly blockCounts: readonly number[];
      readonly edgeCounts: readonly number[];
      readonly solverMs: number;
    }
  | { readonly status: "unknown"; readonly reason: string; readonly solverMs: number; readonly cycles?: number };

/** The IPET constraints (without the objective), as SMT-LIB. */
export function ipetConstraints(cfg: Cfg): string {
  const lines: string[] = [];
  const inE = new Map<number, number[]>();
  const outE = new Map<number, number[]>();
  for (const b of cfg.blocks) {
    lines.push(`(declare-const b${b.id} Int)`);
    inE.set(b.id, []);
    outE.set(b.id, []);
  }
  for (const e of cfg.edges) {
    lines.push(`(declare-const e${e.id} Int)`, `(assert (>= e${e.id} 0))`);
    inE.get(e.to)!.push(e.id);
    outE.get(e.from)!.push(e.id);
  }
  const sum = (ids: number[]): string =>
    ids.length === 0 ? "0" : ids.length === 1 ? `e${ids[0]}` : `(+ ${ids.map((i) => `e${i}`).join(" ")})`;
  for (const b of cfg.blocks) {
    const ins = inE.get(b.id)!;
    const outs = outE.get(b.id)!;
    lines.push(`(assert (= b${b.id} ${b.id === cfg.entry ? "1" : sum(ins)}))`);
    lines.push(`(assert (= b${b.id} ${b.id === cfg.exit ? "1" : sum(outs)}))`);
  }
  if (cfg.entry !== cfg.exit && (inE.get(cfg.entry)!.length > 0)) throw new Error("ipet: entry block has predecessors");
  for (const l of cfg.loops) lines.push(`(assert (<= e${l.back} (* ${l.bound} e${l.entry})))`);
  const terms: string[] = [];
  for (const b of cfg.blocks) {
    const c = blockCost(b);
    if (c > 0) terms.push(`(* ${c} b${b.id})`);
  }
  for (const e of cfg.edges) {
    const c = edgeCost(e);
    if (c > 0) terms.push(`(* ${c} e${e.id})`);
  }
  lines.push("(declare-const total Int)");
  lines.push(`(assert (= total ${terms.length === 0 ? "0" : terms.length === 1 ? terms[0] : `(+ ${terms.join(" ")})`}))`);
  return lines.join("\n") + "\n";
}

function parseObjective(a: SolverAnswer & { status: "sat" }): number | undefined {
  if (a.model !== undefined) {
    const v = modelInt(parseModel(a.model), "total");
    if (v !== undefined) return v;
  }
  const o = a.objectives?.[0];
  if (o !== undefined && /^-?\d+$/.test(o.trim())) return Number(o.trim());
  return undefined;
}

export async function solveIpet(cfg: Cfg, solver: TimingSolver, timeoutMs: number): Promise<BoundResult> {
  const base = ipetConstraints(cfg);
  const opt = await solver.check({ smtlib: base + "(maximize total)\n", timeoutMs, mode: "optimize", getModel: true });
  let solverMs = opt.timeMs;
  if (opt.status !== "sat") {
    return { status: "unknown", reason: opt.status === "unsat" ? "IPET constraints unsatisfiable (internal error)" : `Optimize: ${opt.reason}`, solverMs };
  }
  const v = parseObjective(opt);
  if (v === undefined || opt.model === undefined) return { status: "unknown", reason: "Optimize gave no objective value", solverMs };
  const m = parseModel(opt.model);
  const blockCounts = cfg.blocks.map((b) => modelInt(m, `b${b.id}`) ?? 0);
  const edgeCounts = cfg.edges.map((e) => modelInt(m, `e${e.id}`) ?? 0);
  // Certificate: no execution count vector exceeds v.
  const ver = await solver.check({ smtlib: base + `(assert (> total ${v}))\n`, timeoutMs, mode: "check" });
  solverMs += ver.timeMs;
  if (ver.status !== "unsat") {
    return {
      status: "unknown",
      reason: ver.status === "sat" ? `Optimize's value ${v} is not maximal (solver disagreement)` : `verifying the maximum: ${ver.reason}`,
      solverMs,
      cycles: v,
    };
  }
  return { status: "proved", cycles: v, blockCounts, edgeCounts, solverMs };
}
