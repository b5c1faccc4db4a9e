/**
 * The IR printer: a stable, readable text dump of an IrProgram (`vigil ir`, golden tests).
 *
 * Input: an IrProgram. Output: text, one declaration per line, task bodies indented by two spaces.
 * Invariants: deterministic (no spans, hashes of objects or Map iteration order leak in, except
 * the source hash); every binary operation is parenthesised, so the text is unambiguous; enum
 * constants print as `Enum.Member`, bools as true/false, times as plain microseconds.
 */
import type { IrExpr, IrProgram, IrProperty, IrStmt, IrTask, IrType, IrValue } from "./ir.js";

const BIN: Record<string, string> = {
  add: "+",
  sub: "-",
  mul: "*",
  div: "/",
  rem: "%",
  eq: "==",
  ne: "!=",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
  and: "and",
  or: "or",
};

export function printType(t: IrType): string {
  switch (t.kind) {
    case "bool":
      return "bool";
    case "int": {
      const kw = t.unit === "time" ? "time" : t.unit === "freq" ? "freq" : "int";
      return `${kw}[${t.lo} .. ${t.hi}]`;
    }
    case "enum":
      return t.name;
    case "array":
      return `[${printType(t.elem)}; ${t.length}]`;
  }
}

function scalarText(v: number, t: IrType): string {
  const s = t.kind === "array" ? t.elem : t;
  if (s.kind === "bool") return v ? "true" : "false";
  if (s.kind === "enum") return `${s.name}.${s.members[v] ?? `#${v}`}`;
  return String(v);
}

export function printValue(v: IrValue, t: IrType): string {
  if (typeof v === "number") return scalarText(v, t);
  return `[${v.map((x) => scalarText(x, t)).join(", ")}]`;
}

export function printExpr(e: IrExpr): string {
  switch (e.k) {
    case "const":
      return scalarText(e.value, e.type);
    case "var":
      return e.name;
    case "index":
      return `${e.array}[${printExpr(e.index)}]`;
    case "unary":
      return e.op === "neg" ? `-${printExpr(e.arg)}` : e.op === "not" ? `not ${printExpr(e.arg)}` : `abs(${printExpr(e.arg)})`;
    case "binary":
      if (e.op === "min" || e.op === "max") return `${e.op}(${printExpr(e.left)}, ${printExpr(e.right)})`;
      return `(${printExpr(e.left)} ${BIN[e.op]} ${printExpr(e.right)})`;
    case "ite":
      return `(if ${printExpr(e.cond)} then ${printExpr(e.then)} else ${printExpr(e.else)})`;
    case "array":
      return `[${e.elements.map(printExpr).join(", ")}]`;
  }
}

function printStmts(ss: readonly IrStmt[], ind: string, out: string[]): void {
  for (const s of ss) printStmt(s, ind, out);
}

function printStmt(s: IrStmt, ind: string, out: string[]): void {
  switch (s.s) {
    case "assign": {
      const idx = s.target.index ? `[${printExpr(s.target.index)}]` : "";
      out.push(`${ind}${s.target.name}${idx} := ${printExpr(s.value)}`);
      return;
    }
    case "if":
      out.push(`${ind}if ${printExpr(s.cond)} {`);
      printStmts(s.then, ind + "  ", out);
      if (s.else.length > 0) {
        out.push(`${ind}} else {`);
        printStmts(s.else, ind + "  ", out);
      }
      out.push(`${ind}}`);
      return;
    case "for":
      out.push(`${ind}for ${s.var} in ${s.lo} .. ${s.hi} {`);
      printStmts(s.body, ind + "  ", out);
      out.push(`${ind}}`);
      return;
    case "assert": {
      const c = s.check;
      const what =
        c.kind === "range"
          ? `range ${c.what} in [${c.lo} .. ${c.hi}]`
          : c.kind === "div0"
            ? "div0"
            : `index ${c.array} < ${c.length}`;
      out.push(`${ind}assert ${s.id} (${what}): ${printExpr(s.cond)}`);
      return;
    }
    case "endorse":
      out.push(
        `${ind}endorse ${s.id}: ${s.target} := if ${printExpr(s.valid)} then ${printExpr(s.value)} else ${printExpr(s.fallback)}`,
      );
      return;
    case "declassify":
      out.push(`${ind}declassify ${s.id}: ${s.target} := ${printExpr(s.value)} to level ${s.toLevel}`);
      return;
  }
}

function printTask(t: IrTask, out: string[]): void {
  const trig =
    t.kind === "periodic"
      ? `every ${t.periodTicks} ticks (${t.periodUs} us) offset ${t.offsetTicks}`
      : `on irq ${t.irq} min_interarrival ${t.miatTicks} ticks (${t.miatUs} us)`;
  out.push(
    `task ${t.name} ${trig} deadline ${t.deadlineUs} us publish +${t.publishDelayTicks} priority ${t.priority} in ${t.domain} {`,
  );
  out.push(`  reads ${t.reads.join(", ") || "-"}`);
  out.push(`  writes ${t.writes.join(", ") || "-"}`);
  for (const l of t.locals) out.push(`  ${l.kind} ${l.name}: ${printType(l.type)}`);
  out.push("  body:");
  printStmts(t.body, "    ", out);
  out.push("}");
}

function printProperty(p: IrProperty): string {
  switch (p.kind) {
    case "invariant":
      return `property ${p.name}: always ${printExpr(p.expr)}`;
    case "leadsTo":
      return `property ${p.name}: always ${printExpr(p.trigger)} leads_to ${printExpr(p.response)} within ${p.withinTicks} ticks`;
    case "noninterference":
      return `property ${p.name}: noninterference ${p.from} -> ${p.to} (${p.flavor})${p.except ? ` except ${p.except}` : ""}`;
    case "schedulable":
      return `property ${p.name}: schedulable`;
    case "wcet":
      return `property ${p.name}: wcet(${p.task}) <= ${p.boundUs} us`;
  }
}

export function printIr(p: IrProgram): string {
  const out: string[] = [];
  const d = p.device;
  out.push(`device ${d.name} target ${d.target} clock ${d.clockHz} Hz tick ${d.tickUs} us`);
  out.push(`source sha256 ${d.sourceHash}`);
  out.push(`levels ${p.levels.join(" < ")}`);
  for (const x of p.domains)
    out.push(`domain ${x.name} ${x.trusted ? "trusted" : "untrusted"} confidentiality ${p.levels[x.confidentiality] ?? x.confidentiality}`);
  for (const e of p.enums) out.push(`enum ${e.name} { ${e.members.join(", ")} }`);
  for (const c of p.consts) out.push(`const ${c.name}: ${printType(c.type)} = ${printValue(c.value, c.type)}`);
  for (const g of p.inputs) out.push(`input ${g.name}: ${printType(g.type)} in ${g.domain}`);
  for (const l of p.irqs) out.push(`irq ${l.name} -> task ${l.task} in ${l.domain}`);
  for (const g of p.state) out.push(`state ${g.name}: ${printType(g.type)} = ${printValue(g.init ?? 0, g.type)} in ${g.domain}`);
  for (const g of p.outputs) out.push(`output ${g.name}: ${printType(g.type)} = ${printValue(g.init ?? 0, g.type)} in ${g.domain}`);
  for (const a of p.assumptions) out.push(`assume ${a.name}: ${printExpr(a.expr)}`);
  for (const t of p.tasks) {
    out.push("");
    printTask(t, out);
  }
  if (p.properties.length) out.push("");
  for (const pr of p.properties) out.push(printProperty(pr));
  return out.join("\n") + "\n";
}
