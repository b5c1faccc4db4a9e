/**
 * vigil's abstract syntax tree.
 *
 * Input: produced only by src/parse (from ANTLR parse trees, which never leave that folder).
 * Output: consumed by src/check (names, types, units, flow), src/fmt (canonical printing) and
 * src/lower (to the IR). Nothing after lowering reads the AST.
 * Invariants:
 * - Every node carries its Span (file, line, column, offset, length).
 * - Nodes are plain, immutable-by-convention objects discriminated by `kind`; no parent pointers.
 * - Parentheses are not represented: the printer re-inserts them from operator precedence.
 * - Numbers keep both their exact value (as a scaled BigInt) and their unit, if any.
 */
import type { Span } from "../source/span.js";

export interface Ident {
  readonly name: string;
  readonly span: Span;
}

// ------------------------------------------------------------------------------------- file

export interface Model {
  readonly kind: "Model";
  readonly file: string;
  readonly imports: readonly ImportDecl[];
  readonly device?: DeviceHeader;
  readonly decls: readonly Decl[];
  readonly span: Span;
}

export interface ImportDecl {
  readonly kind: "Import";
  /** The path as written, relative to the importing file. */
  readonly path: string;
  readonly span: Span;
}

export interface DeviceHeader {
  readonly kind: "Device";
  readonly name: Ident;
  /** `target cortex-m4 at 16 MHz`; `name` is the target's spelling, e.g. "cortex-m4". */
  readonly targets: readonly TargetClause[];
  /** `tick 1 ms`; the checker complains when missing or repeated. */
  readonly ticks: readonly Expr[];
  readonly span: Span;
}

export interface TargetClause {
  readonly kind: "Target";
  readonly name: string;
  readonly nameSpan: Span;
  readonly clock: Expr;
  readonly span: Span;
}

export type Decl =
  | DomainDecl
  | LevelsDecl
  | ConstDecl
  | EnumDecl
  | TypeAliasDecl
  | InputDecl
  | OutputDecl
  | StateDecl
  | AssumeDecl
  | TaskDecl
  | PropertyDecl;

/** `domain therapy integrity trusted confidentiality patient` */
export interface DomainDecl {
  readonly kind: "Domain";
  readonly name: Ident;
  /** `trusted` or `untrusted` (checked by the checker). */
  readonly integrity: Ident;
  /** A confidentiality level name (see LevelsDecl). */
  readonly confidentiality: Ident;
  readonly span: Span;
}

/** `confidentiality levels public < clinical < patient`, lowest first. */
export interface LevelsDecl {
  readonly kind: "Levels";
  readonly levels: readonly Ident[];
  readonly span: Span;
}

export interface ConstDecl {
  readonly kind: "Const";
  readonly name: Ident;
  readonly type?: TypeExpr;
  readonly value: Expr;
  readonly span: Span;
}

export interface EnumDecl {
  readonly kind: "Enum";
  readonly name: Ident;
  readonly members: readonly Ident[];
  readonly span: Span;
}

export interface TypeAliasDecl {
  readonly kind: "TypeAlias";
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly span: Span;
}

export interface InputDecl {
  readonly kind: "Input";
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly domain: Ident;
  readonly span: Span;
}

export interface OutputDecl {
  readonly kind: "Output";
  readonly name: Ident;
  readonly type: TypeExpr;
  /** Initial value; when absent the default of the type (false, 0 or the lowest value, first member). */
  readonly init?: Expr;
  readonly domain: Ident;
  readonly span: Span;
}

export interface StateDecl {
  readonly kind: "State";
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly init: Expr;
  readonly domain: Ident;
  readonly span: Span;
}

export interface AssumeDecl {
  readonly kind: "Assume";
  readonly name?: Ident;
  readonly expr: Expr;
  readonly span: Span;
}

export type TaskClause =
  | { readonly kind: "Every"; readonly period: Expr; readonly span: Span }
  | { readonly kind: "Offset"; readonly offset: Expr; readonly span: Span }
  | { readonly kind: "Irq"; readonly irq: Ident; readonly span: Span }
  | { readonly kind: "MinInterarrival"; readonly value: Expr; readonly span: Span }
  | { readonly kind: "Deadline"; readonly value: Expr; readonly span: Span }
  | { readonly kind: "Priority"; readonly value: Expr; readonly span: Span }
  | { readonly kind: "InDomain"; readonly domain: Ident; readonly span: Span };

export interface TaskDecl {
  readonly kind: "Task";
  readonly name: Ident;
  /** In source order; the checker reports missing, repeated and conflicting clauses. */
  readonly clauses: readonly TaskClause[];
  readonly body: Block;
  readonly span: Span;
}

