/**
 * The canonical layout of a model: declarations, task bodies and statements.
 *
 * Input: an ast.Model and, optionally, the comments and text of its source file.
 * Output: canonical source text: 2-space indentation, one declaration or statement per line,
 * single spaces between words, blank lines kept (at most one) where the source had them, comments
 * kept: own-line comments above the declaration or statement they precede, same-line comments at
 * the end of the printed line that ends where they followed.
 * Invariants: parsing the output gives the same AST (spans aside); formatting the output again
 * gives the same text; no comment is dropped (see comments.ts).
 */
import type * as ast from "../ast/ast.js";
import type { Comment } from "../parse/index.js";
import { CommentQueue } from "./comments.js";
import { printExpr, printType } from "./expr.js";

const INDENT = "  ";

function end(span: { offset: number; length: number }): number {
  return span.offset + span.length;
}

function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (m) => `\\${m}`)}"`;
}

export class Printer {
  private readonly lines: string[] = [];
  private depth = 0;
  private readonly q?: CommentQueue;

  constructor(source?: { text: string; comments: readonly Comment[] }) {
    if (source) this.q = new CommentQueue(source.comments, source.text);
  }

  text(): string {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === "") this.lines.pop();
    return this.lines.join("\n") + "\n";
  }

  private blank(): void {
    const last = this.lines[this.lines.length - 1];
    if (this.lines.length > 0 && last !== "" && !last!.endsWith("{")) this.lines.push("");
  }

  private pushComment(c: Comment): void {
    this.lines.push(INDENT.repeat(this.depth) + c.text);
  }

  /**
   * Emit one line for a construct starting at source offset `start` (leading comments first) whose
   * printed text ends where the source offset `srcEnd` is (same-line comments appended).
   */
  line(text: string, start?: number, srcEnd?: number, blankIfSource = true): void {
    if (this.q && start !== undefined) {
      for (const { comment, blankBefore } of this.q.leading(start)) {
        if (blankBefore) this.blank();
        this.pushComment(comment);
      }
      if (blankIfSource && this.q.blankLineBefore(start)) this.blank();
    }
    let out = INDENT.repeat(this.depth) + text;
    if (this.q && srcEnd !== undefined) {
      for (const c of this.q.trailing(srcEnd)) out += "  " + c.text;
    }
    this.lines.push(out);
  }

  /** Comments left inside a block (after its last statement), before its `}`. */
  private flushInside(before: number): void {
    if (!this.q) return;
    for (const c of this.q.rest(before)) {
      if (this.q.blankLineBefore(c.offset)) this.blank();
      this.pushComment(c);
    }
  }

  model(m: ast.Model): void {
    let prevKind = "";
    for (const imp of m.imports) {
      this.line(`import ${quote(imp.path)}`, imp.span.offset, end(imp.span));
      prevKind = "Import";
    }
    if (m.device) {
      if (!this.q && prevKind) this.blank();
      this.device(m.device);
      prevKind = "Device";
    }
    for (const d of m.decls) {
      if (!this.q && prevKind && (d.kind !== prevKind || d.kind === "Task")) this.blank();
      this.decl(d);
      prevKind = d.kind;
    }
    if (this.q) {
      for (const c of this.q.rest()) {
        if (this.q.blankLineBefore(c.offset)) this.blank();
        this.pushComment(c);
      }
    }
  }

  private device(d: ast.DeviceHeader): void {
    this.line(`device ${d.name.name}`, d.span.offset, end(d.name.span));
    this.depth++;
    for (const t of d.targets) this.line(`target ${t.name} at ${printExpr(t.clock)}`, t.span.offset, end(t.span), false);
    for (const t of d.ticks) this.line(`tick ${printExpr(t)}`, t.span.offset, end(t.span), false);
    this.depth--;
  }

  private decl(d: ast.Decl): void {
    const s = d.span.offset;
    const e = end(d.span);
    switch (d.kind) {
      case "Domain":
        return this.line(`domain ${d.name.name} integrity ${d.integrity.name} confidentiality ${d.confidentiality.name}`, s, e);
      case "Levels":
        return this.line(`confidentiality levels ${d.levels.map((l) => l.name).join(" < ")}`, s, e);
      case "Const":
        return this.line(`const ${d.name.name}${d.type ? `: ${printType(d.type)}` : ""} = ${printExpr(d.value)}`, s, e);
      case "Enum":
        return this.line(`enum ${d.name.name} { ${d.members.map((m) => m.name).join(", ")} }`, s, e);
      case "TypeAlias":
        return this.line(`type ${d.name.name} = ${printType(d.type)}`, s, e);
      case "Input":
        return this.line(`input ${d.name.name}: ${printType(d.type)} in ${d.domain.name}`, s, e);
      case "Output":
        return this.line(`output ${d.name.name}: ${printType(d.type)}${d.init ? ` = ${printExpr(d.init)}` : ""} in ${d.domain.name}`, s, e);
      case "State":
        return this.line(`state ${d.name.name}: ${printType(d.type)} = ${printExpr(d.init)} in ${d.domain.name}`, s, e);
      case "Assume":
        return this.line(`assume ${d.name ? `${d.name.name}: ` : ""}${printExpr(d.expr)}`, s, e);
      case "Task": {
        const clauses = d.clauses.map((c) => " " + clause(c)).join("");
        return this.block(`task ${d.name.name}${clauses}`, s, d.body);
      }
      case "Property":
        return this.line(`property ${d.name.name}: ${property(d.body)}`, s, e);
    }
  }

  /** `header {`, the statements, `}`. */
  private block(header: string, start: number | undefined, b: ast.Block, closing = "}"): void {
    this.line(`${header} {`, start, b.span.offset + 1);
    this.body(b);
    this.line(closing, undefined, end(b.span));
  }

  private body(b: ast.Block): void {
    this.depth++;
    for (const st of b.stmts) this.stmt(st);
    this.flushInside(end(b.span) - 1);
    this.depth--;
  }

  private stmt(st: ast.Stmt): void {
    const s = st.span.offset;
    const e = end(st.span);
    switch (st.kind) {
      case "Assign":
      case "Let":
      case "Var":
      case "Skip":
        return this.line(simpleStmt(st), s, e);
      case "If":
        return this.ifStmt(st);
      case "For":
        return this.block(`for ${st.var.name} in ${printExpr(st.lo)} .. ${printExpr(st.hi)}`, s, st.body);
      case "Match": {
        const subjectEnd = st.subject.span.offset + st.subject.span.length;
        this.line(`match ${printExpr(st.subject)} {`, s, this.q ? this.q.after(subjectEnd, "{") : undefined);
        this.depth++;
        for (const arm of st.arms) this.arm(arm);
        this.flushInside(e - 1);
        this.depth--;
        this.line("}", undefined, e);
        return;
      }
    }
  }

  private arm(arm: ast.MatchArm): void {
    const pat = arm.wildcard
      ? "_"
      : arm.patterns.map((p) => (p.enumName ? `${p.enumName.name}.${p.member.name}` : p.member.name)).join(" | ");
    const only = arm.body.stmts.length === 1 ? arm.body.stmts[0]! : undefined;
    if (only && (only.kind === "Assign" || only.kind === "Skip" || only.kind === "Let" || only.kind === "Var")) {
      this.line(`${pat} => ${simpleStmt(only)}`, arm.span.offset, end(arm.span));
      return;
    }
    this.block(`${pat} =>`, arm.span.offset, arm.body);
  }

  private ifStmt(first: ast.IfStmt): void {
    let cur: ast.IfStmt = first;
    this.line(`if ${printExpr(cur.cond)} {`, cur.span.offset, cur.then.span.offset + 1);
    for (;;) {
      this.body(cur.then);
      const els = cur.else;
      if (!els) break;
      if (els.kind === "Block") {
        this.line("} else {", undefined, els.span.offset + 1);
        this.body(els);
        break;
      }
      this.line(`} else if ${printExpr(els.cond)} {`, undefined, els.then.span.offset + 1);
      cur = els;
    }
    this.line("}", undefined, end(first.span));
  }
}

