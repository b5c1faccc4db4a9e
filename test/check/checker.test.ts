// The checker on small models: types and ranges, constant folding, tasks, single writer, flow,
// properties, and the CheckedModel invariants on clean models.
import { describe, expect, it } from "vitest";
import type * as ast from "../../src/ast/ast.js";
import type { Type } from "../../src/check/model.js";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../../src/check/index.js";
import { loadModel } from "../../src/parse/index.js";
import { allExprs, checkSource, codes, HEADER } from "./helpers.js";

function taskBody(body: string, decls = ""): string {
  return `${HEADER}${decls}\ntask job every 10 ms deadline 5 ms priority 1 in therapy {\n${body}\n}\n`;
}

/** The type of the value of the first `let NAME = ...` in the model. */
function letType(m: ReturnType<typeof checkSource>, name: string): Type | undefined {
  for (const d of m.model.decls) {
    if (d.kind !== "Task") continue;
    const find = (ss: readonly ast.Stmt[]): ast.Expr | undefined => {
      for (const s of ss) {
        if (s.kind === "Let" && s.name.name === name) return s.value;
        if (s.kind === "If") {
          const r = find(s.then.stmts) ?? (s.else ? find(s.else.kind === "Block" ? s.else.stmts : [s.else]) : undefined);
          if (r) return r;
        }
        if (s.kind === "For") {
          const r = find(s.body.stmts);
          if (r) return r;
        }
      }
      return undefined;
    };
    const e = find(d.body.stmts);
    if (e) return m.exprTypes.get(e);
  }
  return undefined;
}

const range = (lo: bigint, hi: bigint, unit: "none" | "time" | "freq" = "none") => ({ kind: "int", lo, hi, unit });

describe("expression typing and ranges", () => {
  const decls = `input a: int[-3 .. 7] in therapy
input b: int[2 .. 5] in therapy
input t: time[1 ms .. 3 ms] in therapy
state out: int[-1000 .. 1000] = 0 in therapy
state tout: time[0 ms .. 100 ms] = 0 ms in therapy
`;
  const m = checkSource(
    taskBody(
      `  let sm = a + b
  let d = a - b
  let p = a * b
  let q = a / b
  let r = a % b
  let n = -a
  let mi = min(a, b)
  let ma = max(a, b)
  let ab = abs(a)
  let c = if a > 0 then a else b * 10
  let tt = t * 2
  let tn = t / 1 ms
  let tm = b * 1 ms
  out := sm + d + p + q + r + n + mi + ma + ab + c + tn
  tout := tt + tm`,
      decls,
    ),
  );
  it("is clean", () => expect(m.diagnostics).toEqual([]));
  it.each([
    ["sm", range(-1n, 12n)],
    ["d", range(-8n, 5n)],
    ["p", range(-15n, 35n)],
    ["q", range(-1n, 3n)],
    ["r", range(-3n, 4n)],
    ["n", range(-7n, 3n)],
    ["mi", range(-3n, 5n)],
    ["ma", range(2n, 7n)],
    ["ab", range(0n, 7n)],
    ["c", range(-3n, 50n)],
    ["tt", range(2000n, 6000n, "time")],
    ["tn", range(1n, 3n)],
    ["tm", range(2000n, 5000n, "time")],
  ] as const)("let %s has range %o", (name, want) => {
    expect(letType(m, name)).toEqual(want);
  });
});

