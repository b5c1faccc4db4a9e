/**
 * Parse tree → AST for files, declarations, types and statements.
 *
 * Input: the FileContext of a parse without syntax errors. Output: an ast.Model.
 * Invariants: every node gets the span of the construct it came from; ANTLR contexts stay inside
 * src/parse; recursion depth (nested blocks, else-if chains) is bounded by the nesting guard.
 */
import { ParserRuleContext, TerminalNode, type Token } from "antlr4ng";
import type * as ast from "../ast/ast.js";
import type { SourceFile } from "../source/span.js";
import { VigilLexer as L } from "./generated/VigilLexer.js";
import * as P from "./generated/VigilParser.js";
import { ExprBuilder, SpanMaker } from "./build-expr.js";

function tokens(c: ParserRuleContext): Token[] {
  const out: Token[] = [];
  for (const ch of c.children) if (ch instanceof TerminalNode) out.push(ch.symbol);
  return out;
}

function ofType(c: ParserRuleContext, type: number): Token[] {
  return tokens(c).filter((t) => t.type === type);
}

export function buildModel(src: SourceFile, file: P.FileContext): ast.Model {
  const b = new Builder(src.path);
  return b.file(src, file);
}

/** The Model node for `src` with the given parts. */
export function modelOf(src: SourceFile, imports: ast.ImportDecl[], device: ast.DeviceHeader | undefined, decls: ast.Decl[]): ast.Model {
  return {
    kind: "Model",
    file: src.path,
    imports,
    ...(device ? { device } : {}),
    decls,
    span: { file: src.path, line: 1, col: 1, offset: 0, length: src.text.length },
  };
}

export class Builder {
  readonly sm: SpanMaker;
  readonly ex: ExprBuilder;
  constructor(path: string) {
    this.sm = new SpanMaker(path);
    this.ex = new ExprBuilder(this.sm);
  }

  file(src: SourceFile, c: P.FileContext): ast.Model {
    const imports: ast.ImportDecl[] = [];
    const decls: ast.Decl[] = [];
    let device: ast.DeviceHeader | undefined;
    for (const ch of c.children) {
      if (ch instanceof P.ImportDeclContext) imports.push(this.importDecl(ch));
      else if (ch instanceof P.DeviceHeaderContext) device = this.device(ch);
      else if (ch instanceof P.DeclContext) decls.push(this.declOf(ch));
    }
    return modelOf(src, imports, device, decls);
  }

  importDecl(c: P.ImportDeclContext): ast.ImportDecl {
    return { kind: "Import", path: unquote(c.STRING().symbol.text ?? '""'), span: this.sm.ctx(c) };
  }

  declOf(c: P.DeclContext): ast.Decl {
    return this.decl(c.getChild(0) as ParserRuleContext);
  }

  device(c: P.DeviceHeaderContext): ast.DeviceHeader {
    const targets: ast.TargetClause[] = [];
    const ticks: ast.Expr[] = [];
    for (const h of c.headerClause()) {
      if (h instanceof P.TargetClauseContext) {
        const tn = h.targetName();
        const name = tokens(tn)
          .map((t) => t.text)
          .join("");
        targets.push({ kind: "Target", name, nameSpan: this.sm.ctx(tn), clock: this.ex.expr(h.expr()), span: this.sm.ctx(h) });
      } else if (h instanceof P.TickClauseContext) {
        ticks.push(this.ex.expr(h.expr()));
      }
    }
    return { kind: "Device", name: this.sm.ident(c._name!), targets, ticks, span: this.sm.ctx(c) };
  }

