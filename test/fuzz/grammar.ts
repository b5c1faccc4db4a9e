/**
 * Grammar-aware model generator for the fuzz test (issue 20): fast-check arbitraries that follow
 * grammar/Vigil.g4 (device header, domains, enums, constants, inputs, outputs, state, tasks with
 * statements, assumptions and every kind of property) over a small vocabulary of names, so that
 * many models type-check, simulate and emit, and many others fail in interesting places (names
 * used before or never declared, ranges that overflow, huge literals, windows of 10^8 ticks,
 * deep nesting). `modelArb` optionally mutates the text (test/parse/mutate.ts) to reach the
 * parser's error paths too.
 *
 * Input: none (fast-check draws). Output: model source text.
 * Invariants: only printable ASCII and newlines are generated before mutation; sizes are bounded
 * (a model is at most a few kilobytes) so 2 000 cases run in well under a minute.
 */
import fc from "fast-check";
import { applyMutations, mutationArb } from "../parse/mutate.js";

const GLOBALS = ["a", "b", "c", "x", "y", "n", "hist", "mode"] as const;
const LOCALS = ["i", "j", "t", "v"] as const;
const INTS = ["0", "1", "2", "3", "7", "10", "255", "1000", "65535", "-1", "4294967296", "9007199254740991", "9007199254740993", "0x1F", "0b101", "1_000"];
const TIMES = ["0 ms", "1 ms", "2 ms", "5 ms", "10 ms", "500 us", "1 s", "1.5 ms", "100000000 ms", "2147483647 ms", "2147483648 ms"];

const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);

const typeArb: fc.Arbitrary<string> = fc.oneof(
  fc.constant("bool"),
  fc.constant("u8"),
  fc.constant("u16"),
  fc.constant("Mode"),
  fc.tuple(pick(["0", "-5", "1", "-100000"]), pick(["1", "9", "255", "100000", "9007199254740991"])).map(([lo, hi]) => `int[${lo} .. ${hi}]`),
  fc.constant("time[0 ms .. 50 ms]"),
  fc.tuple(pick(["int[0 .. 9]", "bool", "u8"]), pick(["1", "4", "N"])).map(([t, k]) => `[${t}; ${k}]`),
);

const { expr: exprArb } = fc.letrec<{ expr: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    pick(INTS),
    pick(TIMES),
    pick(["true", "false", "tick", "N", "LIMIT", "Mode.Idle", "Mode.Busy", "Idle"]),
    pick([...GLOBALS, ...LOCALS]),
    fc.tuple(pick(GLOBALS), tie("expr")).map(([g, i]) => `${g}[${i}]`),
  ),
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("atom"),
    fc.tuple(pick(["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "implies", "=>"]), tie("expr"), tie("expr")).map(([op, l, r]) => `${l} ${op} ${r}`),
    tie("expr").map((e) => `(${e})`),
    tie("expr").map((e) => `not ${e}`),
    tie("expr").map((e) => `-${e}`),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, t, e]) => `if ${c} then ${t} else ${e}`),
    fc.tuple(pick(["min", "max", "abs", "f"]), tie("expr"), tie("expr")).map(([f, p, q]) => (f === "abs" ? `abs(${p})` : `${f}(${p}, ${q})`)),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([v, ok, f]) => `endorse(${v}, ${ok}, else ${f})`),
    tie("expr").map((e) => `declassify(${e})`),
    fc.tuple(tie("expr"), pick(["1", "4"])).map(([e, k]) => `[${e}; ${k}]`),
    // Rarely: nesting around and beyond the parser's guard (issue 20, finding 2).
    fc
      .tuple(fc.integer({ min: 150, max: 2500 }), pick(["(", "if true then x ", "not ", "-", "if a then "]))
      .map(([k, w]) => (w === "(" ? "(".repeat(k) + "1" + ")".repeat(k) : w.repeat(k) + "1")),
  ),
}));

