/**
 * vigil's intermediate representation: the device as a transition system over logical ticks.
 *
 * Input: produced only by src/lower from a CheckedModel without errors.
 * Output: consumed by the interpreter (src/interp), the SMT encoder (src/smt), the timing analysis
 * (src/wcet) and the code generators (src/emit). Nothing after lowering reads the AST.
 * Invariants:
 * - Every node keeps the Span of the source construct it came from.
 * - Names are unique per scope: globals (inputs, irq lines, state, outputs) are unique in the
 *   program; locals are unique within their task (lowering renames shadowed locals).
 * - Every scalar value is a JS number: bool is 0 or 1, an enum is its member index, an integer is
 *   exact (all ranges lie within +-(2^53-1)); times are in microseconds, frequencies in hertz.
 *   Arrays are arrays of scalars (no nested arrays).
 * - Expressions are pure and total: every operation that could fail (a value leaving a declared
 *   range, a division by zero, an index out of bounds) is preceded, on every path, by an explicit
 *   `assert` statement. Short-circuit `and`/`or` and conditional expressions whose operands contain
 *   such checks are lowered to `if` statements, so every assert is evaluated exactly when the
 *   source program would evaluate the operation it guards.
 * - The `type` of an expression is its exact inferred range; intermediate values never overflow:
 *   the C backend computes each expression in a type wide enough for its range.
 * - The semantics is docs/semantics.md (Logical Execution Time): a job reads the visible state and
 *   the inputs at its release tick, and its writes become visible `publishDelayTicks` later.
 */
import type { Span } from "../source/span.js";

export type IrUnit = "none" | "time" | "freq";

export type IrType =
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly lo: number; readonly hi: number; readonly unit: IrUnit }
  | { readonly kind: "enum"; readonly name: string; readonly members: readonly string[] }
  | { readonly kind: "array"; readonly elem: IrScalarType; readonly length: number };

export type IrScalarType = Exclude<IrType, { kind: "array" }>;

/** A runtime value: a scalar number or an array of scalars. */
export type IrValue = number | readonly number[];

export type IrScope = "input" | "irq" | "state" | "output" | "local";

export type IrBinOp =
  | "add"
  | "sub"
  | "mul"
  /** Truncating division (toward zero), as C99. The divisor is never 0 (guarded by an assert). */
  | "div"
  /** Remainder with the sign of the dividend, as C99. */
  | "rem"
  | "eq"
  | "ne"
  | "lt"
  | "le"
  | "gt"
  | "ge"
  /** Non-short-circuit boolean connectives (operands are pure and total). */
  | "and"
  | "or"
  | "min"
  | "max";

export type IrUnOp = "neg" | "not" | "abs";

export type IrExpr =
  | { readonly k: "const"; readonly value: number; readonly type: IrScalarType; readonly span: Span }
  | { readonly k: "var"; readonly name: string; readonly scope: IrScope; readonly type: IrType; readonly span: Span }
  /** Element of an array variable; the index is in bounds (guarded by an assert where needed). */
  | {
      readonly k: "index";
      readonly array: string;
      readonly scope: IrScope;
      readonly index: IrExpr;
      readonly type: IrScalarType;
      readonly span: Span;
    }
  | { readonly k: "unary"; readonly op: IrUnOp; readonly arg: IrExpr; readonly type: IrScalarType; readonly span: Span }
  | {
      readonly k: "binary";
      readonly op: IrBinOp;
      readonly left: IrExpr;
      readonly right: IrExpr;
      readonly type: IrScalarType;
      readonly span: Span;
    }
  /** Conditional value; both arms are pure and total. */
  | {
      readonly k: "ite";
      readonly cond: IrExpr;
      readonly then: IrExpr;
      readonly else: IrExpr;
      readonly type: IrType;
      readonly span: Span;
    }
  /** A whole-array literal (initial values and array assignments). */
  | { readonly k: "array"; readonly elements: readonly IrExpr[]; readonly type: IrType; readonly span: Span };

export interface IrPlace {
  readonly name: string;
  readonly scope: "state" | "output" | "local";
  /** Element assignment `a[i] := v`; the index is in bounds (guarded by an assert where needed). */
  readonly index?: IrExpr;
  readonly span: Span;
}

/** What a runtime check guards. */
export type IrCheck =
  /** The value assigned to `what` must lie in [lo, hi] (its declared range). */
  | { readonly kind: "range"; readonly lo: number; readonly hi: number; readonly what: string }
  | { readonly kind: "div0" }
  | { readonly kind: "index"; readonly length: number; readonly array: string };