  decl(c: ParserRuleContext): ast.Decl {
    const span = this.sm.ctx(c);
    if (c instanceof P.DomainDeclContext) {
      return {
        kind: "Domain",
        name: this.sm.ident(c._name!),
        integrity: this.sm.ident(c._integrity!),
        confidentiality: this.sm.ident(c._confidentiality!),
        span,
      };
    }
    if (c instanceof P.LevelsDeclContext) {
      return { kind: "Levels", levels: ofType(c, L.ID).map((t) => this.sm.ident(t)), span };
    }
    if (c instanceof P.ConstDeclContext) {
      const ty = c.type();
      return ty
        ? { kind: "Const", name: this.sm.ident(c._name!), type: this.type(ty), value: this.ex.expr(c.expr()), span }
        : { kind: "Const", name: this.sm.ident(c._name!), value: this.ex.expr(c.expr()), span };
    }
    if (c instanceof P.EnumDeclContext) {
      const ids = ofType(c, L.ID).slice(1);
      return { kind: "Enum", name: this.sm.ident(c._name!), members: ids.map((t) => this.sm.ident(t)), span };
    }
    if (c instanceof P.TypeDeclContext) {
      return { kind: "TypeAlias", name: this.sm.ident(c._name!), type: this.type(c.type()), span };
    }
    if (c instanceof P.InputDeclContext) {
      return { kind: "Input", name: this.sm.ident(c._name!), type: this.type(c.type()), domain: this.sm.ident(c._domain!), span };
    }
    if (c instanceof P.OutputDeclContext) {
      const init = c.expr();
      const base = { kind: "Output" as const, name: this.sm.ident(c._name!), type: this.type(c.type()) };
      return init
        ? { ...base, init: this.ex.expr(init), domain: this.sm.ident(c._domain!), span }
        : { ...base, domain: this.sm.ident(c._domain!), span };
    }
    if (c instanceof P.StateDeclContext) {
      return {
        kind: "State",
        name: this.sm.ident(c._name!),
        type: this.type(c.type()),
        init: this.ex.expr(c.expr()),
        domain: this.sm.ident(c._domain!),
        span,
      };
    }
    if (c instanceof P.AssumeDeclContext) {
      const e = this.ex.expr(c.expr());
      return c._name ? { kind: "Assume", name: this.sm.ident(c._name), expr: e, span } : { kind: "Assume", expr: e, span };
    }
    if (c instanceof P.TaskDeclContext) {
      return {
        kind: "Task",
        name: this.sm.ident(c._name!),
        clauses: c.taskClause().map((k) => this.clause(k)),
        body: this.block(c.block()),
        span,
      };
    }
    const p = c as P.PropertyDeclContext;
    return { kind: "Property", name: this.sm.ident(p._name!), body: this.property(p.propertyBody()), span };
  }

  clause(c: P.TaskClauseContext): ast.TaskClause {
    const span = this.sm.ctx(c);
    const kw = c.start!.type;
    switch (kw) {
      case L.EVERY:
        return { kind: "Every", period: this.ex.expr(c.expr()!), span };
      case L.OFFSET:
        return { kind: "Offset", offset: this.ex.expr(c.expr()!), span };
      case L.ON:
        return { kind: "Irq", irq: this.sm.ident(c._irq!), span };
      case L.MIN_INTERARRIVAL:
        return { kind: "MinInterarrival", value: this.ex.expr(c.expr()!), span };
      case L.DEADLINE:
        return { kind: "Deadline", value: this.ex.expr(c.expr()!), span };
      case L.PRIORITY:
        return { kind: "Priority", value: this.ex.expr(c.expr()!), span };
      default:
        return { kind: "InDomain", domain: this.sm.ident(c._domain!), span };
    }
  }

  property(c: P.PropertyBodyContext): ast.PropertyBody {
    const span = this.sm.ctx(c);
    if (c instanceof P.AlwaysPropertyContext) {
      const es = c.expr();
      const e0 = this.ex.expr(es[0]!);
      if (es.length === 3) {
        const leadsTok = ofType(c, L.LEADS_TO)[0]!;
        return {
          kind: "Always",
          expr: e0,
          leadsTo: {
            target: this.ex.expr(es[1]!),
            within: this.ex.expr(es[2]!),
            span: this.sm.range(leadsTok, c.stop ?? leadsTok),
          },
          span,
        };
      }
      return { kind: "Always", expr: e0, span };
    }
    if (c instanceof P.NiPropertyContext) {
      const ek = c.exceptKind();
      const base = { kind: "NonInterference" as const, from: this.sm.ident(c._from_!), to: this.sm.ident(c._to!) };
      return ek ? { ...base, except: ek.ENDORSE() ? "endorse" : "declassify", span } : { ...base, span };
    }
    if (c instanceof P.SchedulablePropertyContext) return { kind: "Schedulable", span };
    const w = c as P.WcetPropertyContext;
    return { kind: "Wcet", task: this.sm.ident(w._task!), bound: this.ex.expr(w.expr()), span };
  }

