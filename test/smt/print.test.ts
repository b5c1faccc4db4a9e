import { describe, expect, it } from "vitest";
import * as T from "../../src/smt/terms.js";
import { printScript, printTerm, symbol } from "../../src/smt/print.js";

describe("smt terms and printer", () => {
  it("quotes unsafe symbols and keeps simple ones", () => {
    expect(symbol("x")).toBe("x");
    expect(symbol("s0.v@1")).toBe("s0.v@1");
    expect(symbol("a b")).toBe("|a b|");
    expect(symbol("1x")).toBe("|1x|");
    expect(symbol("let")).toBe("|let|");
    expect(() => symbol("a|b")).toThrow();
  });
  it("folds constants without changing meaning", () => {
    const x = T.v("x", "Int");
    expect(printTerm(T.add(T.int(2), T.int(3)))).toBe("5");
    expect(printTerm(T.and(T.TRUE, T.cmp("<", x, T.int(4))))).toBe("(< x 4)");
    expect(printTerm(T.or(T.FALSE, T.FALSE))).toBe("false");
    expect(printTerm(T.ite(T.TRUE, x, T.int(1)))).toBe("x");
    expect(printTerm(T.int(-7))).toBe("(- 7)");
    expect(printTerm(T.not(T.not(T.v("b", "Bool"))))).toBe("b");
    expect(printTerm(T.inRange(x, -1, 9))).toBe("(and (<= (- 1) x) (<= x 9))");
  });
  it("prints a complete script", () => {
    const x = T.v("x y", "Int");
    const s = printScript({
      logic: "QF_LIA",
      decls: [{ name: "x y", sort: "Int" }],
      defs: [{ name: "pos", params: [{ name: "a", sort: "Int" }], sort: "Bool", body: T.cmp(">", T.v("a", "Int"), T.int(0)) }],
      asserts: [T.eq(x, T.int(3))],
    });
    expect(s).toBe("(set-logic QF_LIA)\n(declare-fun |x y| () Int)\n(define-fun pos ((a Int)) Bool (> a 0))\n(assert (= |x y| 3))\n");
  });
});
