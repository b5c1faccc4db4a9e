/**
 * Naming, C types and struct layout for the C backend.
 *
 * Input: IR names and types (src/ir/ir.ts). Output: C identifiers, storage and compute types, and
 * the byte size of generated structs under the ARM EABI (used to size MPU regions).
 * Invariants: every external C name starts with the device prefix (lowercase device name); field
 * names never collide with C keywords; a storage type holds every value of the declared range; a
 * compute type (int32_t or int64_t) holds every value of the inferred range.
 */
import type { IrProgram, IrScalarType, IrType } from "../../ir/ir.js";
import type { Span } from "../../source/span.js";

const C_KEYWORDS = new Set(
  (
    "auto break case char const continue default do double else enum extern float for goto if inline int long " +
    "register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while " +
    "_Bool _Complex _Imaginary bool true false in out unused_ asm main errno assert"
  ).split(" "),
);

/** Device prefix: `PacemakerVVI` -> `pacemakervvi` (non-identifier characters become `_`). */
export function devicePrefix(program: IrProgram): string {
  return program.device.name.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

/** Upper-case prefix for macros. */
export function macroPrefix(program: IrProgram): string {
  return devicePrefix(program).toUpperCase();
}

/** A struct field / parameter-safe identifier for a model name. */
export function field(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_]/g, "_");
  return C_KEYWORDS.has(safe) ? `${safe}_` : safe;
}

/** C identifier of a task-local variable. */
export function localName(name: string): string {
  return `l_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

export type ComputeType = "int32_t" | "int64_t";

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

/** The narrowest compute type holding [lo, hi]. */
export function computeType(lo: number, hi: number): ComputeType {
  return lo >= I32_MIN && hi <= I32_MAX ? "int32_t" : "int64_t";
}

export function widest(a: ComputeType, b: ComputeType): ComputeType {
  return a === "int64_t" || b === "int64_t" ? "int64_t" : "int32_t";
}

/** Integer range of a scalar type (bool 0..1, enum 0..n-1). */
export function rangeOf(t: IrScalarType): { lo: number; hi: number } {
  switch (t.kind) {
    case "bool":
      return { lo: 0, hi: 1 };
    case "enum":
      return { lo: 0, hi: Math.max(0, t.members.length - 1) };
    case "int":
      return { lo: t.lo, hi: t.hi };
  }
}

/** Storage type of a scalar: the smallest fixed-width type holding its range. */
export function storageType(t: IrScalarType): string {
  if (t.kind === "bool") return "bool";
  const { lo, hi } = rangeOf(t);
  if (lo >= 0) {
    if (hi <= 255) return "uint8_t";
    if (hi <= 65535) return "uint16_t";
    if (hi <= 4294967295) return "uint32_t";
    return "int64_t";
  }
  if (lo >= -128 && hi <= 127) return "int8_t";
  if (lo >= -32768 && hi <= 32767) return "int16_t";
  if (lo >= I32_MIN && hi <= I32_MAX) return "int32_t";
  return "int64_t";
}

export function scalarOf(t: IrType): IrScalarType {
  return t.kind === "array" ? t.elem : t;
}

/** A C declaration `T name` or `T name[N]`. */
export function declare(t: IrType, name: string): string {
  if (t.kind === "array") return `${storageType(t.elem)} ${name}[${t.length}]`;
  return `${storageType(t)} ${name}`;
}

const SIZES: Record<string, number> = {
  bool: 1,
  uint8_t: 1,
  int8_t: 1,
  uint16_t: 2,
  int16_t: 2,
  uint32_t: 4,
  int32_t: 4,
  int64_t: 8,
};

export interface Layout {
  readonly size: number;
  readonly align: number;
}

export function typeLayout(t: IrType): Layout {
  const s = SIZES[storageType(scalarOf(t))]!;
  return { size: t.kind === "array" ? s * t.length : s, align: s };
}

/** Size and alignment of a struct of the given members (ARM EABI natural alignment). */
export function structLayout(members: readonly Layout[]): Layout {
  let off = 0;
  let align = 1;
  if (members.length === 0) return { size: 1, align: 1 }; // the placeholder `uint8_t unused_`
  for (const m of members) {
    off = Math.ceil(off / m.align) * m.align + m.size;
    align = Math.max(align, m.align);
  }
  return { size: Math.ceil(off / align) * align, align };
}

/** ARMv7-M MPU region size for `bytes`: a power of two, at least 32. */
export function mpuRegionSize(bytes: number): number {
  let s = 32;
  while (s < bytes) s *= 2;
  return s;
}

/** `/* file.vgl:42 *\/` for a span (base name of the file, so output does not depend on paths). */
export function trace(span: Span): string {
  return `/* ${traceText(span)} */`;
}

/** `file.vgl:42`, safe inside a C comment. */
export function traceText(span: Span): string {
  const base = span.file.split(/[\\/]/).pop() ?? span.file;
  return `${base.replace(/\*\//g, "*_/").replace(/\/\*/g, "/_*")}:${span.line}`;
}

/** A C integer literal of the given compute type. */
export function intLit(v: number, t: ComputeType): string {
  if (!Number.isSafeInteger(v)) throw new Error(`emit: constant ${v} is not a safe integer`);
  if (t === "int64_t") return `INT64_C(${v})`;
  if (v === I32_MIN) return "INT32_MIN";
  return v < 0 ? `(${v})` : `${v}`;
}

/** A literal for a value stored in `storage`, used in initialisers. */
export function storageLit(v: number, t: IrScalarType): string {
  if (t.kind === "bool") return v !== 0 ? "true" : "false";
  const st = storageType(t);
  if (st.startsWith("uint")) return `${v}U`;
  if (st === "int64_t") return `INT64_C(${v})`;
  if (v === I32_MIN) return "INT32_MIN";
  return v < 0 ? `(${v})` : `${v}`;
}

/** Enum member macro name. */
export function enumMacro(prefixUpper: string, enumName: string, member: string): string {
  return `${prefixUpper}_${enumName.toUpperCase()}_${member.toUpperCase()}`.replace(/[^A-Z0-9_]/g, "_");
}

export function cString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\?/g, "\\?")}"`;
}
