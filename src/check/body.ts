/**
 * Task bodies: statements, local scopes, assignment targets, match exhaustiveness, loop bounds, and
 * the globals each task reads and writes.
 *
 * Input: a task declaration (globals already bound and resolvable). Output: types and refs for every
 * expression, place and local of the body (in ctx), the task's reads and writes; diagnostics
 * VG2001/VG2002/VG2003 (names), VG2005/VG2010 (types), VG2016 (indexing), VG2017/VG2028/VG2603
 * (assignment targets), VG2018/VG2019/VG2020 (match), VG2021 (conditions), VG2024 (loop bounds),
 * VG2030 (local never read).
 * Invariants: locals are block scoped and may not shadow any name in scope (VG2002); a for-loop
 * variable ranges over [lo, hi] inclusive and is read-only; one visit per statement.
 */
import type * as ast from "../ast/ast.js";
import type { Span } from "../source/span.js";
import { closestName, mayHint, report, SYM_KIND_NAME, type Ctx, type MSym } from "./context.js";
import { constInt, expectBool, expectPlainInt, typeExpr, type Env } from "./expr.js";
import { checkAssignable, resolveType } from "./resolve.js";
import { ERROR, intType, isBuiltinName, typeKindName } from "./types.js";

export interface BodyResult {
  readonly reads: Set<string>;
  /** Global name to the spans of the places that write it, in source order. */
  readonly writes: Map<string, Span[]>;
  /** Inputs and interrupt lines the body tries to write (VG2603 already reported). */
  readonly inputWrites: Map<string, Span[]>;
  /** Whether the body uses endorse or declassify. */
  flowOps: boolean;
}

class BodyChecker {
  /** The locals visible now (locals never shadow, so one map suffices). */
  private readonly visible = new Map<string, MSym>();
  /** Per open block, what its declarations replaced (restored when the block closes). */
  private readonly undo: { name: string; prev: MSym | undefined }[][] = [];
  private readonly locals: MSym[] = [];
  readonly result: BodyResult = { reads: new Set(), writes: new Map(), inputWrites: new Map(), flowOps: false };
  readonly env: Env;

  constructor(
    private readonly ctx: Ctx,
    private readonly task: string,
  ) {
    this.env = {
      context: "task",
      lookupLocal: (n) => this.lookup(n),
      localNames: () => this.names(),
      onRead: (sym) => void this.result.reads.add(sym.name),
      onFlowOp: () => {
        this.result.flowOps = true;
      },
    };
  }

  private lookup(name: string): MSym | undefined {
    return this.visible.get(name);
  }

  private names(): Iterable<string> {
    return this.visible.keys();
  }

  private open(): void {
    this.undo.push([]);
  }

  private close(): void {
    const entries = this.undo.pop()!;
    for (let i = entries.length - 1; i >= 0; i--) {
      const { name, prev } = entries[i]!;
      if (prev) this.visible.set(name, prev);
      else this.visible.delete(name);
    }
  }

  private declareLocal(name: ast.Ident, sym: MSym): void {
    const ctx = this.ctx;
    if (isBuiltinName(name.name)) {
      report(ctx, "VG2003", name.span, `\`${name.name}\` is a built-in name and cannot be declared`);
      return;
    }
    const prev = this.lookup(name.name) ?? ctx.globals.get(name.name);
    if (prev) {
      report(ctx, "VG2002", name.span, `\`${name.name}\` is already declared`, {
        related: [{ span: prev.span, message: "first declared here" }],
        notes: ["locals may not shadow other names; choose another name"],
      });
    }
    this.undo[this.undo.length - 1]!.push({ name: name.name, prev: this.visible.get(name.name) });
    this.visible.set(name.name, sym);
    this.ctx.refs.set(name, sym);
    if (sym.kind === "local") this.locals.push(sym);
  }

  run(body: ast.Block): void {
    this.block(body);
    for (const l of this.locals)
      if (!this.ctx.used.has(l))
        report(this.ctx, "VG2030", l.span, `local \`${l.name}\` is never read`);
  }

