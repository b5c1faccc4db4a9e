/**
 * Task clauses and scheduling parameters, and the TaskInfo of each task.
 *
 * Input: the task declarations of the primary model, the tick (ctx.tickUs) and the body results
 * (reads, writes) from body.ts. Output: TaskInfo[] in declaration order; diagnostics VG2501-VG2516
 * (trigger, deadline, tick multiples, inter-arrival, priorities, domain, repeated and misplaced
 * clauses, interrupt lines), VG2001 for an unknown domain.
 * Invariants: a TaskInfo is produced for every task, with zeros where a clause is missing or wrong
 * (the diagnostics then contain an error); priorities are compared through a Map (linear).
 */
import type * as ast from "../ast/ast.js";
import type { Span } from "../source/span.js";
import type { BodyResult } from "./body.js";
import { closestName, report, type Ctx } from "./context.js";
import type { TaskInfo } from "./model.js";
import { evalConst } from "./resolve.js";
import { typeKindName } from "./types.js";

type Clause = ast.TaskClause;
type ClauseKind = Clause["kind"];

const CLAUSE_WORD: Record<ClauseKind, string> = {
  Every: "every",
  Offset: "offset",
  Irq: "on irq",
  MinInterarrival: "min_interarrival",
  Deadline: "deadline",
  Priority: "priority",
  InDomain: "in",
};

function timeConst(ctx: Ctx, e: ast.Expr, what: string): bigint | undefined {
  const { type, value } = evalConst(ctx, e, what);
  if (!value || type.kind === "error") return undefined;
  if (type.kind !== "int" || value.kind !== "int" || type.unit !== "time") {
    report(ctx, type.kind === "int" ? "VG2010" : "VG2005", e.span, `${what} must be a time such as \`10 ms\`, found ${typeKindName(type)}`);
    return undefined;
  }
  return value.value;
}

function positiveTime(ctx: Ctx, e: ast.Expr, what: string): bigint | undefined {
  const v = timeConst(ctx, e, what);
  if (v !== undefined && v <= 0n) {
    report(ctx, "VG2512", e.span, `${what} must be positive, found ${v} us`);
    return undefined;
  }
  return v;
}

function multipleOfTick(ctx: Ctx, v: bigint, e: ast.Expr, code: "VG2505" | "VG2513", what: string): void {
  const tick = ctx.tickUs;
  if (tick === undefined || v % tick === 0n) return;
  report(ctx, code, e.span, `${what} (${v} us) is not a multiple of the tick (${tick} us)`);
}