export type PropertyBody =
  | {
      readonly kind: "Always";
      readonly expr: Expr;
      /** `always P leads_to Q within T`: whenever P holds, Q holds within T (logical time). */
      readonly leadsTo?: { readonly target: Expr; readonly within: Expr; readonly span: Span };
      readonly span: Span;
    }
  | {
      readonly kind: "NonInterference";
      readonly from: Ident;
      readonly to: Ident;
      readonly except?: "endorse" | "declassify";
      readonly span: Span;
    }
  | { readonly kind: "Schedulable"; readonly span: Span }
  | { readonly kind: "Wcet"; readonly task: Ident; readonly bound: Expr; readonly span: Span };

export interface PropertyDecl {
  readonly kind: "Property";
  readonly name: Ident;
  readonly body: PropertyBody;
  readonly span: Span;
}

// ------------------------------------------------------------------------------------- types

export type TypeExpr =
  | { readonly kind: "BoolType"; readonly span: Span }
  | { readonly kind: "RangeType"; readonly lo: Expr; readonly hi: Expr; readonly span: Span }
  | { readonly kind: "TimeType"; readonly lo?: Expr; readonly hi?: Expr; readonly span: Span }
  | { readonly kind: "FreqType"; readonly lo?: Expr; readonly hi?: Expr; readonly span: Span }
  | { readonly kind: "ArrayType"; readonly elem: TypeExpr; readonly length: Expr; readonly span: Span }
  /** u8 u16 u32 i8 i16 i32, an enum name or a type alias. */
  | { readonly kind: "NamedType"; readonly name: Ident; readonly span: Span };

// ------------------------------------------------------------------------------------- statements

export interface Block {
  readonly kind: "Block";
  readonly stmts: readonly Stmt[];
  readonly span: Span;
}

export interface Place {
  readonly kind: "Place";
  readonly name: Ident;
  readonly index?: Expr;
  readonly span: Span;
}

export interface MatchArm {
  readonly kind: "MatchArm";
  /** Empty array means the wildcard `_`. Each pattern is `Member` or `Mode.Member`. */
  readonly patterns: readonly { readonly enumName?: Ident; readonly member: Ident; readonly span: Span }[];
  readonly wildcard: boolean;
  readonly body: Block;
  readonly span: Span;
}

export type Stmt =
  | { readonly kind: "Assign"; readonly target: Place; readonly value: Expr; readonly span: Span }
  | { readonly kind: "Let"; readonly name: Ident; readonly type?: TypeExpr; readonly value: Expr; readonly span: Span }
  | { readonly kind: "Var"; readonly name: Ident; readonly type: TypeExpr; readonly value: Expr; readonly span: Span }
  | IfStmt
  | { readonly kind: "Match"; readonly subject: Expr; readonly arms: readonly MatchArm[]; readonly span: Span }
  | {
      readonly kind: "For";
      readonly var: Ident;
      readonly lo: Expr;
      readonly hi: Expr;
      readonly body: Block;
      readonly span: Span;
    }
  | { readonly kind: "Skip"; readonly span: Span };

export interface IfStmt {
  readonly kind: "If";
  readonly cond: Expr;
  readonly then: Block;
  /** `else { ... }` or `else if ...`. */
  readonly else?: Block | IfStmt;
  readonly span: Span;
}

// ------------------------------------------------------------------------------------- expressions

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "and"
  | "or"
  | "implies";

export type Unit = "us" | "ms" | "s" | "Hz" | "kHz" | "MHz";

export type Expr =
  | {
      readonly kind: "Number";
      /** Exact value = num / 10^scale (scale > 0 only for decimal literals such as 1.5). */
      readonly num: bigint;
      readonly scale: number;
      readonly unit?: Unit;
      /** The literal as written (without the unit), e.g. "0x10", "1_000", "1.5". */
      readonly text: string;
      readonly span: Span;
    }
  | { readonly kind: "Bool"; readonly value: boolean; readonly span: Span }
  | { readonly kind: "Tick"; readonly span: Span }
  | { readonly kind: "Name"; readonly name: string; readonly span: Span }
  | { readonly kind: "Member"; readonly object: Expr; readonly member: Ident; readonly span: Span }
  | { readonly kind: "Index"; readonly array: Expr; readonly index: Expr; readonly span: Span }
  | { readonly kind: "Unary"; readonly op: "-" | "not"; readonly operand: Expr; readonly span: Span }
  | { readonly kind: "Binary"; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: "Cond"; readonly cond: Expr; readonly then: Expr; readonly else: Expr; readonly span: Span }
  /** min, max, abs (the checker rejects other callees). */
  | { readonly kind: "Call"; readonly callee: Ident; readonly args: readonly Expr[]; readonly span: Span }
  | {
      readonly kind: "Endorse";
      readonly value: Expr;
      readonly valid: Expr;
      readonly fallback: Expr;
      readonly span: Span;
    }
  | { readonly kind: "Declassify"; readonly value: Expr; readonly to?: Ident; readonly span: Span }
  | { readonly kind: "ArrayList"; readonly elements: readonly Expr[]; readonly span: Span }
  | { readonly kind: "ArrayRepeat"; readonly value: Expr; readonly count: Expr; readonly span: Span };

export type ExprKind = Expr["kind"];
export type StmtKind = Stmt["kind"];
