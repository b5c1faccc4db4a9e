/**
 * Settling the safety part of endorse points with the safety proof (docs/semantics.md section 5).
 *
 * Input: the program and the results of one `vigil prove` run (safety and isolation together).
 * Output: the same results where an `endorse` obligation that the isolation engine left unknown
 * ("the validator admits values outside the destination's range for some values; whether such a
 * state is reachable is left to the range check") is decided by the range check that guards the
 * store of that endorse point's result: proved when that check is proved (no reachable state stores
 * an endorsed value outside the range), falsified with the check's replayed counterexample when it
 * is falsified. Any other verdict is left as it is.
 * Invariants: only the range assert that checks the endorse point's own result (the first range
 * assert after the endorse, in the same task, whose condition reads its target) is used.
 */
import type { IrExpr, IrProgram, IrStmt } from "../../ir/ir.js";
import type { ObligationResult } from "../verdict.js";

function reads(e: IrExpr, name: string): boolean {
  switch (e.k) {
    case "var":
      return e.name === name;
    case "index":
      return e.array === name || reads(e.index, name);
    case "unary":
      return reads(e.arg, name);
    case "binary":
      return reads(e.left, name) || reads(e.right, name);
    case "ite":
      return reads(e.cond, name) || reads(e.then, name) || reads(e.else, name);
    case "array":
      return e.elements.some((x) => reads(x, name));
    case "const":
      return false;
  }
}

/** endorse id → id of the range assert that checks its stored result. */
export function endorseGuards(prog: IrProgram): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of prog.tasks) {
    const flat: IrStmt[] = [];
    const walk = (ss: readonly IrStmt[]): void => {
      for (const s of ss) {
        flat.push(s);
        if (s.s === "if") (walk(s.then), walk(s.else));
        else if (s.s === "for") walk(s.body);
      }
    };
    walk(t.body);
    flat.forEach((s, i) => {
      if (s.s !== "endorse") return;
      const guard = flat.slice(i + 1).find((x) => x.s === "assert" && x.check.kind === "range" && reads(x.cond, s.target));
      if (guard && guard.s === "assert") out.set(s.id, guard.id);
    });
  }
  return out;
}

export function linkEndorsements(prog: IrProgram, results: readonly ObligationResult[]): ObligationResult[] {
  const guards = endorseGuards(prog);
  const byName = new Map(results.map((r) => [r.obligation.name, r]));
  return results.map((r) => {
    if (r.obligation.kind !== "endorse" || r.verdict.status !== "unknown") return r;
    const gid = guards.get(r.obligation.name);
    const g = gid ? byName.get(gid) : undefined;
    if (!g || !gid) return r;
    if (g.verdict.status === "proved") {
      return {
        ...r,
        verdict: {
          status: "proved",
          engine: `via ${gid}`,
          evidence: {
            kind: "static",
            note: `the validator alone does not bound the value, but the range check ${gid} of its store is proved (${g.verdict.engine}): no reachable state stores an endorsed value outside the range`,
          },
        },
      };
    }
    if (g.verdict.status === "falsified") return { ...r, verdict: { ...g.verdict, explanation: `the validator lets an out-of-range value through: ${g.verdict.explanation}` } };
    return r;
  });
}
