/**
 * Static check vs relational proof: notes for flows the conservative static check rejects but the
 * relational proof shows harmless (issue 5, part 3).
 *
 * Input: the diagnostics of the strict flow check (VG3002-VG3005) and the isolation results of the
 * same model checked with `--flow relaxed`.
 * Output: one VG3009 note per rejected flow whose every non-interference property of that flavor was
 * proved (integrity: VG3002/VG3003; confidentiality: VG3004/VG3005).
 * Invariants: no note unless at least one property of the flavor exists and all of them are proved
 * (unknown, falsified or vacuous never earns a note).
 */
import { diag, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { IrProgram } from "../../ir/ir.js";
import type { ObligationResult } from "../verdict.js";

export function flowAdvice(program: IrProgram, strict: readonly Diagnostic[], results: readonly ObligationResult[]): Diagnostic[] {
  const flavorOf = new Map(
    program.properties.flatMap((p) => (p.kind === "noninterference" ? [[p.name, p.flavor] as const] : [])),
  );
  const proved = (flavor: "integrity" | "confidentiality"): string[] | undefined => {
    const rs = results.filter((r) => flavorOf.get(r.obligation.name) === flavor);
    if (rs.length === 0 || rs.some((r) => r.verdict.status !== "proved")) return undefined;
    return rs.map((r) => r.obligation.name);
  };
  const out: Diagnostic[] = [];
  for (const d of strict) {
    const flavor = d.code === "VG3002" || d.code === "VG3003" ? "integrity" : d.code === "VG3004" || d.code === "VG3005" ? "confidentiality" : undefined;
    if (!flavor) continue;
    const names = proved(flavor);
    if (!names) continue;
    out.push(
      diag("VG3009", d.span, `the relational proof shows this flow is harmless: ${names.map((n) => `\`${n}\``).join(", ")} proved`, {
        notes: [`rejected by the static check as ${d.code}; \`vigil prove --flow relaxed\` lets the proof decide`],
      }),
    );
  }
  return out;
}
