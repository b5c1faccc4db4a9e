/**
 * What invariant generation talks about: the scalar state of the transition system (visible state
 * variables and outputs, array elements expanded), the control literals that guard relations, and
 * the constant pool that candidate bounds are drawn from.
 *
 * Input: an IrProgram. Output: InvVar[] (in the template's order, with their SMT template symbol
 * `$s.v.NAME[.i]` and their .vgl spelling), Literal[] and one constant pool per unit.
 * Invariants:
 * - Every InvVar is a frame variable of src/smt/transition.ts (same symbol), so a candidate over
 *   InvVars is a state predicate of frame j after `instantiate(term, j)`.
 * - Values are the interpreter's numbers: bool 0/1, enum member index, integers exact (times in us).
 * - Printing (vgl*) yields .vgl source text that the checker accepts in an `always` property.
 */
import type { IrExpr, IrProgram, IrStmt, IrType, IrUnit } from "../../ir/ir.js";
import { intLit } from "../../smt/text.js";

export interface InvVar {
  /** Index in the sample vectors. */
  readonly idx: number;
  /** Template symbol, e.g. `$s.v.lri_t` or `$s.v.hour.3`. */
  readonly sym: string;
  /** .vgl spelling, e.g. `lri_t` or `hour[3]`. */
  readonly vgl: string;
  /** The global's name (an array element's array). */
  readonly name: string;
  readonly kind: "bool" | "enum" | "int";
  readonly unit: IrUnit;
  readonly lo: number;
  readonly hi: number;
  /** Enum members (kind "enum"), and the enum's name for printing. */
  readonly members?: readonly string[];
  readonly enumName?: string;
  /** Element of an array (kept out of relational templates). */
  readonly element: boolean;
}

/** A control literal: `v == member` (enum), `v` or `not v` (bool). */
export interface Literal {
  readonly v: number;
  /** Enum member index, or 1 / 0 for a bool. */
  readonly value: number;
  readonly smt: string;
  readonly vgl: string;
}

const MAX_ARRAY = 8;

export function invVars(prog: IrProgram): InvVar[] {
  const out: InvVar[] = [];
  const add = (name: string, vgl: string, sym: string, t: IrType, element: boolean): void => {
    const s = t.kind === "array" ? t.elem : t;
    const idx = out.length;
    if (s.kind === "bool") out.push({ idx, sym, vgl, name, kind: "bool", unit: "none", lo: 0, hi: 1, element });
    else if (s.kind === "enum") out.push({ idx, sym, vgl, name, kind: "enum", unit: "none", lo: 0, hi: s.members.length - 1, members: s.members, enumName: s.name, element });
    else out.push({ idx, sym, vgl, name, kind: "int", unit: s.unit, lo: s.lo, hi: s.hi, element });
  };
  for (const g of [...prog.state, ...prog.outputs]) {
    if (g.type.kind === "array") {
      if (g.type.length > MAX_ARRAY) continue;
      for (let i = 0; i < g.type.length; i++) add(g.name, `${g.name}[${i}]`, `$s.v.${g.name}.${i}`, g.type, true);
    } else add(g.name, g.name, `$s.v.${g.name}`, g.type, false);
  }
  return out;
}

export function literals(vars: readonly InvVar[]): Literal[] {
  const out: Literal[] = [];
  for (const v of vars) {
    if (v.element) continue;
    if (v.kind === "bool") {
      out.push({ v: v.idx, value: 1, smt: v.sym, vgl: v.vgl });
      out.push({ v: v.idx, value: 0, smt: `(not ${v.sym})`, vgl: `not ${v.vgl}` });
    } else if (v.kind === "enum") {
      (v.members ?? []).forEach((m, i) => out.push({ v: v.idx, value: i, smt: `(= ${v.sym} ${i})`, vgl: `${v.vgl} == ${v.enumName}.${m}` }));
    }
  }
  return out;
}

/** Named constants by unit and value (for printing bounds as `TVA` rather than `850 ms`). */
export interface ConstNames {
  readonly time: ReadonlyMap<number, string>;
  readonly none: ReadonlyMap<number, string>;
}

export function constNames(prog: IrProgram): ConstNames {
  const time = new Map<number, string>();
  const none = new Map<number, string>();
  for (const c of prog.consts) {
    if (typeof c.value !== "number" || c.type.kind !== "int") continue;
    const m = c.type.unit === "time" ? time : c.type.unit === "none" ? none : undefined;
    if (m && !m.has(c.value)) m.set(c.value, c.name);
  }
  return { time, none };
}

/**
 * The constant pool of a unit: 0, the tick (times), every named constant of that unit, their
 * pairwise sums and differences, each also +-tick, and the negations. Sorted ascending.
 */
