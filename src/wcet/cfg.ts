/**
 * The control-flow graph of one task body, with costs on blocks and edges.
 *
 * Input: an IrTask and a CostCtx. Output: a Cfg: basic blocks (straight-line statements), edges
 * (sequence, then/else of an if, loop enter/exit/back), loops with their constant iteration bounds,
 * and the ifs (for explaining the worst path).
 * Invariants:
 * - Block 0 is the entry (it holds the prologue) and `exit` holds the epilogue; every other block
 *   is reached only through edges; the graph is reducible (built from structured IR).
 * - Conditional branch costs sit on edges: the then-edge pays the not-taken branch, the else-edge
 *   the taken one; a then-arm followed by an else-arm pays the jump over it on its exit edge.
 * - `for v in lo .. hi` runs its body n = max(0, hi - lo + 1) times per entry: the loop's back
 *   edges execute at most n times per execution of its entry edge.
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

export interface Cfg {
  readonly blocks: Block[];
  readonly edges: Edge[];
  readonly loops: LoopInfo[];
  readonly ifs: IfInfo[];
  readonly entry: number;
  readonly exit: number;
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

export function buildCfg(task: IrTask, c: CostCtx): Cfg {
  const blocks: Block[] = [];
  const edges: Edge[] = [];
  const loops: LoopInfo[] = [];
  const ifs: IfInfo[] = [];
  const newBlock = (): number => {
    blocks.push({ id: blocks.length, items: [] });
    return blocks.length - 1;
  };
  const edge = (from: number, to: number, kind: EdgeKind, items: CostItem[] = []): number => {
    edges.push({ id: edges.length, from, to, kind, items });
    return edges.length - 1;
  };

  const walk = (stmts: readonly IrStmt[], cur: number): number => {
    for (const s of stmts) {
      if (s.s === "if") {
        exprCost(c, s.cond, blocks[cur]!.items);
        const thenB = newBlock();
        const thenEdge = edge(cur, thenB, "then", [opItem(c, "branch.fall", s.span)]);
        const thenEnd = walk(s.then, thenB);
        const join = newBlock();
        let elseEdge: number;
        if (s.else.length > 0) {
          const elseB = newBlock();
          elseEdge = edge(cur, elseB, "else", [opItem(c, "branch.taken", s.span)]);
          const elseEnd = walk(s.else, elseB);
          edge(thenEnd, join, "seq", [opItem(c, "jump", s.span)]);
          edge(elseEnd, join, "seq");
        } else {
          elseEdge = edge(cur, join, "else", [opItem(c, "branch.taken", s.span)]);
          edge(thenEnd, join, "seq");
        }
        ifs.push({ span: s.span, thenEdge, elseEdge });
        cur = join;
      } else if (s.s === "for") {
        blocks[cur]!.items.push(opItem(c, "loop.init", s.span));
        const header = newBlock();
        const entry = edge(cur, header, "loop-entry");
        const body = newBlock();
        edge(header, body, "loop-enter", [opItem(c, "loop.test.stay", s.span)]);
        const bodyEnd = walk(s.body, body);
        const back = edge(bodyEnd, header, "back", [opItem(c, "loop.step", s.span)]);
        const after = newBlock();
        edge(header, after, "loop-exit", [opItem(c, "loop.test.exit", s.span)]);
        loops.push({ header, entry, back, bound: Math.max(0, s.hi - s.lo + 1), span: s.span });
        cur = after;
      } else {
        stmtCost(c, s, blocks[cur]!.items);
      }
    }
    return cur;
  };

  const entry = newBlock();
  blocks[entry]!.items.push(...prologueItems(c, task));
  const last = walk(task.body, entry);
  blocks[last]!.items.push(...epilogueItems(c, task));
  return { blocks, edges, loops, ifs, entry, exit: last };
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