function simpleStmt(st: ast.Stmt): string {
  switch (st.kind) {
    case "Assign": {
      const t = st.target;
      return `${t.name.name}${t.index ? `[${printExpr(t.index)}]` : ""} := ${printExpr(st.value)}`;
    }
    case "Let":
      return `let ${st.name.name}${st.type ? `: ${printType(st.type)}` : ""} = ${printExpr(st.value)}`;
    case "Var":
      return `var ${st.name.name}: ${printType(st.type)} = ${printExpr(st.value)}`;
    default:
      return "skip";
  }
}

function clause(c: ast.TaskClause): string {
  switch (c.kind) {
    case "Every":
      return `every ${printExpr(c.period)}`;
    case "Offset":
      return `offset ${printExpr(c.offset)}`;
    case "Irq":
      return `on irq ${c.irq.name}`;
    case "MinInterarrival":
      return `min_interarrival ${printExpr(c.value)}`;
    case "Deadline":
      return `deadline ${printExpr(c.value)}`;
    case "Priority":
      return `priority ${printExpr(c.value)}`;
    case "InDomain":
      return `in ${c.domain.name}`;
  }
}

function property(p: ast.PropertyBody): string {
  switch (p.kind) {
    case "Always":
      return p.leadsTo
        ? `always ${printExpr(p.expr)} leads_to ${printExpr(p.leadsTo.target)} within ${printExpr(p.leadsTo.within)}`
        : `always ${printExpr(p.expr)}`;
    case "NonInterference":
      return `noninterference ${p.from.name} -> ${p.to.name}${p.except ? ` except ${p.except}` : ""}`;
    case "Schedulable":
      return "schedulable";
    case "Wcet":
      return `wcet(${p.task.name}) <= ${printExpr(p.bound)}`;
  }
}
