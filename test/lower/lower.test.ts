/**
 * Lowering tests: structure of the IR produced from checked models, and its meaning, checked by
 * running the reference interpreter on it.
 */
import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { simulate } from "../../src/interp/index.js";
import type { IrStmt } from "../../src/ir/ir.js";
import { HEADER, lowerFile, lowerText, validateIr, walkStmts } from "./helpers.js";

const asserts = (ss: readonly IrStmt[]): Extract<IrStmt, { s: "assert" }>[] => {
  const out: Extract<IrStmt, { s: "assert" }>[] = [];
  walkStmts(ss, (s) => {
    if (s.s === "assert") out.push(s);
  });
  return out;
};

describe("lower: examples and test models", () => {
  const files = [
    ...readdirSync("examples").filter((f) => f.endsWith(".vgl")).map((f) => join("examples", f)),
    ...readdirSync("test/lower/models").filter((f) => f.endsWith(".vgl")).map((f) => join("test/lower/models", f)),
  ];
  for (const f of files) {
    it(`${f} lowers to IR that satisfies the IR invariants`, () => {
      const p = lowerFile(f);
      expect(validateIr(p)).toEqual([]);
      expect(p.device.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it("VVI: timing in ticks, reads/writes, asserts, endorse and declassify", () => {
    const p = lowerFile("examples/vvi-pacemaker.vgl");
    expect(p.device.tickUs).toBe(1000);
    const [pace, radio, adopt] = p.tasks;
    expect(pace).toMatchObject({ name: "pace", kind: "periodic", periodTicks: 1, offsetTicks: 0, deadlineUs: 200, publishDelayTicks: 1, priority: 1 });
    expect(radio).toMatchObject({ name: "radio", kind: "irq", irq: "UART0", miatTicks: 5, miatUs: 5000, publishDelayTicks: 2 });
    expect(adopt).toMatchObject({ periodTicks: 100, publishDelayTicks: 1 });
    expect(pace!.writes).toEqual(["since_v", "vpace"]);
    expect(p.irqs).toEqual([expect.objectContaining({ name: "UART0", task: "radio", domain: "telemetry" })]);
    // since_v := since_v + tick may exceed 2000 ms: one range assert, only the upper side.
    const pa = asserts(pace!.body);
    expect(pa.map((a) => a.id)).toEqual(["pace/range@30:21"]);
    expect(pa[0]!.check).toEqual({ kind: "range", lo: 0, hi: 2_000_000, what: "since_v" });
    // lri := endorse(...) has range [0, 65535 ms]: checked against [400 ms, 2000 ms].
    expect(asserts(adopt!.body).map((a) => a.check)).toEqual([{ kind: "range", lo: 400_000, hi: 2_000_000, what: "lri" }]);
    expect(adopt!.body.some((s) => s.s === "endorse" && s.id === "adopt/endorse@41:10")).toBe(true);
    expect(radio!.body.some((s) => s.s === "declassify" && s.id === "radio/declassify@36:13")).toBe(true);
    // constants folded: `tick` and `VRP` appear as numbers.
    expect(JSON.stringify(pace!.body)).toContain('"value":320000');
    expect(p.assumptions).toEqual([expect.objectContaining({ name: "assume@22:1" })]);
    expect(p.properties.map((x) => x.kind)).toEqual(["invariant", "leadsTo", "noninterference", "noninterference", "schedulable", "wcet"]);
    expect(p.properties[1]).toMatchObject({ withinTicks: 1 });
    expect(p.properties[2]).toMatchObject({ flavor: "integrity", from: "telemetry", to: "therapy" });
    expect(p.properties[3]).toMatchObject({ flavor: "confidentiality", except: "declassify" });
    expect(p.properties[5]).toMatchObject({ task: "pace", boundUs: 50 });
  });
});

describe("lower: checks and short-circuit evaluation", () => {
  const model = `${HEADER}
input a: int[0 .. 10] in app
input b: int[0 .. 3] in app
input c: bool in app
input i: int[0 .. 5] in app
output o: int[0 .. 10] in app
output f: bool in app
state arr: [u8; 4] = [1, 2, 3, 4] in app
task t every 1 ms deadline 1 ms priority 1 in app {
  f := b != 0 and a / b > 1
  o := if c then a / b else 0
  let e = arr[i]
  o := min(e, 10)
}
`;
  it("guards division and indexing only on the paths that evaluate them", () => {
    const p = lowerText(model, "sc.vgl");
    expect(validateIr(p)).toEqual([]);
    const body = p.tasks[0]!.body;
    // The `and` with a division on its right is an if; the div0 assert sits inside its then-branch.
    const top = body.filter((s) => s.s === "assert").map((s) => (s as Extract<IrStmt, { s: "assert" }>).check.kind);
    expect(top).toEqual(["index"]);
    expect(asserts(body).map((a) => a.check.kind).sort()).toEqual(["div0", "div0", "index"]);
    // b = 0: the source never divides, so no runtime error.
    const ok = simulate(p, [{ a: 5, b: 0, c: 0, i: 0 }, { a: 5, b: 0, c: 0, i: 3 }], 2);
    expect(ok.runtimeError).toBeUndefined();
    // f and o from tick 0 (visible at tick 1): f = false (b = 0), o = min(arr[0], 10) = 1.
    expect(ok.rows[1]!.outputs).toEqual({ o: 1, f: 0 });
    // c = true and b = 0: the conditional divides by zero.
    const bad = simulate(p, [{ a: 5, b: 0, c: 1, i: 0 }], 1);
    expect(bad.runtimeError).toMatchObject({ tick: 0, check: { kind: "div0" } });
    expect(bad.runtimeError!.span.line).toBe(15); // `o := if c then a / b else 0`
    // i = 5 is out of bounds for arr.
    const oob = simulate(p, [{ a: 5, b: 1, c: 0, i: 5 }], 1);
    expect(oob.runtimeError).toMatchObject({ check: { kind: "index", length: 4, array: "arr" } });
  });

  it("renames locals that share a name in sibling blocks, and lowers match to an if-chain", () => {
    const p = lowerText(
      `${HEADER}
enum M { A, B, C }
input m: M in app
output o: u8 in app
task t every 1 ms deadline 1 ms priority 1 in app {
  match m {
    A => { let x = 1; o := x }
    B | C => { let x = 2; o := x + 1 }
  }
  for k in 0 .. 2 { let y = k; o := y }
}
`,
      "rename.vgl",
    );
    expect(validateIr(p)).toEqual([]);
    const t = p.tasks[0]!;
    expect(t.locals.map((l) => [l.name, l.kind])).toEqual([
      ["x", "let"],
      ["x_1", "let"],
      ["k", "loop"],
      ["y", "let"],
    ]);
    expect(t.body[0]).toMatchObject({ s: "if", cond: { k: "binary", op: "eq" } });
    const r = simulate(p, [{ m: 0 }, { m: 2 }, { m: 1 }, { m: 1 }], 4);
    // The loop runs last and leaves o = 2 whatever m is; check the arms through a model without it.
    expect(r.rows.map((x) => x.outputs.o)).toEqual([0, 2, 2, 2]);
    const q = lowerText(
      `${HEADER}
enum M { A, B, C }
input m: M in app
output o: u8 in app
task t every 1 ms deadline 1 ms priority 1 in app {
  match m {
    A => { o := 1 }
    B | C => { o := 3 }
  }
}
`,
      "match.vgl",
    );
    const r2 = simulate(q, [{ m: 0 }, { m: 2 }, { m: 1 }, { m: 0 }], 4);
    expect(r2.rows.map((x) => x.outputs.o)).toEqual([0, 1, 3, 3]);
  });
});

describe("lower: mixed model", () => {
  it("frequency x time counts cycles, declassify keeps its level, endorse guards its value's checks", () => {
    const p = lowerFile("test/lower/models/mixed.vgl");
    expect(p.device.tickUs).toBe(500);
    const [apply, tell] = p.tasks;
    expect(apply).toMatchObject({ periodTicks: 2, publishDelayTicks: 2 });
    expect(tell).toMatchObject({ kind: "irq", miatTicks: 4, publishDelayTicks: 3 });
    expect(tell!.body[0]).toMatchObject({ s: "declassify", toLevel: 1 });
    // The division inside the endorsed value is checked only when the validator holds.
    const guarded = apply!.body.find((s) => s.s === "if" && s.then.some((x) => x.s === "assert" && x.id === "apply/div0@28:28"));
    expect(guarded).toBeDefined();
    // clk (Hz) * 1 ms (us): (clk * 1000) / 10^6 cycles, truncated.
    const inputs = Array.from({ length: 4 }, () => ({ cmd: 1, gain: 1, ping: 0, clk: 57_999, LINK: 0 }));
    const r = simulate(p, inputs, 4);
    expect(r.rows[2]!.outputs.cycles).toBe(57 + 2);
    // cmd = 1: valid (12 / 1 > 0), setpt := 0 + 12 at tick 2.
    expect(r.rows[2]!.state.setpt).toBe(12);
  });
});

describe("lower: properties are total", () => {
  it("division by zero and out-of-bounds indexes in properties evaluate to 0 (semantics §1)", () => {
    const p = lowerText(
      `${HEADER}
input d: int[0 .. 4] in app
input i: int[0 .. 5] in app
state a: [u8; 3] = [7, 8, 9] in app
output o: u8 in app
task t every 1 ms deadline 1 ms priority 1 in app { o := 1 }
property p1: always 12 / d >= 3
property p2: always a[i] != 0
`,
      "total.vgl",
    );
    expect(p.properties[0]).toMatchObject({ kind: "invariant", expr: { k: "binary", op: "ge", left: { k: "ite", else: { k: "const", value: 0 } } } });
    // d = 4: 12 / 4 = 3 holds; d = 0: 0 >= 3 fails. i = 1: 8 != 0 holds; i = 5: 0 != 0 fails.
    const r = simulate(p, [{ d: 4, i: 1 }, { d: 0, i: 5 }], 2);
    expect(r.propertyViolations.map((v) => [v.property, v.tick])).toEqual([
      ["p1", 1],
      ["p2", 1],
    ]);
  });
});
