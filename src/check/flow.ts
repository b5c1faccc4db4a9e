/**
 * Information flow inside task bodies: integrity (untrusted to trusted only through endorse) and
 * confidentiality (high to low only through declassify), explicit and implicit flows.
 *
 * Input: the tasks' bodies with names resolved (ctx.refs), the domains and levels. Output:
 * diagnostics VG3002/VG3003 (integrity, explicit/implicit), VG3004/VG3005 (confidentiality,
 * explicit/implicit), VG3006/VG3007 (useless endorse/declassify, warnings), VG3008 (untrusted
 * fallback); with flow "relaxed", VG3009 notes replace VG3002-VG3005.
 * Invariants: a label is a number: (confidentiality level << 1) | (1 if untrusted); join is
 * max-of-levels / or-of-taint. Inputs, outputs and state carry their domain's label; constants and
 * literals the bottom label; locals are flow-sensitive (strong update on assignment, join at
 * merges, fixpoint over loop bodies). The implicit part of a write is the join of the enclosing
 * branch conditions, match subjects, loop bounds and the target's array index. Each diagnostic is
 * reported once per (code, position) even when a loop body is analysed several times.
 */
import type * as ast from "../ast/ast.js";
import type { Diagnostic, RelatedInfo } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Span } from "../source/span.js";
import type { Ctx } from "./context.js";
import type { BodyResult } from "./body.js";
import { LabelEnv } from "./flow-env.js";
import { assignedLocals, forEachChild, forEachStmtExpr } from "./walk.js";
import type { Sym } from "./model.js";

export type Label = number;
export const BOTTOM: Label = 0;
const UNTRUSTED = 1;

export function join(a: Label, b: Label): Label {
  return (Math.max(a >> 1, b >> 1) << 1) | ((a | b) & UNTRUSTED);
}
const isUntrusted = (l: Label): boolean => (l & UNTRUSTED) !== 0;
const confOf = (l: Label): number => l >> 1;


interface Control {
  readonly span: Span;
  readonly label: Label;
  readonly what: string;
}

class FlowChecker {
  private readonly env = new LabelEnv();
  private readonly control: Control[] = [];
  private pc: Label = BOTTOM;
  private loopDepth = 0;
  private task: ast.TaskDecl | undefined;
  private top: Label | undefined;
  private readonly seen = new Set<string>();

  constructor(
    private readonly ctx: Ctx,
    private readonly relaxed: boolean,
    private readonly out: Diagnostic[],
  ) {}