describe("constants", () => {
  it("folds exactly, with units", () => {
    const m = checkSource(`${HEADER}const A = 3 * 4 - 1
const T: time = 1.5 ms + 250 us
const F = 16 MHz
const CYC = F * T
const E = if A > 10 then 2 else 3
state x: int[0 .. 100000] = CYC in therapy
state y: u8 = A + E in therapy
task t every 10 ms deadline 5 ms priority 1 in therapy { x := CYC; y := A }
`);
    expect(m.diagnostics).toEqual([]);
    const val = (n: string) => {
      const d = m.model.decls.find((x) => x.kind === "Const" && x.name.name === n) as ast.ConstDecl;
      return m.constValues.get(d.value);
    };
    expect(val("A")).toEqual({ kind: "int", value: 11n, unit: "none" });
    expect(val("T")).toEqual({ kind: "int", value: 1750n, unit: "time" });
    expect(val("CYC")).toEqual({ kind: "int", value: 28000n, unit: "none" });
    expect(val("E")).toEqual({ kind: "int", value: 2n, unit: "none" });
    expect(m.globals.get("T")?.type).toEqual(range(0n, 2n ** 31n - 1n, "time"));
  });

  it("allows constants to refer to later constants and reports cycles once", () => {
    const ok = checkSource(`${HEADER}const A = B + 1\nconst B = 2\nstate x: u8 = A in therapy\ntask t every 10 ms deadline 5 ms priority 1 in therapy { x := 1 }\n`);
    expect(ok.diagnostics).toEqual([]);
    const bad = checkSource(`${HEADER}const A = B + 1\nconst B = A\nstate x: u8 = A in therapy\ntask t every 10 ms deadline 5 ms priority 1 in therapy { x := 1 }\n`);
    expect(codes(bad)).toEqual(["VG2009"]);
  });

  it("rejects a plain decimal and an inexact frequency", () => {
    expect(codes(checkSource(`${HEADER}const A = 1.5\nconst F = 0.5 Hz\n`))).toEqual(["VG2030", "VG2012", "VG2030", "VG2012"]);
  });
});

