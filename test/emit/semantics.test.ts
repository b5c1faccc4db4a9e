/**
 * The scheduler against docs/semantics.md directly (not only against the interpreter): a trace
 * worked out by hand from the document's rules for periodic release with an offset, interrupt
 * release with a minimum inter-arrival time (sooner arrivals dropped), and LET publication at
 * release + publishDelayTicks. Both the generated C and the interpreter must produce it.
 */
import { describe, expect, it } from "vitest";
import type { IrExpr, IrProgram, IrScalarType, IrStmt } from "../../src/ir/ir.js";
import { simulate } from "../../src/interp/index.js";
import { buildHarness, cleanup, expectedColumns, have, runHarness } from "./toolchain.js";

const sp = { file: "sem.vgl", line: 1, col: 1, offset: 0, length: 1 };
const C: IrScalarType = { kind: "int", lo: 0, hi: 1000, unit: "none" };
const incr = (name: string): IrStmt[] => {
  const v: IrExpr = { k: "var", name, scope: "state", type: C, span: sp };
  const sum: IrExpr = { k: "binary", op: "add", left: v, right: { k: "const", value: 1, type: { kind: "int", lo: 1, hi: 1, unit: "none" }, span: sp }, type: { kind: "int", lo: 1, hi: 1001, unit: "none" }, span: sp };
  return [
    { s: "assert", id: `${name}/range`, check: { kind: "range", lo: 0, hi: 1000, what: name }, cond: { k: "binary", op: "le", left: sum, right: { k: "const", value: 1000, type: C, span: sp }, type: { kind: "bool" }, span: sp }, span: sp },
    { s: "assign", target: { name, scope: "state", span: sp }, value: sum, span: sp },
  ];
};

const program: IrProgram = {
  device: { name: "Sem", target: "cortex-m4", clockHz: 16_000_000, tickUs: 1000, sourceHash: "ef".repeat(32), span: sp },
  levels: ["public"],
  domains: [{ name: "d", trusted: true, confidentiality: 0, span: sp }],
  enums: [],
  consts: [],
  inputs: [],
  irqs: [{ name: "L", task: "on_l", domain: "d", span: sp }],
  state: [
    { name: "cnt_i", role: "state", type: C, domain: "d", init: 0, span: sp },
    { name: "cnt_p", role: "state", type: C, domain: "d", init: 0, span: sp },
  ],
  outputs: [],
  tasks: [
    { name: "on_l", kind: "irq", irq: "L", miatTicks: 3, miatUs: 3000, offsetTicks: 0, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: ["cnt_i"], writes: ["cnt_i"], locals: [], body: incr("cnt_i"), span: sp },
    { name: "per", kind: "periodic", periodTicks: 3, offsetTicks: 2, periodUs: 3000, deadlineUs: 2000, publishDelayTicks: 2, priority: 2, domain: "d", reads: ["cnt_p"], writes: ["cnt_p"], locals: [], body: incr("cnt_p"), span: sp },
  ],
  assumptions: [],
  properties: [],
};

// L fires at ticks 0,1,2,3,6,7,11. Releases of on_l (m = 3): 0, 3, 6, 11 (1, 2 and 7 are too soon);
// published one tick later. Releases of per (p = 3, o = 2): 2, 5, 8, 11; published two ticks later.
const L = [1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1];
const EXPECTED = [
  [0, 0], [1, 0], [1, 0], [1, 0], [2, 1], [2, 1], [2, 1], [3, 2], [3, 2], [3, 2], [3, 3], [3, 3],
];

describe("release and publication follow docs/semantics.md", () => {
  const trace = L.map((l) => ({ L: l }));

  it("in the interpreter", () => {
    const sim = simulate(program, trace, trace.length);
    expect(sim.rows.map((r) => expectedColumns(program, r))).toEqual(EXPECTED);
  });

  it.skipIf(!have("gcc"))("in the generated C", () => {
    const h = buildHarness(program);
    try {
      const [res] = runHarness(h, [trace]);
      expect(res!.rows).toEqual(EXPECTED);
      expect(res!.error).toBeUndefined();
    } finally {
      cleanup(h.dir);
    }
  });
});
