/**
 * Properties and assumptions.
 *
 * Input: the property and assume declarations of the primary model, the tasks and domains.
 * Output: types for their expressions (in ctx); diagnostics VG4001 (not bool), VG4002/VG4007
 * (leads_to bound not a time / not a multiple of the tick), VG4009 (window longer than 2^31 - 1
 * ticks), VG4003 (invalid non-interference pair), VG4004/VG4005 (wcet of an unknown task / bound not a time), VG4006 (assumption refers to state or
 * outputs, reported by expr.ts), VG4008 (endorse/declassify inside, reported by expr.ts).
 * Invariants: properties see every global value (inputs, outputs, state, constants, interrupt
 * lines), never task locals; one visit per expression.
 */
import type * as ast from "../ast/ast.js";
import { closestName, mayHint, report, type Ctx } from "./context.js";
import { expectBool, typeExpr, type Env } from "./expr.js";
import { evalConst } from "./resolve.js";
import { typeKindName } from "./types.js";

/** The longest leads_to window in ticks: a monitor is one signed 32-bit countdown. */
export const MAX_WINDOW_TICKS = 2n ** 31n - 1n;

const PROPERTY_ENV: Env = { context: "property" };
const ASSUME_ENV: Env = { context: "assume" };

function boolExpr(ctx: Ctx, env: Env, e: ast.Expr, what: string): void {
  const t = typeExpr(ctx, env, e);
  expectBool(ctx, e, t, "VG4001", what);
}

function timeBound(ctx: Ctx, e: ast.Expr, code: "VG4002" | "VG4005", what: string): bigint | undefined {
  const { type, value } = evalConst(ctx, e, what);
  if (!value || type.kind === "error") return undefined;
  if (type.kind !== "int" || type.unit !== "time" || value.kind !== "int") {
    report(ctx, code, e.span, `${what} must be a time such as \`5 ms\`, found ${typeKindName(type)}`);
    return undefined;
  }
  if (value.value < 0n) {
    report(ctx, code, e.span, `${what} must not be negative`);
    return undefined;
  }
  return value.value;
}

function domainRef(ctx: Ctx, id: ast.Ident): boolean {
  const d = ctx.domains.get(id.name);
  if (d) {
    const s = ctx.globals.get(id.name);
    if (s) {
      ctx.refs.set(id, s);
      ctx.used.add(s);
    }
    return true;
  }
  const hint = closestName(id.name, ctx.domains.keys());
  report(ctx, "VG2001", id.span, `domain \`${id.name}\` is not defined`, hint ? { notes: [`did you mean \`${hint}\`?`] } : {});
  return false;
}

function checkNonInterference(ctx: Ctx, b: Extract<ast.PropertyBody, { kind: "NonInterference" }>): void {
  const okA = domainRef(ctx, b.from);
  const okB = domainRef(ctx, b.to);
  if (!okA || !okB) return;
  const a = ctx.domains.get(b.from.name)!;
  const c = ctx.domains.get(b.to.name)!;
  const integrity = !a.trusted && c.trusted;
  const confidentiality = a.confidentiality > c.confidentiality;
  if (a.name === c.name) {
    report(ctx, "VG4003", b.span, "non-interference relates two different domains");
    return;
  }
  if (!integrity && !confidentiality) {
    report(ctx, "VG4003", b.span, `\`noninterference ${a.name} -> ${c.name}\` protects nothing`, {
      notes: [
        "it needs an untrusted source and a trusted target (integrity), or a source of higher confidentiality than the target (confidentiality)",
        `\`${a.name}\` is ${a.trusted ? "trusted" : "untrusted"} at level \`${ctx.levels[a.confidentiality]}\`; \`${c.name}\` is ${c.trusted ? "trusted" : "untrusted"} at level \`${ctx.levels[c.confidentiality]}\``,
      ],
    });
    return;
  }
  if (b.except === "endorse" && !integrity)
    report(ctx, "VG4003", b.span, "`except endorse` applies to integrity properties (an untrusted source and a trusted target)");
  if (b.except === "declassify" && !confidentiality)
    report(ctx, "VG4003", b.span, "`except declassify` applies to confidentiality properties (a source of higher confidentiality than the target)");
}

/** `decls`: the primary model's assume and property declarations, in source order. */
export function checkProperties(ctx: Ctx, decls: readonly (ast.AssumeDecl | ast.PropertyDecl)[]): { count: number } {
  let count = 0;
  const assumeNames = new Map<string, ast.Ident>();
  for (const d of decls) {
    if (d.kind === "Assume") {
      if (d.name) {
        // Named assumptions share the global namespace (the simulator and prover cite them by name).
        const prev = assumeNames.get(d.name.name);
        const g = ctx.globals.get(d.name.name);
        const first = prev?.span ?? g?.span;
        if (first)
          report(ctx, "VG2002", d.name.span, `\`${d.name.name}\` is already declared`, {
            related: [{ span: first, message: "first declared here" }],
          });
        else assumeNames.set(d.name.name, d.name);
      }
      boolExpr(ctx, ASSUME_ENV, d.expr, "an assumption");
      continue;
    }
    if (d.kind !== "Property") continue;
    count++;
    const b = d.body;
    switch (b.kind) {
      case "Always":
        boolExpr(ctx, PROPERTY_ENV, b.expr, "the property");
        if (b.leadsTo) {
          boolExpr(ctx, PROPERTY_ENV, b.leadsTo.target, "the target of `leads_to`");
          const n = timeBound(ctx, b.leadsTo.within, "VG4002", "the bound of `leads_to ... within`");
          if (n !== undefined && ctx.tickUs !== undefined && n % ctx.tickUs !== 0n)
            report(ctx, "VG4007", b.leadsTo.within.span, `the bound (${n} us) is not a multiple of the tick (${ctx.tickUs} us)`, {
              notes: ["logical time advances in ticks, so the bound is counted in ticks"],
            });
          else if (n !== undefined && ctx.tickUs !== undefined && ctx.tickUs > 0n && n / ctx.tickUs > MAX_WINDOW_TICKS)
            report(ctx, "VG4009", b.leadsTo.within.span, `the bound is ${n / ctx.tickUs} ticks, more than the ${MAX_WINDOW_TICKS} a monitor counts`, {
              notes: ["a leads_to monitor is a 32-bit countdown in ticks (docs/semantics.md, section 4)"],
            });
        }
        break;
      case "NonInterference":
        checkNonInterference(ctx, b);
        break;
      case "Schedulable":
        break;
      case "Wcet": {
        const s = ctx.globals.get(b.task.name);
        if (!s || s.kind !== "task") {
          const tasks: string[] = [];
          if (mayHint(ctx)) for (const [k, v] of ctx.globals) if (v.kind === "task") tasks.push(k);
          const hint = closestName(b.task.name, tasks);
          report(ctx, "VG4004", b.task.span, s ? `\`${b.task.name}\` is not a task` : `task \`${b.task.name}\` is not defined`, hint ? { notes: [`did you mean \`${hint}\`?`] } : {});
        } else {
          ctx.refs.set(b.task, s);
          ctx.used.add(s);
        }
        const v = timeBound(ctx, b.bound, "VG4005", "the wcet bound");
        if (v !== undefined && v === 0n) report(ctx, "VG4005", b.bound.span, "the wcet bound must be positive");
        break;
      }
    }
  }
  return { count };
}