describe("units", () => {
  const decls = `input t: time[0 ms .. 10 ms] in therapy\ninput n: u8 in therapy\ninput f: freq[1 MHz .. 2 MHz] in therapy\nstate x: u32 = 0 in therapy\nstate y: time = 0 ms in therapy\n`;
  it.each([
    ["y := t + n", "VG2010"],
    ["y := t - 1", "VG2010"],
    ["x := n / t", "VG2010"],
    ["y := t * t", "VG2011"],
    ["y := t / f", "VG2011"],
    ["x := f + t", "VG2010"],
    ["if t > 3 { x := 1 }", "VG2010"],
    ["y := t % 3", "VG2010"],
    ["y := max(t, n)", "VG2010"],
  ])("%s is %s", (stmt, code) => {
    expect(codes(checkSource(taskBody(`  ${stmt}`, decls)))).toContain(code);
  });
  it.each([["y := t + 1 ms"], ["x := t / 1 ms"], ["y := n * 1 ms"], ["x := f * t"], ["y := t % 3 ms"], ["y := t * 2 + tick"]])(
    "%s is fine",
    (stmt) => {
      const m = checkSource(taskBody(`  ${stmt}`, decls));
      expect(m.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    },
  );
});

describe("tasks", () => {
  it("computes TaskInfo", () => {
    const m = checkSource(`${HEADER}input v: bool in therapy
state a: u8 = 0 in therapy
output o: bool in therapy
task p every 20 ms offset 5 ms deadline 10 ms priority 2 in therapy { if v { a := a + 1 } }
task q on irq UART0 min_interarrival 3 ms deadline 2 ms priority 1 in therapy { o := a > 3 }
`);
    expect(m.diagnostics).toEqual([]);
    const [p, q] = m.tasks;
    expect(p).toMatchObject({ name: "p", kind: "periodic", periodUs: 20000n, offsetUs: 5000n, deadlineUs: 10000n, priority: 2, domain: "therapy", reads: ["a", "v"], writes: ["a"] });
    expect(q).toMatchObject({ name: "q", kind: "irq", irq: "UART0", miatUs: 3000n, deadlineUs: 2000n, priority: 1, reads: ["a"], writes: ["o"] });
    expect(m.device).toMatchObject({ name: "Demo", target: "cortex-m4", clockHz: 16_000_000n, tickUs: 1000n });
  });
});

describe("information flow", () => {
  const decls = `input prog: u16 in telemetry
input sense: u16 in therapy
state rate: u16 = 60 in therapy
`;
  it.each([
    ["  rate := prog", "VG3002"],
    ["  let a = prog + 1\n  let b = a * 2\n  rate := b", "VG3002"],
    ["  var a: u16 = 0\n  if prog > 3 { a := 1 }\n  rate := a", "VG3002"],
    ["  if prog > 3 { rate := 1 }", "VG3003"],
    ["  for i in 0 .. 3 { if prog > i { rate := 1 } }", "VG3003"],
    ["  rate := endorse(prog, prog < 100, else prog)", "VG3008"],
    ["  rate := endorse(sense, sense < 100, else 60)", "VG3006"],
  ])("%s gives %s", (body, code) => {
    expect(codes(checkSource(taskBody(body, decls)))).toContain(code);
  });
  it.each([
    ["  rate := endorse(prog, prog < 100, else 60)"],
    ["  let e = endorse(prog, prog < 100, else rate)\n  if e > 3 { rate := e }"],
    ["  var a: u16 = 0\n  a := prog\n  a := 5\n  rate := a"],
    ["  rate := sense"],
  ])("%s is clean", (body) => {
    expect(checkSource(taskBody(body, decls)).diagnostics).toEqual([]);
  });
  it("relaxed mode turns flow errors into notes", () => {
    const m = checkSource(taskBody("  rate := prog\n  if prog > 2 { rate := 1 }", decls), { flow: "relaxed" });
    expect(codes(m)).toEqual(["VG3009", "VG3009"]);
    expect(m.diagnostics.every((d) => d.severity === "note")).toBe(true);
  });
  it("confidentiality: declassify is the only way down", () => {
    const d2 = `state heart: u16 = 60 in therapy\noutput status: u16 in telemetry\ntask h every 10 ms deadline 5 ms priority 2 in therapy { heart := 61 }\n`;
    const body = (b: string) => `${HEADER}${d2}task r every 10 ms deadline 5 ms priority 1 in telemetry {\n${b}\n}\n`;
    expect(codes(checkSource(body("  status := heart")))).toEqual(["VG3004"]);
    expect(codes(checkSource(body("  if heart > 3 { status := 1 }")))).toEqual(["VG3005"]);
    expect(checkSource(body("  status := declassify(heart)")).diagnostics).toEqual([]);
  });
});

describe("names", () => {
  it("suggests a close name", () => {
    const m = checkSource(taskBody("  rate := rat + 1", "state rate: u8 = 0 in therapy\n"));
    expect(codes(m)).toEqual(["VG2001"]);
    expect(m.diagnostics[0]!.notes).toEqual(["did you mean `rate`?"]);
  });
  it("points a duplicate at the first declaration", () => {
    const m = checkSource(taskBody("  rate := 1", "state rate: u8 = 0 in therapy\nconst rate = 3\n"));
    expect(codes(m)).toEqual(["VG2002"]);
    expect(m.diagnostics[0]!.related[0]!.message).toBe("first declared here");
    expect(m.diagnostics[0]!.related[0]!.span.line).toBe(6);
  });
});

describe("CheckedModel invariants on examples", () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples");
  const files = readdirSync(dir).filter((f) => f.endsWith(".vgl"));
  it("there are examples", () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(`${f} checks clean and every expression is typed`, () => {
      const m = check(loadModel(join(dir, f)));
      expect(m.diagnostics).toEqual([]);
      for (const e of allExprs(m.model)) {
        expect(m.exprTypes.has(e), `${e.kind} at ${e.span.line}:${e.span.col}`).toBe(true);
        const t = m.exprTypes.get(e)!;
        expect(t.kind).not.toBe("error");
        if (t.kind === "int") {
          expect(t.lo <= t.hi).toBe(true);
          expect(t.hi <= 2n ** 53n - 1n && t.lo >= -(2n ** 53n - 1n)).toBe(true);
        }
        if (e.kind === "Name") expect(m.refs.has(e), `${e.name} resolved`).toBe(true);
      }
      for (const t of m.tasks) {
        expect(t.deadlineUs > 0n).toBe(true);
        expect(t.priority).toBeGreaterThan(0);
      }
    });
  }
});

