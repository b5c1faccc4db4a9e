/**
 * JSON text in pieces, for documents too long for one JavaScript string (a counterexample of a
 * million ticks, from accelerated BMC, is several hundred megabytes of JSON).
 *
 * Input: plain data (objects, arrays, strings, numbers, booleans, null), an indentation width.
 * Output: chunks whose concatenation is exactly `JSON.stringify(value, null, indent)`.
 * Invariants: objects and arrays are split at their members; each member below the top levels is
 * printed by JSON.stringify and re-indented (JSON strings never contain a raw newline, so every
 * newline in that text is a layout newline). `batched` joins chunks into strings of about `size`
 * characters so writers are not called once per member.
 */
export function* jsonChunks(value: unknown, indent = 2, depth = 0): Generator<string> {
  const pad = " ".repeat(indent * depth);
  const inner = " ".repeat(indent * (depth + 1));
  const small = (v: unknown): string | undefined => {
    const s = JSON.stringify(v, null, indent);
    return s === undefined ? undefined : s.replace(/\n/g, "\n" + inner);
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    yield "[\n";
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      yield inner;
      if (depth < 4 && v !== null && typeof v === "object") yield* jsonChunks(v, indent, depth + 1);
      else yield small(v) ?? "null";
      yield i < value.length - 1 ? ",\n" : "\n";
    }
    return yield pad + "]";
  }
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function" && typeof v !== "symbol");
    if (entries.length === 0) return yield "{}";
    yield "{\n";
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i] as [string, unknown];
      yield `${inner}${JSON.stringify(k)}: `;
      if (depth < 4 && v !== null && typeof v === "object") yield* jsonChunks(v, indent, depth + 1);
      else yield small(v) ?? "null";
      yield i < entries.length - 1 ? ",\n" : "\n";
    }
    return yield pad + "}";
  }
  yield (JSON.stringify(value, null, indent) ?? "null").replace(/\n/g, "\n" + pad);
}

/** Joins chunks into strings of about `size` characters. */
export function* batched(chunks: Iterable<string>, size = 1 << 20): Generator<string> {
  let parts: string[] = [];
  let n = 0;
  for (const c of chunks) {
    parts.push(c);
    n += c.length;
    if (n >= size) {
      yield parts.join("");
      parts = [];
      n = 0;
    }
  }
  if (parts.length > 0) yield parts.join("");
}
