/**
 * SMT-LIB queries of the safety engines, built from the one-tick template (transition.ts).
 *
 * Input: a TsTemplate and what to ask. Output: SMT-LIB text (without check-sat) plus the names the
 * caller reads back from a model: the input symbols of every tick and one indicator per target.
 * Queries (docs/semantics.md; frames as in transition.ts; q_j = no runtime error before tick j):
 *   vacuity:      the inputs of one tick can satisfy the ranges and every assumption (unsat = vacuous);
 *   bmc K from F: from the initial frame, some target is violated at a tick j in [F, K] with q_j
 *                 (sat = a counterexample of j+1 ticks);
 *   step K:       from an arbitrary frame satisfying the frame invariants, K ticks without runtime
 *                 error, the candidates hold at frames 0..K-1, the lemmas (proved targets and proved
 *                 generated state invariants) at frames 0..K, and some candidate is violated at
 *                 frame K (unsat = the candidates are K-inductive together);
 *   horn:         constrained Horn clauses over Inv(frame): init => Inv; Inv, the proved state
 *                 invariants and a tick without runtime error => Inv'; Inv and a violated target => false (sat = safe, the model is
 *                 an inductive invariant; unsat = a violation is reachable).
 * Invariants: every tick's inputs satisfy their ranges and every assumption; frame 0 of bmc and horn
 * is exactly the initial state; nothing is asserted that a real run of the device could violate,
 * except the frame invariants, which hold in every reachable frame (transition.ts).
 */
import { PRELUDE } from "./text.js";
import { instantiate, type InputSymbol, type TsTemplate } from "./transition.js";

export interface InputRow {
  readonly name: string;
  readonly type: InputSymbol["type"];
  /** Symbols of this tick (`i<j>.name`), one or one per element. */
  readonly symbols: string | readonly string[];
}

export interface BuiltQuery {
  readonly smtlib: string;
  /** Per tick 0..K: the input symbols. */
  readonly inputs: readonly (readonly InputRow[])[];
  /** Per requested target index: the Bool indicator constant set when it is violated. */
  readonly indicators: ReadonlyMap<number, string>;
}

export function prelude(t: TsTemplate): string[] {
  return t.needsPrelude ? [PRELUDE.trimEnd()] : [];
}

export function inputRows(t: TsTemplate, K: number): InputRow[][] {
  const rows: InputRow[][] = [];
  for (let j = 0; j <= K; j++) {
    rows.push(
      t.inputs.map((x) => ({
        name: x.name,
        type: x.type,
        symbols: typeof x.symbols === "string" ? instantiate(x.symbols, j) : x.symbols.map((s) => instantiate(s, j)),
      })),
    );
  }
  return rows;
}

export function frames(t: TsTemplate, out: string[], K: number): void {
  const body = t.lines.join("\n");
  for (let j = 0; j <= K; j++) out.push(instantiate(body, j));
}

export function initFrame(t: TsTemplate, out: string[]): void {
  for (const v of t.stateVars) out.push(`(define-fun ${instantiate(v.name, 0)} () ${v.sort} ${t.init.get(v.name) ?? "0"})`);
}

export function declareFrame(t: TsTemplate, out: string[]): void {
  for (const v of t.stateVars) out.push(`(declare-const ${instantiate(v.name, 0)} ${v.sort})`);
}

export function indicatorsFor(out: string[], ids: readonly number[], term: (k: number) => string): Map<number, string> {
  const ind = new Map<number, string>();
  for (const k of ids) {
    const name = `viol.${k}`;
    out.push(`(declare-const ${name} Bool)`, `(assert (= ${name} ${term(k)}))`);
    ind.set(k, name);
  }
  out.push(ids.length === 0 ? "(assert false)" : `(assert (or ${[...ind.values()].join(" ")}))`);
  return ind;
}

export function vacuityQuery(t: TsTemplate): BuiltQuery {
  const out = prelude(t);
  declareFrame(t, out);
  frames(t, out, 0);
  return { smtlib: out.join("\n") + "\n", inputs: inputRows(t, 0), indicators: new Map() };
}

/**
 * K+1 ticks from the initial state with no goal: the caller adds constraints (tests fix the inputs
 * to compare the encoding with the interpreter tick by tick).
 */
export function pathQuery(t: TsTemplate, K: number): BuiltQuery {
  const out = prelude(t);
  initFrame(t, out);
  frames(t, out, K);
  return { smtlib: out.join("\n") + "\n", inputs: inputRows(t, K), indicators: new Map() };
}

