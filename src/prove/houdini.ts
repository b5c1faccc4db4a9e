/**
 * Houdini (Flanagan and Leino, FME 2001): the largest subset of a set of candidates that passes a
 * check together, by refutation. Shared by invariant generation (src/prove/invgen) and usable by any
 * engine whose check can name the members that fail.
 *
 * Input: candidate ids and an oracle `ask(active)` that checks the conjunction of `active` and
 * answers "holds", "fails" with the members shown false by one counter-model, or "unknown".
 * Output: the surviving ids, the number of rounds, and whether the result is conclusive.
 * Invariants:
 * - Each "fails" answer removes at least one active member (otherwise the run stops, inconclusive),
 *   so the loop ends after at most |ids| + 1 rounds.
 * - For a monotone check (inductiveness relative to the set itself), every removed member is false
 *   after a step from a state satisfying a superset of the result, so the result is the greatest
 *   subset that passes (the union of passing sets passes).
 * - The result is conclusive only when the last answer was "holds" (or nothing is left); an
 *   "unknown" answer yields no survivors and `conclusive: false`, which is always sound to use.
 */

export type HoudiniAnswer =
  | { readonly kind: "holds" }
  | { readonly kind: "fails"; readonly failing: readonly number[] }
  | { readonly kind: "unknown"; readonly reason: string };

export interface HoudiniResult {
  readonly kept: readonly number[];
  readonly rounds: number;
  readonly conclusive: boolean;
  readonly reason?: string;
}

export async function houdini(ids: readonly number[], ask: (active: readonly number[]) => Promise<HoudiniAnswer>): Promise<HoudiniResult> {
  let active = [...ids];
  let rounds = 0;
  for (;;) {
    if (active.length === 0) return { kept: [], rounds, conclusive: true };
    rounds++;
    const a = await ask(active);
    if (a.kind === "holds") return { kept: active, rounds, conclusive: true };
    if (a.kind === "unknown") return { kept: [], rounds, conclusive: false, reason: a.reason };
    const drop = new Set(a.failing);
    const next = active.filter((id) => !drop.has(id));
    if (next.length === active.length) return { kept: [], rounds, conclusive: false, reason: "a counter-model that refutes no candidate" };
    active = next;
  }
}
