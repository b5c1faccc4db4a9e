/**
 * A path through a task body in source terms: how often each `if` went each way and how many
 * cycles each source line contributes.
 *
 * Input: either the execution counts of the CFG's blocks and edges (the IPET worst path), or the
 * number of times each arm of each `if` ran (from the cost executor, from the reference
 * interpreter through replay.ts, or from a path-sensitive witness).
 * Output: a PathExplanation: total cycles, cycles per (file, line) sorted by line, and per `if`
 * (pre-order index, cfg.ts forEachIf) its then/else counts.
 * Invariants: every cycle comes from the same cost items as cfg.ts and exec.ts (cost.ts), so the
 * total of an explanation of IPET counts equals the IPET objective for those counts, and the
 * total of arm counts equals the cycles exec.ts counts for a job that runs to its end.
 * `fromArmCounts` returns undefined when the counts are not those of one complete job (an arm
 * total that does not match the number of times its `if` was reached).
 */
import type { IrStmt, IrTask } from "../ir/ir.js";
import { epilogueItems, exprCost, opItem, prologueItems, stmtCost, type CostCtx, type CostItem } from "./cost.js";
import type { Cfg } from "./cfg.js";

export interface LineCycles {
  readonly file: string;
  readonly line: number;
  readonly cycles: number;
}

export interface BranchCounts {
  /** Pre-order index of the `if` in the task body. */
  readonly index: number;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Executions of the then-arm (condition true) and of the else-arm / skip (condition false). */
  readonly then: number;
  readonly else: number;
}

export interface PathExplanation {
  readonly cycles: number;
  readonly lines: readonly LineCycles[];
  readonly branches: readonly BranchCounts[];
}

export interface ArmCounts {
  readonly then: number;
  readonly else: number;
}

class Lines {
  private readonly m = new Map<string, { file: string; line: number; cycles: number }>();
  total = 0;
  add(items: readonly CostItem[], times: number): void {
    if (times === 0) return;
    for (const i of items) {
      const k = `${i.file}\u0000${i.line}`;
      const e = this.m.get(k) ?? { file: i.file, line: i.line, cycles: 0 };
      e.cycles += i.cycles * times;
      this.m.set(k, e);
      this.total += i.cycles * times;
    }
  }
  list(): LineCycles[] {
    return [...this.m.values()].filter((x) => x.cycles > 0).sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  }
}

/** The explanation of a CFG count vector (the IPET worst path). */
export function explainCfgCounts(cfg: Cfg, blockCounts: readonly number[], edgeCounts: readonly number[]): PathExplanation {
  const l = new Lines();
  for (const b of cfg.blocks) l.add(b.items, blockCounts[b.id] ?? 0);
  for (const e of cfg.edges) l.add(e.items, edgeCounts[e.id] ?? 0);
  const branches = cfg.ifs.map((f, index) => ({ index, file: f.span.file, line: f.span.line, col: f.span.col, then: edgeCounts[f.thenEdge] ?? 0, else: edgeCounts[f.elseEdge] ?? 0 }));
  return { cycles: l.total, lines: l.list(), branches };
}

/** The explanation of one complete job given how often each arm of each `if` ran. */
export function fromArmCounts(c: CostCtx, task: IrTask, arms: readonly ArmCounts[]): PathExplanation | undefined {
  const l = new Lines();
  const branches: BranchCounts[] = [];
  let k = 0;
  let ok = true;
  const walk = (stmts: readonly IrStmt[], n: number): void => {
    for (const s of stmts) {
      if (s.s === "if") {
        const idx = k++;
        const a = arms[idx] ?? { then: 0, else: 0 };
        if (a.then + a.else !== n || a.then < 0 || a.else < 0) ok = false;
        branches.push({ index: idx, file: s.span.file, line: s.span.line, col: s.span.col, then: a.then, else: a.else });
        const cond: CostItem[] = [];
        exprCost(c, s.cond, cond);
        l.add(cond, n);
        l.add([opItem(c, "branch.fall", s.span), ...(s.else.length > 0 ? [opItem(c, "jump", s.span)] : [])], a.then);
        l.add([opItem(c, "branch.taken", s.span)], a.else);
        walk(s.then, a.then);
        walk(s.else, a.else);
      } else if (s.s === "for") {
        const iters = Math.max(0, s.hi - s.lo + 1);
        l.add([opItem(c, "loop.init", s.span), opItem(c, "loop.test.exit", s.span)], n);
        l.add([opItem(c, "loop.test.stay", s.span), opItem(c, "loop.step", s.span)], n * iters);
        walk(s.body, n * iters);
      } else {
        const xs: CostItem[] = [];
        stmtCost(c, s, xs);
        l.add(xs, n);
      }
    }
  };
  l.add(prologueItems(c, task), 1);
  walk(task.body, 1);
  l.add(epilogueItems(c, task), 1);
  if (!ok || k !== arms.length) return undefined;
  return { cycles: l.total, lines: l.list(), branches };
}

/**
 * The text report of a path: one line per `if` (how it went), then one line per source line with
 * its cycles (and the line's text when `lineText` knows it).
 */
export function renderExplanation(e: PathExplanation, lineText: (file: string, line: number) => string | undefined = () => undefined, indent = "  "): string {
  let out = "";
  for (const b of e.branches) {
    const n = b.then + b.else;
    const how = n === 0 ? "not reached" : n === 1 ? (b.then === 1 ? "condition true (then-arm)" : "condition false (else-arm)") : `then-arm ${b.then}x, else-arm ${b.else}x`;
    out += `${indent}if at ${b.file}:${b.line}:${b.col}: ${how}\n`;
  }
  const w = Math.max(...e.lines.map((x) => String(x.cycles).length), 1);
  for (const x of e.lines) {
    const t = lineText(x.file, x.line)?.trim();
    out += `${indent}${String(x.cycles).padStart(w)} cycles  ${x.file}:${x.line}${t ? `  | ${t.length > 70 ? t.slice(0, 67) + "..." : t}` : ""}\n`;
  }
  return out;
}
