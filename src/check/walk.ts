/**
 * Small AST walkers shared by the checker's passes.
 *
 * Input: expressions and statements of the AST (with ctx.refs for assignedLocals). Output: visits.
 * Invariants: each node is visited once; no recursion into nested task declarations (there are none).
 */
import type * as ast from "../ast/ast.js";
import type { Ctx } from "./context.js";
import type { Sym } from "./model.js";

export function forEachChild(e: ast.Expr, f: (c: ast.Expr) => void): void {
  switch (e.kind) {
    case "Number":
    case "Bool":
    case "Tick":
    case "Name":
      return;
    case "Member":
      f(e.object);
      return;
    case "Index":
      f(e.array);
      f(e.index);
      return;
    case "Unary":
      f(e.operand);
      return;
    case "Binary":
      f(e.left);
      f(e.right);
      return;
    case "Cond":
      f(e.cond);
      f(e.then);
      f(e.else);
      return;
    case "Call":
      e.args.forEach(f);
      return;
    case "Endorse":
      f(e.value);
      f(e.valid);
      f(e.fallback);
      return;
    case "Declassify":
      f(e.value);
      return;
    case "ArrayList":
      e.elements.forEach(f);
      return;
    case "ArrayRepeat":
      f(e.value);
      f(e.count);
      return;
  }
}

/** Calls `f` on every top-level expression of the statements (not on sub-expressions). */
export function forEachStmtExpr(stmts: readonly ast.Stmt[], f: (e: ast.Expr) => void): void {
  for (const st of stmts) {
    switch (st.kind) {
      case "Assign":
        f(st.value);
        if (st.target.index) f(st.target.index);
        break;
      case "Let":
      case "Var":
        f(st.value);
        break;
      case "If":
        f(st.cond);
        forEachStmtExpr(st.then.stmts, f);
        if (st.else) forEachStmtExpr(st.else.kind === "Block" ? st.else.stmts : [st.else], f);
        break;
      case "Match":
        f(st.subject);
        for (const a of st.arms) forEachStmtExpr(a.body.stmts, f);
        break;
      case "For":
        f(st.lo);
        f(st.hi);
        forEachStmtExpr(st.body.stmts, f);
        break;
      case "Skip":
        break;
    }
  }
}

/** Locals assigned (not declared) anywhere in a block. */
export function assignedLocals(ctx: Ctx, b: ast.Block): Set<Sym> {
  const out = new Set<Sym>();
  const visit = (ss: readonly ast.Stmt[]): void => {
    for (const s of ss) {
      if (s.kind === "Assign") {
        const sym = ctx.refs.get(s.target);
        if (sym && sym.kind === "local") out.add(sym);
      } else if (s.kind === "If") {
        visit(s.then.stmts);
        if (s.else) visit(s.else.kind === "Block" ? s.else.stmts : [s.else]);
      } else if (s.kind === "Match") for (const a of s.arms) visit(a.body.stmts);
      else if (s.kind === "For") visit(s.body.stmts);
    }
  };
  visit(b.stmts);
  return out;
}
