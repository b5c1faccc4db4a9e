/**
 * IPET: the implicit path enumeration technique, certified by Z3 through SMT-LIB text.
 *
 * Input: a Cfg (cfg.ts, with its chunks) and a solver (src/solver). Output: the maximum of
 * sum(cost * count) over block and edge execution counts subject to flow conservation and the loop
 * bounds, with optimal counts (the worst path), or unknown with the reason.
 *
 * Method (scales linearly in the number of blocks; Z3 Optimize did not get past ~1 000 blocks):
 * the bound of each chunk is computed structurally (cfg.ts) and then established by the solver on
 * that chunk's IPET constraints, with the chunk's start block executed once:
 *   1. sat of "cost_j >= B_j" (its model is the chunk's part of the worst path), and
 *   2. unsat of "cost_j > B_j or end_j != 1" (no count vector exceeds B_j, and the chunk hands
 *      exactly one execution to the next chunk).
 * Soundness: the full system's constraints are the union of the chunks' constraints (each block's
 * in-conservation and out-conservation lie in the chunk that owns it or, for a chunk's end block,
 * in-conservation in the chunk before); the entry runs once, and by (2) every chunk start runs
 * once in every solution, so every solution restricted to chunk j satisfies chunk j's query and
 * total = sum_j cost_j <= sum_j B_j. By (1) the union of the chunk models (they agree on the
 * shared boundary blocks, which are 1) is a solution of the full system reaching sum_j B_j: the
 * bound is the exact IPET optimum. `proved` only when every answer was conclusive as required.
 * Invariants: counts are non-negative integers; the entry block runs once; each block's count
 * equals the sum of its in-edges (entry: 1) and of its out-edges (exit: 1); each loop's back edge
 * runs at most bound × its entry edge.
 */
import type { SolverAnswer, SolverQuery } from "../solver/index.js";
import { modelInt, parseModel } from "../solver/index.js";
import { blockCost, edgeCost, type Cfg, type Chunk } from "./cfg.js";

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
      /** Solver queries that established the bound (all conclusive). */
      readonly queries?: number;
    }
  | { readonly status: "unknown"; readonly reason: string; readonly solverMs: number; readonly cycles?: number };

const sumOf = (ids: readonly number[]): string =>
  ids.length === 0 ? "0" : ids.length === 1 ? `e${ids[0]}` : `(+ ${ids.map((i) => `e${i}`).join(" ")})`;

/** The IPET constraints of one chunk, as SMT-LIB, defining `cost` (the chunk's summed costs) and `bEnd`. */
export function chunkConstraints(cfg: Cfg, ch: Chunk): string {
  const lines: string[] = [];
  const owned = new Set(ch.blocks);
  const inE = new Map<number, number[]>();
  const outE = new Map<number, number[]>();
  for (const b of [...ch.blocks, ...(owned.has(ch.end) ? [] : [ch.end])]) {
    inE.set(b, []);
    outE.set(b, []);
  }
  for (const id of ch.edges) {
    const e = cfg.edges[id]!;
    lines.push(`(declare-const e${id} Int)`, `(assert (>= e${id} 0))`);
    inE.get(e.to)?.push(id);
    outE.get(e.from)?.push(id);
  }
  for (const b of ch.blocks) {
    lines.push(`(declare-const b${b} Int)`);
    lines.push(`(assert (= b${b} ${b === ch.start ? "1" : sumOf(inE.get(b)!)}))`);
    lines.push(`(assert (= b${b} ${ch.last && b === cfg.exit ? "1" : sumOf(outE.get(b)!)}))`);
  }
  if (!owned.has(ch.end)) lines.push(`(declare-const b${ch.end} Int)`, `(assert (= b${ch.end} ${sumOf(inE.get(ch.end)!)}))`);
  const inChunk = new Set(ch.edges);
  for (const l of cfg.loops) if (inChunk.has(l.entry)) lines.push(`(assert (<= e${l.back} (* ${l.bound} e${l.entry})))`);
  const terms: string[] = [];
  for (const b of ch.blocks) {
    const c = blockCost(cfg.blocks[b]!);
    if (c > 0) terms.push(`(* ${c} b${b})`);
  }
  for (const id of ch.edges) {
    const c = edgeCost(cfg.edges[id]!);
    if (c > 0) terms.push(`(* ${c} e${id})`);
  }
  lines.push("(declare-const cost Int)");
  lines.push(`(assert (= cost ${terms.length === 0 ? "0" : terms.length === 1 ? terms[0] : `(+ ${terms.join(" ")})`}))`);
  lines.push(`(define-fun bEnd () Int b${ch.end})`);
  return lines.join("\n") + "\n";
}

/** The whole IPET system (all chunks' constraints, without objective), defining `total`. */
export function ipetConstraints(cfg: Cfg): string {
  // the chunks' texts share only boundary block names (b<start> = b<end of previous>)
  const parts = cfg.chunks.map((ch, j) =>
    chunkConstraints(cfg, ch)
      .replace(/\bcost\b/g, `cost${j}`)
      .replace(/\bbEnd\b/g, `bEnd${j}`)
      .split("\n")
      .filter((l) => !(j > 0 && l === `(declare-const b${ch.start} Int)`))
      .map((l) => (j > 0 ? l.replace(`(assert (= b${ch.start} 1))`, "") : l))
      .join("\n"),
  );
  const total = cfg.chunks.length === 1 ? "cost0" : `(+ ${cfg.chunks.map((_, j) => `cost${j}`).join(" ")})`;
  return parts.join("\n") + `\n(declare-const total Int)\n(assert (= total ${total}))\n`;
}

export async function solveIpet(cfg: Cfg, solver: TimingSolver, timeoutMs: number): Promise<BoundResult> {
  let solverMs = 0;
  let queries = 0;
  const blockCounts = cfg.blocks.map(() => 0);
  const edgeCounts = cfg.edges.map(() => 0);
  let total = 0;
  for (let j = 0; j < cfg.chunks.length; j++) {
    const ch = cfg.chunks[j]!;
    const base = chunkConstraints(cfg, ch);
    const where = cfg.chunks.length > 1 ? ` (chunk ${j + 1} of ${cfg.chunks.length})` : "";
    const sat = await solver.check({ smtlib: base + `(assert (>= cost ${ch.bound}))\n`, timeoutMs, mode: "check", getModel: true });
    solverMs += sat.timeMs;
    queries++;
    if (sat.status !== "sat" || sat.model === undefined) {
      const why = sat.status === "unsat" ? `the structural bound ${ch.bound} is not attained${where} (internal error)` : sat.status === "unknown" ? `${sat.reason}${where}` : `no model${where}`;
      return { status: "unknown", reason: `IPET: ${why}`, solverMs };
    }
    const m = parseModel(sat.model);
    for (const b of ch.blocks) blockCounts[b] = modelInt(m, `b${b}`) ?? 0;
    for (const e of ch.edges) edgeCounts[e] = modelInt(m, `e${e}`) ?? 0;
    const cert = await solver.check({ smtlib: base + `(assert (or (> cost ${ch.bound}) ${ch.last ? "false" : "(not (= bEnd 1))"}))\n`, timeoutMs, mode: "check" });
    solverMs += cert.timeMs;
    queries++;
    if (cert.status !== "unsat") {
      return {
        status: "unknown",
        reason: cert.status === "sat" ? `IPET: a count vector exceeds the structural bound ${ch.bound}${where} (internal error)` : `IPET certificate: ${cert.reason}${where}`,
        solverMs,
      };
    }
    total += ch.bound;
  }
  return { status: "proved", cycles: total, blockCounts, edgeCounts, solverMs, queries };
}
