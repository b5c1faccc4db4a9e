// Every IR operation has a sequence on every target, and every mnemonic has a cited cycle class.
import { describe, expect, it } from "vitest";
import { IR_OPS, TARGETS, findTarget, mnemonic, opCycles } from "../../src/targets/index.js";

describe("target tables", () => {
  for (const t of TARGETS) {
    it(`${t.name}: complete and cited`, () => {
      for (const op of IR_OPS) {
        const s = t.ir[op];
        expect(s, op).toBeDefined();
        expect(s.seq.length, op).toBeGreaterThan(0);
        for (const insn of s.seq) expect(t.classes[mnemonic(insn)], `${op}: ${insn}`).toBeDefined();
        expect(opCycles(t, op, { waitStates: 0 })).toBeGreaterThan(0);
        // wait states never make an operation cheaper
        expect(opCycles(t, op, { waitStates: 3 })).toBeGreaterThan(opCycles(t, op, { waitStates: 0 }));
      }
      for (const c of Object.values(t.classes)) expect(c.source.length).toBeGreaterThan(10);
      expect(t.references.length).toBeGreaterThan(0);
    });
  }
  it("vendor figures", () => {
    const m4 = findTarget("cortex-m4")!;
    expect(m4.classes.SDIV!.cycles).toBe(12); // DDI 0439B: 2 to 12
    expect(m4.irqEntryCycles).toBe(12);
    const m0 = findTarget("cortex-m0+")!;
    expect(m0.classes.LDR!.cycles).toBe(2);
    expect(m0.classes.MULS!.cycles).toBe(32);
    expect(m0.irqEntryCycles).toBe(15);
    const rv = findTarget("cv32e40p")!;
    expect(rv.classes.div!.cycles).toBe(35);
    expect(rv.classes.bcc!.cycles).toBe(3);
    expect(findTarget("z80")).toBeUndefined();
    // interrupt nesting: the NVIC preempts any handler; the CV32E40P enters traps with MIE cleared
    expect([m4.irqEntryMasked, m0.irqEntryMasked, rv.irqEntryMasked]).toEqual([false, false, true]);
    // the masked part of the dispatch is bracketed by disable/enable on the Cortex-M cores
    for (const t of [m4, m0]) expect([t.ir["dispatch.masked"].seq[0], t.ir["dispatch.masked"].seq.at(-1)]).toEqual(["CPSID i", "CPSIE i"]);
  });
});