export type IrStmt =
  | { readonly s: "assign"; readonly target: IrPlace; readonly value: IrExpr; readonly span: Span }
  | {
      readonly s: "if";
      readonly cond: IrExpr;
      readonly then: readonly IrStmt[];
      readonly else: readonly IrStmt[];
      readonly span: Span;
    }
  /** `for var in lo .. hi` with constant, inclusive bounds; `var` is a local of the task. */
  | {
      readonly s: "for";
      readonly var: string;
      readonly lo: number;
      readonly hi: number;
      readonly body: readonly IrStmt[];
      readonly span: Span;
    }
  /**
   * A runtime check: `cond` must be true here. `id` is stable across runs and unique in the
   * program (e.g. "pace/range@12:5"); it names the proof obligation.
   */
  | { readonly s: "assert"; readonly id: string; readonly check: IrCheck; readonly cond: IrExpr; readonly span: Span }
  /**
   * `target := valid ? value : fallback`, the only point where untrusted data enters a trusted
   * domain. `target` is a local of the task. The isolation proof treats the result specially
   * (docs/semantics.md, "endorse").
   */
  | {
      readonly s: "endorse";
      readonly id: string;
      readonly target: string;
      readonly value: IrExpr;
      readonly valid: IrExpr;
      readonly fallback: IrExpr;
      readonly span: Span;
    }
  /** `target := value`, the only point where confidential data may flow to a lower level. */
  | {
      readonly s: "declassify";
      readonly id: string;
      readonly target: string;
      readonly value: IrExpr;
      /** Index into the program's levels: the level the value is lowered to. */
      readonly toLevel: number;
      readonly span: Span;
    };

export interface IrLocal {
  readonly name: string;
  readonly type: IrType;
  /** let/var from the source, a for-loop variable, or a temporary made by lowering. */
  readonly kind: "let" | "var" | "loop" | "temp";
  readonly span: Span;
}

export interface IrTask {
  readonly name: string;
  readonly kind: "periodic" | "irq";
  /** Periodic tasks: released at ticks k >= offsetTicks with (k - offsetTicks) % periodTicks == 0. */
  readonly periodTicks?: number;
  readonly offsetTicks: number;
  /** Interrupt tasks: the irq line (a bool input per tick) and the minimum inter-arrival time. */
  readonly irq?: string;
  readonly miatTicks?: number;
  /** Exact timing parameters, in microseconds, for the timing analysis. */
  readonly periodUs?: number;
  readonly miatUs?: number;
  readonly deadlineUs: number;
  /** ceil(deadline / tick) >= 1: a job released at tick k publishes its writes at tick k + this. */
  readonly publishDelayTicks: number;
  /** 1 is the highest priority. Distinct across tasks. */
  readonly priority: number;
  readonly domain: string;
  /** Global names read (inputs, irq lines, state, outputs) and written (state, outputs), sorted. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly locals: readonly IrLocal[];
  readonly body: readonly IrStmt[];
  readonly span: Span;
}

export interface IrGlobal {
  readonly name: string;
  readonly role: "input" | "state" | "output";
  readonly type: IrType;
  readonly domain: string;
  /** Initial value of state and outputs (outputs default to false / 0 or the range's low end / first member). */
  readonly init?: IrValue;
  readonly span: Span;
}

export interface IrIrqLine {
  /** The name used in `on irq NAME`; a bool input per tick ("did it fire?"). */
  readonly name: string;
  readonly task: string;
  readonly domain: string;
  readonly span: Span;
}

export type IrProperty =
  | { readonly kind: "invariant"; readonly name: string; readonly expr: IrExpr; readonly span: Span }
  | {
      readonly kind: "leadsTo";
      readonly name: string;
      readonly trigger: IrExpr;
      readonly response: IrExpr;
      /** Q must hold at some tick in [k, k + withinTicks] whenever P holds at tick k. */
      readonly withinTicks: number;
      readonly span: Span;
    }
  | {
      readonly kind: "noninterference";
      readonly name: string;
      readonly from: string;
      readonly to: string;
      readonly except?: "endorse" | "declassify";
      /** Integrity (untrusted -> trusted) or confidentiality (higher -> lower level). */
      readonly flavor: "integrity" | "confidentiality";
      readonly span: Span;
    }
  | { readonly kind: "schedulable"; readonly name: string; readonly span: Span }
  | { readonly kind: "wcet"; readonly name: string; readonly task: string; readonly boundUs: number; readonly span: Span };

export interface IrDomain {
  readonly name: string;
  readonly trusted: boolean;
  readonly confidentiality: number;
  readonly span: Span;
}

export interface IrProgram {
  readonly device: {
    readonly name: string;
    readonly target: string;
    readonly clockHz: number;
    readonly tickUs: number;
    /** The model's source file(s) hashed (sha256, hex), for traceability of generated code. */
    readonly sourceHash: string;
    readonly span: Span;
  };
  readonly levels: readonly string[];
  readonly domains: readonly IrDomain[];
  readonly enums: readonly { readonly name: string; readonly members: readonly string[]; readonly span: Span }[];
  readonly consts: readonly { readonly name: string; readonly type: IrType; readonly value: IrValue; readonly span: Span }[];
  readonly inputs: readonly IrGlobal[];
  readonly irqs: readonly IrIrqLine[];
  readonly state: readonly IrGlobal[];
  readonly outputs: readonly IrGlobal[];
  /** In declaration order. */
  readonly tasks: readonly IrTask[];
  /** Constraints on the inputs of each tick (inputs and constants only). */
  readonly assumptions: readonly { readonly name: string; readonly expr: IrExpr; readonly span: Span }[];
  readonly properties: readonly IrProperty[];
}