export function constantPool(prog: IrProgram, unit: IrUnit): number[] {
  const base = new Set<number>();
  for (const c of prog.consts) if (typeof c.value === "number" && c.type.kind === "int" && c.type.unit === unit && c.value !== 0) base.add(Math.abs(c.value));
  const tick = unit === "time" ? prog.device.tickUs : 1;
  const ks = [...base];
  const pool = new Set<number>([0, tick, -tick]);
  for (const a of ks) {
    for (const d of [0, tick, -tick]) (pool.add(a + d), pool.add(-a + d));
    for (const b of ks) for (const d of [0, tick, -tick]) (pool.add(a - b + d), pool.add(a + b + d), pool.add(-a - b + d));
  }
  return [...pool].filter((x) => Number.isSafeInteger(x)).sort((x, y) => x - y);
}

/** A value of a unit in .vgl: a named constant when one has it, else `850 ms` / `3 us` / `12`. */
export function vglConst(n: number, unit: IrUnit, names: ConstNames): string {
  const named = unit === "time" ? names.time.get(n) : unit === "none" ? names.none.get(n) : undefined;
  if (named !== undefined) return named;
  if (unit === "time") {
    if (n !== 0 && n % 1000 === 0) return `${n / 1000} ms`;
    return `${n} us`;
  }
  if (unit === "freq") return `${n} Hz`;
  return String(n);
}

export function smtConst(n: number): string {
  return intLit(n);
}

/**
 * Which variables the program relates (design note R2: relations only within a group): x and y are
 * related when one is assigned from an expression that reads the other, when both are assigned in
 * the same branch, or when both occur in one condition, assertion or property. And which bool and
 * enum variables decide something (occur in a condition or a property): only those guard relations.
 * Names are global names (array elements share their array's name).
 */
export interface Relevance {
  readonly related: (a: string, b: string) => boolean;
  readonly guards: ReadonlySet<string>;
}

export function relevance(prog: IrProgram): Relevance {
  const pairs = new Set<string>();
  const guards = new Set<string>();
  const link = (xs: Iterable<string>): void => {
    const l = [...new Set(xs)];
    for (const a of l) for (const b of l) if (a !== b) pairs.add(`${a}|${b}`);
  };
  // A local stands for the globals its assignments read (a task's locals are unique in the task).
  const localDeps = new Map<string, Set<string>>();
  const reads = (e: IrExpr, out: Set<string>): Set<string> => {
    switch (e.k) {
      case "var":
        if (e.scope === "local") for (const x of localDeps.get(e.name) ?? []) out.add(x);
        else if (e.scope !== "input") out.add(e.name);
        break;
      case "index":
        if (e.scope !== "local" && e.scope !== "input") out.add(e.array);
        reads(e.index, out);
        break;
      case "unary":
        reads(e.arg, out);
        break;
      case "binary":
        reads(e.left, out);
        reads(e.right, out);
        break;
      case "ite":
        reads(e.cond, out);
        reads(e.then, out);
        reads(e.else, out);
        break;
      case "array":
        for (const x of e.elements) reads(x, out);
        break;
      case "const":
        break;
    }
    return out;
  };
  const decide = (e: IrExpr): void => {
    const r = reads(e, new Set());
    link(r);
    for (const x of r) guards.add(x);
  };
  const block = (ss: readonly IrStmt[]): void => {
    const assigned: string[] = [];
    for (const s of ss) {
      switch (s.s) {
        case "assign":
          if (s.target.scope === "local") {
            const d = localDeps.get(s.target.name) ?? new Set<string>();
            reads(s.value, d);
            localDeps.set(s.target.name, d);
          } else {
            assigned.push(s.target.name);
            link([s.target.name, ...reads(s.value, new Set())]);
          }
          break;
        case "if":
          decide(s.cond);
          block(s.then);
          block(s.else);
          break;
        case "for":
          block(s.body);
          break;
        case "assert":
          link(reads(s.cond, new Set()));
          break;
        case "endorse":
          assigned.push(s.target);
          link([s.target, ...reads(s.fallback, new Set())]);
          break;
        case "declassify":
          assigned.push(s.target);
          link([s.target, ...reads(s.value, new Set())]);
          break;
      }
    }
    link(assigned);
  };
  for (const t of prog.tasks) block(t.body);
  for (const q of prog.properties) {
    if (q.kind === "invariant") decide(q.expr);
    else if (q.kind === "leadsTo") (decide(q.trigger), decide(q.response));
  }
  return { related: (a, b) => a === b || pairs.has(`${a}|${b}`), guards };
}
