/**
 * Text rendering of what invariant generation found, for `vigil prove --show-invariants`.
 *
 * Input: an InvGenReport (src/prove/safety/engine.ts). Output: text: every proved lemma as a .vgl
 * `property` line (ready to paste into the model; each one was proved before it was used), the
 * figures of each stage, and the notes of inconclusive stages.
 * Invariants: names are `gen_<n>` in the order the lemmas were proved; nothing unproved is printed
 * as a property (unproved relations appear only in unknown verdicts, as suggestions).
 */
import type { InvGenReport } from "../safety/engine.js";

export function renderInvariants(r: InvGenReport): string {
  const out: string[] = [];
  if (r.lemmas.length === 0) out.push("\nno generated invariant was needed or proved");
  else {
    out.push(`\ngenerated invariants (${r.lemmas.length}, each proved inductive before use; paste as properties):`);
    r.lemmas.forEach((l, i) => out.push(`property gen_${i + 1}: always ${l.vgl}   // ${l.template}`));
  }
  r.stages.forEach((s, i) =>
    out.push(`// stage ${i + 1}: ${s.candidates} candidates from ${s.frames} sampled frames (${s.ticks} ticks), ${s.rounds} Houdini rounds, ${s.queries} queries, ${(s.ms / 1000).toFixed(2)} s`),
  );
  for (const n of r.notes) out.push(`// ${n}`);
  return out.join("\n") + "\n";
}
