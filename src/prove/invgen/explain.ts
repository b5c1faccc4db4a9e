/**
 * Why a safety target is still unknown, in model terms: the counterexample to induction (CTI) of
 * the last induction step, the variables whose values there no simulated run ever had, and
 * suggested invariants (in .vgl syntax) that would exclude that state.
 *
 * Input: the InvVars, the sampled frames, the parsed model of a sat k-induction step (frame 0 is
 * the arbitrary start state of the CTI), its k, and the mined candidates that held on every sampled
 * run but were not proved. Output: a CtiExplanation (text and JSON).
 * Invariants: nothing here is a verdict: a suggestion is a candidate the user may add as a property,
 * which vigil then proves like any other (it is never assumed). Suggestions are only candidates
 * that the CTI's start state violates, so adding one blocks this CTI.
 */
import type { IrValue } from "../../ir/ir.js";
import { modelBool, modelInt, type ParsedModel } from "../../solver/model-parse.js";
import { parseSExprs, type SExpr } from "../../solver/sexpr.js";
import { instantiate } from "../../smt/transition.js";
import type { Lemma } from "./index.js";
import type { Samples } from "./sample.js";
import { vglConst, type ConstNames, type InvVar } from "./vars.js";

export interface CtiExplanation {
  /** The induction depth of the step whose counter-model this is. */
  readonly k: number;
  /** The start state of the CTI, by .vgl name (enum members by name). */
  readonly state: Readonly<Record<string, IrValue | string | boolean>>;
  /** Variables whose CTI value lies outside every sampled run's range, in .vgl text. */
  readonly unseen: readonly string[];
  /** Candidate invariants (.vgl) that exclude the CTI's start state. */
  readonly suggestions: readonly string[];
  readonly text: string;
}

type V = number | boolean | undefined;

function evalS(e: SExpr, val: (sym: string) => V): V {
  if (typeof e === "string") {
    if (/^-?\d+$/.test(e)) return Number(e);
    if (e === "true") return true;
    if (e === "false") return false;
    return val(e);
  }
  const [op, ...args] = e;
  const xs = args.map((a) => evalS(a, val));
  if (xs.some((x) => x === undefined)) return undefined;
  const n = xs as (number | boolean)[];
  const num = (i: number): number => Number(n[i]);
  switch (op) {
    case "not":
      return !n[0];
    case "=>":
      return !n[0] || Boolean(n[1]);
    case "and":
      return n.every(Boolean);
    case "or":
      return n.some(Boolean);
    case "=":
      return n[0] === n[1];
    case "<=":
      return num(0) <= num(1);
    case ">=":
      return num(0) >= num(1);
    case "<":
      return num(0) < num(1);
    case ">":
      return num(0) > num(1);
    case "+":
      return n.reduce<number>((a, b) => a + Number(b), 0);
    case "-":
      return n.length === 1 ? -num(0) : n.slice(1).reduce<number>((a, b) => a - Number(b), num(0));
    case "mod": {
      const m = num(1);
      return ((num(0) % m) + m) % m;
    }
    case "ite":
      return n[0] ? n[1] : n[2];
    default:
      return undefined;
  }
}

/**
 * A template predicate compiled once for evaluation on concrete frames (one number per InvVar,
 * bool 0/1): tests check generated lemmas on simulated runs with it.
 */
export function compilePredicate(smt: string, vars: readonly InvVar[]): (frame: ArrayLike<number>) => V {
  const bySym = new Map(vars.map((v) => [v.sym, v]));
  const [e] = parseSExprs(smt);
  return (f) =>
    e === undefined
      ? undefined
      : evalS(e, (sym) => {
          const v = bySym.get(sym);
          if (!v) return undefined;
          const x = f[v.idx];
          return x === undefined ? undefined : v.kind === "bool" ? x !== 0 : x;
        });
}

/** The value of a template predicate at frame 0 of a model (undefined when a symbol is missing). */
export function evalAtFrame0(smt: string, pm: ParsedModel, vars: readonly InvVar[]): V {
  const bySym = new Map(vars.map((v) => [instantiate(v.sym, 0), v]));
  const [e] = parseSExprs(instantiate(smt, 0));
  if (e === undefined) return undefined;
  return evalS(e, (s) => {
    const v = bySym.get(s);
    if (!v) return undefined;
    return v.kind === "bool" ? modelBool(pm, s) : modelInt(pm, s);
  });
}

export function explainCti(vars: readonly InvVar[], samples: Samples | undefined, pm: ParsedModel, k: number, hints: readonly Lemma[], names: ConstNames): CtiExplanation {
  const state: Record<string, IrValue | string | boolean> = {};
  const shown: string[] = [];
  const unseen: string[] = [];
  for (const v of vars) {
    const sym = instantiate(v.sym, 0);
    const raw = v.kind === "bool" ? modelBool(pm, sym) : modelInt(pm, sym);
    if (raw === undefined) continue;
    const text = v.kind === "bool" ? String(raw) : v.kind === "enum" ? `${v.enumName}.${v.members?.[Number(raw)] ?? raw}` : vglConst(Number(raw), v.unit, { time: new Map(), none: new Map() });
    state[v.vgl] = v.kind === "enum" ? (v.members?.[Number(raw)] ?? Number(raw)) : raw;
    shown.push(`${v.vgl} = ${text}`);
    if (samples && v.kind === "int" && samples.frames.length > 0) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const f of samples.frames) {
        const x = f[v.idx] ?? 0;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      const x = Number(raw);
      if (x < lo || x > hi) unseen.push(`${v.vgl} = ${text} (simulated runs: ${vglConst(lo, v.unit, names)} .. ${vglConst(hi, v.unit, names)})`);
    }
  }
  const suggestions = hints.filter((h) => evalAtFrame0(h.smt, pm, vars) === false).map((h) => h.vgl).slice(0, 5);
  const parts = [`counterexample to induction (k=${k}): from the state ${shown.join(", ")}, which satisfies everything the induction step assumes but need not be reachable, ${k} tick(s) lead to the violation`];
  if (unseen.length > 0) parts.push(`values no simulated run had: ${unseen.join("; ")}`);
  if (suggestions.length > 0) parts.push(`an invariant that excludes this state (held on every simulated run, not proved inductive with the others): ${suggestions.map((s) => `\`property inv: always ${s}\``).join(" or ")}`);
  else parts.push("no generated candidate excludes this state: a helper invariant relating the variables above is missing");
  return { k, state, unseen, suggestions, text: parts.join("; ") };
}
