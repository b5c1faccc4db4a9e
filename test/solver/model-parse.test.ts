// Model parsing: ints (negative), bools, arrays (const/store, as-array, lambda), functions, wrappers.
import { describe, expect, it } from "vitest";
import { arrayElement, modelBool, modelInt, parseModel } from "../../src/solver/model-parse.js";
import { parseSExprs, splitTopLevel } from "../../src/solver/sexpr.js";

describe("parseModel", () => {
  it("reads ints (including negatives) and bools from model().sexpr()", () => {
    const m = parseModel("(define-fun x () Int\n  (- 5))\n(define-fun b () Bool\n  true)\n(define-fun |s@1| () Int 42)");
    expect(modelInt(m, "x")).toBe(-5);
    expect(modelBool(m, "b")).toBe(true);
    expect(modelInt(m, "s@1")).toBe(42);
    expect(modelInt(m, "missing")).toBeUndefined();
  });

  it("unwraps (get-model) answers with and without the model keyword", () => {
    expect(modelInt(parseModel("(\n  (define-fun y () Int 7)\n)"), "y")).toBe(7);
    expect(modelInt(parseModel("(model (define-fun y () Int (- 12)))"), "y")).toBe(-12);
  });

  it("reads const/store arrays", () => {
    const m = parseModel("(define-fun a () (Array Int Int)\n  (store (store ((as const (Array Int Int)) (- 7)) 5 2) 1 (- 1)))");
    const a = m.get("a");
    expect(arrayElement(a, 5)).toEqual({ kind: "int", value: 2n });
    expect(arrayElement(a, 1)).toEqual({ kind: "int", value: -1n });
    expect(arrayElement(a, 99)).toEqual({ kind: "int", value: -7n });
  });

  it("reads as-array through the helper function's ite chain", () => {
    const m = parseModel(`(define-fun a () (Array Int Bool) (_ as-array k!0))
(define-fun k!0 ((x!0 Int)) Bool (ite (= x!0 3) true (ite (= 4 x!0) true false)))`);
    expect(arrayElement(m.get("a"), 3)).toEqual({ kind: "bool", value: true });
    expect(arrayElement(m.get("a"), 4)).toEqual({ kind: "bool", value: true });
    expect(arrayElement(m.get("a"), 0)).toEqual({ kind: "bool", value: false });
    expect(m.get("k!0")?.kind).toBe("function");
  });

  it("reads lambda arrays (cvc5 style)", () => {
    const m = parseModel("(define-fun a () (Array Int Int) (lambda ((_x Int)) (ite (= _x 2) (- 9) 0)))");
    expect(arrayElement(m.get("a"), 2)).toEqual({ kind: "int", value: -9n });
    expect(arrayElement(m.get("a"), 7)).toEqual({ kind: "int", value: 0n });
  });

  it("keeps HORN invariants as function text", () => {
    const m = parseModel("(define-fun inv ((x!0 Int) (x!1 Bool)) Bool\n  (and (not (>= x!0 11)) x!1))");
    const inv = m.get("inv");
    expect(inv).toEqual({
      kind: "function",
      params: [
        { name: "x!0", sort: "Int" },
        { name: "x!1", sort: "Bool" },
      ],
      sort: "Bool",
      body: "(and (not (>= x!0 11)) x!1)",
    });
  });

  it("keeps values it does not understand as text, never guesses", () => {
    const m = parseModel("(define-fun r () Real (/ 1.0 2.0))");
    expect(m.get("r")).toEqual({ kind: "other", text: "(/ 1.0 2.0)" });
    expect(modelInt(m, "r")).toBeUndefined();
  });

  it("reports ints beyond 2^53 as exact bigints but not as JS numbers", () => {
    const m = parseModel("(define-fun big () Int 123456789012345678901234567890)");
    expect(m.get("big")).toEqual({ kind: "int", value: 123456789012345678901234567890n });
    expect(modelInt(m, "big")).toBeUndefined();
  });
});

describe("sexpr reader", () => {
  it("splits top-level items, skipping comments and respecting strings", () => {
    expect(splitTopLevel('sat\n; note\n(error "a ) b")\n(x (y))')).toEqual(["sat", '(error "a ) b")', "(x (y))"]);
  });
  it("tolerates unbalanced input", () => {
    expect(parseSExprs("(a (b c")).toEqual([["a", ["b", "c"]]]);
    expect(parseSExprs(") a")).toEqual(["a"]);
  });
});