  private emit(code: DiagnosticCode, span: Span, message: string, related: RelatedInfo[] = [], notes: string[] = []): void {
    const key = `${code}@${span.file}:${span.offset}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.out.push(diag(code, span, message, { related, notes }));
  }

  domainLabel(domain: string | undefined): Label {
    const d = domain === undefined ? undefined : this.ctx.domains.get(domain);
    if (!d) return BOTTOM;
    return (d.confidentiality << 1) | (d.trusted ? 0 : UNTRUSTED);
  }

  private levelName(i: number): string {
    return this.ctx.levels[i] ?? String(i);
  }

  /** The label of an expression; with `check`, also reports VG3006/VG3007/VG3008. */
  label(e: ast.Expr, check: boolean): Label {
    switch (e.kind) {
      case "Number":
      case "Bool":
      case "Tick":
      case "Member":
        return BOTTOM;
      case "Name": {
        const s = this.ctx.refs.get(e);
        if (!s) return BOTTOM;
        if (s.kind === "local" || s.kind === "loop") return this.env.get(s);
        if (s.kind === "input" || s.kind === "output" || s.kind === "state" || s.kind === "irq") return this.domainLabel(s.domain);
        return BOTTOM;
      }
      case "Index":
        return join(this.label(e.array, check), this.label(e.index, check));
      case "Unary":
        return this.label(e.operand, check);
      case "Binary":
        return join(this.label(e.left, check), this.label(e.right, check));
      case "Cond":
        return join(this.label(e.cond, check), join(this.label(e.then, check), this.label(e.else, check)));
      case "Call": {
        let l = BOTTOM;
        for (const a of e.args) l = join(l, this.label(a, check));
        return l;
      }
      case "ArrayList": {
        let l = BOTTOM;
        for (const a of e.elements) l = join(l, this.label(a, check));
        return l;
      }
      case "ArrayRepeat":
        return join(this.label(e.value, check), this.label(e.count, check));
      case "Endorse": {
        const v = this.label(e.value, check);
        const ok = this.label(e.valid, check);
        const f = this.label(e.fallback, check);
        if (check) {
          if (isUntrusted(f))
            this.emit("VG3008", e.fallback.span, "the fallback of `endorse` must be trusted data", this.witness(e.fallback, isUntrusted, "untrusted"), [
              "the fallback is used when validation fails, so it may not depend on the untrusted value",
            ]);
          if (!isUntrusted(v) && !isUntrusted(ok))
            this.emit("VG3006", e.span, "this `endorse` has no effect: the value is already trusted");
        }
        // The result is trusted (an untrusted fallback is reported as VG3008 above).
        return Math.max(confOf(v), confOf(ok), confOf(f)) << 1;
      }
      case "Declassify": {
        const v = this.label(e.value, check);
        const target = e.to ? Math.max(0, this.ctx.levels.indexOf(e.to.name)) : 0;
        if (check && confOf(v) <= target)
          this.emit(
            "VG3007",
            e.span,
            `this \`declassify\` has no effect: the value is \`${this.levelName(confOf(v))}\` data, no more confidential than \`${this.levelName(target)}\``,
          );
        return (target << 1) | (v & UNTRUSTED);
      }
    }
  }

  /** Locations that explain a bad label: the first sources in `e` whose label is bad. */
  private witness(e: ast.Expr, bad: (l: Label) => boolean, word: string): RelatedInfo[] {
    const out: RelatedInfo[] = [];
    const visit = (x: ast.Expr): void => {
      if (out.length >= 2 || !bad(this.label(x, false))) return;
      if (x.kind === "Name") {
        const s = this.ctx.refs.get(x);
        if (s && (s.kind === "local" || s.kind === "loop"))
          out.push({ span: s.span, message: `\`${s.name}\` is declared here; it holds ${word} data where it is used` });
        else if (s) out.push({ span: s.span, message: `\`${s.name}\` belongs to domain \`${s.domain ?? "?"}\`` });
        return;
      }
      if (x.kind === "Declassify" || x.kind === "Endorse") {
        out.push({ span: x.span, message: `the result of \`${x.kind === "Endorse" ? "endorse" : "declassify"}\` is ${word}` });
        return;
      }
      forEachChild(x, visit);
    };
    visit(e);
    return out;
  }

  private controlWitness(bad: (l: Label) => boolean): RelatedInfo[] {
    const c = this.control.find((k) => bad(k.label));
    return c ? [{ span: c.span, message: `this ${c.what} depends on it` }] : [];
  }

  private sink(target: Sym, placeSpan: Span, value: ast.Expr, explicit: Label, implicit: Label): void {
    const d = this.ctx.domains.get(target.domain ?? "");
    if (!d) return;
    const name = `\`${target.name}\``;
    const code = (c: DiagnosticCode): DiagnosticCode => (this.relaxed ? "VG3009" : c);
    const relaxedNote = this.relaxed ? ["with --flow relaxed the relational non-interference proof decides whether this flow is harmful"] : [];
    if (d.trusted) {
      if (isUntrusted(explicit))
        this.emit(code("VG3002"), value.span, `untrusted data flows into trusted ${name} (domain \`${d.name}\`) without \`endorse\``, this.witness(value, isUntrusted, "untrusted"), [
          "validate it first: `endorse(value, validator, else fallback)`",
          ...relaxedNote,
        ]);
      else if (isUntrusted(implicit))
        this.emit(code("VG3003"), placeSpan, `whether or where trusted ${name} is written depends on untrusted data`, this.controlWitness(isUntrusted), [
          "branch on an endorsed value instead",
          ...relaxedNote,
        ]);
    }
    const high = (l: Label): boolean => confOf(l) > d.confidentiality;
    if (high(explicit))
      this.emit(code("VG3004"), value.span, `\`${this.levelName(confOf(explicit))}\` data flows into ${name} of level \`${this.levelName(d.confidentiality)}\` without \`declassify\``, this.witness(value, high, `\`${this.levelName(confOf(explicit))}\``), [
        "release it explicitly with `declassify(...)`",
        ...relaxedNote,
      ]);
    else if (high(implicit))
      this.emit(code("VG3005"), placeSpan, `whether or where ${name} of level \`${this.levelName(d.confidentiality)}\` is written depends on \`${this.levelName(confOf(implicit))}\` data`, this.controlWitness(high), relaxedNote);
  }

  private withControl<T>(span: Span, l: Label, what: string, f: () => T): T {
    const savedPc = this.pc;
    this.control.push({ span, label: l, what });
    this.pc = join(this.pc, l);
    try {
      return f();
    } finally {
      this.pc = savedPc;
      this.control.pop();
    }
  }

  /**
   * Run each alternative from the same starting labels, then set every local that some
   * alternative changed to the join of its outcomes (an alternative that did not change a local
   * contributes the starting label; with `fallthrough`, so does not taking any alternative).
   */
  private alternatives(runs: readonly (() => void)[], fallthrough: boolean): void {
    const m = this.env.mark();
    const outcomes: Map<Sym, Label>[] = [];
    for (const run of runs) {
      run();
      outcomes.push(this.env.changesSince(m));
      this.env.undo(m);
    }
    const touched = new Set<Sym>();
    for (const o of outcomes) for (const k of o.keys()) touched.add(k);
    for (const k of touched) {
      const start = this.env.get(k);
      let l = fallthrough ? start : BOTTOM;
      for (const o of outcomes) l = join(l, o.get(k) ?? start);
      if (l !== start) this.env.set(k, l);
    }
  }

  block(b: ast.Block): void {
    for (const s of b.stmts) this.stmt(s);
  }

  stmt(s: ast.Stmt): void {
    switch (s.kind) {
      case "Assign": {
        const v = this.label(s.value, true);
        const idx = s.target.index ? this.label(s.target.index, true) : BOTTOM;
        const sym = this.ctx.refs.get(s.target);
        if (!sym) return;
        if (sym.kind === "local") {
          const base = s.target.index ? join(this.env.get(sym) ?? BOTTOM, idx) : BOTTOM;
          this.env.set(sym, join(join(base, v), this.pc));
        } else if (sym.kind === "state" || sym.kind === "output") {
          const run = (): void => this.sink(sym, s.target.span, s.value, v, this.pc);
          if (s.target.index) this.withControl(s.target.index.span, idx, "array index", run);
          else run();
        }
        return;
      }
      case "Let":
      case "Var": {
        const v = this.label(s.value, true);
        const sym = this.ctx.refs.get(s.name);
        if (sym) this.env.set(sym, join(v, this.pc));
        return;
      }
      case "If": {
        const c = this.label(s.cond, true);
        this.withControl(s.cond.span, c, "branch condition", () => {
          this.alternatives(
            [
              () => this.block(s.then),
              () => {
                if (s.else) {
                  if (s.else.kind === "Block") this.block(s.else);
                  else this.stmt(s.else);
                }
              },
            ],
            false,
          );
        });
        return;
      }
      case "Match": {
        const c = this.label(s.subject, true);
        this.withControl(s.subject.span, c, "match subject", () => {
          const covers = s.arms.some((a) => a.wildcard);
          this.alternatives(
            s.arms.map((arm) => () => this.block(arm.body)),
            !covers || s.arms.length === 0,
          );
        });
        return;
      }
      case "For": {
        const b = join(this.label(s.lo, true), this.label(s.hi, true));
        const loopVar = this.ctx.refs.get(s.var);
        this.withControl({ ...s.lo.span }, b, "loop bound", () => {
          if (loopVar) this.env.set(loopVar, join(b, this.pc));
          if (this.loopDepth >= MAX_PRECISE_LOOP_DEPTH) {
            // Deeply nested loops: a fixpoint per level would cost 2^depth body runs. Instead every
            // local assigned in the body starts at the top label (sound), and one run suffices.
            const top = this.topLabel();
            for (const sym of assignedLocals(this.ctx, s.body)) this.env.set(sym, join(this.env.get(sym), top));
            this.loopDepth++;
            try {
              this.block(s.body);
            } finally {
              this.loopDepth--;
            }
            for (const sym of assignedLocals(this.ctx, s.body)) this.env.set(sym, join(this.env.get(sym), top));
            return;
          }
          this.loopDepth++;
          try {
            this.fixpoint(s.body);
          } finally {
            this.loopDepth--;
          }
        });
        return;
      }
      case "Skip":
        return;
    }
  }

  /** Run a loop body until the labels of the locals stop growing (they only grow; the lattice is finite). */
  private fixpoint(body: ast.Block): void {
    for (let i = 0; i < 64; i++) {
      const m = this.env.mark();
      this.block(body);
      const after = this.env.changesSince(m);
      this.env.undo(m);
      let changed = false;
      for (const [k, v] of after) {
        const l = join(this.env.get(k), v);
        if (l !== this.env.get(k)) {
          this.env.set(k, l);
          changed = true;
        }
      }
      if (!changed) break;
    }
  }

  /** The join of the labels of every global the task reads: above anything a local can hold. */
  private topLabel(): Label {
    if (this.top !== undefined) return this.top;
    let l = BOTTOM;
    const visit = (e: ast.Expr): void => {
      if (e.kind === "Name") {
        const s = this.ctx.refs.get(e);
        if (s && (s.kind === "input" || s.kind === "output" || s.kind === "state" || s.kind === "irq"))
          l = join(l, this.domainLabel(s.domain));
      }
      forEachChild(e, visit);
    };
    if (this.task) forEachStmtExpr(this.task.body.stmts, visit);
    this.top = l;
    return l;
  }

  runTask(t: ast.TaskDecl): void {
    this.env.clear();
    this.pc = BOTTOM;
    this.task = t;
    this.top = undefined;
    this.block(t.body);
  }
}

