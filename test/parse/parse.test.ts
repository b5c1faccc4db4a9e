// The parser: AST shapes, spans, numbers, precedence, syntax error codes and messages, the nesting
// guard and the SLL-then-LL strategy.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as ast from "../../src/ast/ast.js";
import { parseText } from "../../src/parse/index.js";
import { parseNumberText } from "../../src/parse/numbers.js";

const EXAMPLE = join(import.meta.dirname, "../../examples/vvi-pacemaker.vgl");

function constValue(src: string): ast.Expr {
  const r = parseText("t.vgl", `const X = ${src}\n`);
  expect(r.diagnostics).toEqual([]);
  const d = r.model!.decls[0]!;
  if (d.kind !== "Const") throw new Error("not a const");
  return d.value;
}

/** A compact s-expression of an expression, for precedence tests. */
function sx(e: ast.Expr): string {
  switch (e.kind) {
    case "Binary":
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case "Unary":
      return `(${e.op} ${sx(e.operand)})`;
    case "Cond":
      return `(if ${sx(e.cond)} ${sx(e.then)} ${sx(e.else)})`;
    case "Number":
      return e.unit ? `${e.text}${e.unit}` : e.text;
    case "Name":
      return e.name;
    case "Index":
      return `(idx ${sx(e.array)} ${sx(e.index)})`;
    case "Member":
      return `(. ${sx(e.object)} ${e.member.name})`;
    case "Call":
      return `(${e.callee.name} ${e.args.map(sx).join(" ")})`;
    default:
      return e.kind;
  }
}

/** Every span inside the file, and every node's span inside its parent's. */
function checkSpans(node: unknown, text: string, parent?: { offset: number; length: number }): number {
  if (typeof node !== "object" || node === null) return 0;
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + checkSpans(x, text, parent), 0);
  let count = 0;
  const rec = node as Record<string, unknown>;
  const span = rec.span as { offset: number; length: number; line: number; col: number } | undefined;
  if (span && typeof span.offset === "number") {
    count++;
    expect(span.offset).toBeGreaterThanOrEqual(0);
    expect(span.offset + span.length).toBeLessThanOrEqual(text.length);
    if (parent) {
      expect(span.offset).toBeGreaterThanOrEqual(parent.offset);
      expect(span.offset + span.length).toBeLessThanOrEqual(parent.offset + parent.length);
    }
    const before = text.slice(0, span.offset).split("\n");
    expect(span.line).toBe(before.length);
    expect(span.col).toBe(before[before.length - 1]!.length + 1);
  }
  for (const [k, v] of Object.entries(rec)) if (k !== "span") count += checkSpans(v, text, span ?? parent);
  return count;
}

describe("parseText", () => {
  it("parses the VVI pacemaker example cleanly, with spans on every node", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const r = parseText("vvi.vgl", text);
    expect(r.diagnostics).toEqual([]);
    const m = r.model!;
    expect(m.device?.name.name).toBe("PacemakerVVI");
    expect(m.device?.targets[0]?.name).toBe("cortex-m4");
    expect(m.device?.ticks).toHaveLength(1);
    expect(m.decls.map((d) => d.kind)).toEqual([
      "Domain", "Domain", "Const", "Input", "Input", "Output", "Output", "State", "State", "State", "Assume",
      "Task", "Task", "Task", "Property", "Property", "Property", "Property", "Property", "Property",
    ]);
    const pace = m.decls.find((d): d is ast.TaskDecl => d.kind === "Task")!;
    expect(pace.clauses.map((c) => c.kind)).toEqual(["Every", "Deadline", "Priority", "InDomain"]);
    expect(text.slice(pace.name.span.offset, pace.name.span.offset + pace.name.span.length)).toBe("pace");
    expect(checkSpans(m, text)).toBeGreaterThan(150);
  });

  it("gives operators the documented precedence", () => {
    expect(sx(constValue("1 + 2 * 3"))).toBe("(+ 1 (* 2 3))");
    expect(sx(constValue("1 - 2 - 3"))).toBe("(- (- 1 2) 3)");
    expect(sx(constValue("a implies b implies c"))).toBe("(implies a (implies b c))");
    expect(sx(constValue("not a == b and c or d"))).toBe("(or (and (not (== a b)) c) d)");
    expect(sx(constValue("-a * b"))).toBe("(* (- a) b)");
    expect(sx(constValue("a[1].x + f(2, 3)"))).toBe("(+ (. (idx a 1) x) (f 2 3))");
    expect(sx(constValue("if a then b else c + 1"))).toBe("(if a b (+ c 1))");
    expect(sx(constValue("(1 + 2) * 3"))).toBe("(* (+ 1 2) 3)");
    expect(sx(constValue("a < b + 1 ms"))).toBe("(< a (+ b 1ms))");
  });

  it("reads every form of number literal exactly", () => {
    expect(parseNumberText("1_000")).toEqual({ num: 1000n, scale: 0 });
    expect(parseNumberText("0x1F")).toEqual({ num: 31n, scale: 0 });
    expect(parseNumberText("0b1010_1010")).toEqual({ num: 170n, scale: 0 });
    expect(parseNumberText("1.5")).toEqual({ num: 15n, scale: 1 });
    expect(parseNumberText("0.000_5")).toEqual({ num: 5n, scale: 4 });
    expect(parseNumberText("99999999999999999999")).toEqual({ num: 99999999999999999999n, scale: 0 });
    for (const bad of ["1_", "1__0", "_1", "0x", "0b2", "1.", ".5", "1e5", "0x_1"]) expect(parseNumberText(bad)).toBeUndefined();
    const e = constValue("1.5 ms");
    expect(e).toMatchObject({ kind: "Number", num: 15n, scale: 1, unit: "ms", text: "1.5" });
  });

  it("builds statements, match arms and else-if chains", () => {
    const r = parseText(
      "t.vgl",
      `task t every 1 ms {
  let a: u8 = 1; var b: u8 = 2
  arr[i] := a
  match mode { Idle | Mode.Busy => x := 1  _ => { skip } }
  for i in 0 .. 3 { x := i }
  if a { skip } else if b { skip } else { skip }
}`,
    );
    expect(r.diagnostics).toEqual([]);
    const t = r.model!.decls[0] as ast.TaskDecl;
    expect(t.body.stmts.map((s) => s.kind)).toEqual(["Let", "Var", "Assign", "Match", "For", "If"]);
    const m = t.body.stmts[3] as Extract<ast.Stmt, { kind: "Match" }>;
    expect(m.arms[0]!.patterns.map((p) => [p.enumName?.name, p.member.name])).toEqual([
      [undefined, "Idle"],
      ["Mode", "Busy"],
    ]);
    expect(m.arms[0]!.body.stmts).toHaveLength(1);
    expect(m.arms[1]!.wildcard).toBe(true);
    const i = t.body.stmts[5] as ast.IfStmt;
    expect(i.else?.kind).toBe("If");
    expect((i.else as ast.IfStmt).else?.kind).toBe("Block");
  });
});

