// Test helper: a deep copy of an AST without spans (for "same AST, spans aside" comparisons).
export function stripSpans(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripSpans);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "span" || k === "nameSpan" || k === "file") continue;
    if (v === undefined) continue;
    out[k] = stripSpans(v);
  }
  return out;
}
