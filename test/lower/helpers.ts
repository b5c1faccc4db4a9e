/**
 * Test helpers: load, check and lower a model file or text; validate IR invariants.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check } from "../../src/check/index.js";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import type { IrExpr, IrProgram, IrStmt } from "../../src/ir/ir.js";
import { lower } from "../../src/lower/index.js";
import { loadModel } from "../../src/parse/index.js";

export function lowerFile(path: string): IrProgram {
  const loaded = loadModel(path);
  const checked = check(loaded);
  if (hasErrors(checked.diagnostics)) {
    throw new Error(`${path} has errors: ${checked.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.col} ${d.message}`).join("; ")}`);
  }
  return lower(checked, { sources: loaded.sources });
}

let dir: string | undefined;
export function lowerText(text: string, name = "m.vgl"): IrProgram {
  dir ??= mkdtempSync(join(tmpdir(), "vigil-lower-"));
  const p = join(dir, name);
  writeFileSync(p, text);
  return lowerFile(p);
}

/** The model header most test models share. */
export const HEADER = `device T
  target cortex-m4 at 16 MHz
  tick 1 ms
domain app integrity trusted confidentiality public
`;

function walkExpr(e: IrExpr, f: (e: IrExpr) => void): void {
  f(e);
  switch (e.k) {
    case "index":
      walkExpr(e.index, f);
      break;
    case "unary":
      walkExpr(e.arg, f);
      break;
    case "binary":
      walkExpr(e.left, f);
      walkExpr(e.right, f);
      break;
    case "ite":
      walkExpr(e.cond, f);
      walkExpr(e.then, f);
      walkExpr(e.else, f);
      break;
    case "array":
      e.elements.forEach((x) => walkExpr(x, f));
      break;
    default:
      break;
  }
}

export function walkStmts(ss: readonly IrStmt[], f: (s: IrStmt, prev: IrStmt | undefined) => void): void {
  ss.forEach((s, i) => {
    f(s, ss[i - 1]);
    if (s.s === "if") {
      walkStmts(s.then, f);
      walkStmts(s.else, f);
    } else if (s.s === "for") walkStmts(s.body, f);
  });
}

function stmtExprs(s: IrStmt): IrExpr[] {
  switch (s.s) {
    case "assign":
      return s.target.index ? [s.target.index, s.value] : [s.value];
    case "if":
      return [s.cond];
    case "for":
      return [];
    case "assert":
      return [s.cond];
    case "endorse":
      return [s.value, s.valid, s.fallback];
    case "declassify":
      return [s.value];
  }
}

/** Checks invariants of src/ir/ir.ts that can be checked syntactically; returns the problems. */
export function validateIr(p: IrProgram): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const globals = new Map([...p.inputs, ...p.state, ...p.outputs].map((g) => [g.name, g]));
  for (const l of p.irqs) globals.set(l.name, { name: l.name, role: "input", type: { kind: "bool" }, domain: l.domain, span: l.span });
  for (const t of p.tasks) {
    const locals = new Map(t.locals.map((l) => [l.name, l]));
    if (locals.size !== t.locals.length) problems.push(`${t.name}: duplicate local names`);
    walkStmts(t.body, (s, prev) => {
      if (!s.span) problems.push(`${t.name}: statement without span`);
      if (s.s === "assert" || s.s === "endorse" || s.s === "declassify") {
        if (ids.has(s.id)) problems.push(`duplicate id ${s.id}`);
        ids.add(s.id);
      }
      for (const e of stmtExprs(s))
        walkExpr(e, (x) => {
          if (!x.span) problems.push(`${t.name}: expression without span`);
          if (x.k === "var" && x.scope === "local" && !locals.has(x.name)) problems.push(`${t.name}: undeclared local ${x.name}`);
          if (x.k === "var" && x.scope !== "local" && !globals.has(x.name)) problems.push(`${t.name}: unknown global ${x.name}`);
          if (x.type.kind === "int" && (x.type.lo > x.type.hi || Math.abs(x.type.lo) > Number.MAX_SAFE_INTEGER || Math.abs(x.type.hi) > Number.MAX_SAFE_INTEGER))
            problems.push(`${t.name}: bad range`);
        });
      if (s.s === "assign" && !s.target.index) {
        const tt = s.target.scope === "local" ? locals.get(s.target.name)?.type : globals.get(s.target.name)?.type;
        const vt = s.value.type;
        if (tt?.kind === "int" && vt.kind === "int" && (vt.lo < tt.lo || vt.hi > tt.hi)) {
          if (!(prev && prev.s === "assert" && prev.check.kind === "range")) problems.push(`${t.name}: unchecked assignment to ${s.target.name}`);
        }
      }
      if (s.s === "assign" && s.target.scope !== "local" && !t.writes.includes(s.target.name)) problems.push(`${t.name}: writes ${s.target.name} not in writes`);
    });
  }
  return problems;
}