describe("syntax errors", () => {
  const codes = (text: string) => parseText("t.vgl", text).diagnostics.map((d) => d.code);
  const messages = (text: string) => parseText("t.vgl", text).diagnostics.map((d) => d.message);

  it("reports several errors per file, each with a stable code, and no model", () => {
    const r = parseText("t.vgl", "const A = \nconst B: = 5\ninput x: u8 in\ntask t every 1 ms { x := }\n");
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["VG1010", "VG1010", "VG1011", "VG1010"]);
    expect(r.diagnostics.map((d) => d.span?.line)).toEqual([2, 2, 4, 4]);
  });

  it("phrases expectations in the language's own terms", () => {
    expect(messages("input x: in d")[0]).toBe("expected a type after ':', found 'in'");
    expect(messages("task pace every 1 ms x := 1 }")[0]).toBe("expected '{' to start the body of task 'pace' after 'ms', found 'x'");
    expect(messages("task t every 1 ms { x := }")[0]).toBe("expected an expression after ':=', found '}'");
    for (const m of messages("const = 5\nstate s u8 = 1 in d\ntask t { if x y := 1 }")) {
      expect(m).not.toMatch(/\b(RBRACE|LBRACE|ID|INT|EOF|SEMI|COLON|ASSIGN_OP)\b/);
    }
  });

  it("uses VG1012 at the end of the file and VG1013 where a declaration belongs", () => {
    expect(codes("task t every 1 ms { if x { y := 1")).toEqual(["VG1012"]);
    expect(codes("x := 1")).toEqual(["VG1013"]);
  });

  it("reports lexical errors once, without a parser echo", () => {
    expect(codes("const A = 1 @ 2")).toEqual(["VG1001"]);
    expect(codes('import "abc\nconst A = 1')).toEqual(["VG1003"]);
    expect(codes("const A = 1 /* never closed")).toEqual(["VG1002"]);
    expect(codes("const A = 0b102")).toEqual(["VG1021"]);
  });

  it("refuses input nested too deeply instead of overflowing the stack", () => {
    for (const deep of ["(".repeat(10000) + "1" + ")".repeat(10000), "not ".repeat(10000) + "x", "-".repeat(10000) + "1", "1" + " + 1".repeat(10000), "[".repeat(10000)]) {
      const r = parseText("t.vgl", `const X = ${deep}\n`);
      expect(r.diagnostics.map((d) => d.code)).toEqual(["VG1020"]);
    }
    const chain = "task t every 1 ms {\n  if a { skip }" + " else if a { skip }".repeat(5000) + "\n}\n";
    expect(parseText("t.vgl", chain).diagnostics.map((d) => d.code)).toEqual(["VG1020"]);
  });

  it("accepts moderately nested input and long flat task bodies", () => {
    expect(parseText("t.vgl", `const X = ${"(".repeat(150)}1${")".repeat(150)}\n`).diagnostics).toEqual([]);
    const body = "  x := x + 1\n  if a { y := not b } else { y := -c }\n".repeat(2000);
    expect(parseText("t.vgl", `task t every 1 ms {\n${body}}\n`).diagnostics).toEqual([]);
  });

  it("says the file is empty (VG1022) for an empty or comment-only file", () => {
    expect(codes("")).toEqual(["VG1022"]);
    expect(codes("  // just a comment\n\n")).toEqual(["VG1022"]);
  });
});
