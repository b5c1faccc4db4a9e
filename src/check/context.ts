/**
 * The checker's shared state while it runs: symbol tables, the maps that become the CheckedModel,
 * and the diagnostic sink.
 *
 * Input: created once per check() call. Output: the maps are handed over to the CheckedModel as is.
 * Invariants: every lookup is a Map access (no scans of the model); a symbol is created once, by the
 * binder (globals) or by the statement checker (locals), and its type is filled in when resolved.
 */
import type * as ast from "../ast/ast.js";
import { diag, type Diagnostic, type RelatedInfo } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/catalog.js";
import type { Span } from "../source/span.js";
import type { DomainInfo, Sym, Type, Value } from "./model.js";

export type MSym = { -readonly [K in keyof Sym]: Sym[K] };

/** The declaration behind a global symbol, for lazy resolution. */
export type GlobalDecl =
  | ast.ConstDecl
  | ast.EnumDecl
  | ast.TypeAliasDecl
  | ast.InputDecl
  | ast.OutputDecl
  | ast.StateDecl
  | ast.DomainDecl
  | ast.TaskDecl
  | ast.PropertyDecl
  | { readonly kind: "EnumMember"; readonly enumDecl: ast.EnumDecl; readonly index: number; readonly span: Span }
  | { readonly kind: "IrqLine"; readonly task: ast.TaskDecl; readonly span: Span };

export type ResolveState = "resolving" | "done";

export interface Ctx {
  readonly diags: Diagnostic[];
  readonly globals: Map<string, MSym>;
  /** Bare enum member name to every member symbol with that name. */
  readonly members: Map<string, MSym[]>;
  /** Enum name to its members by name (the same symbols as globals' "Enum.Member" entries). */
  readonly enumMembers: Map<string, Map<string, MSym>>;
  readonly declOf: Map<MSym, GlobalDecl>;
  readonly resolveState: Map<MSym, ResolveState>;
  /** Values of constants (absent when the constant's definition has an error). */
  readonly constOf: Map<MSym, Value>;
  readonly refs: Map<ast.Expr | ast.Place | ast.Ident, Sym>;
  readonly exprTypes: Map<ast.Expr, Type>;
  readonly constValues: Map<ast.Expr, Value>;
  /** Constants, enums, members, type aliases and locals that are referred to (for VG2030). */
  readonly used: Set<Sym>;
  levels: string[];
  readonly domains: Map<string, DomainInfo>;
  tickUs: bigint | undefined;
  /** True while the device header is being checked (a `tick` there would be circular). */
  inDeviceHeader: boolean;
  readonly primaryFile: string;
  /** Set once every global is resolved: lookups then skip lazy resolution. */
  allResolved: boolean;
  /**
   * How many more "did you mean" searches over all globals may run: each scans the symbol table,
   * so a file with thousands of misspellings stays linear by giving up on hints after a while.
   */
  hintBudget: number;
  /** The constant value (or undefined) of the expression recorded last (see expr-util record()). */
  lastConst: Value | undefined;
  /** Shared types and values of number literals, by unit and spelling (see expr.ts). */
  readonly literals: Record<ast.Unit | "none", Map<string, { readonly type: Type; readonly value: Value }>>;
}

export function makeCtx(primaryFile: string): Ctx {
  return {
    diags: [],
    globals: new Map(),
    members: new Map(),
    enumMembers: new Map(),
    declOf: new Map(),
    resolveState: new Map(),
    constOf: new Map(),
    refs: new Map(),
    exprTypes: new Map(),
    constValues: new Map(),
    used: new Set(),
    levels: ["public", "patient"],
    domains: new Map(),
    tickUs: undefined,
    inDeviceHeader: false,
    primaryFile,
    allResolved: false,
    hintBudget: 100,
    lastConst: undefined,
    literals: { none: new Map(), us: new Map(), ms: new Map(), s: new Map(), Hz: new Map(), kHz: new Map(), MHz: new Map() },
  };
}

export function report(
  ctx: Ctx,
  code: DiagnosticCode,
  span: Span | undefined,
  message: string,
  extra: { related?: RelatedInfo[]; notes?: string[] } = {},
): void {
  ctx.diags.push(diag(code, span, message, extra));
}

/** Whether a search over all globals for a hint may run (consumes the budget). */
export function mayHint(ctx: Ctx): boolean {
  if (ctx.hintBudget <= 0) return false;
  ctx.hintBudget--;
  return true;
}

/** Edit distance, bounded: returns limit + 1 as soon as the distance must exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate to `name` (case-insensitive match first), if close enough to suggest. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = limit + 1;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === lower ? 0 : editDistance(name, c, limit);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}

export const SYM_KIND_NAME: Record<Sym["kind"], string> = {
  const: "constant",
  enum: "enum",
  enumMember: "enum member",
  typeAlias: "type",
  input: "input",
  output: "output",
  state: "state variable",
  domain: "domain",
  task: "task",
  property: "property",
  local: "local",
  loop: "loop variable",
  irq: "interrupt line",
};
