/**
 * Cost-counting executor: runs one job of a task body on concrete values and counts the cycles of
 * the path it takes with the same cost items as the CFG (cost.ts).
 *
 * Input: a CostCtx, the task, and an environment (name -> value) holding the visible state, inputs
 * and locals. Output: the cycles of the executed path and the final environment; stops at a
 * failing assert (like the interpreter) with `failed` set.
 * Invariants: evaluation follows docs/semantics.md (truncating division, C99 remainder, computed
 * with the interpreter's formulas); every
 * cycle counted comes from cost.ts, so executed cycles <= the IPET bound for every input.
 */
import type { IrExpr, IrStmt, IrTask } from "../ir/ir.js";
import { forEachIf } from "./cfg.js";
import type { ArmCounts } from "./path.js";
import { epilogueItems, exprCost, opItem, prologueItems, stmtCost, sumItems, type CostCtx, type CostItem } from "./cost.js";

export type Env = Map<string, number | number[]>;

function ev(e: IrExpr, env: Env): number {
  switch (e.k) {
    case "const":
      return e.value;
    case "var": {
      const v = env.get(e.name);
      return typeof v === "number" ? v : 0;
    }
    case "index": {
      const a = env.get(e.array);
      return Array.isArray(a) ? (a[ev(e.index, env)] ?? 0) : 0;
    }
    case "unary": {
      const a = ev(e.arg, env);
      return e.op === "neg" ? -a : e.op === "not" ? (a ? 0 : 1) : Math.abs(a);
    }
    case "binary": {
      const a = ev(e.left, env);
      const b = ev(e.right, env);
      switch (e.op) {
        case "add": return a + b;
        case "sub": return a - b;
        case "mul": return a * b + 0;
        case "div": return b === 0 ? 0 : (a - (a % b)) / b + 0;
        case "rem": return b === 0 ? 0 : (a % b) + 0;
        case "eq": return a === b ? 1 : 0;
        case "ne": return a !== b ? 1 : 0;
        case "lt": return a < b ? 1 : 0;
        case "le": return a <= b ? 1 : 0;
        case "gt": return a > b ? 1 : 0;
        case "ge": return a >= b ? 1 : 0;
        case "and": return a && b ? 1 : 0;
        case "or": return a || b ? 1 : 0;
        case "min": return Math.min(a, b);
        case "max": return Math.max(a, b);
      }
      return 0;
    }
    case "ite":
      return ev(e.cond, env) ? ev(e.then, env) : ev(e.else, env);
    case "array":
      return 0;
  }
}

export function executeJob(c: CostCtx, task: IrTask, env: Env): { cycles: number; failed: boolean; arms: ArmCounts[] } {
  // `if`s are numbered by position (pre-order), as forEachIf does, not by object identity
  const arms: { then: number; else: number }[] = [];
  forEachIf(task.body, () => arms.push({ then: 0, else: 0 }));
  const counts = new WeakMap<readonly IrStmt[], number>();
  const ifsIn = (xs: readonly IrStmt[]): number => {
    let n = counts.get(xs);
    if (n !== undefined) return n;
    n = 0;
    for (const s of xs) n += s.s === "if" ? 1 + ifsIn(s.then) + ifsIn(s.else) : s.s === "for" ? ifsIn(s.body) : 0;
    counts.set(xs, n);
    return n;
  };
  let cycles = sumItems(prologueItems(c, task));
  const add = (xs: CostItem[]) => (cycles += sumItems(xs));
  const run = (stmts: readonly IrStmt[], k0: number): boolean => {
    let k = k0;
    for (const s of stmts) {
      if (s.s === "if") {
        const here = k;
        k += 1 + ifsIn(s.then) + ifsIn(s.else);
        const xs: CostItem[] = [];
        exprCost(c, s.cond, xs);
        add(xs);
        const arm = arms[here]!;
        if (ev(s.cond, env)) {
          arm.then++;
          cycles += opItem(c, "branch.fall", s.span).cycles;
          if (!run(s.then, here + 1)) return false;
          if (s.else.length > 0) cycles += opItem(c, "jump", s.span).cycles;
        } else {
          arm.else++;
          cycles += opItem(c, "branch.taken", s.span).cycles;
          if (!run(s.else, here + 1 + ifsIn(s.then))) return false;
        }
      } else if (s.s === "for") {
        const here = k;
        k += ifsIn(s.body);
        cycles += opItem(c, "loop.init", s.span).cycles;
        for (let i = s.lo; i <= s.hi; i++) {
          env.set(s.var, i);
          cycles += opItem(c, "loop.test.stay", s.span).cycles;
          if (!run(s.body, here)) return false;
          cycles += opItem(c, "loop.step", s.span).cycles;
        }
        cycles += opItem(c, "loop.test.exit", s.span).cycles;
      } else {
        const xs: CostItem[] = [];
        stmtCost(c, s, xs);
        add(xs);
        if (s.s === "assert") {
          if (!ev(s.cond, env)) return false;
        } else if (s.s === "assign") {
          const v = ev(s.value, env);
          if (s.target.index) {
            const a = env.get(s.target.name);
            if (Array.isArray(a)) a[ev(s.target.index, env)] = v;
          } else env.set(s.target.name, v);
        } else if (s.s === "endorse") env.set(s.target, ev(s.valid, env) ? ev(s.value, env) : ev(s.fallback, env));
        else if (s.s === "declassify") env.set(s.target, ev(s.value, env));
      }
    }
    return true;
  };
  const ok = run(task.body, 0);
  if (ok) cycles += sumItems(epilogueItems(c, task));
  return { cycles, failed: !ok, arms };
}