  block(b: ast.Block): void {
    this.open();
    for (const s of b.stmts) this.stmt(s);
    this.close();
  }

  stmt(s: ast.Stmt): void {
    const ctx = this.ctx;
    switch (s.kind) {
      case "Assign":
        this.assign(s.target, s.value);
        return;
      case "Let":
      case "Var": {
        const vt = typeExpr(ctx, this.env, s.value);
        const declared = s.type ? resolveType(ctx, s.type) : undefined;
        if (declared) checkAssignable(ctx, s.value.span, declared, vt, `\`${s.name.name}\``);
        const sym: MSym = {
          kind: "local",
          name: s.name.name,
          type: declared ?? vt,
          span: s.name.span,
          mutable: s.kind === "Var",
          task: this.task,
        };
        this.declareLocal(s.name, sym);
        return;
      }
      case "If": {
        const ct = typeExpr(ctx, this.env, s.cond);
        expectBool(ctx, s.cond, ct, "VG2021", "the condition of `if`");
        this.block(s.then);
        if (s.else) {
          if (s.else.kind === "Block") this.block(s.else);
          else this.stmt(s.else);
        }
        return;
      }
      case "Match":
        this.match(s);
        return;
      case "For": {
        const lt = typeExpr(ctx, this.env, s.lo);
        const ht = typeExpr(ctx, this.env, s.hi);
        let type = ERROR;
        const okL = expectPlainInt(ctx, s.lo, lt, "a loop bound");
        const okH = expectPlainInt(ctx, s.hi, ht, "a loop bound");
        if (okL && okH) {
          const lo = constInt(ctx, s.lo);
          const hi = constInt(ctx, s.hi);
          for (const [e, v] of [[s.lo, lo], [s.hi, hi]] as const)
            if (v === undefined)
              report(ctx, "VG2024", e.span, "loop bounds must be constant, so that every loop runs a known number of times");
          if (lo !== undefined && hi !== undefined) {
            if (lo > hi) report(ctx, "VG2008", { ...s.lo.span, length: s.hi.span.offset + s.hi.span.length - s.lo.span.offset }, `empty loop range: ${lo} is above ${hi}`);
            else type = intType(lo, hi);
          }
        }
        this.open();
        this.declareLocal(s.var, { kind: "loop", name: s.var.name, type, span: s.var.span, task: this.task });
        this.block(s.body);
        this.close();
        return;
      }
      case "Skip":
        return;
    }
  }

  private assign(place: ast.Place, value: ast.Expr): void {
    const ctx = this.ctx;
    const vt = typeExpr(ctx, this.env, value);
    const it = place.index ? typeExpr(ctx, this.env, place.index) : undefined;
    const name = place.name.name;
    const sym = this.lookup(name) ?? ctx.globals.get(name);
    if (!sym) {
      const cands = [...this.names()];
      if (mayHint(ctx)) for (const [k, s] of ctx.globals) if (s.kind === "state" || s.kind === "output") cands.push(k);
      const hint = closestName(name, cands);
      report(ctx, "VG2001", place.name.span, `\`${name}\` is not defined`, hint ? { notes: [`did you mean \`${hint}\`?`] } : {});
      return;
    }
    ctx.refs.set(place, sym);
    if (sym.kind === "loop") {
      report(ctx, "VG2028", place.span, `\`${name}\` is a loop variable and cannot be assigned`);
      return;
    }
    if (sym.kind === "input" || sym.kind === "irq") {
      report(ctx, "VG2603", place.span, `task \`${this.task}\` writes the ${SYM_KIND_NAME[sym.kind]} \`${name}\``, {
        notes: ["inputs are set by the environment; keep a copy in a state variable instead"],
      });
      const l = this.result.inputWrites.get(name);
      if (l) l.push(place.span);
      else this.result.inputWrites.set(name, [place.span]);
      return;
    }
    if (sym.kind === "local" && !sym.mutable) {
      report(ctx, "VG2017", place.span, `\`${name}\` is a \`let\` binding and cannot be assigned`, {
        notes: [`declare it with \`var ${name}: TYPE = ...\` to make it mutable`],
      });
      return;
    }
    if (sym.kind !== "local" && sym.kind !== "state" && sym.kind !== "output") {
      report(ctx, "VG2017", place.span, `\`${name}\` is ${/^[aeiou]/.test(SYM_KIND_NAME[sym.kind]) ? "an" : "a"} ${SYM_KIND_NAME[sym.kind]} and cannot be assigned`);
      return;
    }
    if (sym.kind !== "local") {
      const w = this.result.writes.get(name);
      if (w) w.push(place.span);
      else this.result.writes.set(name, [place.span]);
    }
    let target = sym.type;
    if (place.index && it) {
      if (target.kind === "error") return;
      if (target.kind !== "array") {
        report(ctx, "VG2016", place.name.span, `only arrays can be indexed; \`${name}\` is ${typeKindName(target)}`);
        return;
      }
      if (expectPlainInt(ctx, place.index, it, "an array index")) {
        const iv = constInt(ctx, place.index);
        if (iv !== undefined && (iv < 0n || iv >= BigInt(target.length)))
          report(ctx, "VG2023", place.index.span, `index ${iv} is out of bounds for \`${name}\` of length ${target.length}`);
      }
      target = target.elem;
    }
    checkAssignable(ctx, value.span, target, vt, place.index ? `an element of \`${name}\`` : `\`${name}\``);
  }

