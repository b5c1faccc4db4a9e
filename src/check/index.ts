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

/** The primary model's declarations by kind (one pass, so later passes do not rescan the model). */
interface DeclGroups {
  readonly tasks: ast.TaskDecl[];
  readonly variables: (ast.InputDecl | ast.OutputDecl | ast.StateDecl)[];
  readonly outputs: ast.OutputDecl[];
  readonly named: (ast.ConstDecl | ast.TypeAliasDecl | ast.EnumDecl)[];
  readonly properties: (ast.AssumeDecl | ast.PropertyDecl)[];
}

function groupDecls(model: ast.Model): DeclGroups {
  const g: DeclGroups = { tasks: [], variables: [], outputs: [], named: [], properties: [] };
  for (const d of model.decls) {
    switch (d.kind) {
      case "Task":
        g.tasks.push(d);
        break;
      case "Output":
        g.outputs.push(d);
        g.variables.push(d);
        break;
      case "Input":
      case "State":
        g.variables.push(d);
        break;
      case "Const":
      case "TypeAlias":
      case "Enum":
        g.named.push(d);
        break;
      case "Assume":
      case "Property":
        g.properties.push(d);
        break;
      default:
        break;
    }
  }
  return g;
}

function checkVariableDomains(ctx: Ctx, variables: DeclGroups["variables"]): void {
  for (const d of variables) {
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

function checkUnused(ctx: Ctx, named: DeclGroups["named"]): void {
  const enumUsed = new Set<string>();
  for (const s of ctx.used) if (s.kind === "enumMember" && s.type.kind === "enum") enumUsed.add(s.type.name);
  for (const d of named) {
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
  const groups = groupDecls(model);
  checkVariableDomains(ctx, groups.variables);
  const taskDecls = groups.tasks;
  const bodies = new Map<ast.TaskDecl, BodyResult>();
  for (const t of taskDecls) bodies.set(t, checkBody(ctx, t));
  const tasks = checkTasks(ctx, taskDecls, bodies);
  checkWriters(ctx, groups.outputs, tasks, bodies);
  checkFlow(ctx, taskDecls, opts.flow === "relaxed", bodies);
  checkProperties(ctx, groups.properties);
  checkUnused(ctx, groups.named);
  return base(device, tasks, sortDiagnostics([...loaded.diagnostics, ...ctx.diags]));
}

/** Number of properties in the primary model (for the CLI summary). */
export function propertyCount(m: CheckedModel): number {
  return m.model.decls.filter((d) => d.kind === "Property").length;
}
