/**
 * The control-flow graph of one task body, with costs on blocks and edges.
 *
 * Input: an IrTask and a CostCtx. Output: a Cfg: basic blocks (straight-line statements), edges
 * (sequence, then/else of an if, loop enter/exit/back), loops with their constant iteration bounds,
 * the ifs in pre-order (for explaining the worst path), and a partition of the graph into chunks
 * along the top-level statement sequence (for the chunked IPET certificate, ipet.ts).
 * Invariants:
 * - Block 0 is the entry (it holds the prologue) and `exit` holds the epilogue; every other block
 *   is reached only through edges; the graph is reducible (built from structured IR).
 * - Conditional branch costs sit on edges: the then-edge pays the not-taken branch, the else-edge
 *   the taken one; a then-arm followed by an else-arm pays the jump over it on its exit edge.
 * - `for v in lo .. hi` runs its body n = max(0, hi - lo + 1) times per entry: the loop's back
 *   edges execute at most n times per execution of its entry edge.
 * - `ifs[k]` is the k-th `if` of the task body in pre-order (static numbering: an `if` inside a
 *   loop has one index); exec.ts, path.ts and replay.ts number them the same way (forEachIf).
 * - Chunks: consecutive ranges of the top-level statement list, cut only right after a top-level
 *   `if`/`for` (so a chunk's start block is the join block of the previous chunk's last statement,
 *   fresh and empty when created). Every block is owned by exactly one chunk (a chunk's `end`
 *   block belongs to the next chunk, except the last chunk's end, the exit block); every edge lies
 *   in exactly one chunk. `bound` is the chunk's structural longest path over the items of the
 *   blocks and edges it owns (a cross-check target for the solver, never a proof by itself).
 */
import type { IrStmt, IrTask } from "../ir/ir.js";
import type { Span } from "../source/span.js";
import { epilogueItems, opItem, prologueItems, stmtCost, exprCost, type CostCtx, type CostItem } from "./cost.js";

export type EdgeKind = "seq" | "then" | "else" | "loop-enter" | "loop-exit" | "loop-entry" | "back";

export interface Block {
  readonly id: number;
  readonly items: CostItem[];
}

export interface Edge {
  readonly id: number;
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  readonly items: CostItem[];
}

export interface LoopInfo {
  readonly header: number;
  readonly entry: number;
  readonly back: number;
  readonly bound: number;
  readonly span: Span;
}

export interface IfInfo {
  readonly span: Span;
  readonly thenEdge: number;
  readonly elseEdge: number;
}

export interface Chunk {
  /** Its first block: the task's entry, or the join block of the previous chunk's last statement. */
  readonly start: number;
  /** The block after it: the next chunk's start, or (last chunk) the exit block. */
  readonly end: number;
  /** Blocks it owns (start included; end included only for the last chunk). */
  readonly blocks: readonly number[];
  readonly edges: readonly number[];
  readonly last: boolean;
  /** Structural longest path through the chunk (cost of its owned blocks and edges). */
  readonly bound: number;
}

export interface Cfg {
  readonly blocks: Block[];
  readonly edges: Edge[];
  readonly loops: LoopInfo[];
  readonly ifs: IfInfo[];
  readonly chunks: Chunk[];
  readonly entry: number;
  readonly exit: number;
}

/** Blocks per chunk before a cut is made (after the next top-level if/for). */
export const DEFAULT_CHUNK_BLOCKS = 300;

/** Calls f(stmt, k) for every `if` of `stmts` in pre-order (the numbering of Cfg.ifs). */
export function forEachIf(stmts: readonly IrStmt[], f: (s: IrStmt & { s: "if" }, k: number) => void): void {
  let k = 0;
  const walk = (xs: readonly IrStmt[]): void => {
    for (const s of xs) {
      if (s.s === "if") {
        f(s, k++);
        walk(s.then);
        walk(s.else);
      } else if (s.s === "for") walk(s.body);
    }
  };
  walk(stmts);
}

export function blockCost(b: Block): number {
  let s = 0;
  for (const i of b.items) s += i.cycles;
  return s;
}

export function edgeCost(e: Edge): number {
  let s = 0;
  for (const i of e.items) s += i.cycles;
  return s;
}