const { stmts: stmtsArb } = fc.letrec<{ stmt: string; stmts: string }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(pick(GLOBALS), exprArb).map(([g, e]) => `${g} := ${e}`),
    fc.tuple(pick(GLOBALS), exprArb, exprArb).map(([g, i, e]) => `${g}[${i}] := ${e}`),
    fc.tuple(pick(LOCALS), exprArb).map(([l, e]) => `let ${l} = ${e}`),
    fc.tuple(pick(LOCALS), typeArb, exprArb).map(([l, t, e]) => `var ${l}: ${t} = ${e}`),
    fc.tuple(exprArb, tie("stmts"), fc.option(tie("stmts"), { nil: undefined })).map(([c, t, e]) => `if ${c} {\n${t}\n}${e !== undefined ? ` else {\n${e}\n}` : ""}`),
    fc.tuple(pick(LOCALS), pick(["0", "1"]), pick(["3", "N - 1", "N"]), tie("stmts")).map(([l, lo, hi, b]) => `for ${l} in ${lo} .. ${hi} {\n${b}\n}`),
    fc.tuple(tie("stmts"), tie("stmts")).map(([p, q]) => `match mode {\n  Mode.Idle => {\n${p}\n}\n  _ => {\n${q}\n}\n}`),
    fc.constant("skip"),
  ),
  stmts: fc.array(tie("stmt"), { maxLength: 4 }).map((ss) => ss.map((s) => `  ${s}`).join("\n")),
}));

const globalDeclArb: fc.Arbitrary<string> = fc.tuple(pick(["input", "output", "state"]), pick(GLOBALS), typeArb, exprArb, pick(["d", "u", "d", "nowhere"])).map(
  ([role, name, type, init, dom]) => (role === "input" ? `input ${name}: ${type} in ${dom}` : `${role} ${name}: ${type} = ${init} in ${dom}`),
);

const taskArb: fc.Arbitrary<string> = fc
  .tuple(
    pick(["t0", "t1", "t2"]),
    fc.oneof(
      pick(TIMES).map((p) => `every ${p}`),
      pick(["ADC0", "UART0"]).map((q) => `on irq ${q} min_interarrival 2 ms`),
      pick(["every 10 ms offset 5 ms", "every 1 ms", ""]),
    ),
    pick(["deadline 1 ms", "deadline 5 ms", "deadline 100 ms", ""]),
    pick(["1", "2", "3", "0"]),
    pick(["d", "u"]),
    stmtsArb,
  )
  .map(([name, when, dl, prio, dom, body]) => `task ${name} ${when} ${dl} priority ${prio} in ${dom} {\n${body}\n}`);

const propertyArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(pick(["p", "q", "r"]), exprArb).map(([n, e]) => `property ${n}: always ${e}`),
  fc.tuple(pick(["p", "q", "r"]), exprArb, exprArb, pick(TIMES)).map(([n, p, q, w]) => `property ${n}: always ${p} leads_to ${q} within ${w}`),
  pick(["property ni: noninterference u -> d except endorse", "property ni2: noninterference d -> u", "property s: schedulable", "property w: wcet(t0) <= 30 us"]),
  exprArb.map((e) => `assume ${e}`),
);

const headerArb: fc.Arbitrary<string> = fc
  .tuple(pick(["cortex-m4", "cortex-m0plus", "rv32im", "z80"]), pick(["16 MHz", "32 MHz", "0 Hz"]), pick(["1 ms", "500 us", "1 ms", "0 ms"]))
  .map(([t, clk, tick]) => `device Fuzz\n  target ${t} at ${clk}\n  tick ${tick}\n`);

const PRELUDE = [
  "domain d integrity trusted confidentiality patient",
  "domain u integrity untrusted confidentiality public",
  "enum Mode { Idle, Busy }",
  "const N = 4",
  "const LIMIT: int[0 .. 5000] = 3000",
];

/** A whole model: header, a random subset of the prelude, then random declarations. */
export const cleanModelArb: fc.Arbitrary<string> = fc
  .tuple(
    headerArb,
    fc.subarray(PRELUDE, { minLength: 2 }),
    fc.array(globalDeclArb, { minLength: 1, maxLength: 6 }),
    fc.array(taskArb, { minLength: 0, maxLength: 3 }),
    fc.array(propertyArb, { maxLength: 4 }),
  )
  .map(([h, pre, gs, ts, ps]) => [h, ...pre, ...gs, ...ts, ...ps].join("\n") + "\n");


// ---------------------------------------------------------------- well-typed models
// The same grammar restricted to one fixed set of declarations and typed expressions, so that most
// models pass the checker and exercise lowering, simulation, the SMT encoding and the C back end.

