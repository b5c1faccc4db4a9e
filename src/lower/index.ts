/**
 * Lowering: a CheckedModel (without errors) to the IrProgram, the device as a transition system.
 *
 * Input: check()'s result whose diagnostics contain no error, and optionally the source texts
 * (path -> text) for the traceability hash (otherwise the files are read from disk).
 * Output: an IrProgram obeying every invariant of src/ir/ir.ts.
 * Invariants: constants folded; times in microseconds; periodTicks/offsetTicks/miatTicks/
 * publishDelayTicks = ceil(value / tick); globals in declaration order; tasks in declaration
 * order; unnamed assumptions are named "assume@LINE:COL"; assert/endorse/declassify ids are
 * "<task>/<kind>@<line>:<col>" (a "#n" suffix keeps them unique); device.sourceHash is the sha256
 * of the primary file's text followed by each import's text (in load order).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type * as ast from "../ast/ast.js";
import type { CheckedModel, Sym, Value } from "../check/model.js";
import type { IrGlobal, IrProgram, IrProperty, IrStmt, IrTask, IrType } from "../ir/ir.js";
import { lowerExpr, type LowerCtx } from "./expr.js";
import { lowerBlock } from "./stmt.js";
import { defaultValue, irType, irValue } from "./types.js";

export interface LowerOptions {
  /** Source texts by path (as in spans); files missing here are read from disk. */
  readonly sources?: ReadonlyMap<string, { readonly text: string }>;
}

function ceilDiv(a: bigint, b: bigint): number {
  if (b <= 0n) return 0;
  return Number((a + b - 1n) / b);
}

function sourceHash(checked: CheckedModel, opts: LowerOptions): string {
  const h = createHash("sha256");
  for (const m of [checked.model, ...checked.imports]) {
    let text = opts.sources?.get(m.file)?.text;
    if (text === undefined) {
      try {
        text = readFileSync(m.file, "utf8");
      } catch {
        text = "";
      }
    }
    h.update(text);
  }
  return h.digest("hex");
}

function constVal(checked: CheckedModel, e: ast.Expr, what: string): Value {
  const v = checked.constValues.get(e);
  if (!v) throw new Error(`lower: ${what} is not constant`);
  return v;
}

function globalOf(checked: CheckedModel, d: ast.InputDecl | ast.OutputDecl | ast.StateDecl): IrGlobal {
  const sym = checked.globals.get(d.name.name);
  if (!sym) throw new Error(`lower: no symbol for ${d.name.name}`);
  const type = irType(sym.type);
  const role = d.kind === "Input" ? "input" : d.kind === "Output" ? "output" : "state";
  const g: IrGlobal = { name: d.name.name, role, type, domain: d.domain.name, span: d.span };
  if (d.kind === "Input") return g;
  const init = d.init ? irValue(constVal(checked, d.init, `the initial value of ${d.name.name}`)) : defaultValue(type);
  const full = type.kind === "array" && typeof init === "number" ? new Array<number>(type.length).fill(init) : init;
  return { ...g, init: full };
}

function pureCtx(checked: CheckedModel, ids: Set<string>): LowerCtx {
  return { checked, pure: true, locals: [], localNames: new Map<Sym, string>(), taken: new Set(), ids };
}