export function buildCfg(task: IrTask, c: CostCtx, chunkBlocks = DEFAULT_CHUNK_BLOCKS): Cfg {
  const blocks: Block[] = [];
  const edges: Edge[] = [];
  const loops: LoopInfo[] = [];
  const ifs: { span: Span; thenEdge: number; elseEdge: number }[] = [];
  const newBlock = (): number => {
    blocks.push({ id: blocks.length, items: [] });
    return blocks.length - 1;
  };
  const edge = (from: number, to: number, kind: EdgeKind, items: CostItem[] = []): number => {
    edges.push({ id: edges.length, from, to, kind, items });
    return edges.length - 1;
  };
  const sum = (xs: readonly CostItem[]): number => xs.reduce((a, x) => a + x.cycles, 0);
  const push = (b: number, xs: CostItem[]): number => {
    blocks[b]!.items.push(...xs);
    return sum(xs);
  };

  // returns the end block and the worst-case cost of the items the walk added (blocks and edges)
  const walk = (stmts: readonly IrStmt[], cur: number): { end: number; cost: number } => {
    let cost = 0;
    for (const s of stmts) {
      const r = walkOne(s, cur);
      cur = r.end;
      cost += r.cost;
    }
    return { end: cur, cost };
  };
  const walkOne = (s: IrStmt, cur: number): { end: number; cost: number } => {
    if (s.s === "if") {
      const xs: CostItem[] = [];
      exprCost(c, s.cond, xs);
      let cost = push(cur, xs);
      const info = { span: s.span, thenEdge: -1, elseEdge: -1 };
      ifs.push(info);
      const thenB = newBlock();
      const fall = opItem(c, "branch.fall", s.span);
      info.thenEdge = edge(cur, thenB, "then", [fall]);
      const th = walk(s.then, thenB);
      const join = newBlock();
      const taken = opItem(c, "branch.taken", s.span);
      let thenCost = fall.cycles + th.cost;
      let elseCost = taken.cycles;
      if (s.else.length > 0) {
        const elseB = newBlock();
        info.elseEdge = edge(cur, elseB, "else", [taken]);
        const el = walk(s.else, elseB);
        const jump = opItem(c, "jump", s.span);
        edge(th.end, join, "seq", [jump]);
        edge(el.end, join, "seq");
        thenCost += jump.cycles;
        elseCost += el.cost;
      } else {
        info.elseEdge = edge(cur, join, "else", [taken]);
        edge(th.end, join, "seq");
      }
      cost += Math.max(thenCost, elseCost);
      return { end: join, cost };
    }
    if (s.s === "for") {
      const init = opItem(c, "loop.init", s.span);
      let cost = push(cur, [init]);
      const header = newBlock();
      const entry = edge(cur, header, "loop-entry");
      const body = newBlock();
      const stay = opItem(c, "loop.test.stay", s.span);
      edge(header, body, "loop-enter", [stay]);
      const b = walk(s.body, body);
      const step = opItem(c, "loop.step", s.span);
      const back = edge(b.end, header, "back", [step]);
      const after = newBlock();
      const exit = opItem(c, "loop.test.exit", s.span);
      edge(header, after, "loop-exit", [exit]);
      const n = Math.max(0, s.hi - s.lo + 1);
      loops.push({ header, entry, back, bound: n, span: s.span });
      cost += n * (stay.cycles + b.cost + step.cycles) + exit.cycles;
      return { end: after, cost };
    }
    const xs: CostItem[] = [];
    stmtCost(c, s, xs);
    return { end: cur, cost: push(cur, xs) };
  };

  const entry = newBlock();
  let cost = push(entry, prologueItems(c, task));
  const chunks: Chunk[] = [];
  let cur = entry;
  let chunkStart = entry;
  let firstBlock = 0; // first block id created in the current chunk (start excluded)
  let firstEdge = 0;
  const close = (end: number, last: boolean): void => {
    const owned = [chunkStart];
    for (let b = firstBlock; b < blocks.length; b++) if (b !== chunkStart && (b !== end || last)) owned.push(b);
    if (last && end !== chunkStart && !owned.includes(end)) owned.push(end);
    const es: number[] = [];
    for (let e = firstEdge; e < edges.length; e++) es.push(e);
    chunks.push({ start: chunkStart, end, blocks: owned, edges: es, last, bound: cost });
  };
  firstBlock = blocks.length;
  for (const s of task.body) {
    const r = walkOne(s, cur);
    cur = r.end;
    cost += r.cost;
    if ((s.s === "if" || s.s === "for") && blocks.length - firstBlock >= chunkBlocks) {
      close(cur, false);
      chunkStart = cur;
      firstBlock = blocks.length;
      firstEdge = edges.length;
      cost = 0;
    }
  }
  cost += push(cur, epilogueItems(c, task));
  close(cur, true);
  return { blocks, edges, loops, ifs, chunks, entry, exit: cur };
}

/**
 * The longest path through the structured body computed directly on the IR tree (max over
 * if-arms, loop bodies times their bound), with the same cost items as the CFG. For structured
 * code it equals the IPET optimum; used as a cross-check of the solver, never as a proof.
 */
export function structuralBound(task: IrTask, c: CostCtx): number {
  const sum = (xs: CostItem[]): number => xs.reduce((a, x) => a + x.cycles, 0);
  const walk = (stmts: readonly IrStmt[]): number => {
    let total = 0;
    for (const s of stmts) {
      if (s.s === "if") {
        const cond: CostItem[] = [];
        exprCost(c, s.cond, cond);
        const thenC = opItem(c, "branch.fall", s.span).cycles + walk(s.then) + (s.else.length > 0 ? opItem(c, "jump", s.span).cycles : 0);
        const elseC = opItem(c, "branch.taken", s.span).cycles + walk(s.else);
        total += sum(cond) + Math.max(thenC, elseC);
      } else if (s.s === "for") {
        const n = Math.max(0, s.hi - s.lo + 1);
        total += opItem(c, "loop.init", s.span).cycles;
        total += n * (opItem(c, "loop.test.stay", s.span).cycles + walk(s.body) + opItem(c, "loop.step", s.span).cycles);
        total += opItem(c, "loop.test.exit", s.span).cycles;
      } else {
        const xs: CostItem[] = [];
        stmtCost(c, s, xs);
        total += sum(xs);
      }
    }
    return total;
  };
  return sum(prologueItems(c, task)) + walk(task.body) + sum(epilogueItems(c, task));
}