describe("more constructs", () => {
  it("arrays: literals, indexing, folding and element writes", () => {
    const m = checkSource(`${HEADER}const TABLE = [3, 5, 7, 11]
const THIRD = TABLE[2]
input k: int[0 .. 3] in therapy
state buf: [u8; 4] = [0; 4] in therapy
state x: u16 = 0 in therapy
task job every 10 ms deadline 5 ms priority 1 in therapy {
  for i in 0 .. 3 { buf[i] := TABLE[i] }
  x := TABLE[k] + THIRD + buf[k]
}
`);
    expect(m.diagnostics).toEqual([]);
    const third = m.model.decls.find((d) => d.kind === "Const" && d.name.name === "THIRD") as ast.ConstDecl;
    expect(m.constValues.get(third.value)).toEqual({ kind: "int", value: 7n, unit: "none" });
    expect(m.globals.get("TABLE")?.type).toEqual({ kind: "array", elem: range(3n, 11n), length: 4 });
    expect(m.globals.get("buf")?.type).toEqual({ kind: "array", elem: range(0n, 255n), length: 4 });
  });

  it("enums: bare and qualified members, exhaustive match with a wildcard", () => {
    const m = checkSource(`${HEADER}enum Mode { Off, Pace, Sense }
state mode: Mode = Off in therapy
state n: u8 = 0 in therapy
task job every 10 ms deadline 5 ms priority 1 in therapy {
  match mode {
    Off => mode := Mode.Pace
    Mode.Pace | Sense => n := 1
  }
  if mode == Sense { mode := Off }
}
`);
    expect(m.diagnostics).toEqual([]);
    const s = m.model.decls.find((d) => d.kind === "State" && d.name.name === "mode") as ast.StateDecl;
    expect(m.constValues.get(s.init)).toEqual({ kind: "enum", enumName: "Mode", index: 0 });
    expect(m.refs.get(s.init)?.kind).toBe("enumMember");
  });

  it("confidentiality levels and declassify to a level", () => {
    const src = (to: string) => `device D target rv32im at 8 MHz tick 1 ms
confidentiality levels public < clinical < patient
domain therapy integrity trusted confidentiality patient
domain clinic integrity trusted confidentiality clinical
state heart: u8 = 0 in therapy
state summary: u8 = 0 in clinic
task h every 10 ms deadline 5 ms priority 1 in therapy { heart := 3 }
task c every 10 ms deadline 5 ms priority 2 in clinic { summary := ${to} }
`;
    const ok = checkSource(src("declassify(heart to clinical)"));
    expect(ok.diagnostics).toEqual([]);
    expect(ok.levels).toEqual(["public", "clinical", "patient"]);
    expect(ok.domains.map((d) => [d.name, d.confidentiality])).toEqual([["therapy", 2], ["clinic", 1]]);
    expect(codes(checkSource(src("heart")))).toEqual(["VG3004"]);
    expect(codes(checkSource(src("declassify(heart to secret)")))).toEqual(["VG2027"]);
  });

  it("assumptions may use inputs, interrupt lines and constants", () => {
    const m = checkSource(`${HEADER}const CAP = 5000
input prog: u16 in telemetry
state p: u16 = 0 in telemetry
task radio on irq UART0 min_interarrival 5 ms deadline 2 ms priority 1 in telemetry { p := prog }
assume prog <= CAP
assume UART0 implies prog > 0
property fast: always p <= CAP
`);
    expect(m.diagnostics).toEqual([]);
    expect(m.globals.get("UART0")).toMatchObject({ kind: "irq", domain: "telemetry", type: { kind: "bool" } });
    expect(codes(checkSource(`${HEADER}input prog: u16 in telemetry\nassume declassify(prog) < 3\n`))).toEqual(["VG4008"]);
  });

  it("locals may not shadow and must be read", () => {
    expect(codes(checkSource(taskBody("  let rate = 1\n  x := rate", "state rate: u8 = 0 in therapy\nstate x: u8 = 0 in therapy\n")))).toContain("VG2002");
    expect(codes(checkSource(taskBody("  let tmp = 1\n  x := 2", "state x: u8 = 0 in therapy\n")))).toEqual(["VG2030"]);
  });

  it("frequency times time counts cycles", () => {
    const m = checkSource(`${HEADER}const C = 16 MHz * 1 ms\nconst BAD = 1 kHz * 1 us\nstate x: u32 = C in therapy\ntask job every 10 ms deadline 5 ms priority 1 in therapy { x := C + BAD }\n`);
    expect(codes(m)).toEqual(["VG2012"]);
    const c = m.model.decls.find((d) => d.kind === "Const" && d.name.name === "C") as ast.ConstDecl;
    expect(m.constValues.get(c.value)).toEqual({ kind: "int", value: 16000n, unit: "none" });
  });
});

