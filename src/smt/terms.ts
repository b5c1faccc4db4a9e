/**
 * SMT term IR: vigil's own data for the formulas it sends to solvers (Z3 is text in, text out).
 *
 * Input: built by the encoders (src/smt/encode*.ts) with the constructors below.
 * Output: printed to SMT-LIB 2 by src/smt/print.ts.
 * Invariants:
 * - Sorts are Int and Bool only (QF_LIA plus ite); arrays of the IR are encoded as one variable per
 *   element (`name@i`), so every query stays in linear integer arithmetic with constant indices
 *   resolved by ite chains. Integers are mathematical; ranges are explicit constraints.
 * - Constructors simplify constants locally (and/or/not/ite/+ on literals) but never change meaning.
 * - Terms are immutable plain objects.
 */
export type Sort = "Int" | "Bool";

export type Term =
  | { readonly k: "int"; readonly v: bigint }
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "var"; readonly name: string; readonly sort: Sort }
  | { readonly k: "app"; readonly op: string; readonly args: readonly Term[]; readonly sort: Sort };

export const TRUE: Term = { k: "bool", v: true };
export const FALSE: Term = { k: "bool", v: false };

export function int(v: number | bigint): Term {
  if (typeof v === "number" && !Number.isSafeInteger(v)) throw new RangeError(`not an exact integer: ${v}`);
  return { k: "int", v: BigInt(v) };
}
export function bool(v: boolean): Term {
  return v ? TRUE : FALSE;
}
export function v(name: string, sort: Sort): Term {
  return { k: "var", name, sort };
}
export function app(op: string, sort: Sort, ...args: Term[]): Term {
  return { k: "app", op, args, sort };
}

export function not(a: Term): Term {
  if (a.k === "bool") return bool(!a.v);
  if (a.k === "app" && a.op === "not") return a.args[0] as Term;
  return app("not", "Bool", a);
}
export function and(...xs: Term[]): Term {
  const out: Term[] = [];
  for (const x of xs) {
    if (x.k === "bool") {
      if (!x.v) return FALSE;
      continue;
    }
    if (x.k === "app" && x.op === "and") out.push(...x.args);
    else out.push(x);
  }
  if (out.length === 0) return TRUE;
  if (out.length === 1) return out[0] as Term;
  return app("and", "Bool", ...out);
}
export function or(...xs: Term[]): Term {
  const out: Term[] = [];
  for (const x of xs) {
    if (x.k === "bool") {
      if (x.v) return TRUE;
      continue;
    }
    if (x.k === "app" && x.op === "or") out.push(...x.args);
    else out.push(x);
  }
  if (out.length === 0) return FALSE;
  if (out.length === 1) return out[0] as Term;
  return app("or", "Bool", ...out);
}
export function implies(a: Term, b: Term): Term {
  return or(not(a), b);
}
export function ite(c: Term, t: Term, e: Term): Term {
  if (c.k === "bool") return c.v ? t : e;
  if (termEq(t, e)) return t;
  return app("ite", sortOf(t), c, t, e);
}
export function eq(a: Term, b: Term): Term {
  if (a.k === "int" && b.k === "int") return bool(a.v === b.v);
  if (a.k === "bool" && b.k === "bool") return bool(a.v === b.v);
  if (termEq(a, b)) return TRUE;
  return app("=", "Bool", a, b);
}
function arith(op: "+" | "-" | "*", f: (x: bigint, y: bigint) => bigint, a: Term, b: Term): Term {
  if (a.k === "int" && b.k === "int") return { k: "int", v: f(a.v, b.v) };
  return app(op, "Int", a, b);
}
export const add = (a: Term, b: Term): Term =>
  b.k === "int" && b.v === 0n ? a : a.k === "int" && a.v === 0n ? b : arith("+", (x, y) => x + y, a, b);
export const sub = (a: Term, b: Term): Term => (b.k === "int" && b.v === 0n ? a : arith("-", (x, y) => x - y, a, b));
export const mul = (a: Term, b: Term): Term => arith("*", (x, y) => x * y, a, b);
export function cmp(op: "<" | "<=" | ">" | ">=", a: Term, b: Term): Term {
  if (a.k === "int" && b.k === "int") {
    const r = op === "<" ? a.v < b.v : op === "<=" ? a.v <= b.v : op === ">" ? a.v > b.v : a.v >= b.v;
    return bool(r);
  }
  return app(op, "Bool", a, b);
}
/** lo <= x <= hi */
export function inRange(x: Term, lo: number, hi: number): Term {
  return and(cmp("<=", int(lo), x), cmp("<=", x, int(hi)));
}

/** Structural equality. */
export function termEq(a: Term, b: Term): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case "int":
    case "bool":
      return a.v === (b as typeof a).v;
    case "var":
      return a.name === (b as typeof a).name && a.sort === (b as typeof a).sort;
    case "app": {
      const bb = b as typeof a;
      return a.op === bb.op && a.args.length === bb.args.length && a.args.every((x, i) => termEq(x, bb.args[i] as Term));
    }
  }
}

export function sortOf(t: Term): Sort {
  return t.k === "int" ? "Int" : t.k === "bool" ? "Bool" : t.sort;
}
