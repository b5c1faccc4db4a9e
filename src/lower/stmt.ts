/**
 * Statement lowering: a task body of the checked AST to IR statements.
 *
 * Input: AST statements of one task and the task's lowering context. Output: IR statements
 * appended to a list; locals registered (renamed unique per task) in the context.
 * Invariants: an assignment whose value's inferred range is not inside the target's declared range
 * is preceded by a "range" assert on exactly that value; an element assignment checks its index
 * ("index") before its value; `match` becomes an if-chain over the subject's member index (the last
 * arm of an exhaustive match, or the `_` arm, is the final else); `skip` produces nothing.
 */
import type * as ast from "../ast/ast.js";
import type { IrExpr, IrPlace, IrStmt, IrType } from "../ir/ir.js";
import type { Span } from "../source/span.js";
import { freshLocal, indexCheck, lowerExpr, stableId, varOf, type LowerCtx } from "./expr.js";
import { andAll, bin, cmp, constE, elemOf, IR_BOOL, irType, plainInt } from "./types.js";

/** Conditions under which `value` (scalar) fits [lo, hi]; empty when its range already does. */
function rangeConds(value: IrExpr, target: IrType, span: Span): IrExpr[] {
  const t = elemOf(target);
  const v = value.type;
  if (t.kind !== "int" || v.kind !== "int") return [];
  const parts: IrExpr[] = [];
  if (v.lo < t.lo) parts.push(cmp("ge", value, constE(t.lo, t, span), span));
  if (v.hi > t.hi) parts.push(cmp("le", value, constE(t.hi, t, span), span));
  return parts;
}

function elementsOf(value: IrExpr, length: number): IrExpr[] {
  if (value.k === "array") return [...value.elements];
  if (value.k === "var" && value.type.kind === "array") {
    const elem = value.type.elem;
    return Array.from({ length }, (_, i) => ({
      k: "index" as const,
      array: value.name,
      scope: value.scope,
      index: plainInt(i, value.span),
      type: elem,
      span: value.span,
    }));
  }
  if (value.k === "ite" && value.type.kind === "array") {
    const a = elementsOf(value.then, length);
    const b = elementsOf(value.else, length);
    const elem = value.type.elem;
    return a.map((x, i) => ({ k: "ite" as const, cond: value.cond, then: x, else: b[i]!, type: elem, span: value.span }));
  }
  return [];
}

/** Emit the range assert (if needed) for storing `value` into a target of type `target`. */
export function emitRangeCheck(
  ctx: LowerCtx,
  value: IrExpr,
  target: IrType,
  what: string,
  span: Span,
  out: IrStmt[],
): void {
  const t = elemOf(target);
  if (t.kind !== "int") return;
  let conds: IrExpr[];
  if (target.kind === "array") {
    conds = elementsOf(value, target.length).flatMap((x) => rangeConds(x, target, span));
  } else {
    conds = rangeConds(value, target, span);
  }
  if (conds.length === 0) return;
  out.push({
    s: "assert",
    id: stableId(ctx, "range", span),
    check: { kind: "range", lo: t.lo, hi: t.hi, what },
    cond: andAll(conds, span),
    span,
  });
}

export function lowerBlock(ctx: LowerCtx, stmts: readonly ast.Stmt[], out: IrStmt[]): void {
  for (const s of stmts) lowerStmt(ctx, s, out);
}

function lowerStmt(ctx: LowerCtx, s: ast.Stmt, out: IrStmt[]): void {
  switch (s.kind) {
    case "Skip":
      return;
    case "Assign":
      lowerAssign(ctx, s.target, s.value, s.span, out);
      return;
    case "Let":
    case "Var": {
      const sym = ctx.checked.refs.get(s.name);
      if (!sym) throw new Error(`lower: local ${s.name.name} has no symbol`);
      const type = irType(sym.type);
      const value = lowerExpr(ctx, s.value, out);
      const name = freshLocal(ctx, s.name.name, type, s.kind === "Let" ? "let" : "var", s.name.span);
      ctx.localNames.set(sym, name);
      emitRangeCheck(ctx, value, type, name, s.span, out);
      out.push({ s: "assign", target: { name, scope: "local", span: s.name.span }, value, span: s.span });
      return;
    }
    case "If":
      lowerIf(ctx, s, out);
      return;
    case "Match":
      lowerMatch(ctx, s, out);
      return;
    case "For": {
      const lo = ctx.checked.constValues.get(s.lo);
      const hi = ctx.checked.constValues.get(s.hi);
      if (lo?.kind !== "int" || hi?.kind !== "int") throw new Error("lower: loop bounds are not constant");
      const sym = ctx.checked.refs.get(s.var);
      if (!sym) throw new Error(`lower: loop variable ${s.var.name} has no symbol`);
      const name = freshLocal(ctx, s.var.name, irType(sym.type), "loop", s.var.span);
      ctx.localNames.set(sym, name);
      const body: IrStmt[] = [];
      lowerBlock(ctx, s.body.stmts, body);
      out.push({ s: "for", var: name, lo: Number(lo.value), hi: Number(hi.value), body, span: s.span });
      return;
    }
  }
}