describe("implicit flows and match rules", () => {
  const decls = `enum Mode { Off, On }
input prog: u16 in telemetry
input pm: Mode in telemetry
input k: int[0 .. 3] in telemetry
state rate: u16 = 60 in therapy
state buf: [u8; 4] = [0; 4] in therapy
`;
  it("through a match subject", () => {
    expect(codes(checkSource(taskBody("  match pm {\n    Off => rate := 1\n    On => rate := 2\n  }", decls)))).toEqual(["VG3003", "VG3003"]);
  });
  it("through an array index of the target", () => {
    expect(codes(checkSource(taskBody("  buf[k] := 1", decls)))).toEqual(["VG3003"]);
  });
  it("through an array index read", () => {
    expect(codes(checkSource(taskBody("  rate := buf[k]", decls)))).toEqual(["VG3002"]);
  });
  it("a loop carries taint to the next iteration", () => {
    const body = "  var a: u16 = 0\n  var b: u16 = 0\n  for i in 0 .. 2 {\n    b := a\n    a := prog\n  }\n  rate := b";
    expect(codes(checkSource(taskBody(body, decls)))).toEqual(["VG3002"]);
  });
  it("an unreachable wildcard arm and arms after a wildcard", () => {
    const body = "  match pm {\n    Off => skip\n    On => skip\n    _ => skip\n  }\n  match pm {\n    _ => skip\n    Off => skip\n  }";
    expect(codes(checkSource(taskBody(body, decls.replace("in telemetry\ninput k", "in therapy\ninput k"))))).toEqual(["VG2019", "VG2019"]);
  });
});

describe("53-bit limit", () => {
  it("a product of two u32 values exceeds 2^53-1", () => {
    const m = checkSource(taskBody("  x := a * b", "input a: u32 in therapy\ninput b: u32 in therapy\nstate x: u32 = 0 in therapy\n"));
    expect(codes(m)).toEqual(["VG2013"]);
  });
  it("frequency times time checks the intermediate product", () => {
    const m = checkSource(taskBody("  c := f * t", "input f: freq[1 MHz .. 100 MHz] in therapy\ninput t: time in therapy\nstate c: u32 = 0 in therapy\n"));
    expect(codes(m)).toEqual(["VG2013"]);
  });
});

describe("named assumptions", () => {
  it("may not reuse a name", () => {
    const m = checkSource(`${HEADER}input v: u8 in therapy\nassume cap: v < 10\nassume cap: v > 1\nassume v: v != 3\n`);
    expect(codes(m)).toEqual(["VG2002", "VG2002"]);
  });
});

describe("conditional expressions", () => {
  it("have the hull of both branches, even under a constant condition", () => {
    const m = checkSource(taskBody("  let c = if FAST then a else a * 100\n  x := c", "const FAST = true\ninput a: int[0 .. 10] in therapy\nstate x: u16 = 0 in therapy\n"));
    expect(m.diagnostics).toEqual([]);
    expect(letType(m, "c")).toEqual(range(0n, 1000n));
  });
});

describe("device header", () => {
  it("a tick defined through itself is an error, not a silent unknown", () => {
    const m = checkSource(`device D target cortex-m4 at 16 MHz tick T\nconst T = tick\n`);
    expect(codes(m)).toContain("VG2515");
  });
  it("clock and tick may use constants", () => {
    const m = checkSource(`device D target cortex-m0plus at CLK tick TK\nconst CLK = 48 MHz\nconst TK = 500 us\n`);
    expect(m.diagnostics).toEqual([]);
    expect(m.device).toMatchObject({ target: "cortex-m0plus", clockHz: 48_000_000n, tickUs: 500n });
  });
});

describe("deeply nested loops", () => {
  it("still find a loop-carried flow (conservatively beyond depth 6)", () => {
    let body = "    b := a\n    a := p\n";
    for (let i = 0; i < 12; i++) body = `for k${i} in 0 .. 1 {\n${body}}\n`;
    const text = `${HEADER}input p: u8 in telemetry\nstate x: u8 = 0 in therapy\ntask job every 10 ms deadline 5 ms priority 1 in therapy {\n  var a: u8 = 0\n  var b: u8 = 0\n${body}  x := b\n}\n`;
    expect(codes(checkSource(text))).toEqual(["VG3002"]);
    expect(codes(checkSource(text.replace("p: u8 in telemetry", "p: u8 in therapy")))).toEqual([]);
  });
});
