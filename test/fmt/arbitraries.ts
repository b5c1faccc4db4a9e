// fast-check arbitraries for well-formed vigil ASTs (spans are dummies; compare with stripSpans).
import fc from "fast-check";
import type * as ast from "../../src/ast/ast.js";
import type { Span } from "../../src/source/span.js";

const S: Span = { file: "g.vgl", line: 1, col: 1, offset: 0, length: 0 };
const NAMES = ["a", "b", "x1", "speed", "Mode", "lri_2", "_tmp", "counter", "Idle", "vpace"];
export const nameArb = fc.constantFrom(...NAMES);
export const identArb: fc.Arbitrary<ast.Ident> = nameArb.map((name) => ({ name, span: S }));

const UNITS: ast.Unit[] = ["us", "ms", "s", "Hz", "kHz", "MHz"];

function groups(digits: string, size: number): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % size === 0) out += "_";
    out += digits[i];
  }
  return out;
}

export const numberArb: fc.Arbitrary<ast.Expr> = fc
  .record({
    n: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    form: fc.constantFrom("dec", "hex", "bin", "grouped", "decimal"),
    frac: fc.stringMatching(/^[0-9]{1,3}$/),
    unit: fc.option(fc.constantFrom(...UNITS), { nil: undefined }),
  })
  .map(({ n, form, frac, unit }) => {
    let text: string;
    let num = n;
    let scale = 0;
    if (form === "hex") text = "0x" + n.toString(16);
    else if (form === "bin") text = "0b" + (n % 4096n).toString(2);
    else if (form === "grouped") text = groups(n.toString(), 3);
    else if (form === "decimal") {
      text = `${n}.${frac}`;
      num = BigInt(`${n}${frac}`);
      scale = frac.length;
    } else text = n.toString();
    if (form === "bin") num = n % 4096n;
    const e: ast.Expr = unit ? { kind: "Number", num, scale, unit, text, span: S } : { kind: "Number", num, scale, text, span: S };
    return e;
  });

const BINOPS: ast.BinaryOp[] = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "implies"];

export const exprArb: fc.Arbitrary<ast.Expr> = fc.letrec<{ expr: ast.Expr }>((tie) => {
  const e = tie("expr");
  return {
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      numberArb,
      fc.boolean().map((value): ast.Expr => ({ kind: "Bool", value, span: S })),
      fc.constant<ast.Expr>({ kind: "Tick", span: S }),
      nameArb.map((name): ast.Expr => ({ kind: "Name", name, span: S })),
      fc.record({ object: e, member: identArb }).map((r): ast.Expr => ({ kind: "Member", ...r, span: S })),
      fc.record({ array: e, index: e }).map((r): ast.Expr => ({ kind: "Index", ...r, span: S })),
      fc.record({ op: fc.constantFrom("-" as const, "not" as const), operand: e }).map((r): ast.Expr => ({ kind: "Unary", ...r, span: S })),
      fc.record({ op: fc.constantFrom(...BINOPS), left: e, right: e }).map((r): ast.Expr => ({ kind: "Binary", ...r, span: S })),
      fc.record({ cond: e, then: e, else: e }).map((r): ast.Expr => ({ kind: "Cond", ...r, span: S })),
      fc.record({ callee: identArb, args: fc.array(e, { maxLength: 3 }) }).map((r): ast.Expr => ({ kind: "Call", ...r, span: S })),
      fc.record({ value: e, valid: e, fallback: e }).map((r): ast.Expr => ({ kind: "Endorse", ...r, span: S })),
      fc.record({ value: e, to: fc.option(identArb, { nil: undefined }) }).map(
        (r): ast.Expr => (r.to ? { kind: "Declassify", value: r.value, to: r.to, span: S } : { kind: "Declassify", value: r.value, span: S }),
      ),
      fc.array(e, { maxLength: 3 }).map((elements): ast.Expr => ({ kind: "ArrayList", elements, span: S })),
      fc.record({ value: e, count: e }).map((r): ast.Expr => ({ kind: "ArrayRepeat", ...r, span: S })),
    ),
  };
}).expr;

