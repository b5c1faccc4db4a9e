// Arbitraries for generated-rich.test.ts: models with three tasks in two domains, arrays with
// computed indices, loops, branches, endorse and declassify, and two properties.
import fc from "fast-check";

const idx = fc.constantFrom("0", "2", "v % 3", "u % 3", "r % 3", "a % 3");
const atom: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("a", "b", "v", "u", "r", "0", "2", "7", "endorse(u, u < 5, else 0)", "endorse(r, r > 2, else b % 10)"),
  idx.map((i) => `arr[${i}]`),
);
const expr: fc.Arbitrary<string> = fc.oneof(atom, fc.tuple(atom, fc.constantFrom("+", "-"), atom).map(([x, o, y]) => `${x} ${o} ${y}`));
const cond = fc.tuple(atom, fc.constantFrom("<", ">", "==", "!="), atom).map(([x, o, y]) => `${x} ${o} ${y}`);
const assign: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom("a", "b"), expr).map(([t, e]) => `${t} := min(max(${e}, 0), 50)`),
  fc.tuple(idx, expr).map(([i, e]) => `arr[${i}] := min(max(${e}, 0), 9)`),
);
export const stmt: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: assign },
  {
    weight: 1,
    arbitrary: fc
      .tuple(cond, fc.array(assign, { minLength: 1, maxLength: 2 }), fc.array(assign, { maxLength: 2 }))
      .map(([c, t, e]) => `if ${c} { ${t.join("; ")} } else { ${e.length ? e.join("; ") : "skip"} }`),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("u", "v", "a"), assign).map(([x, s]) => `for i in 0 .. 2 { if i < ${x} { ${s} } }`) },
);
export const report = fc.constantFrom(
  "tx := declassify(a)",
  "tx := min(a + r, 50)",
  "tx := r",
  "if v > 3 { tx := 1 } else { tx := 1 }",
  "tx := declassify(b) + 0",
  "if a > 3 { tx := 2 }",
  "tx := declassify(v) + arr[1]",
  "if v > 5 { tx := 3 }",
);
export const relay = fc.constantFrom("every 2 ms deadline 2 ms", "on irq RX min_interarrival 2 ms deadline 1 ms");
export const timing = fc.constantFrom("every 1 ms deadline 1 ms", "every 2 ms deadline 2 ms", "every 3 ms offset 1 ms deadline 2 ms");

export const arrInit = fc.constantFrom("[0; 3]", "[1, 5, 9]");

export function model(body: readonly string[], rep: string, rel: string, tim: string, init = "[0; 3]"): string {
  return `device G
  target cortex-m4 at 16 MHz
  tick 1 ms
domain safe  integrity trusted   confidentiality patient
domain radio integrity untrusted confidentiality public
input u: int[0 .. 9] in radio
input v: int[0 .. 9] in safe
state a: int[0 .. 50] = 0 in safe
state b: int[0 .. 50] = 0 in safe
state arr: [int[0 .. 9]; 3] = ${init} in safe
state r: int[0 .. 9] = 0 in radio
output tx: int[0 .. 50] in radio
task rt ${rel} priority 1 in radio { r := u }
task st ${tim} priority 2 in safe {
  ${body.join("\n  ")}
}
task pub every 1 ms deadline 1 ms priority 3 in radio { ${rep} }
property iso: noninterference radio -> safe
property priv: noninterference safe -> radio except declassify
`;
}

