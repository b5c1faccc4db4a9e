/**
 * SMT-LIB queries of invariant generation (src/prove/invgen): the base and the 1-induction step of a
 * set of candidate state invariants checked together (Houdini), over the one-tick template.
 *
 * Input: a TsTemplate, candidate state predicates (template text over `$s.` symbols), the indices of
 * safety targets checked together with them, and already proved lemmas (state predicates) and
 * proved targets. Output: SMT-LIB text plus one indicator per candidate and per target.
 * Queries (frames as in transition.ts):
 *   base:  from the initial frame, some candidate is false at frame 0, or some target is violated
 *          at tick 0 (unsat = all hold initially, for every input of tick 0);
 *   step:  from an arbitrary frame satisfying the frame invariants and the lemmas, where every
 *          candidate holds and no target is violated (with the inputs of tick 0), one tick without
 *          runtime error, then some candidate is false at frame 1 or some target is violated at
 *          tick 1 (with any inputs of tick 1) (unsat = the set is 1-inductive).
 * Invariants: a candidate enters only as an assumption at frame 0 and as a goal at frame 1; base
 * unsat and step unsat together prove that the set holds in every frame reachable without a runtime
 * error (induction on the tick), which is the only way a candidate becomes a lemma.
 */
import { declareFrame, frames, initFrame, prelude } from "./queries.js";
import { instantiate, type TsTemplate } from "./transition.js";

export interface LemmaQuery {
  readonly smtlib: string;
  /** Candidate index (in the given list) -> indicator constant (true when it fails). */
  readonly candidates: ReadonlyMap<number, string>;
  /** Target index -> indicator constant (true when violated). */
  readonly targets: ReadonlyMap<number, string>;
}

function goals(out: string[], cands: readonly string[], targets: readonly number[], frame: number): [Map<number, string>, Map<number, string>] {
  const ci = new Map<number, string>();
  const ti = new Map<number, string>();
  cands.forEach((c, i) => {
    const n = `lf.${i}`;
    out.push(`(declare-const ${n} Bool)`, `(assert (= ${n} (not ${instantiate(c, frame)})))`);
    ci.set(i, n);
  });
  for (const k of targets) {
    const n = `lt.${k}`;
    out.push(`(declare-const ${n} Bool)`, `(assert (= ${n} o${frame}.v${k}))`);
    ti.set(k, n);
  }
  const all = [...ci.values(), ...ti.values()];
  out.push(all.length === 0 ? "(assert false)" : `(assert (or ${all.join(" ")}))`);
  return [ci, ti];
}

export function lemmaBaseQuery(t: TsTemplate, cands: readonly string[], targets: readonly number[]): LemmaQuery {
  const out = prelude(t);
  initFrame(t, out);
  frames(t, out, 0);
  const [c, g] = goals(out, cands, targets, 0);
  return { smtlib: out.join("\n") + "\n", candidates: c, targets: g };
}

export function lemmaStepQuery(
  t: TsTemplate,
  cands: readonly string[],
  targets: readonly number[],
  lemmas: readonly string[],
  provedTargets: readonly number[],
): LemmaQuery {
  const out = prelude(t);
  declareFrame(t, out);
  frames(t, out, 1);
  out.push("(assert o0.frame)", "(assert o0.allok)");
  for (let j = 0; j <= 1; j++) {
    for (const l of lemmas) out.push(`(assert ${instantiate(l, j)})`);
    for (const k of provedTargets) out.push(`(assert (not o${j}.v${k}))`);
  }
  for (const c of cands) out.push(`(assert ${instantiate(c, 0)})`);
  for (const k of targets) if (t.targets[k]?.kind !== "runtime") out.push(`(assert (not o0.v${k}))`);
  const [c, g] = goals(out, cands, targets, 1);
  return { smtlib: out.join("\n") + "\n", candidates: c, targets: g };
}
