/**
 * The product as constrained Horn clauses, for PDR (z3 Spacer via `new Solver('HORN')`).
 *
 * Input: an IrProgram and one noninterference property.
 * Output: SMT-LIB Horn clauses over one relation Inv(frame of copy 1, frame of copy 2):
 *   init:  initial states of both copies                      => Inv(f0)
 *   step:  Inv(f0) and one tick of both copies (product.ts)   => Inv(f1)
 *   query: Inv(f0) and the protected observables differ       => false
 * Invariants: the clause bodies are exactly the "init" and "trans" product queries of product.ts
 * (same encoding as k-induction and BMC), with their declared constants and named terms bound by
 * the clause's universal quantifier. Equalities already proved invariant (Houdini, engine.ts) may be
 * conjoined to the step's body: they hold in every reachable product state, so the least model of
 * Inv (the reachable states) is unchanged. Horn answer sat = an inductive relational invariant exists
 * (proved; the model is the invariant); unsat = some divergence is reachable (BMC then finds it).
 */
import type { IrProgram } from "../../ir/ir.js";
import { PRELUDE } from "../../smt/text.js";
import { buildQuery, type NiProperty, type ProductQuery } from "./product.js";

interface Clause {
  readonly vars: { name: string; sort: string }[];
  readonly body: string[];
}

function clauseOf(q: ProductQuery): Clause {
  const vars: { name: string; sort: string }[] = [];
  const body: string[] = [];
  for (const c of q.commands) {
    let m = /^\(declare-const (\S+) (Int|Bool)\)$/.exec(c);
    if (m) {
      vars.push({ name: m[1] ?? "", sort: m[2] ?? "Int" });
      continue;
    }
    m = /^\(define-fun (\S+) \(\) (Int|Bool) ([\s\S]*)\)$/.exec(c);
    if (m) {
      vars.push({ name: m[1] ?? "", sort: m[2] ?? "Int" });
      body.push(`(= ${m[1]} ${m[3]})`);
      continue;
    }
    m = /^\(assert ([\s\S]*)\)$/.exec(c);
    if (m) {
      body.push(m[1] ?? "true");
      continue;
    }
    throw new Error(`isolation: unexpected product command ${c.slice(0, 60)}`);
  }
  return { vars, body };
}

function forall(vars: readonly { name: string; sort: string }[], body: readonly string[], head: string): string {
  const b = body.length === 0 ? "true" : body.length === 1 ? body[0] : `(and ${body.join(" ")})`;
  if (vars.length === 0) return `(assert (=> ${b} ${head}))`;
  return `(assert (forall (${vars.map((v) => `(${v.name} ${v.sort})`).join(" ")}) (=> ${b} ${head})))`;
}

export function buildHorn(prog: IrProgram, prop: NiProperty, invariant?: ReadonlySet<string>): { smtlib: string; args: readonly string[] } {
  const opts = invariant ? { invariant } : {};
  const init = buildQuery(prog, prop, "init", 0, opts);
  const trans = buildQuery(prog, prop, "trans", 1, opts);
  const f0 = init.frames[0];
  const t0 = trans.frames[0];
  const t1 = trans.frames[1];
  if (!f0 || !t0 || !t1) throw new Error("isolation: horn frames missing");
  const sig = f0.vars.map((v) => v.sort).join(" ");
  const inv = (vs: readonly { name: string }[]): string => (vs.length === 0 ? "Inv" : `(Inv ${vs.map((v) => v.name).join(" ")})`);
  const ci = clauseOf(init);
  const ct = clauseOf(trans);
  const lines = [
    PRELUDE.trimEnd(),
    `(declare-fun Inv (${sig}) Bool)`,
    forall(ci.vars, ci.body, inv(f0.vars)),
    forall(ct.vars, [inv(t0.vars), ...ct.body], inv(t1.vars)),
    forall(f0.vars, [inv(f0.vars), `(not ${f0.P})`], "false"),
  ];
  return { smtlib: lines.join("\n") + "\n", args: f0.vars.map((v) => v.name) };
}

/** The invariant from a Horn model with Inv's parameters renamed to the product's frame symbols. */
export function readableInvariant(model: string, args: readonly string[]): string {
  const m = /\(define-fun Inv \(([\s\S]*?)\) Bool\s*([\s\S]*)\)\s*$/.exec(model.trim());
  const body = m?.[2] ?? model;
  return body.replace(/x!(\d+)/g, (all, i: string) => args[Number(i)] ?? all).replace(/\s+/g, " ").trim();
}
