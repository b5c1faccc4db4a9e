/**
 * The cost of IR expressions and straight-line statements on one target, as lists of cost items.
 *
 * Input: a target model and options, the task (for local types) and the program (global types).
 * Output: CostItem lists (IR operation, cycles, source line) for an expression, an assignment, an
 * assert, an endorse, a declassify, the task prologue/epilogue and the control-flow glue
 * (branch, jump, loop test/step).
 * Invariants: every cycle counted here comes from opCycles(target, op) (src/targets), i.e. from the
 * one cost table per target; the CFG builder (cfg.ts), the symbolic encoder (pathenc.ts) and the
 * cost-counting executor (exec.ts) all cost through these functions, so they agree by construction.
 * Expressions are costed as evaluated into registers left to right; a binary operation whose right
 * operand is not a leaf pays a spill; `ite` evaluates both arms (pure and total) and selects.
 */
import type { IrExpr, IrProgram, IrStmt, IrTask, IrType } from "../ir/ir.js";
import type { Span } from "../source/span.js";
import { opCycles, type IrOpKey, type TargetModel, type TargetOptions } from "../targets/index.js";

export interface CostItem {
  readonly op: IrOpKey;
  readonly cycles: number;
  readonly line: number;
  readonly file: string;
}

export interface CostCtx {
  readonly target: TargetModel;
  readonly opts: TargetOptions;
  /** Name -> type for the task's locals and the program's globals. */
  readonly types: ReadonlyMap<string, IrType>;
}

export function makeCostCtx(target: TargetModel, opts: TargetOptions, program: IrProgram, task: IrTask): CostCtx {
  const types = new Map<string, IrType>();
  for (const g of [...program.inputs, ...program.state, ...program.outputs]) types.set(g.name, g.type);
  for (const l of program.irqs) types.set(l.name, { kind: "bool" });
  for (const l of task.locals) types.set(l.name, l.type);
  return { target, opts, types };
}

const I32_LO = -2147483648;
const U32_HI = 4294967295;

/** Whether a scalar type needs a 64-bit register pair (the C backend's int64_t). */
export function isWide(t: IrType): boolean {
  if (t.kind === "array") return isWide(t.elem);
  if (t.kind !== "int") return false;
  return t.lo < I32_LO || t.hi > U32_HI || (t.lo < 0 && t.hi > 2147483647);
}

/** Number of 32-bit words of a value of this type (for buffers and publication). */
export function wordsOf(t: IrType): number {
  if (t.kind === "array") return t.length * wordsOf(t.elem);
  return isWide(t) ? 2 : 1;
}

function item(c: CostCtx, op: IrOpKey, span: Span): CostItem {
  return { op, cycles: opCycles(c.target, op, c.opts), line: span.line, file: span.file };
}

function w(op: string, wide: boolean): IrOpKey {
  return (wide ? `${op}64` : op) as IrOpKey;
}

function isLeaf(e: IrExpr): boolean {
  return e.k === "const" || e.k === "var";
}

