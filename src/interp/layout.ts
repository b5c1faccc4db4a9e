/**
 * Memory layout of the compiled interpreter: where every value lives in the flat state vector.
 *
 * Input: an IrProgram. Output: a Layout mapping globals, task buffers, scheduler counters and
 * leads_to monitor histories to offsets in one Float64Array (`mem`), and inputs/irq lines to
 * offsets in another (`inp`).
 * Invariants: arrays are flattened (element i at base + i); every task has a publication buffer
 * holding one copy of each global it writes, a `pend` slot (ticks until publication, -1 when
 * nothing is pending) and a `ctr` slot (periodic: ticks until the next release; interrupt: ticks
 * until a new arrival is accepted). A leads_to monitor costs one slot whatever its window (the
 * age of the oldest unanswered trigger, docs/semantics.md section 4). The layout is a pure
 * function of the program.
 */
import type { IrGlobal, IrProgram, IrType, IrValue } from "../ir/ir.js";

export interface Slot {
  readonly name: string;
  readonly base: number;
  /** 1 for scalars, the length for arrays. */
  readonly size: number;
  readonly isArray: boolean;
  readonly type: IrType;
}

export interface TaskSlots {
  readonly name: string;
  /** Buffer slot per written global (same order as task.writes, state/outputs only). */
  readonly buffers: ReadonlyMap<string, Slot>;
  readonly pend: number;
  readonly ctr: number;
}

export interface MonitorSlots {
  readonly property: string;
  readonly window: number;
  /** Age in ticks of the oldest trigger not yet answered or reported (0..window), -1 when none. */
  readonly age: number;
}

export interface Layout {
  readonly memSize: number;
  readonly inpSize: number;
  /** State variables then outputs, in declaration order. */
  readonly visible: ReadonlyMap<string, Slot>;
  /** Inputs then irq lines. */
  readonly inputs: ReadonlyMap<string, Slot>;
  readonly tasks: readonly TaskSlots[];
  readonly monitors: ReadonlyMap<string, MonitorSlots>;
}

export function sizeOf(t: IrType): number {
  return t.kind === "array" ? t.length : 1;
}

export function computeLayout(p: IrProgram): Layout {
  let off = 0;
  const visible = new Map<string, Slot>();
  const globalsByName = new Map<string, IrGlobal>();
  for (const g of [...p.state, ...p.outputs]) {
    const size = sizeOf(g.type);
    visible.set(g.name, { name: g.name, base: off, size, isArray: g.type.kind === "array", type: g.type });
    globalsByName.set(g.name, g);
    off += size;
  }
  const tasks: TaskSlots[] = [];
  for (const t of p.tasks) {
    const buffers = new Map<string, Slot>();
    for (const w of t.writes) {
      const g = globalsByName.get(w);
      if (!g) continue;
      const size = sizeOf(g.type);
      buffers.set(w, { name: w, base: off, size, isArray: g.type.kind === "array", type: g.type });
      off += size;
    }
    const pend = off++;
    const ctr = off++;
    tasks.push({ name: t.name, buffers, pend, ctr });
  }
  const monitors = new Map<string, MonitorSlots>();
  for (const pr of p.properties) {
    if (pr.kind !== "leadsTo") continue;
    monitors.set(pr.name, { property: pr.name, window: pr.withinTicks, age: off++ });
  }
  let ioff = 0;
  const inputs = new Map<string, Slot>();
  for (const g of p.inputs) {
    const size = sizeOf(g.type);
    inputs.set(g.name, { name: g.name, base: ioff, size, isArray: g.type.kind === "array", type: g.type });
    ioff += size;
  }
  for (const l of p.irqs) {
    inputs.set(l.name, { name: l.name, base: ioff, size: 1, isArray: false, type: { kind: "bool" } });
    ioff += 1;
  }
  return { memSize: off, inpSize: ioff, visible, inputs, tasks, monitors };
}

/** Initial memory values that are not zero: idle leads_to monitors (-1). */
export function initMonitors(mem: Float64Array, layout: Layout): void {
  for (const ms of layout.monitors.values()) mem[ms.age] = -1;
}

/** The default value of a type: false, 0 clamped into the range (its low end if 0 is outside), first member. */
export function defaultValue(t: IrType): IrValue {
  switch (t.kind) {
    case "bool":
      return 0;
    case "enum":
      return 0;
    case "int":
      return t.lo <= 0 && 0 <= t.hi ? 0 : t.lo;
    case "array":
      return new Array<number>(t.length).fill(defaultValue(t.elem) as number);
  }
}

/** Write a value into a flat vector at `slot`. */
export function storeValue(mem: Float64Array, slot: Slot, v: IrValue): void {
  if (typeof v === "number") {
    if (slot.isArray) mem.fill(v, slot.base, slot.base + slot.size);
    else mem[slot.base] = v;
  } else {
    for (let i = 0; i < slot.size; i++) mem[slot.base + i] = v[i] ?? 0;
  }
}

export function loadValue(mem: Float64Array, slot: Slot): IrValue {
  if (!slot.isArray) return mem[slot.base]!;
  return Array.from(mem.subarray(slot.base, slot.base + slot.size));
}