  private match(s: Extract<ast.Stmt, { kind: "Match" }>): void {
    const ctx = this.ctx;
    const st = typeExpr(ctx, this.env, s.subject);
    const en = st.kind === "enum" ? st : undefined;
    if (st.kind !== "error" && !en)
      report(ctx, "VG2005", s.subject.span, `\`match\` needs an enum value, found ${typeKindName(st)}`);
    const covered = new Map<string, Span>();
    let wildcard: Span | undefined;
    for (const arm of s.arms) {
      if (wildcard) {
        report(ctx, "VG2019", arm.span, "this arm is unreachable: an earlier `_` arm matches everything", {
          related: [{ span: wildcard, message: "the `_` arm" }],
        });
      }
      if (arm.wildcard) {
        if (en && !wildcard && covered.size === en.members.length)
          report(ctx, "VG2019", arm.span, "this `_` arm is unreachable: every member is already matched");
        wildcard ??= arm.span;
      }
      for (const p of arm.patterns) {
        if (!en) continue;
        if (p.enumName && p.enumName.name !== en.name) {
          report(ctx, "VG2020", p.enumName.span, `the subject is of enum \`${en.name}\`, not \`${p.enumName.name}\``);
          continue;
        }
        const ms = ctx.enumMembers.get(en.name)?.get(p.member.name);
        if (!ms) {
          const hint = closestName(p.member.name, en.members);
          report(ctx, "VG2020", p.member.span, `enum \`${en.name}\` has no member \`${p.member.name}\``, {
            notes: [hint ? `did you mean \`${hint}\`?` : `its members are ${en.members.join(", ")}`],
          });
          continue;
        }
        ctx.refs.set(p.member, ms); // the enum is marked used by the subject's type
        const prev = covered.get(p.member.name);
        if (prev) {
          report(ctx, "VG2019", p.span, `\`${p.member.name}\` is already matched by an earlier arm`, {
            related: [{ span: prev, message: "first matched here" }],
          });
          continue;
        }
        covered.set(p.member.name, p.span);
      }
      this.block(arm.body);
    }
    if (en && !wildcard && covered.size < en.members.length) {
      const missing = en.members.filter((m) => !covered.has(m));
      report(ctx, "VG2018", s.span, `\`match\` does not cover ${missing.map((m) => `\`${en.name}.${m}\``).join(", ")}`, {
        notes: ["add an arm for each missing member, or a `_ => ...` arm"],
      });
    }
  }
}

export function checkBody(ctx: Ctx, task: ast.TaskDecl): BodyResult {
  const c = new BodyChecker(ctx, task.name.name);
  c.run(task.body);
  return c.result;
}

