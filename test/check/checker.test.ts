// The checker on small models: types and ranges, constant folding, tasks, single writer, flow,
// properties, and the CheckedModel invariants on clean models.
import { describe, expect, it } from "vitest";
import type * as ast from "../../src/ast/ast.js";
import type { Type } from "../../src/check/model.js";
import { allExprs, checkSource, codes, HEADER } from "./helpers.js";

function taskBody(body: string, decls = ""): string {
  return `${HEADER}${decls}\ntask t every 10 ms deadline 5 ms priority 1 in therapy {\n${body}\n}\n`;
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
      `  let s = a + b
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
  out := s + d + p + q + r + n + mi + ma + ab + c + tn
  tout := tt + tm`,
      decls,
    ),
  );
  it("is clean", () => expect(m.diagnostics).toEqual([]));
  it.each([
    ["s", range(-1n, 12n)],
    ["d", range(-8n, 5n)],
    ["p", range(-15n, 35n)],
    ["q", range(-1n, 3n)],
    ["r", range(-2n, 4n)],
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
    expect(codes(checkSource(`${HEADER}const A = 1.5\nconst F = 0.5 Hz\n`))).toEqual(["VG2012", "VG2030", "VG2012", "VG2030"]);
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

describe("CheckedModel invariants on examples", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const dir = join(import.meta.dirname, "..", "..", "examples");
  const files = readdirSync(dir).filter((f) => f.endsWith(".vgl"));
  it("there are examples", () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(`${f} checks clean and every expression is typed`, () => {
      const m = checkSource(readFileSync(join(dir, f), "utf8"));
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
    });
  }
});