export function lower(checked: CheckedModel, opts: LowerOptions = {}): IrProgram {
  const model = checked.model;
  const tick = checked.device.tickUs;
  const ids = new Set<string>();
  const inputs: IrGlobal[] = [];
  const state: IrGlobal[] = [];
  const outputs: IrGlobal[] = [];
  for (const d of model.decls) {
    if (d.kind === "Input") inputs.push(globalOf(checked, d));
    else if (d.kind === "State") state.push(globalOf(checked, d));
    else if (d.kind === "Output") outputs.push(globalOf(checked, d));
  }
  const globalNames = new Set<string>();
  for (const k of checked.globals.keys()) globalNames.add(k);

  const enums: IrProgram["enums"][number][] = [];
  const consts: IrProgram["consts"][number][] = [];
  for (const m of [...checked.imports, model]) {
    for (const d of m.decls) {
      if (d.kind === "Enum") enums.push({ name: d.name.name, members: d.members.map((x) => x.name), span: d.span });
      if (d.kind === "Const") {
        const sym = checked.globals.get(d.name.name);
        const v = checked.constValues.get(d.value);
        if (!sym || !v || sym.type.kind === "error") continue;
        const type: IrType = irType(sym.type);
        consts.push({ name: d.name.name, type, value: irValue(v), span: d.span });
      }
    }
  }

  const taskInfos = new Map(checked.tasks.map((t) => [t.name, t]));
  const tasks: IrTask[] = [];
  const irqs: IrProgram["irqs"][number][] = [];
  for (const d of model.decls) {
    if (d.kind !== "Task") continue;
    const info = taskInfos.get(d.name.name);
    if (!info) throw new Error(`lower: no task info for ${d.name.name}`);
    const ctx: LowerCtx = {
      checked,
      task: info.name,
      pure: false,
      locals: [],
      localNames: new Map<Sym, string>(),
      taken: new Set(globalNames),
      ids,
    };
    const body: IrStmt[] = [];
    lowerBlock(ctx, d.body.stmts, body);
    const common = {
      name: info.name,
      deadlineUs: Number(info.deadlineUs),
      publishDelayTicks: Math.max(1, ceilDiv(info.deadlineUs, tick)),
      priority: info.priority,
      domain: info.domain,
      reads: [...info.reads].sort(),
      writes: [...info.writes].sort(),
      locals: ctx.locals,
      body,
      span: info.span,
    };
    if (info.kind === "periodic") {
      tasks.push({
        ...common,
        kind: "periodic",
        periodTicks: ceilDiv(info.periodUs ?? 0n, tick),
        offsetTicks: ceilDiv(info.offsetUs, tick),
        periodUs: Number(info.periodUs ?? 0n),
      });
    } else {
      tasks.push({
        ...common,
        kind: "irq",
        offsetTicks: 0,
        irq: info.irq ?? "",
        miatTicks: ceilDiv(info.miatUs ?? 0n, tick),
        miatUs: Number(info.miatUs ?? 0n),
      });
      irqs.push({ name: info.irq ?? "", task: info.name, domain: info.domain, span: info.span });
    }
  }

  const pctx = pureCtx(checked, ids);
  const assumptions: IrProgram["assumptions"][number][] = [];
  const properties: IrProperty[] = [];
  const domains = checked.domains;
  for (const d of model.decls) {
    if (d.kind === "Assume") {
      const name = d.name?.name ?? `assume@${d.span.line}:${d.span.col}`;
      assumptions.push({ name, expr: lowerExpr(pctx, d.expr, []), span: d.span });
    } else if (d.kind === "Property") {
      const name = d.name.name;
      const b = d.body;
      switch (b.kind) {
        case "Always":
          if (b.leadsTo) {
            const within = constVal(checked, b.leadsTo.within, "a leads_to bound");
            const us = within.kind === "int" ? within.value : 0n;
            properties.push({
              kind: "leadsTo",
              name,
              trigger: lowerExpr(pctx, b.expr, []),
              response: lowerExpr(pctx, b.leadsTo.target, []),
              withinTicks: ceilDiv(us, tick),
              span: d.span,
            });
          } else {
            properties.push({ kind: "invariant", name, expr: lowerExpr(pctx, b.expr, []), span: d.span });
          }
          break;
        case "NonInterference": {
          const from = domains.find((x) => x.name === b.from.name);
          const to = domains.find((x) => x.name === b.to.name);
          const flavor = from && to && !from.trusted && to.trusted ? "integrity" : "confidentiality";
          properties.push({
            kind: "noninterference",
            name,
            from: b.from.name,
            to: b.to.name,
            ...(b.except ? { except: b.except } : {}),
            flavor,
            span: d.span,
          });
          break;
        }
        case "Schedulable":
          properties.push({ kind: "schedulable", name, span: d.span });
          break;
        case "Wcet": {
          const bound = constVal(checked, b.bound, "a wcet bound");
          properties.push({
            kind: "wcet",
            name,
            task: b.task.name,
            boundUs: bound.kind === "int" ? Number(bound.value) : 0,
            span: d.span,
          });
          break;
        }
      }
    }
  }

  return {
    device: {
      name: checked.device.name,
      target: checked.device.target,
      clockHz: Number(checked.device.clockHz),
      tickUs: Number(tick),
      sourceHash: sourceHash(checked, opts),
      span: checked.device.span,
    },
    levels: checked.levels,
    domains: checked.domains.map((x) => ({
      name: x.name,
      trusted: x.trusted,
      confidentiality: x.confidentiality,
      span: x.span,
    })),
    enums,
    consts,
    inputs,
    irqs,
    state,
    outputs,
    tasks,
    assumptions,
    properties,
  };
}

