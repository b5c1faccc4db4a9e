/**
 * The binder: enters every global declaration into the symbol table, and checks confidentiality
 * levels and domains.
 *
 * Input: the imported models (dependencies first) and the primary model. Output: ctx.globals,
 * ctx.members, ctx.declOf (types are filled in later, lazily, by resolve.ts), ctx.levels and
 * ctx.domains; diagnostics VG2002 (duplicate, with "first declared here"), VG2003 (built-in name),
 * VG2027 (unknown integrity or confidentiality level).
 * Invariants: one pass over the declarations; interrupt lines (`on irq L`) become global symbols of
 * kind "irq" (the first task naming a line owns it; VG2516 for a second one is reported by tasks.ts).
 */
import type * as ast from "../ast/ast.js";
import type { Span } from "../source/span.js";
import { report, type Ctx, type GlobalDecl, type MSym } from "./context.js";
import type { Sym } from "./model.js";
import { BOOL, ERROR, isBuiltinName } from "./types.js";

function declare(
  ctx: Ctx,
  name: ast.Ident,
  kind: Sym["kind"],
  decl: GlobalDecl,
  extra: { readonly type?: MSym["type"]; readonly domain?: string } = {},
): MSym | undefined {
  if (isBuiltinName(name.name)) {
    report(ctx, "VG2003", name.span, `\`${name.name}\` is a built-in name and cannot be declared`, {
      notes: ["choose another name"],
    });
    return undefined;
  }
  const prev = ctx.globals.get(name.name);
  if (prev) {
    report(ctx, "VG2002", name.span, `\`${name.name}\` is already declared`, {
      related: [{ span: prev.span, message: "first declared here" }],
    });
    return undefined;
  }
  const sym: MSym = { kind, name: name.name, type: extra.type ?? ERROR, span: name.span };
  if (extra.domain !== undefined) sym.domain = extra.domain;
  ctx.globals.set(name.name, sym);
  ctx.declOf.set(sym, decl);
  return sym;
}

function bindLevels(ctx: Ctx, decls: readonly ast.Decl[]): void {
  let first: ast.LevelsDecl | undefined;
  for (const d of decls) {
    if (d.kind !== "Levels") continue;
    if (first) {
      report(ctx, "VG2002", d.span, "confidentiality levels are already declared", {
        related: [{ span: first.span, message: "first declared here" }],
      });
      continue;
    }
    first = d;
    const seen = new Map<string, Span>();
    const levels: string[] = [];
    for (const l of d.levels) {
      const p = seen.get(l.name);
      if (p) {
        report(ctx, "VG2002", l.span, `confidentiality level \`${l.name}\` is listed twice`, {
          related: [{ span: p, message: "first listed here" }],
        });
        continue;
      }
      seen.set(l.name, l.span);
      levels.push(l.name);
    }
    ctx.levels = levels;
  }
}

export function levelIndex(ctx: Ctx, name: string): number {
  return ctx.levels.indexOf(name);
}

function bindDomain(ctx: Ctx, d: ast.DomainDecl): void {
  const sym = declare(ctx, d.name, "domain", d, { type: ERROR });
  const integ = d.integrity.name;
  let trusted = true;
  if (integ === "trusted") trusted = true;
  else if (integ === "untrusted") trusted = false;
  else
    report(ctx, "VG2027", d.integrity.span, `unknown integrity level \`${integ}\``, {
      notes: ["the integrity level is `trusted` or `untrusted`"],
    });
  let conf = levelIndex(ctx, d.confidentiality.name);
  if (conf < 0) {
    report(ctx, "VG2027", d.confidentiality.span, `unknown confidentiality level \`${d.confidentiality.name}\``, {
      notes: [`the confidentiality levels are ${ctx.levels.map((l) => `\`${l}\``).join(" < ")}`],
    });
    conf = 0;
  }
  if (sym) ctx.domains.set(d.name.name, { name: d.name.name, trusted, confidentiality: conf, span: d.name.span });
}

/** Enter every global of the imports and the primary model. */
export function bindGlobals(ctx: Ctx, imports: readonly ast.Model[], model: ast.Model): void {
  const all: ast.Decl[] = [];
  for (const m of imports) all.push(...m.decls);
  all.push(...model.decls);
  bindLevels(ctx, all);
  for (const d of all) {
    switch (d.kind) {
      case "Levels":
      case "Assume":
        break;
      case "Domain":
        bindDomain(ctx, d);
        break;
      case "Const":
        declare(ctx, d.name, "const", d);
        break;
      case "Enum": {
        const type = { kind: "enum", name: d.name.name, members: d.members.map((m) => m.name) } as const;
        const sym = declare(ctx, d.name, "enum", d, { type });
        if (!sym) break;
        ctx.resolveState.set(sym, "done");
        const seen = new Map<string, Span>();
        const byName = new Map<string, MSym>();
        ctx.enumMembers.set(d.name.name, byName);
        d.members.forEach((m, index) => {
          const p = seen.get(m.name);
          if (p) {
            report(ctx, "VG2002", m.span, `\`${d.name.name}\` already has a member \`${m.name}\``, {
              related: [{ span: p, message: "first declared here" }],
            });
            return;
          }
          if (isBuiltinName(m.name)) {
            report(ctx, "VG2003", m.span, `\`${m.name}\` is a built-in name and cannot be declared`);
            return;
          }
          seen.set(m.name, m.span);
          const ms: MSym = { kind: "enumMember", name: m.name, type, span: m.span, enumIndex: index };
          ctx.declOf.set(ms, { kind: "EnumMember", enumDecl: d, index, span: m.span });
          ctx.resolveState.set(ms, "done");
          ctx.globals.set(`${d.name.name}.${m.name}`, ms);
          byName.set(m.name, ms);
          const list = ctx.members.get(m.name);
          if (list) list.push(ms);
          else ctx.members.set(m.name, [ms]);
        });
        break;
      }
      case "TypeAlias":
        declare(ctx, d.name, "typeAlias", d);
        break;
      case "Input":
        declare(ctx, d.name, "input", d, { domain: d.domain.name });
        break;
      case "Output":
        declare(ctx, d.name, "output", d, { domain: d.domain.name });
        break;
      case "State":
        declare(ctx, d.name, "state", d, { domain: d.domain.name });
        break;
      case "Task": {
        const dom = d.clauses.find((c) => c.kind === "InDomain");
        const sym = declare(ctx, d.name, "task", d, dom && dom.kind === "InDomain" ? { domain: dom.domain.name } : {});
        if (sym) ctx.resolveState.set(sym, "done");
        break;
      }
      case "Property": {
        const sym = declare(ctx, d.name, "property", d);
        if (sym) ctx.resolveState.set(sym, "done");
        break;
      }
    }
  }
  // Interrupt lines, after every declared name so that a clash is reported against the declaration.
  for (const d of all) {
    if (d.kind !== "Task") continue;
    const dom = d.clauses.find((c) => c.kind === "InDomain");
    for (const c of d.clauses) {
      if (c.kind !== "Irq") continue;
      const prev = ctx.globals.get(c.irq.name);
      if (prev && prev.kind === "irq") continue; // shared line: VG2516 from tasks.ts
      const sym = declare(ctx, c.irq, "irq", { kind: "IrqLine", task: d, span: c.irq.span }, {
        type: BOOL,
        ...(dom && dom.kind === "InDomain" ? { domain: dom.domain.name } : {}),
      });
      if (sym) ctx.resolveState.set(sym, "done");
    }
  }
}