export const typeArb: fc.Arbitrary<ast.TypeExpr> = fc.letrec<{ ty: ast.TypeExpr }>((tie) => ({
  ty: fc.oneof(
    { depthSize: "small" },
    fc.constant<ast.TypeExpr>({ kind: "BoolType", span: S }),
    identArb.map((name): ast.TypeExpr => ({ kind: "NamedType", name, span: S })),
    fc.record({ lo: exprArb, hi: exprArb }).map((r): ast.TypeExpr => ({ kind: "RangeType", ...r, span: S })),
    fc.record({ kind: fc.constantFrom("TimeType" as const, "FreqType" as const), b: fc.option(fc.record({ lo: exprArb, hi: exprArb }), { nil: undefined }) }).map(
      (r): ast.TypeExpr => (r.b ? { kind: r.kind, lo: r.b.lo, hi: r.b.hi, span: S } : { kind: r.kind, span: S }),
    ),
    fc.record({ elem: tie("ty"), length: exprArb }).map((r): ast.TypeExpr => ({ kind: "ArrayType", ...r, span: S })),
  ),
})).ty;

const placeArb: fc.Arbitrary<ast.Place> = fc
  .record({ name: identArb, index: fc.option(exprArb, { nil: undefined }) })
  .map((r) => (r.index ? { kind: "Place", name: r.name, index: r.index, span: S } : { kind: "Place", name: r.name, span: S }));

const stmtArbs = fc.letrec<{ stmt: ast.Stmt; block: ast.Block; ifs: ast.IfStmt }>((tie) => {
  const block = tie("block") as fc.Arbitrary<ast.Block>;
  return {
    block: fc.array(tie("stmt") as fc.Arbitrary<ast.Stmt>, { maxLength: 3 }).map((stmts): ast.Block => ({ kind: "Block", stmts, span: S })),
    ifs: fc
      .record({ cond: exprArb, then: block, else: fc.option(fc.oneof({ depthSize: "small" }, block, tie("ifs") as fc.Arbitrary<ast.IfStmt>), { nil: undefined, depthSize: "small" }) })
      .map((r): ast.IfStmt => (r.else ? { kind: "If", cond: r.cond, then: r.then, else: r.else, span: S } : { kind: "If", cond: r.cond, then: r.then, span: S })),
    stmt: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({ target: placeArb, value: exprArb }).map((r): ast.Stmt => ({ kind: "Assign", ...r, span: S })),
      fc.constant<ast.Stmt>({ kind: "Skip", span: S }),
      fc.record({ name: identArb, type: fc.option(typeArb, { nil: undefined }), value: exprArb }).map(
        (r): ast.Stmt => (r.type ? { kind: "Let", name: r.name, type: r.type, value: r.value, span: S } : { kind: "Let", name: r.name, value: r.value, span: S }),
      ),
      fc.record({ name: identArb, type: typeArb, value: exprArb }).map((r): ast.Stmt => ({ kind: "Var", ...r, span: S })),
      tie("ifs") as fc.Arbitrary<ast.Stmt>,
      fc.record({ var: identArb, lo: exprArb, hi: exprArb, body: block }).map((r): ast.Stmt => ({ kind: "For", ...r, span: S })),
      fc
        .record({
          subject: exprArb,
          arms: fc.array(
            fc.record({
              wildcard: fc.boolean(),
              patterns: fc.array(fc.record({ enumName: fc.option(identArb, { nil: undefined }), member: identArb }), { minLength: 1, maxLength: 3 }),
              body: block,
            }),
            { maxLength: 3 },
          ),
        })
        .map(
          (r): ast.Stmt => ({
            kind: "Match",
            subject: r.subject,
            arms: r.arms.map((a) => ({
              kind: "MatchArm",
              wildcard: a.wildcard,
              patterns: a.wildcard ? [] : a.patterns.map((p) => (p.enumName ? { enumName: p.enumName, member: p.member, span: S } : { member: p.member, span: S })),
              body: a.body,
              span: S,
            })),
            span: S,
          }),
        ),
    ),
  };
});
export const stmtArb = stmtArbs.stmt;
export const blockArb = stmtArbs.block;

const clauseArb: fc.Arbitrary<ast.TaskClause> = fc.oneof(
  exprArb.map((period): ast.TaskClause => ({ kind: "Every", period, span: S })),
  exprArb.map((offset): ast.TaskClause => ({ kind: "Offset", offset, span: S })),
  identArb.map((irq): ast.TaskClause => ({ kind: "Irq", irq, span: S })),
  exprArb.map((value): ast.TaskClause => ({ kind: "MinInterarrival", value, span: S })),
  exprArb.map((value): ast.TaskClause => ({ kind: "Deadline", value, span: S })),
  exprArb.map((value): ast.TaskClause => ({ kind: "Priority", value, span: S })),
  identArb.map((domain): ast.TaskClause => ({ kind: "InDomain", domain, span: S })),
);