/** Some target of `ids` violated at a tick in [from, K] on a run from the initial state. */
export function bmcQuery(t: TsTemplate, K: number, from: number, ids: readonly number[]): BuiltQuery {
  const out = prelude(t);
  initFrame(t, out);
  frames(t, out, K);
  // q_j: no runtime error at ticks 0..j-1.
  out.push("(define-fun q0 () Bool true)");
  for (let j = 1; j <= K; j++) out.push(`(define-fun q${j} () Bool (and q${j - 1} o${j - 1}.allok))`);
  const lo = Math.max(0, Math.min(from, K));
  const ind = indicatorsFor(out, ids, (k) => {
    const parts: string[] = [];
    for (let j = lo; j <= K; j++) parts.push(`(and q${j} o${j}.v${k})`);
    return parts.length === 1 ? (parts[0] ?? "false") : `(or ${parts.join(" ")})`;
  });
  return { smtlib: out.join("\n") + "\n", inputs: inputRows(t, K), indicators: ind };
}

/** The K-induction step for `candidates` (target indices), assuming `lemmas` (proved targets). */
export function stepQuery(t: TsTemplate, K: number, candidates: readonly number[], lemmas: readonly number[], stateLemmas: readonly string[] = []): BuiltQuery {
  const out = prelude(t);
  declareFrame(t, out);
  frames(t, out, K);
  for (let j = 0; j <= K; j++) {
    out.push(`(assert o${j}.frame)`);
    for (const l of lemmas) out.push(`(assert (not o${j}.v${l}))`);
    for (const l of stateLemmas) out.push(`(assert ${instantiate(l, j)})`);
  }
  for (let j = 0; j < K; j++) {
    out.push(`(assert o${j}.allok)`);
    for (const c of candidates) if (t.targets[c]?.kind !== "runtime") out.push(`(assert (not o${j}.v${c}))`);
  }
  const ind = indicatorsFor(out, candidates, (k) => `o${K}.v${k}`);
  return { smtlib: out.join("\n") + "\n", inputs: inputRows(t, K), indicators: ind };
}

/** One command of an instantiated tick, as a Horn-clause ingredient. */
function clauseParts(lines: readonly string[]): { vars: { name: string; sort: string }[]; body: string[] } {
  const vars: { name: string; sort: string }[] = [];
  const body: string[] = [];
  for (const c of lines) {
    let m = /^\(declare-const (\S+) (Int|Bool)\)$/.exec(c);
    if (m) {
      vars.push({ name: m[1] ?? "", sort: m[2] ?? "Int" });
      continue;
    }
    m = /^\(assert ([\s\S]*)\)$/.exec(c);
    if (m) {
      body.push(m[1] ?? "true");
      continue;
    }
    throw new Error(`safety encoding: unexpected template command ${c.slice(0, 60)}`);
  }
  return { vars, body };
}

function forall(vars: readonly { name: string; sort: string }[], body: readonly string[], head: string): string {
  const b = body.length === 0 ? "true" : body.length === 1 ? (body[0] ?? "true") : `(and ${body.join(" ")})`;
  if (vars.length === 0) return `(assert (=> ${b} ${head}))`;
  return `(assert (forall (${vars.map((v) => `(${v.name} ${v.sort})`).join(" ")}) (=> ${b} ${head})))`;
}

/** Horn clauses for PDR over the targets `ids`; `args` are Inv's parameters in frame-0 names. */
export function hornQuery(t: TsTemplate, ids: readonly number[], stateLemmas: readonly string[] = []): { smtlib: string; args: readonly string[] } {
  const s0 = t.stateVars.map((v) => ({ name: instantiate(v.name, 0), sort: v.sort }));
  const s1 = t.stateVars.map((v) => ({ name: instantiate(v.name, 1), sort: v.sort }));
  const tick = clauseParts(t.lines.map((l) => instantiate(l, 0)));
  const nextNames = new Set(s1.map((v) => v.name));
  const locals = tick.vars.filter((v) => !nextNames.has(v.name));
  const inv = (vs: readonly { name: string }[]): string => (vs.length === 0 ? "Inv" : `(Inv ${vs.map((v) => v.name).join(" ")})`);
  const initArgs = t.stateVars.map((v) => t.init.get(v.name) ?? "0");
  const lines = [
    ...prelude(t),
    `(declare-fun Inv (${t.stateVars.map((v) => v.sort).join(" ")}) Bool)`,
    `(assert ${s0.length === 0 ? "Inv" : `(Inv ${initArgs.join(" ")})`})`,
    forall([...s0, ...tick.vars], [inv(s0), ...stateLemmas.map((l) => instantiate(l, 0)), ...tick.body, "o0.allok"], inv(s1)),
    forall([...s0, ...locals], [inv(s0), ...tick.body.filter((b) => !/^\(= s1\./.test(b)), `(or ${ids.map((k) => `o0.v${k}`).join(" ") || "false"})`], "false"),
  ];
  return { smtlib: lines.join("\n") + "\n", args: s0.map((v) => v.name) };
}
