/**
 * fast-check arbitraries for input traces that respect a model's declared ranges and assumptions.
 *
 * Input: an IrProgram. Output: an Arbitrary of traces (arrays of TickInputs) of a given length.
 * Invariants: every generated tick satisfies the input ranges (by construction) and every
 * assumption (ticks that break one are filtered out, judged by the reference interpreter's
 * brokenAssumptions; when fewer than 2 % of random ticks pass, the passing ones found are reused); values are biased toward range ends and zero, interrupt lines fire often
 * enough to exercise the minimum inter-arrival logic (about one tick in three).
 */
import fc from "fast-check";
import type { IrProgram, IrScalarType, IrType, IrValue } from "../../src/ir/ir.js";
import { createMachine, type TickInputs } from "../../src/interp/index.js";

function scalarArb(t: IrScalarType): fc.Arbitrary<number> {
  switch (t.kind) {
    case "bool":
      return fc.integer({ min: 0, max: 1 });
    case "enum":
      return fc.integer({ min: 0, max: Math.max(0, t.members.length - 1) });
    case "int": {
      const { lo, hi } = t;
      const any =
        lo >= -2147483648 && hi <= 2147483647
          ? fc.integer({ min: lo, max: hi })
          : fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number);
      const edges = [lo, hi, Math.min(hi, Math.max(lo, 0)), Math.min(hi, lo + 1), Math.max(lo, hi - 1)];
      const small = fc.integer({ min: Math.max(lo, -10), max: Math.min(hi, Math.max(lo, -10) + 20) });
      return fc.oneof({ arbitrary: any, weight: 6 }, { arbitrary: fc.constantFrom(...edges), weight: 2 }, { arbitrary: small, weight: 2 });
    }
  }
}

function valueArb(t: IrType): fc.Arbitrary<IrValue> {
  if (t.kind === "array") return fc.array(scalarArb(t.elem), { minLength: t.length, maxLength: t.length });
  return scalarArb(t);
}

/** One tick's inputs and irq lines, satisfying every assumption. */
export function tickArb(program: IrProgram): fc.Arbitrary<TickInputs> {
  const fields: Record<string, fc.Arbitrary<IrValue>> = {};
  for (const g of program.inputs) fields[g.name] = valueArb(g.type);
  for (const l of program.irqs) fields[l.name] = fc.integer({ min: 0, max: 2 }).map((x) => (x === 0 ? 1 : 0));
  const m = createMachine(program);
  const arb = fc.record(fields) as fc.Arbitrary<TickInputs>;
  if (program.assumptions.length === 0) return arb;
  const ok = (t: TickInputs): boolean => m.brokenAssumptions(t).length === 0;
  // Filtering never ends when almost no tick satisfies the assumptions: measure first, and fall
  // back to the satisfying ticks found when fewer than 2 % of the candidates pass.
  const probe = fc.sample(arb, { numRuns: 500, seed: 42 }).filter(ok);
  if (probe.length === 0) throw new Error(`no random tick satisfies the assumptions of ${program.device.name}`);
  if (probe.length >= 10) return arb.filter(ok);
  return fc.constantFrom(...probe);
}

export function traceArb(program: IrProgram, ticks: number): fc.Arbitrary<TickInputs[]> {
  return fc.array(tickArb(program), { minLength: ticks, maxLength: ticks });
}