/** Cost of evaluating `e` into registers (appended to `out`). */
export function exprCost(c: CostCtx, e: IrExpr, out: CostItem[]): void {
  switch (e.k) {
    case "const": {
      const [lo, hi] = c.target.immRange;
      const v = e.value;
      const op: IrOpKey = v >= lo && v <= hi ? "const.imm" : v >= I32_LO && v <= U32_HI ? "const.lit" : "const.lit64";
      out.push(item(c, op, e.span));
      return;
    }
    case "var": {
      const wide = isWide(e.type);
      if (e.type.kind === "array") {
        // a whole array read (only as the source of an array copy): one load per word
        const n = wordsOf(e.type);
        for (let i = 0; i < n; i++) out.push(item(c, e.scope === "local" ? "load.local" : "load.global", e.span));
        return;
      }
      out.push(item(c, w(e.scope === "local" ? "load.local" : "load.global", wide), e.span));
      return;
    }
    case "index":
      exprCost(c, e.index, out);
      out.push(item(c, w("load.index", isWide(e.type)), e.span));
      return;
    case "unary": {
      exprCost(c, e.arg, out);
      const wide = isWide(e.type) || isWide(e.arg.type);
      out.push(item(c, e.op === "not" ? "not" : w(e.op, wide), e.span));
      return;
    }
    case "binary": {
      exprCost(c, e.left, out);
      exprCost(c, e.right, out);
      const wide = isWide(e.type) || isWide(e.left.type) || isWide(e.right.type);
      if (!isLeaf(e.right)) out.push(item(c, w("spill", wide), e.span));
      switch (e.op) {
        case "eq":
        case "ne":
        case "lt":
        case "le":
        case "gt":
        case "ge":
          out.push(item(c, w("cmp", wide), e.span));
          return;
        case "and":
        case "or":
          out.push(item(c, e.op, e.span));
          return;
        default:
          out.push(item(c, w(e.op, wide), e.span));
          return;
      }
    }
    case "ite":
      exprCost(c, e.cond, out);
      exprCost(c, e.then, out);
      exprCost(c, e.else, out);
      out.push(item(c, w("ite", isWide(e.type)), e.span));
      return;
    case "array":
      for (const el of e.elements) exprCost(c, el, out);
      return;
  }
}

function storeOp(scope: "state" | "output" | "local", indexed: boolean, wide: boolean): IrOpKey {
  if (indexed) return w("store.index", wide);
  return w(scope === "local" ? "store.local" : "store.global", wide);
}

/** Cost of a straight-line statement (assign, assert, endorse, declassify). */
export function stmtCost(c: CostCtx, s: IrStmt, out: CostItem[]): void {
  switch (s.s) {
    case "assign": {
      const t = c.types.get(s.target.name);
      const wide = t ? isWide(t) : false;
      if (s.target.index) {
        exprCost(c, s.target.index, out);
        exprCost(c, s.value, out);
        out.push(item(c, storeOp(s.target.scope, true, wide), s.span));
        return;
      }
      exprCost(c, s.value, out);
      if (t && t.kind === "array") {
        const n = wordsOf(t);
        for (let i = 0; i < n; i++) out.push(item(c, storeOp(s.target.scope, false, false), s.span));
        return;
      }
      out.push(item(c, storeOp(s.target.scope, false, wide), s.span));
      return;
    }
    case "assert":
      exprCost(c, s.cond, out);
      out.push(item(c, "assert", s.span));
      return;
    case "endorse": {
      exprCost(c, s.value, out);
      exprCost(c, s.valid, out);
      exprCost(c, s.fallback, out);
      out.push(item(c, "endorse", s.span));
      const t = c.types.get(s.target);
      out.push(item(c, w("store.local", t ? isWide(t) : false), s.span));
      return;
    }
    case "declassify": {
      exprCost(c, s.value, out);
      out.push(item(c, "declassify", s.span));
      const t = c.types.get(s.target);
      out.push(item(c, w("store.local", t ? isWide(t) : false), s.span));
      return;
    }
    case "if":
    case "for":
      throw new Error("stmtCost: control flow is costed by the CFG");
  }
}

export function opItem(c: CostCtx, op: IrOpKey, span: Span): CostItem {
  return item(c, op, span);
}

/** Items of the job's prologue (entry block). */
export function prologueItems(c: CostCtx, task: IrTask): CostItem[] {
  return [item(c, "task.prologue", task.span)];
}

/** Items of the job's epilogue: each written word into its publication buffer, then return. */
export function epilogueItems(c: CostCtx, task: IrTask): CostItem[] {
  const out: CostItem[] = [];
  for (const name of task.writes) {
    const t = c.types.get(name);
    const n = t ? wordsOf(t) : 1;
    for (let i = 0; i < n; i++) out.push(item(c, "buffer.word", task.span));
  }
  out.push(item(c, "task.epilogue", task.span));
  return out;
}

export function sumItems(items: readonly CostItem[]): number {
  let s = 0;
  for (const i of items) s += i.cycles;
  return s;
}
