// Random mutations of model files for property tests: characters and whole tokens deleted,
// inserted and swapped. Input: a text and a list of mutation choices (from fast-check). Output: the
// mutated text. Only BMP characters are inserted, so ANTLR code-point offsets equal UTF-16 offsets.
import fc from "fast-check";

export const SNIPPETS = [
  "{", "}", "(", ")", "[", "]", ":", ":=", "=", "=>", "->", "..", ",", ";", ".", "|", "_", "-", "+", "*",
  "/", "%", "<", "<=", "==", "!=", "!", "@", "#", "\"", "\\", "/*", "*/", "//", "\n", " ", "\t", "é", "\u00a0",
  "0", "1_000", "0x1F", "0b101", "1.5", "1__", "0x", "7ms", "ms", "MHz", "task", "if", "else", "not", "and",
  "endorse", "declassify", "state", "const", "in", "every", "tick", "match", "for", "x", "foo_1",
];

export type Mutation =
  | { readonly op: "delete"; readonly at: number; readonly len: number }
  | { readonly op: "insert"; readonly at: number; readonly snippet: string }
  | { readonly op: "swap"; readonly a: number; readonly b: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), snippet: fc.constantFrom(...SNIPPETS) }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), snippet: fc.string({ maxLength: 3 }) }),
  fc.record({ op: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
);

function wordSpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = /[A-Za-z_0-9.]+|:=|=>|->|\.\.|[^\sA-Za-z_0-9]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    if (m.op === "delete") {
      const at = t.length === 0 ? 0 : m.at % t.length;
      t = t.slice(0, at) + t.slice(at + m.len);
    } else if (m.op === "insert") {
      const at = m.at % (t.length + 1);
      t = t.slice(0, at) + m.snippet + t.slice(at);
    } else {
      const w = wordSpans(t);
      if (w.length < 2) continue;
      let [i, j] = [m.a % w.length, m.b % w.length];
      if (i === j) continue;
      if (i > j) [i, j] = [j, i];
      const [a0, a1] = w[i]!;
      const [b0, b1] = w[j]!;
      t = t.slice(0, a0) + t.slice(b0, b1) + t.slice(a1, b0) + t.slice(a0, a1) + t.slice(b1);
    }
  }
  return t;
}
