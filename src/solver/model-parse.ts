/**
 * Parses a solver model (z3 `model().sexpr()`, or a `(get-model)` answer from z3 or cvc5) into
 * name → value.
 *
 * Input: model text: a sequence of `(define-fun name (params) Sort body)` items, optionally wrapped
 * in one list (`(model ...)` or `( ... )`).
 * Output: ParsedModel, a Map from constant name (without |bars|) to ModelValue.
 * Invariants:
 * - Int values are exact (bigint); `(- 5)` is -5. Bool values are booleans. Rationals `(/ 1 2)` and
 *   anything not understood are kept as text (kind "other"), never guessed.
 * - Arrays: `((as const (Array Int Int)) v)`, `(store a i v)` chains, `(_ as-array f)` (resolved
 *   through f's ite chain) and `(lambda ((x Int)) (ite (= x c) v ...))` become { default, entries }.
 * - Functions with parameters (e.g. HORN invariants) are kept as text: { kind: "function", params,
 *   sort, body }.
 */
import { parseSExprs, printSExpr, type SExpr } from "./sexpr.js";

export type ModelValue =
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "bool"; readonly value: boolean }
  | {
      readonly kind: "array";
      /** Value of every index not in `entries` (undefined if the solver did not say). */
      readonly default?: ModelValue;
      /** Keyed by the index's canonical text (decimal integer, "true"/"false"). */
      readonly entries: ReadonlyMap<string, ModelValue>;
    }
  | { readonly kind: "function"; readonly params: readonly { name: string; sort: string }[]; readonly sort: string; readonly body: string }
  | { readonly kind: "other"; readonly text: string };

export type ParsedModel = ReadonlyMap<string, ModelValue>;

type Defs = Map<string, { params: { name: string; sort: string }[]; sort: string; body: SExpr }>;

function isList(e: SExpr | undefined): e is readonly SExpr[] {
  return Array.isArray(e);
}

/** Unwraps `(model d1 d2 ...)` or `(d1 d2 ...)` to the list of define-fun items. */
function definitions(text: string): SExpr[] {
  const top = parseSExprs(text);
  if (top.length === 1) {
    const only = top[0];
    if (isList(only) && only[0] !== "define-fun" && only[0] !== "declare-fun") {
      return only[0] === "model" ? only.slice(1) : [...only];
    }
  }
  return top;
}

export function parseModel(text: string): ParsedModel {
  const defs: Defs = new Map();
  for (const d of definitions(text)) {
    if (!isList(d) || d[0] !== "define-fun" || typeof d[1] !== "string" || !isList(d[2])) continue;
    const params = d[2].filter(isList).map((p) => ({ name: String(p[0]), sort: printSExpr(p[1] ?? "") }));
    defs.set(d[1], { params, sort: printSExpr(d[3] ?? ""), body: d[4] ?? "" });
  }
  const out = new Map<string, ModelValue>();
  for (const [name, def] of defs) {
    if (def.params.length > 0) {
      out.set(name, { kind: "function", params: def.params, sort: def.sort, body: printSExpr(def.body) });
    } else {
      out.set(name, evalValue(def.body, defs, 0));
    }
  }
  return out;
}

