/**
 * The safety part of endorse points (issue 5, part 2): is each endorse validator strong enough for
 * the trusted variable its result is stored in?
 *
 * Input: an IrProgram, a SolverDriver and a time budget.
 * Output: one ObligationResult (kind "endorse") per endorse point whose result is stored directly
 * into a state variable or output with an integer or enum range: "every value the validator accepts
 * lies in that variable's declared range".
 * Invariants:
 * - The query ranges over every value of the variables the validator and the value read (each within
 *   its declared type, inputs within their types and the assumptions): an over-approximation of the
 *   reachable states, so unsat proves the obligation.
 * - sat is shown as falsified only when the validator and value read inputs (and constants) alone:
 *   then the inputs found are fed to the interpreter at every tick until the task runs, and the run
 *   must stop on the destination's range check; otherwise the verdict is unknown (the state found
 *   may be unreachable; the safety proof's range check decides).
 */
import type { IrExpr, IrGlobal, IrProgram, IrStmt, IrTask, IrType } from "../../ir/ir.js";
import { simulate, type TickInputs } from "../../interp/index.js";
import type { SolverDriver } from "../../solver/types.js";
import { parseModel } from "../../solver/model-parse.js";
import type { ObligationResult } from "../verdict.js";
import { PRELUDE, and, rangeOf, scalarOf, sortOf, type Val } from "../../smt/text.js";
import { exprTerm, inputExprTerm, type Emitter } from "../../smt/symexec.js";
import { decodeInputs, toTraceSteps } from "./replay.js";
import type { InputVar } from "./product.js";

type EndorseStmt = Extract<IrStmt, { s: "endorse" }>;

interface Point {
  readonly task: IrTask;
  readonly stmt: EndorseStmt;
  readonly dest: IrGlobal;
}

function findPoints(prog: IrProgram): Point[] {
  const globals = new Map([...prog.state, ...prog.outputs].map((g) => [g.name, g]));
  const out: Point[] = [];
  const walk = (task: IrTask, ss: readonly IrStmt[]): void => {
    ss.forEach((s, i) => {
      if (s.s === "endorse") {
        const store = ss.slice(i + 1).find((x): x is Extract<IrStmt, { s: "assign" }> => x.s === "assign" && x.value.k === "var" && x.value.name === s.target && !x.target.index);
        const dest = store ? globals.get(store.target.name) : undefined;
        if (dest && dest.type.kind !== "bool" && dest.type.kind !== "array") out.push({ task, stmt: s, dest });
      } else if (s.s === "if") {
        walk(task, s.then);
        walk(task, s.else);
      } else if (s.s === "for") walk(task, s.body);
    });
  };
  for (const t of prog.tasks) walk(t, t.body);
  return out;
}

function reads(e: IrExpr, out: Set<string>): void {
  if (e.k === "var") out.add(`${e.scope}:${e.name}`);
  else if (e.k === "index") {
    out.add(`${e.scope}:${e.array}`);
    reads(e.index, out);
  } else if (e.k === "unary") reads(e.arg, out);
  else if (e.k === "binary") {
    reads(e.left, out);
    reads(e.right, out);
  } else if (e.k === "ite") {
    reads(e.cond, out);
    reads(e.then, out);
    reads(e.else, out);
  } else if (e.k === "array") e.elements.forEach((x) => reads(x, out));
}

function rangeText(t: IrType): string {
  const s = scalarOf(t);
  return s.kind === "int" ? `[${s.lo}, ${s.hi}]` : s.kind === "enum" ? `[0, ${s.members.length - 1}]` : "bool";
}

