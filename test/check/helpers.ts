// Test helpers: parse a model from text and check it; walk every expression of a model.
import type * as ast from "../../src/ast/ast.js";
import { check, type CheckedModel } from "../../src/check/index.js";
import { parseText } from "../../src/parse/index.js";
import { makeSourceFile } from "../../src/source/span.js";

export function checkSource(text: string, opts: { flow?: "strict" | "relaxed" } = {}): CheckedModel {
  const r = parseText("m.vgl", text);
  const sources = new Map([["m.vgl", makeSourceFile("m.vgl", text)]]);
  return check({ ...(r.model ? { model: r.model } : {}), imports: [], sources, diagnostics: r.diagnostics }, opts);
}

export function codes(m: CheckedModel): string[] {
  return m.diagnostics.map((d) => d.code);
}

export const HEADER = `device Demo
  target cortex-m4 at 16 MHz
  tick 1 ms
domain therapy   integrity trusted   confidentiality patient
domain telemetry integrity untrusted confidentiality public
`;

function exprChildren(e: ast.Expr): ast.Expr[] {
  switch (e.kind) {
    case "Number":
    case "Bool":
    case "Tick":
    case "Name":
      return [];
    case "Member":
      return [e.object];
    case "Index":
      return [e.array, e.index];
    case "Unary":
      return [e.operand];
    case "Binary":
      return [e.left, e.right];
    case "Cond":
      return [e.cond, e.then, e.else];
    case "Call":
      return [...e.args];
    case "Endorse":
      return [e.value, e.valid, e.fallback];
    case "Declassify":
      return [e.value];
    case "ArrayList":
      return [...e.elements];
    case "ArrayRepeat":
      return [e.value, e.count];
  }
}

function typeExprs(t: ast.TypeExpr | undefined, out: ast.Expr[]): void {
  if (!t) return;
  if (t.kind === "RangeType") out.push(t.lo, t.hi);
  if ((t.kind === "TimeType" || t.kind === "FreqType") && t.lo && t.hi) out.push(t.lo, t.hi);
  if (t.kind === "ArrayType") {
    typeExprs(t.elem, out);
    out.push(t.length);
  }
}

function stmtExprs(s: ast.Stmt, out: ast.Expr[]): void {
  switch (s.kind) {
    case "Assign":
      out.push(s.value);
      if (s.target.index) out.push(s.target.index);
      return;
    case "Let":
    case "Var":
      typeExprs(s.type, out);
      out.push(s.value);
      return;
    case "If":
      out.push(s.cond);
      s.then.stmts.forEach((x) => stmtExprs(x, out));
      if (s.else) {
        if (s.else.kind === "Block") s.else.stmts.forEach((x) => stmtExprs(x, out));
        else stmtExprs(s.else, out);
      }
      return;
    case "Match":
      out.push(s.subject);
      s.arms.forEach((a) => a.body.stmts.forEach((x) => stmtExprs(x, out)));
      return;
    case "For":
      out.push(s.lo, s.hi);
      s.body.stmts.forEach((x) => stmtExprs(x, out));
      return;
    case "Skip":
      return;
  }
}

/** Every expression node reachable from the model (roots and all their sub-expressions). */
export function allExprs(m: ast.Model): ast.Expr[] {
  const roots: ast.Expr[] = [];
  if (m.device) {
    for (const t of m.device.targets) roots.push(t.clock);
    roots.push(...m.device.ticks);
  }
  for (const d of m.decls) {
    switch (d.kind) {
      case "Const":
        typeExprs(d.type, roots);
        roots.push(d.value);
        break;
      case "TypeAlias":
      case "Input":
        typeExprs(d.type, roots);
        break;
      case "Output":
      case "State":
        typeExprs(d.type, roots);
        if (d.init) roots.push(d.init);
        break;
      case "Assume":
        roots.push(d.expr);
        break;
      case "Task":
        for (const c of d.clauses) {
          if (c.kind === "Every") roots.push(c.period);
          else if (c.kind === "Offset") roots.push(c.offset);
          else if (c.kind === "MinInterarrival" || c.kind === "Deadline" || c.kind === "Priority") roots.push(c.value);
        }
        d.body.stmts.forEach((s) => stmtExprs(s, roots));
        break;
      case "Property":
        if (d.body.kind === "Always") {
          roots.push(d.body.expr);
          if (d.body.leadsTo) roots.push(d.body.leadsTo.target, d.body.leadsTo.within);
        } else if (d.body.kind === "Wcet") roots.push(d.body.bound);
        break;
      default:
        break;
    }
  }
  const out: ast.Expr[] = [];
  const visit = (e: ast.Expr): void => {
    out.push(e);
    exprChildren(e).forEach(visit);
  };
  roots.forEach(visit);
  return out;
}