function parseIntAtom(s: string): bigint | undefined {
  if (/^[0-9]+$/.test(s)) return BigInt(s);
  if (/^#x[0-9a-fA-F]+$/.test(s)) return BigInt("0x" + s.slice(2));
  if (/^#b[01]+$/.test(s)) return BigInt("0b" + s.slice(2));
  return undefined;
}

/** Evaluates a closed value term: literals, negation, arrays. */
export function evalValue(e: SExpr, defs: Defs, depth: number): ModelValue {
  const other: ModelValue = { kind: "other", text: printSExpr(e) };
  if (depth > 1000) return other;
  if (typeof e === "string") {
    if (e === "true") return { kind: "bool", value: true };
    if (e === "false") return { kind: "bool", value: false };
    const n = parseIntAtom(e);
    if (n !== undefined) return { kind: "int", value: n };
    return other;
  }
  const head = e[0];
  if (head === "-" && e.length === 2) {
    const v = evalValue(e[1] ?? "", defs, depth + 1);
    return v.kind === "int" ? { kind: "int", value: -v.value } : other;
  }
  // ((as const (Array Int Int)) v)
  if (isList(head) && head[0] === "as" && head[1] === "const" && e.length === 2) {
    return { kind: "array", default: evalValue(e[1] ?? "", defs, depth + 1), entries: new Map() };
  }
  if (head === "store" && e.length === 4) {
    const base = evalValue(e[1] ?? "", defs, depth + 1);
    if (base.kind !== "array") return other;
    const key = keyOf(evalValue(e[2] ?? "", defs, depth + 1));
    if (key === undefined) return other;
    const entries = new Map(base.entries);
    entries.set(key, evalValue(e[3] ?? "", defs, depth + 1));
    return { kind: "array", ...(base.default ? { default: base.default } : {}), entries };
  }
  // (_ as-array f)
  if (head === "_" && e[1] === "as-array" && typeof e[2] === "string") {
    const f = defs.get(e[2]);
    if (!f || f.params.length !== 1) return other;
    return tableOf(f.params[0]?.name ?? "", f.body, defs, depth) ?? other;
  }
  // (lambda ((x Int)) body)
  if (head === "lambda" && isList(e[1]) && e[1].length === 1 && isList(e[1][0])) {
    return tableOf(String(e[1][0][0]), e[2] ?? "", defs, depth) ?? other;
  }
  return other;
}

function keyOf(v: ModelValue): string | undefined {
  if (v.kind === "int") return v.value.toString();
  if (v.kind === "bool") return String(v.value);
  return undefined;
}

/** A one-parameter function body `(ite (= x c) v (ite ...  d))` as an array table. */
function tableOf(param: string, body: SExpr, defs: Defs, depth: number): ModelValue | undefined {
  const entries = new Map<string, ModelValue>();
  let cur: SExpr = body;
  for (;;) {
    if (isList(cur) && cur[0] === "ite" && cur.length === 4) {
      let cond: SExpr = cur[1] ?? "";
      // z3 sometimes wraps a single equation: (and (= x 1))
      if (isList(cond) && cond[0] === "and" && cond.length === 2) cond = cond[1] ?? "";
      if (!isList(cond) || cond[0] !== "=" || cond.length !== 3) return undefined;
      const [a, b] = [cond[1] ?? "", cond[2] ?? ""];
      const keyTerm = a === param ? b : b === param ? a : undefined;
      if (keyTerm === undefined) return undefined;
      const key = keyOf(evalValue(keyTerm, defs, depth + 1));
      if (key === undefined) return undefined;
      if (!entries.has(key)) entries.set(key, evalValue(cur[2] ?? "", defs, depth + 1));
      cur = cur[3] ?? "";
      continue;
    }
    if (cur === param) return undefined;
    const d = evalValue(cur, defs, depth + 1);
    if (d.kind === "other") return undefined;
    return { kind: "array", default: d, entries };
  }
}

/** An Int value as a JS number (undefined if absent, not an Int, or outside ±(2^53−1)). */
export function modelInt(m: ParsedModel, name: string): number | undefined {
  const v = m.get(name);
  if (v?.kind !== "int") return undefined;
  if (v.value > BigInt(Number.MAX_SAFE_INTEGER) || v.value < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(v.value);
}

export function modelBool(m: ParsedModel, name: string): boolean | undefined {
  const v = m.get(name);
  return v?.kind === "bool" ? v.value : undefined;
}

/** Element i of an array value (entries first, then the default). */
export function arrayElement(v: ModelValue | undefined, i: number | bigint | boolean): ModelValue | undefined {
  if (v?.kind !== "array") return undefined;
  return v.entries.get(String(i)) ?? v.default;
}