/** Loops nested deeper than this are analysed conservatively (see the For case). */
const MAX_PRECISE_LOOP_DEPTH = 6;

/**
 * Whether a task cannot produce any flow diagnostic, so the analysis may skip it: it uses no
 * endorse or declassify, writes only variables of its own domain, and reads only globals whose
 * label is at most its domain's. Every label in the body is then at most the domain's label, which
 * every sink (a variable of that domain) accepts.
 */
function trivial(fc: FlowChecker, ctx: Ctx, t: ast.TaskDecl, body: BodyResult | undefined): boolean {
  if (!body || body.flowOps) return false;
  const dom = t.clauses.find((c) => c.kind === "InDomain");
  if (!dom || dom.kind !== "InDomain" || !ctx.domains.has(dom.domain.name)) return false;
  const own = fc.domainLabel(dom.domain.name);
  for (const name of body.writes.keys()) if (ctx.globals.get(name)?.domain !== dom.domain.name) return false;
  for (const name of body.reads) if (join(own, fc.domainLabel(ctx.globals.get(name)?.domain)) !== own) return false;
  return true;
}

export function checkFlow(
  ctx: Ctx,
  tasks: readonly ast.TaskDecl[],
  relaxed: boolean,
  bodies?: ReadonlyMap<ast.TaskDecl, BodyResult>,
): void {
  const fc = new FlowChecker(ctx, relaxed, ctx.diags);
  for (const t of tasks) if (!trivial(fc, ctx, t, bodies?.get(t))) fc.runTask(t);
}