function lowerAssign(ctx: LowerCtx, place: ast.Place, valueE: ast.Expr, span: Span, out: IrStmt[]): void {
  const sym = ctx.checked.refs.get(place);
  if (!sym) throw new Error(`lower: assignment target ${place.name.name} has no symbol`);
  const target = varOf(ctx, sym, place.span);
  if (target.k !== "var") throw new Error("unreachable");
  const scope = target.scope;
  if (scope !== "state" && scope !== "output" && scope !== "local") throw new Error(`lower: cannot assign ${scope}`);
  let index: IrExpr | undefined;
  let targetType: IrType = target.type;
  if (place.index) {
    if (target.type.kind !== "array") throw new Error("lower: indexing a non-array");
    index = lowerExpr(ctx, place.index, out);
    const c = indexCheck(index, target.type.length, place.span);
    if (c) {
      out.push({
        s: "assert",
        id: stableId(ctx, "index", place.span),
        check: { kind: "index", length: target.type.length, array: target.name },
        cond: c,
        span: place.span,
      });
    }
    targetType = target.type.elem;
  }
  const value = lowerExpr(ctx, valueE, out);
  emitRangeCheck(ctx, value, targetType, place.index ? `${place.name.name}[]` : place.name.name, span, out);
  const p: IrPlace = { name: target.name, scope, ...(index ? { index } : {}), span: place.span };
  out.push({ s: "assign", target: p, value, span });
}

function lowerIf(ctx: LowerCtx, s: ast.IfStmt, out: IrStmt[]): void {
  const cond = lowerExpr(ctx, s.cond, out);
  const then: IrStmt[] = [];
  lowerBlock(ctx, s.then.stmts, then);
  const els: IrStmt[] = [];
  if (s.else) {
    if (s.else.kind === "Block") lowerBlock(ctx, s.else.stmts, els);
    else lowerIf(ctx, s.else, els);
  }
  out.push({ s: "if", cond, then, else: els, span: s.span });
}

function lowerMatch(ctx: LowerCtx, s: Extract<ast.Stmt, { kind: "Match" }>, out: IrStmt[]): void {
  let subject = lowerExpr(ctx, s.subject, out);
  if (subject.k !== "var" && subject.k !== "const") {
    const t = freshLocal(ctx, "tmp_subject", subject.type, "temp", s.subject.span);
    out.push({ s: "assign", target: { name: t, scope: "local", span: s.subject.span }, value: subject, span: s.subject.span });
    subject = { k: "var", name: t, scope: "local", type: subject.type, span: s.subject.span };
  }
  const st = subject.type;
  const arms = s.arms;
  // Build from the last arm backwards.
  const bodies = arms.map((arm) => {
    const body: IrStmt[] = [];
    lowerBlock(ctx, arm.body.stmts, body);
    return body;
  });
  let tail: IrStmt[] = [];
  for (let i = arms.length - 1; i >= 0; i--) {
    const arm = arms[i]!;
    const body = bodies[i]!;
    if (arm.wildcard || i === arms.length - 1) {
      // The `_` arm, or the last arm of an exhaustive match (the checker guarantees coverage).
      tail = body;
      continue;
    }
    const conds = arm.patterns.map((p) => {
      const ms = ctx.checked.refs.get(p.member);
      const idx = ms?.enumIndex ?? 0;
      return cmp("eq", subject, constE(idx, st.kind === "array" ? st.elem : st, p.span), p.span);
    });
    const cond = conds.length === 0 ? constE(1, IR_BOOL, arm.span) : conds.slice(1).reduce((a, c) => bin("or", a, c, IR_BOOL, arm.span), conds[0]!);
    tail = [{ s: "if", cond, then: body, else: tail, span: arm.span }];
  }
  out.push(...tail);
}
