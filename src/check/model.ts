/**
 * The checker's output: a CheckedModel, the narrow interface handed from src/check to src/lower.
 *
 * Input: produced by check() (src/check/index.ts) from the parsed Model (and its imports).
 * Output: consumed by src/lower only (nothing after lowering reads the AST or this structure).
 * Invariants (hold whenever `diagnostics` has no error):
 * - every Expr node reachable from the model has an entry in `exprTypes`; integer types carry the
 *   inferred range of the value (exact, BigInt), in the type's base unit: microseconds for time,
 *   hertz for frequency; a frequency × time product is a plain cycle count (f·t)/10^6 truncated
 *   toward zero (docs/semantics.md section 1), and its intermediate f·t also fits in 2^53-1;
 * - every Name/Place/Member that refers to a declaration has an entry in `refs`;
 * - every constant-foldable expression has its value in `constValues`;
 * - all ranges fit in [-(2^53-1), 2^53-1] so later phases may compute with JS numbers.
 */
import type * as ast from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";

export type Unit = "none" | "time" | "freq";

export type Type =
  | { readonly kind: "bool" }
  /** Integers, times (unit "time", in microseconds) and frequencies (unit "freq", in hertz). */
  | { readonly kind: "int"; readonly lo: bigint; readonly hi: bigint; readonly unit: Unit }
  | { readonly kind: "enum"; readonly name: string; readonly members: readonly string[] }
  | { readonly kind: "array"; readonly elem: Type; readonly length: number }
  /** After an error, so one mistake is reported once. */
  | { readonly kind: "error" };

export type Value =
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "int"; readonly value: bigint; readonly unit: Unit }
  | { readonly kind: "enum"; readonly enumName: string; readonly index: number }
  | { readonly kind: "array"; readonly elements: readonly Value[] };

export type SymbolKind =
  | "const"
  | "enum"
  | "enumMember"
  | "typeAlias"
  | "input"
  | "output"
  | "state"
  | "domain"
  | "task"
  | "property"
  | "local" // let / var inside a task body
  | "loop" // for-loop variable
  /** An interrupt line named by `on irq L` (a bool input per tick; domain of its task). Added by the checker. */
  | "irq";

export interface Sym {
  readonly kind: SymbolKind;
  readonly name: string;
  readonly type: Type;
  readonly span: Span;
  /** Domain of inputs, outputs, state and tasks. */
  readonly domain?: string;
  /** For `let` (immutable) versus `var` (mutable) locals. */
  readonly mutable?: boolean;
  /** For enum members: the index in declaration order. */
  readonly enumIndex?: number;
  /** For locals and loop variables: the task that owns them. */
  readonly task?: string;
}

export interface DomainInfo {
  readonly name: string;
  readonly trusted: boolean;
  /** Index into `levels`: 0 is the lowest (public). */
  readonly confidentiality: number;
  readonly span: Span;
}

export interface TaskInfo {
  readonly name: string;
  readonly kind: "periodic" | "irq";
  /** Periodic: period in microseconds. */
  readonly periodUs?: bigint;
  readonly offsetUs: bigint;
  /** Interrupt: the irq line name and the minimum inter-arrival time in microseconds. */
  readonly irq?: string;
  readonly miatUs?: bigint;
  readonly deadlineUs: bigint;
  /** 1 is the highest priority (most urgent); distinct across tasks. */
  readonly priority: number;
  readonly domain: string;
  /** Global variables (state, outputs, inputs) read and written, sorted by name. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly decl: ast.TaskDecl;
  readonly span: Span;
}

export interface CheckedModel {
  /** The primary file. */
  readonly model: ast.Model;
  /** Files pulled in by `import`, in load order (constants, enums and types only). */
  readonly imports: readonly ast.Model[];
  readonly device: {
    readonly name: string;
    readonly target: string;
    readonly clockHz: bigint;
    readonly tickUs: bigint;
    readonly span: Span;
  };
  /** Confidentiality levels, lowest first (default: ["public", "patient"]). */
  readonly levels: readonly string[];
  readonly domains: readonly DomainInfo[];
  readonly tasks: readonly TaskInfo[];
  /**
   * Global symbols (consts, enums, members, types, inputs, outputs, state, domains, tasks,
   * properties, interrupt lines). Enum members are keyed "Enum.Member" (a bare member name in an
   * expression resolves to the one enum that has it); interrupt lines (kind "irq", type bool) carry
   * the domain of their task. Locals (`let` typed by the inferred range of their value, `var` by
   * the declared type) and loop variables (int[lo .. hi], both bounds included) are not globals:
   * reach them through `refs` from their declaring Ident or any use.
   */
  readonly globals: ReadonlyMap<string, Sym>;
  /** Name, Member and Place nodes to the symbol they denote (globals, locals, loop variables). */
  readonly refs: ReadonlyMap<ast.Expr | ast.Place | ast.Ident, Sym>;
  /** The type (with inferred range) of every expression. */
  readonly exprTypes: ReadonlyMap<ast.Expr, Type>;
  /** The value of every constant-foldable expression. */
  readonly constValues: ReadonlyMap<ast.Expr, Value>;
  readonly diagnostics: readonly Diagnostic[];
}
