/**
 * The checker's entry point: check(loaded) turns the parsed model (and its imports) into a
 * CheckedModel (src/check/model.ts).
 *
 * Input: a LoadedModel from src/parse (loadModel), and the flow mode ("strict" by default; with
 * "relaxed" the explicit/implicit flow errors VG3002-VG3005 become VG3009 notes, leaving the
 * decision to the relational proof). Output: the CheckedModel, whose `diagnostics` holds the
 * loader's diagnostics followed by the checker's, sorted by file, position and code.
 * Invariants: when the loader reported an error the model is not checked further (a recovered
 * syntax tree would only produce follow-up noise); passes run in a fixed order, each linear in the
 * size of the model: bind, device header, resolve globals, task bodies, task clauses, single
 * writer, information flow, properties, unused declarations.
 */
import type * as ast from "../ast/ast.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { LoadedModel } from "../parse/index.js";
import { NO_SPAN } from "../source/span.js";
import { bindGlobals } from "./binder.js";
import { checkBody, type BodyResult } from "./body.js";
import { closestName, makeCtx, report, type Ctx } from "./context.js";
import { checkDevice } from "./device.js";
import { checkFlow } from "./flow.js";
import type { CheckedModel, TaskInfo } from "./model.js";
import { checkProperties } from "./properties.js";
import { resolveSym } from "./resolve.js";
import { checkTasks } from "./tasks.js";
import { checkWriters } from "./writers.js";

export type { CheckedModel } from "./model.js";

export interface CheckOptions {
  readonly flow?: "strict" | "relaxed";
}

function emptyModel(file: string): ast.Model {
  return { kind: "Model", file, imports: [], decls: [], span: { ...NO_SPAN, file } };
}

function checkVariableDomains(ctx: Ctx, model: ast.Model): void {
  for (const d of model.decls) {
    if (d.kind !== "Input" && d.kind !== "Output" && d.kind !== "State") continue;
    const s = ctx.globals.get(d.domain.name);
    if (s && s.kind === "domain") {
      ctx.refs.set(d.domain, s);
      ctx.used.add(s);
      continue;
    }
    const hint = closestName(d.domain.name, ctx.domains.keys());
    report(ctx, "VG2001", d.domain.span, s ? `\`${d.domain.name}\` is not a domain` : `domain \`${d.domain.name}\` is not defined`, hint ? { notes: [`did you mean \`${hint}\`?`] } : {});
  }
}

function checkUnused(ctx: Ctx, model: ast.Model): void {
  const enumUsed = new Set<string>();
  for (const s of ctx.used) if (s.kind === "enumMember" && s.type.kind === "enum") enumUsed.add(s.type.name);
  for (const d of model.decls) {
    if (d.kind !== "Const" && d.kind !== "TypeAlias" && d.kind !== "Enum") continue;
    const s = ctx.globals.get(d.name.name);
    if (!s || ctx.declOf.get(s) !== d || ctx.used.has(s) || (d.kind === "Enum" && enumUsed.has(d.name.name))) continue;
    const what = d.kind === "Const" ? "constant" : d.kind === "Enum" ? "enum" : "type";
    report(ctx, "VG2030", d.name.span, `${what} \`${d.name.name}\` is never used`);
  }
}

export function check(loaded: LoadedModel, opts: CheckOptions = {}): CheckedModel {
  const model = loaded.model ?? emptyModel("<none>");
  const ctx = makeCtx(model.file);
  const base = (device: CheckedModel["device"], tasks: TaskInfo[], diagnostics: Diagnostic[]): CheckedModel => ({
    model,
    imports: loaded.imports,
    device,
    levels: ctx.levels,
    domains: [...ctx.domains.values()],
    tasks,
    globals: ctx.globals,
    refs: ctx.refs,
    exprTypes: ctx.exprTypes,
    constValues: ctx.constValues,
    diagnostics,
  });
  if (!loaded.model || hasErrors(loaded.diagnostics)) {
    return base({ name: "", target: "", clockHz: 0n, tickUs: 0n, span: model.span }, [], sortDiagnostics(loaded.diagnostics));
  }
  bindGlobals(ctx, loaded.imports, model);
  const device = checkDevice(ctx, model);
  for (const s of ctx.globals.values()) resolveSym(ctx, s);
  ctx.allResolved = true;
  checkVariableDomains(ctx, model);
  const taskDecls = model.decls.filter((d): d is ast.TaskDecl => d.kind === "Task");
  const bodies = new Map<ast.TaskDecl, BodyResult>();
  for (const t of taskDecls) bodies.set(t, checkBody(ctx, t));
  const tasks = checkTasks(ctx, taskDecls, bodies);
  checkWriters(ctx, model, tasks, bodies);
  checkFlow(ctx, taskDecls, opts.flow === "relaxed");
  checkProperties(ctx, model);
  checkUnused(ctx, model);
  return base(device, tasks, sortDiagnostics([...loaded.diagnostics, ...ctx.diags]));
}

/** Number of properties in the primary model (for the CLI summary). */
export function propertyCount(m: CheckedModel): number {
  return m.model.decls.filter((d) => d.kind === "Property").length;
}
