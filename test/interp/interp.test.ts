/**
 * Reference interpreter tests on hand-built IR (independent of parser, checker and lowering).
 * Each expected value is worked out by hand from docs/semantics.md; the reasoning is in comments.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createMachine, simulate, type TickInputs } from "../../src/interp/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { BOOL, SP, assign, bin, c, int, program, rangeAssert, task, v } from "./build.js";
import { vviIr } from "./vvi-ir.js";

const quiet = (n: number, extra: Partial<Record<string, number>> = {}): TickInputs[] =>
  Array.from({ length: n }, () => ({ vsense: 0, prog_lri: 1000, UART0: 0, ...extra }) as TickInputs);

describe("VVI pacemaker, hand-built IR", () => {
  it("publishes pace's writes one tick after release (LET, d = ceil(200 us / 1 ms) = 1)", () => {
    const r = simulate(vviIr(), quiet(5), 5);
    // tick 0: initial state since_v = 0 visible; pace runs (0 + 1 ms < lri = 1000 ms, no sense):
    //   since_v := 1 ms buffered for tick 1. adopt (every 100 ms, offset 0) also runs at tick 0.
    expect(r.rows[0]).toMatchObject({ tick: 0, state: { since_v: 0, lri: 1_000_000, pending: 1000 }, released: ["pace", "adopt"] });
    // tick 1: since_v = 1000 us is now visible; only pace released.
    expect(r.rows[1]).toMatchObject({ tick: 1, state: { since_v: 1000 }, released: ["pace"] });
    // ticks 2..4: one more millisecond each tick.
    expect(r.rows.map((x) => x.state.since_v)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(r.runtimeError).toBeUndefined();
    expect(r.propertyViolations).toEqual([]);
  });

  it("paces at lri: vpace becomes visible the tick after since_v + tick >= lri", () => {
    const r = simulate(vviIr(), quiet(1003), 1003);
    // At tick 999 since_v = 999 ms, 999 + 1 >= 1000: pace sets vpace and resets since_v,
    // published at tick 1000. At tick 1001 vpace is false again (since_v = 0 + 1 < lri).
    expect(r.rows[999]!.state.since_v).toBe(999_000);
    expect(r.rows[999]!.outputs.vpace).toBe(0);
    expect(r.rows[1000]!.state.since_v).toBe(0);
    expect(r.rows[1000]!.outputs.vpace).toBe(1);
    expect(r.rows[1001]!.outputs.vpace).toBe(0);
    // adopt is released every 100 ticks: 0, 100, ..., 1000.
    expect(r.rows.filter((x) => x.released.includes("adopt")).map((x) => x.tick)).toEqual(
      Array.from({ length: 11 }, (_, i) => i * 100),
    );
    expect(r.propertyViolations).toEqual([]);
  });

  it("sensing after the refractory period resets since_v", () => {
    const ins = quiet(400);
    ins[100] = { vsense: 1, prog_lri: 1000, UART0: 0 }; // since_v = 100 ms < VRP = 320 ms: ignored
    ins[330] = { vsense: 1, prog_lri: 1000, UART0: 0 }; // since_v = 330 ms >= VRP: reset
    const r = simulate(vviIr(), ins, 400);
    expect(r.rows[101]!.state.since_v).toBe(101_000);
    expect(r.rows[331]!.state.since_v).toBe(0);
    expect(r.rows[331]!.outputs.vpace).toBe(0);
  });

  it("drops interrupt arrivals sooner than min_interarrival and publishes after d = 2 ticks", () => {
    const ins = quiet(12);
    // UART0 fires at ticks 0, 3, 5, 9, 10 with prog_lri = 100 * tick.
    for (const t of [0, 3, 5, 9, 10]) ins[t] = { vsense: 0, prog_lri: 100 * t, UART0: 1 };
    const r = simulate(vviIr(), ins, 12);
    // m = 5 ticks: 0 released; 3 dropped (3 < 5); 5 released (5 - 0 >= 5); 9 dropped; 10 released.
    expect(r.rows.filter((x) => x.released.includes("radio")).map((x) => x.tick)).toEqual([0, 5, 10]);
    // radio's writes (pending := prog_lri) appear at release + 2: tick 2 (0), tick 7 (500).
    expect(r.rows.map((x) => x.state.pending)).toEqual([1000, 1000, 0, 0, 0, 0, 0, 500, 500, 500, 500, 500]);
    // status := lri / 1 ms = 1000 appears at tick 2.
    expect(r.rows[1]!.outputs.status).toBe(0);
    expect(r.rows[2]!.outputs.status).toBe(1000);
  });

  it("adopt endorses a valid programmed interval and keeps lri otherwise", () => {
    const ins = quiet(205);
    ins[0] = { vsense: 0, prog_lri: 800, UART0: 1 }; // pending = 800 from tick 2
    ins[150] = { vsense: 0, prog_lri: 3000, UART0: 1 }; // pending = 3000 from tick 152 (invalid)
    const r = simulate(vviIr(), ins, 205);
    // adopt at tick 100 reads pending = 800 (valid): lri = 800 ms visible at tick 101.
    expect(r.rows[100]!.state.lri).toBe(1_000_000);
    expect(r.rows[101]!.state.lri).toBe(800_000);
    // adopt at tick 200 reads pending = 3000 (invalid): fallback keeps lri.
    expect(r.rows[201]!.state.lri).toBe(800_000);
  });

  it("stops at a broken assumption, naming it, without a row for that tick", () => {
    const ins = quiet(5);
    ins[3] = { vsense: 0, prog_lri: 6000, UART0: 0 };
    const r = simulate(vviIr(), ins, 5);
    expect(r.assumptionViolation).toMatchObject({ tick: 3, assumption: "assume@22" });
    expect(r.rows.length).toBe(3);
  });

  it("Machine.step replays exactly what simulate computes", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ vsense: fc.integer({ min: 0, max: 1 }), prog_lri: fc.integer({ min: 0, max: 5000 }), UART0: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 300 }), (ins) => {
        const p = vviIr();
        const r = simulate(p, ins, ins.length);
        const m = createMachine(p);
        const s = m.init();
        const rows = ins.map((x) => m.step(s, x).row);
        expect(rows).toEqual(r.rows);
        const s2 = m.clone(s);
        expect(s2.mem).toEqual(s.mem);
        expect(s2.mem).not.toBe(s.mem);
      }),
      { numRuns: 30 },
    );
  });

  it("the same inputs always give the same trace", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ vsense: fc.integer({ min: 0, max: 1 }), prog_lri: fc.integer({ min: 0, max: 5000 }), UART0: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 400 }), (ins) => {
        const a = simulate(vviIr(), ins, ins.length);
        const b = simulate(vviIr(), ins.map((x) => ({ ...x })), ins.length);
        expect(b).toEqual(a);
      }),
      { numRuns: 40 },
    );
  });

  it("writes become visible exactly publishDelayTicks after the release, never before", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ vsense: fc.integer({ min: 0, max: 1 }), prog_lri: fc.integer({ min: 0, max: 5000 }), UART0: fc.integer({ min: 0, max: 1 }) }), { minLength: 2, maxLength: 400 }), (ins) => {
        const p = vviIr();
        const r = simulate(p, ins, ins.length);
        const writer = new Map<string, { task: string; d: number }>();
        for (const t of p.tasks) for (const w of t.writes) writer.set(w, { task: t.name, d: t.publishDelayTicks });
        for (let k = 1; k < r.rows.length; k++) {
          const row = r.rows[k]!;
          const prev = r.rows[k - 1]!;
          for (const [name, { task: tn, d }] of writer) {
            const now = row.state[name] ?? row.outputs[name];
            const before = prev.state[name] ?? prev.outputs[name];
            if (now !== before) {
              // A change at tick k must come from a job of the writer released at k - d.
              expect(k - d).toBeGreaterThanOrEqual(0);
              expect(r.rows[k - d]!.released).toContain(tn);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("LET between tasks", () => {
  // producer writes x := x + 1 every tick (d = 1); consumer copies x into y every tick (d = 3).
  const X = int(0, 1000);
  const p: IrProgram = program({
    state: [
      { name: "x", role: "state", type: X, domain: "d", init: 0, span: SP },
      { name: "y", role: "state", type: X, domain: "d", init: 0, span: SP },
    ],
    tasks: [
      task({
        name: "producer",
        priority: 1,
        reads: ["x"],
        writes: ["x"],
        body: [rangeAssert("producer/range@1:1", bin("add", v("x", "state", X), c(1)), 0, 1000, "x"), assign("x", "state", bin("add", v("x", "state", X), c(1)))],
      }),
      task({ name: "consumer", priority: 2, periodTicks: 4, deadlineUs: 3000, publishDelayTicks: 3, reads: ["x"], writes: ["y"], body: [assign("y", "state", v("x", "state", X))] }),
    ],
  });
  it("a consumer sees the value published before its release, and its copy appears d ticks later", () => {
    const r = simulate(p, () => ({}), 12);
    // x at tick k is k (producer releases every tick, publishes at k + 1).
    expect(r.rows.map((row) => row.state.x)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // consumer released at 0, 4, 8 reads x = 0, 4, 8; its writes appear at 3, 7, 11.
    expect(r.rows.map((row) => row.state.y)).toEqual([0, 0, 0, 0, 0, 0, 0, 4, 4, 4, 4, 8]);
  });

  it("a periodic offset delays the first release", () => {
    const q: IrProgram = { ...p, tasks: [p.tasks[0]!, { ...p.tasks[1]!, offsetTicks: 2 }] };
    const r = simulate(q, () => ({}), 11);
    expect(r.rows.filter((x) => x.released.includes("consumer")).map((x) => x.tick)).toEqual([2, 6, 10]);
  });
});

describe("runtime errors", () => {
  // acc := acc + inc with acc in [0 .. 50] and inc an input in [-7 .. 9]; the range assert fails
  // exactly when the exact sum leaves [0, 50].
  const ACC = int(0, 50);
  const INC = int(-7, 9);
  const sum = bin("add", v("acc", "state", ACC), v("inc", "input", INC));
  const p: IrProgram = program({
    inputs: [{ name: "inc", role: "input", type: INC, domain: "d", span: SP }],
    state: [{ name: "acc", role: "state", type: ACC, domain: "d", init: 0, span: SP }],
    tasks: [task({ name: "t", reads: ["acc", "inc"], writes: ["acc"], body: [rangeAssert("t/range@3:5", sum, 0, 50, "acc"), assign("acc", "state", sum)] })],
  });

  it("is reported exactly when a value leaves its range (checked against BigInt)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -7, max: 9 }), { minLength: 1, maxLength: 60 }), (incs) => {
        const r = simulate(p, incs.map((inc) => ({ inc })), incs.length);
        let acc = 0n;
        let expected: { tick: number; value: bigint } | undefined;
        for (let k = 0; k < incs.length; k++) {
          const next = acc + BigInt(incs[k]!);
          if (next < 0n || next > 50n) {
            expected = { tick: k, value: next };
            break;
          }
          acc = next;
        }
        if (expected) {
          expect(r.runtimeError).toMatchObject({ tick: expected.tick, task: "t", assertId: "t/range@3:5", value: Number(expected.value) });
          expect(r.rows.length).toBe(expected.tick + 1);
        } else {
          expect(r.runtimeError).toBeUndefined();
          expect(r.rows.length).toBe(incs.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("division by zero and out-of-bounds indexes are reported by their asserts", () => {
    const D = int(0, 3);
    const q = program({
      inputs: [{ name: "d", role: "input", type: D, domain: "d", span: SP }],
      state: [
        { name: "q", role: "state", type: int(0, 100), domain: "d", init: 0, span: SP },
        { name: "a", role: "state", type: { kind: "array", elem: int(0, 9), length: 3 }, domain: "d", init: [1, 2, 3], span: SP },
      ],
      tasks: [
        task({
          name: "t",
          reads: ["a", "d"],
          writes: ["a", "q"],
          body: [
            { s: "assert", id: "t/div0@1:1", check: { kind: "div0" }, cond: bin("ne", v("d", "input", D), c(0)), span: SP },
            assign("q", "state", bin("div", c(99), v("d", "input", D), int(0, 99))),
            { s: "assert", id: "t/index@2:1", check: { kind: "index", length: 3, array: "a" }, cond: bin("le", v("d", "input", D), c(2)), span: SP },
            assign("a", "state", c(7, int(7, 7)), v("d", "input", D)),
          ],
        }),
      ],
    });
    const r1 = simulate(q, [{ d: 2 }, { d: 0 }], 2);
    expect(r1.runtimeError).toMatchObject({ tick: 1, assertId: "t/div0@1:1", check: { kind: "div0" } });
    // tick 0: q := 99 / 2 = 49 (truncation), a[2] := 7; both visible at tick 1.
    expect(r1.rows[1]!.state).toEqual({ q: 49, a: [1, 2, 7] });
    const r2 = simulate(q, [{ d: 1 }, { d: 3 }], 2);
    expect(r2.runtimeError).toMatchObject({ tick: 1, assertId: "t/index@2:1", check: { kind: "index" } });
  });

  it("divides toward zero with the remainder of the dividend's sign (C99)", () => {
    const N = int(-20, 20);
    const M = int(-7, 7);
    const q = program({
      inputs: [
        { name: "n", role: "input", type: N, domain: "d", span: SP },
        { name: "m", role: "input", type: M, domain: "d", span: SP },
      ],
      outputs: [
        { name: "q", role: "output", type: int(-20, 20), domain: "d", init: 0, span: SP },
        { name: "r", role: "output", type: int(-6, 6), domain: "d", init: 0, span: SP },
      ],
      tasks: [
        task({
          name: "t",
          reads: ["m", "n"],
          writes: ["q", "r"],
          body: [
            assign("q", "output", bin("div", v("n", "input", N), v("m", "input", M), int(-20, 20))),
            assign("r", "output", bin("rem", v("n", "input", N), v("m", "input", M), int(-6, 6))),
          ],
        }),
      ],
    });
    fc.assert(
      fc.property(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -7, max: 7 }).filter((x) => x !== 0), (n, m) => {
        const r = simulate(q, [{ n, m }, { n, m }], 2);
        const bq = BigInt(n) / BigInt(m); // BigInt division truncates toward zero
        const br = BigInt(n) % BigInt(m);
        expect(r.rows[1]!.outputs).toEqual({ q: Number(bq), r: Number(br) });
      }),
    );
  });
});

describe("properties", () => {
  const T = int(0, 10);
  const base = program({
    inputs: [{ name: "p", role: "input", type: BOOL, domain: "d", span: SP }, { name: "q", role: "input", type: BOOL, domain: "d", span: SP }],
    state: [{ name: "n", role: "state", type: T, domain: "d", init: 0, span: SP }],
    properties: [
      { kind: "leadsTo", name: "resp", trigger: v("p", "input", BOOL), response: v("q", "input", BOOL), withinTicks: 2, span: SP },
      { kind: "invariant", name: "inv", expr: bin("lt", v("n", "state", T), c(5)), span: SP },
    ],
  });

  it("leads_to reports a trigger whose window [k, k + n] has no response, at tick k + n", () => {
    const ins = [
      { p: 1, q: 0 }, // trigger at 0
      { p: 0, q: 0 },
      { p: 0, q: 1 }, // response at 2 = 0 + 2: satisfied
      { p: 1, q: 0 }, // trigger at 3
      { p: 1, q: 0 }, // trigger at 4
      { p: 0, q: 0 }, // tick 5 = 3 + 2: window of 3 expired -> violation
      { p: 0, q: 0 }, // tick 6 = 4 + 2: inside the window reported at 5, not reported again
      { p: 1, q: 1 }, // trigger and response at once: satisfied
      { p: 0, q: 0 },
      { p: 0, q: 0 },
    ];
    const r = simulate(base, ins, ins.length);
    expect(r.propertyViolations.map((x) => [x.property, x.triggerTick, x.tick])).toEqual([
      ["resp", 3, 5],
    ]);
  });

  it("matches a brute-force leads_to check on random traces", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ p: fc.integer({ min: 0, max: 1 }), q: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 5 }), (ins, n) => {
        const prog: IrProgram = { ...base, properties: [{ ...(base.properties[0] as Extract<IrProgram["properties"][number], { kind: "leadsTo" }>), withinTicks: n }] };
        const r = simulate(prog, ins, ins.length);
        // One window per trigger, except that a report covers the triggers inside its window.
        const expected: [number, number][] = [];
        let covered = -1;
        for (let k = 0; k + n < ins.length; k++) {
          if (!ins[k]!.p || k <= covered) continue;
          let ok = false;
          for (let j = k; j <= k + n; j++) if (ins[j]!.q) ok = true;
          if (!ok) {
            expected.push([k, k + n]);
            covered = k + n;
          }
        }
        expect(r.propertyViolations.map((x) => [x.triggerTick, x.tick])).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe("Machine for exhaustive exploration", () => {
  // c := (c + inc) % 5 every 2 ticks with d = 2: a finite system; BFS over all inputs terminates.
  const C = int(0, 4);
  const p = program({
    inputs: [{ name: "inc", role: "input", type: BOOL, domain: "d", span: SP }],
    state: [{ name: "c", role: "state", type: C, domain: "d", init: 0, span: SP }],
    tasks: [
      task({
        name: "t",
        periodTicks: 2,
        deadlineUs: 2000,
        publishDelayTicks: 2,
        reads: ["c", "inc"],
        writes: ["c"],
        body: [assign("c", "state", bin("rem", bin("add", v("c", "state", C), v("inc", "input", BOOL)), c(5), int(0, 4)))],
      }),
    ],
    properties: [{ kind: "leadsTo", name: "zero", trigger: bin("eq", v("c", "state", C), c(4)), response: bin("eq", v("c", "state", C), c(0)), withinTicks: 3, span: SP }],
  });
  it("state keys are finite: BFS terminates and reaches every counter value", () => {
    const m = createMachine(p);
    const seen = new Map<string, ReturnType<typeof m.init>>();
    const s0 = m.init();
    seen.set(m.key(s0), s0);
    const queue = [s0];
    const values = new Set<number>();
    while (queue.length) {
      const s = queue.shift()!;
      for (const inc of [0, 1]) {
        const n = m.clone(s);
        const out = m.step(n, { inc });
        values.add(out.row.state.c as number);
        const k = m.key(n);
        if (!seen.has(k)) {
          seen.set(k, n);
          queue.push(n);
        }
      }
      expect(seen.size).toBeLessThan(10_000);
    }
    expect([...values].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(m.key(m.clone(s0))).toBe(m.key(s0));
  });

  it("step refuses inputs that lack a value", () => {
    const m = createMachine(p);
    expect(() => m.step(m.init(), {})).toThrow(/inc/);
  });
});

describe("simulate input checks", () => {
  it("throws (a programming error) when a tick lacks an input or irq line", () => {
    expect(() => simulate(vviIr(), [{ vsense: 0, prog_lri: 1 }], 1)).toThrow(/UART0/);
  });
});