  type(c: P.TypeContext): ast.TypeExpr {
    const span = this.sm.ctx(c);
    switch (c.start!.type) {
      case L.BOOL:
        return { kind: "BoolType", span };
      case L.INT_KW:
        return { kind: "RangeType", lo: this.ex.expr(c._lo!), hi: this.ex.expr(c._hi!), span };
      case L.TIME:
      case L.FREQ: {
        const kind = c.start!.type === L.TIME ? ("TimeType" as const) : ("FreqType" as const);
        return c._lo && c._hi ? { kind, lo: this.ex.expr(c._lo), hi: this.ex.expr(c._hi), span } : { kind, span };
      }
      case L.LBRACK:
        return { kind: "ArrayType", elem: this.type(c.type()!), length: this.ex.expr(c.expr()[0]!), span };
      default:
        return { kind: "NamedType", name: this.sm.ident(c.start!), span };
    }
  }

  block(c: P.BlockContext): ast.Block {
    return { kind: "Block", stmts: c.stmt().map((s) => this.stmt(s)), span: this.sm.ctx(c) };
  }

  stmt(c: P.StmtContext): ast.Stmt {
    const span = this.sm.ctx(c);
    const first = c.children[0];
    if (first instanceof P.PlaceContext) {
      const ix = first.expr();
      const name = this.sm.ident(first.ID().symbol);
      const target: ast.Place = ix
        ? { kind: "Place", name, index: this.ex.expr(ix), span: this.sm.ctx(first) }
        : { kind: "Place", name, span: this.sm.ctx(first) };
      return { kind: "Assign", target, value: this.ex.expr(c.expr()[0]!), span };
    }
    if (first instanceof P.IfStatementContext) return this.ifStmt(first);
    switch (c.start!.type) {
      case L.LET: {
        const ty = c.type();
        const value = this.ex.expr(c.expr()[0]!);
        return ty
          ? { kind: "Let", name: this.sm.ident(c._name!), type: this.type(ty), value, span }
          : { kind: "Let", name: this.sm.ident(c._name!), value, span };
      }
      case L.VAR:
        return { kind: "Var", name: this.sm.ident(c._name!), type: this.type(c.type()!), value: this.ex.expr(c.expr()[0]!), span };
      case L.MATCH:
        return { kind: "Match", subject: this.ex.expr(c.expr()[0]!), arms: c.matchArm().map((a) => this.arm(a)), span };
      case L.FOR:
        return { kind: "For", var: this.sm.ident(c._name!), lo: this.ex.expr(c._lo!), hi: this.ex.expr(c._hi!), body: this.block(c.block()!), span };
      default:
        return { kind: "Skip", span };
    }
  }

  ifStmt(c: P.IfStatementContext): ast.IfStmt {
    const span = this.sm.ctx(c);
    const blocks = c.block();
    const cond = this.ex.expr(c.expr());
    const then = this.block(blocks[0]!);
    const elseIf = c.ifStatement();
    if (elseIf) return { kind: "If", cond, then, else: this.ifStmt(elseIf), span };
    if (blocks.length > 1) return { kind: "If", cond, then, else: this.block(blocks[1]!), span };
    return { kind: "If", cond, then, span };
  }

  arm(c: P.MatchArmContext): ast.MatchArm {
    const span = this.sm.ctx(c);
    const pat = c.matchPattern();
    const b = c.block();
    const s = c.stmt();
    const body: ast.Block = b ? this.block(b) : { kind: "Block", stmts: [this.stmt(s!)], span: this.sm.ctx(s!) };
    if (pat instanceof P.WildcardPatternContext) return { kind: "MatchArm", patterns: [], wildcard: true, body, span };
    const patterns = (pat as P.NamesPatternContext).qualifiedName().map((q) => {
      const ids = q.ID();
      const qs = this.sm.ctx(q);
      return ids.length === 2
        ? { enumName: this.sm.ident(ids[0]!.symbol), member: this.sm.ident(ids[1]!.symbol), span: qs }
        : { member: this.sm.ident(ids[0]!.symbol), span: qs };
    });
    return { kind: "MatchArm", patterns, wildcard: false, body, span };
  }
}

/** The contents of a string literal, with `\x` escapes resolved to `x`. */
export function unquote(s: string): string {
  const inner = s.startsWith('"') ? s.slice(1, s.endsWith('"') && s.length > 1 ? -1 : undefined) : s;
  return inner.replace(/\\(.)/gs, "$1");
}