const intLit = fc.integer({ min: 0, max: 200 }).map(String);
const { int: intE, bool: boolE } = fc.letrec<{ int: string; bool: string }>((tie) => ({
  int: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    pick(["a", "x", "o", "N", "hist[0]", "hist[3]"]),
    intLit,
    fc.tuple(tie("int"), pick(["+", "-", "*"]), tie("int")).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(tie("int"), pick(["/", "%"]), fc.integer({ min: 1, max: 9 })).map(([l, op, k]) => `(${l} ${op} ${k})`),
    fc.tuple(pick(["min", "max"]), tie("int"), tie("int")).map(([f, l, r]) => `${f}(${l}, ${r})`),
    tie("int").map((e) => `abs(${e})`),
    fc.tuple(tie("bool"), tie("int"), tie("int")).map(([c, t, e]) => `(if ${c} then ${t} else ${e})`),
  ),
  bool: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    pick(["b", "y", "true", "false", "mode == Mode.Idle"]),
    fc.tuple(tie("int"), pick(["==", "!=", "<", "<=", ">", ">="]), tie("int")).map(([l, op, r]) => `${l} ${op} ${r}`),
    tie("bool").map((e) => `not (${e})`),
    fc.tuple(tie("bool"), pick(["and", "or", "implies"]), tie("bool")).map(([l, op, r]) => `(${l}) ${op} (${r})`),
  ),
}));

const clamp = (e: string, hi: number): string => `min(max(${e}, 0), ${hi})`;

const { s0 } = fc.letrec<{ s0: string; b0: string }>((tie) => ({
  s0: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.tuple(intE, fc.boolean()).map(([e, c]) => `x := ${c ? clamp(e, 1000) : e}`),
    boolE.map((e) => `y := ${e}`),
    fc.tuple(boolE, tie("b0"), tie("b0")).map(([c, t, e]) => `if ${c} {\n${t}\n} else {\n${e}\n}`),
    fc.constant("x := endorse(r, r < 50, else 0)"),
  ),
  b0: fc.array(tie("s0"), { minLength: 1, maxLength: 3 }).map((ss) => ss.join("\n")),
}));

const s1 = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 4 }), intE).map(([k, e]) => `hist[${k}] := ${clamp(e, 100)}`),
  intE.map((e) => `o := ${clamp(e, 100)}`),
  intE.map((e) => `for i in 0 .. N - 1 {\n  hist[i] := ${clamp(e, 100)}\n}`),
  boolE.map((c) => `if ${c} { mode := Mode.Busy } else { mode := Mode.Idle }`),
  intE.map((e) => `match mode {\n  Mode.Idle => o := ${clamp(e, 100)}\n  _ => { mode := Mode.Idle }\n}`),
  intE.map((e) => `let v = ${e}\no := ${clamp("v", 100)}`),
);

export const typedModelArb: fc.Arbitrary<string> = fc
  .tuple(
    pick(["1 ms", "500 us", "1 ms"]),
    pick(["1 ms", "2 ms", "5 ms"]),
    pick(["1 ms", "3 ms", "10 ms"]),
    fc.array(s0, { minLength: 1, maxLength: 4 }),
    fc.array(s1, { minLength: 1, maxLength: 4 }),
    fc.array(
      fc.oneof(
        boolE.map((e) => `always ${e}`),
        fc.tuple(boolE, boolE, pick(["0 ms", "2 ms", "10 ms", "100000000 ms", "2147483647 ms"])).map(([p, q, w]) => `always ${p} leads_to ${q} within ${w}`),
      ),
      { maxLength: 3 },
    ),
    fc.option(pick(["a <= 90", "b or a > 10", "not b", "r < 100", "a > 100"]), { nil: undefined }),
  )
  .map(([tick, p0, p1, b0, b1, props, assume]) =>
    [
      `device Fuzz\n  target cortex-m4 at 16 MHz\n  tick ${tick}`,
      "domain d integrity trusted confidentiality patient",
      "domain u integrity untrusted confidentiality public",
      "enum Mode { Idle, Busy }",
      "const N = 4",
      "input a: int[0 .. 100] in d",
      "input b: bool in d",
      "input r: int[0 .. 100] in u",
      "state x: int[0 .. 1000] = 0 in d",
      "state y: bool = false in d",
      "state hist: [int[0 .. 100]; 4] = [0; 4] in d",
      "state mode: Mode = Mode.Idle in d",
      "output o: int[0 .. 100] = 0 in d",
      `task t0 every ${p0} deadline ${p0} priority 1 in d {\n${b0.join("\n")}\n}`,
      `task t1 every ${p1} deadline ${p1} priority 2 in d {\n${b1.join("\n")}\n}`,
      ...props.map((p, i) => `property p${i}: ${p}`),
      ...(assume !== undefined ? [`assume ${assume}`] : []),
    ].join("\n") + "\n",
  );

/** A third loose models, a third well-typed ones, a third of either mutated by up to 3 edits. */
export const modelArb: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(cleanModelArb, typedModelArb), fc.nat({ max: 2 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
  .map(([text, k, ms]) => (k < 2 ? text : applyMutations(text, ms)));
