/**
 * The flow-sensitive labels of a task's locals, with an undo trail so that branches and loop
 * iterations cost time proportional to what they change, not to the number of locals in scope.
 *
 * Input: label updates from flow.ts. Output: the current label of each local.
 * Invariants: every set() is recorded on the trail with the previous value; undo(mark) restores
 * the state at mark exactly; changesSince(mark) lists each local set since mark once, with its
 * current label. An absent local has the bottom label (0).
 */
import type { Sym } from "./model.js";

type Label = number;

export class LabelEnv {
  private readonly map = new Map<Sym, Label>();
  private readonly trail: { sym: Sym; old: Label | undefined }[] = [];

  get(s: Sym): Label {
    return this.map.get(s) ?? 0;
  }

  set(s: Sym, l: Label): void {
    this.trail.push({ sym: s, old: this.map.get(s) });
    this.map.set(s, l);
  }

  mark(): number {
    return this.trail.length;
  }

  changesSince(mark: number): Map<Sym, Label> {
    const out = new Map<Sym, Label>();
    for (let i = mark; i < this.trail.length; i++) {
      const s = this.trail[i]!.sym;
      if (!out.has(s)) out.set(s, this.get(s));
    }
    return out;
  }

  undo(mark: number): void {
    while (this.trail.length > mark) {
      const { sym, old } = this.trail.pop()!;
      if (old === undefined) this.map.delete(sym);
      else this.map.set(sym, old);
    }
  }

  clear(): void {
    this.map.clear();
    this.trail.length = 0;
  }
}