export async function proveEndorsements(
  prog: IrProgram,
  opts: { solver: SolverDriver; timeoutMs: number; only?: readonly string[] },
): Promise<ObligationResult[]> {
  const results: ObligationResult[] = [];
  for (const p of findPoints(prog)) {
    if (opts.only && !opts.only.includes(p.stmt.id)) continue;
    const start = Date.now();
    const obligation = {
      name: p.stmt.id,
      kind: "endorse" as const,
      description: `every value the validator of this endorse accepts fits ${p.dest.name}'s range ${rangeText(p.dest.type)}`,
      span: p.stmt.span,
    };
    const lines: string[] = [PRELUDE.trimEnd()];
    let n = 0;
    const em: Emitter = {
      name: (term, sort) => {
        if (/^[A-Za-z0-9_.]+$/.test(term)) return term;
        const id = `e${n++}`;
        lines.push(`(define-fun ${id} () ${sort} ${term})`);
        return id;
      },
      assert: (t) => {
        if (t !== "true") lines.push(`(assert ${t})`);
      },
    };
    const declare = (name: string, t: IrType): Val => {
      const s = scalarOf(t);
      const one = (x: string): string => {
        lines.push(`(declare-const ${x} ${sortOf(s)})`);
        em.assert(rangeOf(x, s));
        return x;
      };
      return t.kind === "array" ? Array.from({ length: t.length }, (_, i) => one(`${name}.${i}`)) : one(name);
    };
    const inputs = new Map<string, Val>();
    const row: InputVar[] = [];
    for (const g of prog.inputs) {
      const v = declare(`in.${g.name}`, g.type);
      inputs.set(g.name, v);
      row.push({ name: g.name, type: g.type, symbols: v });
    }
    for (const l of prog.irqs) {
      const v = declare(`in.${l.name}`, { kind: "bool" });
      inputs.set(l.name, v);
      row.push({ name: l.name, type: { kind: "bool" }, symbols: v });
    }
    for (const a of prog.assumptions) em.assert(inputExprTerm(prog, em, inputs, a.expr));
    const env = new Map<string, Val>();
    for (const g of [...prog.state, ...prog.outputs]) env.set(g.name, declare(`g.${g.name}`, g.type));
    for (const l of p.task.locals) env.set(l.name, declare(`l.${l.name}`, l.type));
    const ok = exprTerm(prog, em, env, inputs, p.stmt.valid);
    const v = exprTerm(prog, em, env, inputs, p.stmt.value);
    em.assert(and([ok, `(not ${rangeOf(v, scalarOf(p.dest.type))})`]));
    const a = await opts.solver.check({ smtlib: lines.join("\n") + "\n", timeoutMs: opts.timeoutMs, mode: "check", getModel: true });
    const done = (verdict: ObligationResult["verdict"]): void => {
      results.push({ obligation, verdict, timeMs: Date.now() - start, solverMs: Math.min(a.timeMs, Date.now() - start) });
    };
    if (a.status === "unsat") {
      done({ status: "proved", engine: "endorse-range", evidence: { kind: "static", note: `for every value of the variables it reads, the validator admits only values in ${rangeText(p.dest.type)}` } });
      continue;
    }
    if (a.status === "unknown") {
      done({ status: "unknown", engine: "endorse-range", reason: `solver: ${a.reason}` });
      continue;
    }
    const used = new Set<string>();
    reads(p.stmt.valid, used);
    reads(p.stmt.value, used);
    const inputOnly = [...used].every((x) => x.startsWith("input:") || x.startsWith("irq:"));
    const sample = parseModel(a.model ?? "");
    const shown = [...used].map((x) => x.split(":")[1] ?? x).filter((x) => sample.has(`in.${x}`) || sample.has(`g.${x}`));
    if (!inputOnly) {
      done({
        status: "unknown",
        engine: "endorse-range",
        reason: `the validator admits values outside ${p.dest.name}'s range ${rangeText(p.dest.type)} for some values of ${shown.join(", ") || "the state"}; whether such a state is reachable is left to the range check of the safety proof`,
      });
      continue;
    }
    // Replay: the same inputs at every tick until the task has run once (irq lines raised).
    const [tick0] = decodeInputs(a.model ?? "", [row]);
    const inputsAt: TickInputs = { ...(tick0 ?? {}), ...(p.task.irq ? { [p.task.irq]: 1 } : {}) };
    const ticks = (p.task.kind === "periodic" ? p.task.offsetTicks : 0) + 1;
    const sim = simulate(prog, () => inputsAt, ticks);
    const err = sim.runtimeError;
    const dest = p.dest.name;
    if (sim.assumptionViolation || !err || err.task !== p.task.name || !(err.check.kind === "range" && err.check.what === dest)) {
      done({ status: "unknown", engine: "endorse-range", reason: `internal error (VG6003): the validator's counterexample did not replay as a range error on ${dest}` });
      continue;
    }
    done({
      status: "falsified",
      engine: "endorse-range",
      tick: err.tick,
      trace: toTraceSteps(prog, sim),
      at: p.stmt.span,
      explanation: `the validator is too weak: it accepts ${shown.map((x) => `${x} = ${String((tick0 ?? {})[x])}`).join(", ")}, and the endorsed value ${err.value ?? ""} does not fit ${dest}'s range ${rangeText(p.dest.type)} (runtime error at tick ${err.tick})`,
      replayed: true,
    });
  }
  return results;
}
