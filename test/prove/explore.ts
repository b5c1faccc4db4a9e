/**
 * Exhaustive exploration by the reference interpreter: the oracle the safety-proof tests compare
 * the prover against.
 *
 * Input: an IrProgram, a bound on the number of ticks (input sequences of length `ticks`) and a
 * state budget. Every input and irq line takes every value of its (small) declared domain at every
 * tick; input combinations that break an assumption are not behaviours and are skipped.
 * Output: for every obligation the exploration violates (property name for `always`/`leads_to`,
 * the IR assert id for a runtime check), the shortest witness input sequence, plus whether the
 * whole reachable state space was exhausted (`complete`).
 * Invariants:
 * - Breadth first, one level per tick: a state first reached at tick d is never expanded again
 *   (Machine.key identifies states with the same futures), so the witnesses are shortest and
 *   every violation reachable within `ticks` ticks is found.
 * - A run stops at its first runtime error (docs/semantics.md section 1): its state is not
 *   expanded; property violations observed at that tick still count, as in the simulator.
 */
import { createMachine, type MachineState, type TickInputs } from "../../src/interp/index.js";
import type { IrProgram, IrScalarType, IrType } from "../../src/ir/ir.js";

export interface Witness {
  /** The tick at which the violation shows (runtime error tick, invariant tick, leads_to window end). */
  readonly tick: number;
  /** Inputs for ticks 0..tick. */
  readonly inputs: readonly TickInputs[];
  readonly kind: "invariant" | "leadsTo" | "runtime";
}

export interface Exploration {
  readonly violations: ReadonlyMap<string, Witness>;
  /** True when no new state was left unexplored: the violations are all that is reachable. */
  readonly complete: boolean;
  /** Ticks explored (length of the longest input sequence tried). */
  readonly ticks: number;
  readonly states: number;
  /** Number of input combinations per tick that satisfy every assumption. */
  readonly validCombos: number;
}

export interface ExploreOptions {
  /** Explore input sequences of at most this many ticks. */
  readonly ticks: number;
  /** Stop (incomplete) after this many distinct states (default 200000). */
  readonly maxStates?: number;
  /** Refuse models with more input combinations per tick than this (default 4096). */
  readonly maxCombos?: number;
}

function scalarDomain(t: IrScalarType): number[] {
  switch (t.kind) {
    case "bool":
      return [0, 1];
    case "enum":
      return t.members.map((_, i) => i);
    case "int": {
      const out: number[] = [];
      for (let v = t.lo; v <= t.hi; v++) out.push(v);
      return out;
    }
  }
}

function domainOf(name: string, t: IrType, maxCombos: number): number[] | readonly number[][] {
  if (t.kind !== "array") {
    if (t.kind === "int" && t.hi - t.lo + 1 > maxCombos) throw new Error(`explore: input ${name} has too many values`);
    return scalarDomain(t);
  }
  let acc: number[][] = [[]];
  const elem = scalarDomain(t.elem);
  for (let i = 0; i < t.length; i++) {
    acc = acc.flatMap((prefix) => elem.map((v) => [...prefix, v]));
    if (acc.length > maxCombos) throw new Error(`explore: input ${name} has too many values`);
  }
  return acc;
}

/** Every assignment of values to the inputs and irq lines that satisfies the assumptions. */
export function inputCombos(program: IrProgram, maxCombos = 4096): TickInputs[] {
  const vars: { name: string; dom: readonly (number | readonly number[])[] }[] = [
    ...program.inputs.map((g) => ({ name: g.name, dom: domainOf(g.name, g.type, maxCombos) })),
    ...program.irqs.map((l) => ({ name: l.name, dom: [0, 1] })),
  ];
  let combos: Record<string, number | readonly number[]>[] = [{}];
  for (const v of vars) {
    combos = combos.flatMap((c) => v.dom.map((x) => ({ ...c, [v.name]: x })));
    if (combos.length > maxCombos) throw new Error(`explore: more than ${maxCombos} input combinations per tick`);
  }
  const m = createMachine(program);
  return combos.filter((c) => m.brokenAssumptions(c).length === 0);
}

interface Node {
  readonly state: MachineState;
  readonly parent: Node | undefined;
  readonly inputs: TickInputs | undefined;
}

function pathOf(n: Node, last: TickInputs): TickInputs[] {
  const out: TickInputs[] = [last];
  for (let p: Node | undefined = n; p && p.inputs; p = p.parent) out.push(p.inputs);
  return out.reverse();
}

export function explore(program: IrProgram, opts: ExploreOptions): Exploration {
  const maxStates = opts.maxStates ?? 200_000;
  const m = createMachine(program);
  const combos = inputCombos(program, opts.maxCombos ?? 4096);
  const violations = new Map<string, Witness>();
  const kindOf = new Map(program.properties.map((p) => [p.name, p.kind]));
  const init = m.init();
  const seen = new Set<string>([m.key(init)]);
  let frontier: Node[] = [{ state: init, parent: undefined, inputs: undefined }];
  let ticks = 0;
  let truncated = false;
  while (frontier.length > 0 && ticks < opts.ticks) {
    const next: Node[] = [];
    for (const node of frontier) {
      for (const inp of combos) {
        const s = m.clone(node.state);
        const out = m.step(s, inp);
        if (out.assumptionViolation) continue;
        for (const v of out.propertyViolations) {
          if (!violations.has(v.property)) {
            const k = kindOf.get(v.property);
            violations.set(v.property, { tick: v.tick, inputs: pathOf(node, inp), kind: k === "leadsTo" ? "leadsTo" : "invariant" });
          }
        }
        if (out.runtimeError) {
          const id = out.runtimeError.assertId;
          if (!violations.has(id)) violations.set(id, { tick: out.runtimeError.tick, inputs: pathOf(node, inp), kind: "runtime" });
          continue;
        }
        const key = m.key(s);
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          truncated = true;
          continue;
        }
        seen.add(key);
        next.push({ state: s, parent: node, inputs: inp });
      }
    }
    ticks++;
    frontier = next;
  }
  return { violations, complete: !truncated && frontier.length === 0, ticks, states: seen.size, validCombos: combos.length };
}
