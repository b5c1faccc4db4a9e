/**
 * Small builders for hand-written IR programs in interpreter tests.
 * Input: none. Output: helpers producing IR nodes with a synthetic span.
 */
import type { IrBinOp, IrExpr, IrProgram, IrScalarType, IrScope, IrStmt, IrTask, IrType } from "../../src/ir/ir.js";
import type { Span } from "../../src/source/span.js";

export const SP: Span = { file: "test.vgl", line: 1, col: 1, offset: 0, length: 0 };
export const sp = (line: number, col = 1): Span => ({ file: "test.vgl", line, col, offset: 0, length: 1 });

export const BOOL: IrScalarType = { kind: "bool" };
export const int = (lo: number, hi: number, unit: "none" | "time" | "freq" = "none"): IrScalarType => ({
  kind: "int",
  lo,
  hi,
  unit,
});
export const c = (value: number, type: IrScalarType = int(value, value)): IrExpr => ({ k: "const", value, type, span: SP });
export const v = (name: string, scope: IrScope, type: IrType): IrExpr => ({ k: "var", name, scope, type, span: SP });
export const bin = (op: IrBinOp, left: IrExpr, right: IrExpr, type?: IrScalarType): IrExpr => {
  let t = type;
  if (!t) {
    if (["eq", "ne", "lt", "le", "gt", "ge", "and", "or"].includes(op)) t = BOOL;
    else {
      const l = left.type as { lo: number; hi: number };
      const r = right.type as { lo: number; hi: number };
      const cands =
        op === "add"
          ? [l.lo + r.lo, l.hi + r.hi]
          : op === "sub"
            ? [l.lo - r.hi, l.hi - r.lo]
            : op === "mul"
              ? [l.lo * r.lo, l.lo * r.hi, l.hi * r.lo, l.hi * r.hi]
              : [l.lo, l.hi, -Math.abs(l.lo), Math.abs(l.hi)];
      t = int(Math.min(...cands), Math.max(...cands));
    }
  }
  return { k: "binary", op, left, right, type: t, span: SP };
};
export const not = (e: IrExpr): IrExpr => ({ k: "unary", op: "not", arg: e, type: BOOL, span: SP });
export const assign = (name: string, scope: "state" | "output" | "local", value: IrExpr, index?: IrExpr): IrStmt => ({
  s: "assign",
  target: { name, scope, ...(index ? { index } : {}), span: SP },
  value,
  span: SP,
});
export const iff = (cond: IrExpr, then: IrStmt[], els: IrStmt[] = []): IrStmt => ({ s: "if", cond, then, else: els, span: SP });
export const rangeAssert = (id: string, value: IrExpr, lo: number, hi: number, what: string): IrStmt => ({
  s: "assert",
  id,
  check: { kind: "range", lo, hi, what },
  cond: bin("and", bin("ge", value, c(lo)), bin("le", value, c(hi))),
  span: SP,
});

export function task(p: Partial<IrTask> & Pick<IrTask, "name" | "body">): IrTask {
  return {
    kind: "periodic",
    periodTicks: 1,
    offsetTicks: 0,
    deadlineUs: 1000,
    publishDelayTicks: 1,
    priority: 1,
    domain: "d",
    reads: [],
    writes: [],
    locals: [],
    span: SP,
    ...p,
  };
}

export function program(p: Partial<IrProgram>): IrProgram {
  return {
    device: { name: "T", target: "cortex-m4", clockHz: 16_000_000, tickUs: 1000, sourceHash: "0", span: SP },
    levels: ["public", "patient"],
    domains: [{ name: "d", trusted: true, confidentiality: 0, span: SP }],
    enums: [],
    consts: [],
    inputs: [],
    irqs: [],
    state: [],
    outputs: [],
    tasks: [],
    assumptions: [],
    properties: [],
    ...p,
  };
}