const propertyArb: fc.Arbitrary<ast.PropertyBody> = fc.oneof(
  fc.record({ expr: exprArb, lt: fc.option(fc.record({ target: exprArb, within: exprArb }), { nil: undefined }) }).map(
    (r): ast.PropertyBody => (r.lt ? { kind: "Always", expr: r.expr, leadsTo: { ...r.lt, span: S }, span: S } : { kind: "Always", expr: r.expr, span: S }),
  ),
  fc.record({ from: identArb, to: identArb, except: fc.option(fc.constantFrom("endorse" as const, "declassify" as const), { nil: undefined }) }).map(
    (r): ast.PropertyBody => (r.except ? { kind: "NonInterference", from: r.from, to: r.to, except: r.except, span: S } : { kind: "NonInterference", from: r.from, to: r.to, span: S }),
  ),
  fc.constant<ast.PropertyBody>({ kind: "Schedulable", span: S }),
  fc.record({ task: identArb, bound: exprArb }).map((r): ast.PropertyBody => ({ kind: "Wcet", ...r, span: S })),
);

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

export const declArb: fc.Arbitrary<ast.Decl> = fc.oneof(
  fc.record({ name: identArb, integrity: identArb, confidentiality: identArb }).map((r): ast.Decl => ({ kind: "Domain", ...r, span: S })),
  fc.array(identArb, { minLength: 2, maxLength: 4 }).map((levels): ast.Decl => ({ kind: "Levels", levels, span: S })),
  fc.record({ name: identArb, type: opt(typeArb), value: exprArb }).map(
    (r): ast.Decl => (r.type ? { kind: "Const", name: r.name, type: r.type, value: r.value, span: S } : { kind: "Const", name: r.name, value: r.value, span: S }),
  ),
  fc.record({ name: identArb, members: fc.array(identArb, { minLength: 1, maxLength: 4 }) }).map((r): ast.Decl => ({ kind: "Enum", ...r, span: S })),
  fc.record({ name: identArb, type: typeArb }).map((r): ast.Decl => ({ kind: "TypeAlias", ...r, span: S })),
  fc.record({ name: identArb, type: typeArb, domain: identArb }).map((r): ast.Decl => ({ kind: "Input", ...r, span: S })),
  fc.record({ name: identArb, type: typeArb, init: opt(exprArb), domain: identArb }).map(
    (r): ast.Decl =>
      r.init ? { kind: "Output", name: r.name, type: r.type, init: r.init, domain: r.domain, span: S } : { kind: "Output", name: r.name, type: r.type, domain: r.domain, span: S },
  ),
  fc.record({ name: identArb, type: typeArb, init: exprArb, domain: identArb }).map((r): ast.Decl => ({ kind: "State", ...r, span: S })),
  fc.record({ name: opt(identArb), expr: exprArb }).map((r): ast.Decl => (r.name ? { kind: "Assume", name: r.name, expr: r.expr, span: S } : { kind: "Assume", expr: r.expr, span: S })),
  fc.record({ name: identArb, clauses: fc.array(clauseArb, { maxLength: 4 }), body: blockArb }).map((r): ast.Decl => ({ kind: "Task", ...r, span: S })),
  fc.record({ name: identArb, body: propertyArb }).map((r): ast.Decl => ({ kind: "Property", ...r, span: S })),
);

export const modelArb: fc.Arbitrary<ast.Model> = fc
  .record({
    imports: fc.array(fc.constantFrom("lib/a.vgl", "shared limits.vgl", 'odd"name\\x.vgl'), { maxLength: 2 }),
    device: opt(
      fc.record({
        name: identArb,
        targets: fc.array(fc.record({ name: fc.constantFrom("cortex-m4", "rv32im", "cortex-m0plus"), clock: exprArb }), { maxLength: 2 }),
        ticks: fc.array(exprArb, { maxLength: 2 }),
      }),
    ),
    decls: fc.array(declArb, { maxLength: 6 }),
  })
  .map((r): ast.Model => {
    const base = { kind: "Model" as const, file: "g.vgl", imports: r.imports.map((path) => ({ kind: "Import" as const, path, span: S })), decls: r.decls, span: S };
    if (!r.device) return base;
    const device: ast.DeviceHeader = {
      kind: "Device",
      name: r.device.name,
      targets: r.device.targets.map((t) => ({ kind: "Target", name: t.name, nameSpan: S, clock: t.clock, span: S })),
      ticks: r.device.ticks,
      span: S,
    };
    return { ...base, device };
  });