/** Clause checks of one task; returns its TaskInfo without reads and writes. */
function taskClauses(ctx: Ctx, t: ast.TaskDecl): Omit<TaskInfo, "reads" | "writes"> {
  const first = new Map<ClauseKind, Clause>();
  for (const c of t.clauses) {
    const p = first.get(c.kind);
    if (p) {
      report(ctx, "VG2510", c.span, `\`${CLAUSE_WORD[c.kind]}\` is given twice for task \`${t.name.name}\``, {
        related: [{ span: p.span, message: "first given here" }],
      });
    } else first.set(c.kind, c);
  }
  const get = <K extends ClauseKind>(k: K): Extract<Clause, { kind: K }> | undefined =>
    first.get(k) as Extract<Clause, { kind: K }> | undefined;
  const every = get("Every");
  const irq = get("Irq");
  const name = t.name.name;
  if (every && irq)
    report(ctx, "VG2502", irq.span, `task \`${name}\` has both a period and an interrupt`, {
      related: [{ span: every.span, message: "the period" }],
      notes: ["a task is either periodic (`every`) or interrupt-driven (`on irq`)"],
    });
  if (!every && !irq)
    report(ctx, "VG2501", t.name.span, `task \`${name}\` has no trigger`, { notes: ["add `every PERIOD` or `on irq LINE min_interarrival TIME`"] });
  const kind: TaskInfo["kind"] = irq && !every ? "irq" : "periodic";

  let periodUs: bigint | undefined;
  let offsetUs = 0n;
  let miatUs: bigint | undefined;
  if (every) {
    periodUs = positiveTime(ctx, every.period, "the period");
    if (periodUs !== undefined) multipleOfTick(ctx, periodUs, every.period, "VG2505", "the period");
  }
  const offset = get("Offset");
  if (offset) {
    if (kind === "irq" || irq)
      report(ctx, "VG2511", offset.span, "`offset` applies only to periodic tasks");
    else {
      const o = timeConst(ctx, offset.offset, "the offset");
      if (o !== undefined) {
        if (o < 0n) report(ctx, "VG2512", offset.offset.span, `the offset must not be negative, found ${o} us`);
        else {
          multipleOfTick(ctx, o, offset.offset, "VG2505", "the offset");
          if (periodUs !== undefined && o >= periodUs)
            report(ctx, "VG2514", offset.offset.span, `the offset (${o} us) must be smaller than the period (${periodUs} us)`);
          offsetUs = o;
        }
      }
    }
  }
  const miat = get("MinInterarrival");
  if (miat && kind === "periodic") {
    if (!irq) report(ctx, "VG2511", miat.span, "`min_interarrival` applies only to interrupt tasks");
  } else if (miat) {
    miatUs = positiveTime(ctx, miat.value, "the minimum inter-arrival time");
    if (miatUs !== undefined) multipleOfTick(ctx, miatUs, miat.value, "VG2513", "the minimum inter-arrival time");
  } else if (kind === "irq") {
    report(ctx, "VG2506", irq!.span, `interrupt task \`${name}\` has no minimum inter-arrival time`, {
      notes: ["add `min_interarrival TIME`: without it an interrupt storm could starve every other task"],
    });
  }
  const deadline = get("Deadline");
  let deadlineUs = 0n;
  if (!deadline) report(ctx, "VG2503", t.name.span, `task \`${name}\` has no deadline`, { notes: ["add `deadline TIME`"] });
  else {
    const d = positiveTime(ctx, deadline.value, "the deadline");
    if (d !== undefined) {
      deadlineUs = d;
      const bound = kind === "periodic" ? periodUs : miatUs;
      if (bound !== undefined && d > bound)
        report(ctx, "VG2504", deadline.value.span, `the deadline (${d} us) is longer than the ${kind === "periodic" ? "period" : "minimum inter-arrival time"} (${bound} us)`);
    }
  }
  const prio = get("Priority");
  let priority = 0;
  if (!prio) report(ctx, "VG2508", t.name.span, `task \`${name}\` has no priority`, { notes: ["add `priority N` (1 is the highest)"] });
  else {
    const { type, value } = evalConst(ctx, prio.value, "the priority");
    if (value && type.kind !== "error") {
      if (value.kind !== "int" || value.unit !== "none" || value.value < 1n || value.value > 1_000_000n)
        report(ctx, "VG2508", prio.value.span, "the priority must be a whole number from 1 (the highest) to 1000000");
      else priority = Number(value.value);
    }
  }
  const dom = get("InDomain");
  let domain = "";
  if (!dom) report(ctx, "VG2509", t.name.span, `task \`${name}\` has no domain`, { notes: ["add `in DOMAIN`"] });
  else if (!ctx.domains.has(dom.domain.name)) {
    const hint = closestName(dom.domain.name, ctx.domains.keys());
    const sym = ctx.globals.get(dom.domain.name);
    report(ctx, "VG2001", dom.domain.span, sym ? `\`${dom.domain.name}\` is not a domain` : `domain \`${dom.domain.name}\` is not defined`, hint ? { notes: [`did you mean \`${hint}\`?`] } : {});
  } else {
    domain = dom.domain.name;
    const ds = ctx.globals.get(domain);
    if (ds) {
      ctx.refs.set(dom.domain, ds);
      ctx.used.add(ds);
    }
  }
  return {
    name,
    kind,
    ...(periodUs !== undefined && kind === "periodic" ? { periodUs } : {}),
    offsetUs,
    ...(irq && kind === "irq" ? { irq: irq.irq.name } : {}),
    ...(miatUs !== undefined ? { miatUs } : {}),
    deadlineUs,
    priority,
    domain,
    decl: t,
    span: t.name.span,
  };
}

/** Checks every task's clauses and the cross-task rules (distinct priorities and irq lines). */
export function checkTasks(ctx: Ctx, tasks: readonly ast.TaskDecl[], bodies: ReadonlyMap<ast.TaskDecl, BodyResult>): TaskInfo[] {
  const byPriority = new Map<number, Span>();
  const byIrq = new Map<string, Span>();
  const out: TaskInfo[] = [];
  for (const t of tasks) {
    const info = taskClauses(ctx, t);
    if (info.priority > 0) {
      const prioClause = t.clauses.find((c) => c.kind === "Priority")!;
      const p = byPriority.get(info.priority);
      if (p)
        report(ctx, "VG2507", prioClause.span, `task \`${t.name.name}\` has the same priority (${info.priority}) as another task`, {
          related: [{ span: p, message: "the other task's priority" }],
          notes: ["priorities must be distinct; 1 is the highest"],
        });
      else byPriority.set(info.priority, prioClause.span);
    }
    const irqClause = t.clauses.find((c) => c.kind === "Irq");
    if (irqClause && irqClause.kind === "Irq") {
      const line = irqClause.irq.name;
      const p = byIrq.get(line);
      if (p)
        report(ctx, "VG2516", irqClause.irq.span, `interrupt line \`${line}\` already has a task`, {
          related: [{ span: p, message: "the other task's interrupt" }],
        });
      else byIrq.set(line, irqClause.irq.span);
      const sym = ctx.globals.get(line);
      if (sym && sym.kind === "irq") ctx.refs.set(irqClause.irq, sym);
    }
    const body = bodies.get(t);
    out.push({
      ...info,
      reads: body ? [...body.reads].sort() : [],
      writes: body ? [...body.writes.keys()].sort() : [],
    });
  }
  return out;
}
