/**
 * The safety soundness suite's case files and the checks shared by its tests.
 *
 * Input: test/prove/cases/{proved,falsified,vacuous}/*.vgl (folder = expected verdict) and the
 * witness traces test/prove/cases/witness/NAME.csv of the falsified ones.
 * Output: case descriptors (file, expected verdict, `// breaks:` target), the matcher that says
 * whether an obligation or an interpreter outcome is the one a case breaks, and conversions between
 * counterexample traces (src/prove/verdict.ts TraceStep) and interpreter inputs.
 * Invariants: a falsified case names exactly one target: a property (`// breaks: NAME`) or a
 * runtime check by task and kind (`// breaks: runtime TASK range|div0|index`), which matches every
 * assert of that task and kind (ids are TASK/KIND@LINE:COL).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { TickInputs } from "../../src/interp/index.js";
import type { IrProgram, IrValue } from "../../src/ir/ir.js";
import type { TraceStep } from "../../src/prove/verdict.js";
import { inputColumns } from "../../src/sim/values.js";

export const CASES = join(import.meta.dirname, "cases");

export type Expected = "proved" | "falsified" | "vacuous";

export type Breaks =
  | { readonly kind: "property"; readonly name: string }
  | { readonly kind: "runtime"; readonly task: string; readonly check: "range" | "div0" | "index" };

export interface Case {
  readonly name: string;
  readonly file: string;
  readonly expected: Expected;
  readonly breaks?: Breaks;
  readonly witness?: string;
}

export function parseBreaks(text: string): Breaks | undefined {
  const m = /^\/\/ breaks: (.+)$/m.exec(text);
  if (!m) return undefined;
  const parts = m[1]!.trim().split(/\s+/);
  if (parts[0] === "runtime" && parts.length === 3 && (parts[2] === "range" || parts[2] === "div0" || parts[2] === "index")) {
    return { kind: "runtime", task: parts[1]!, check: parts[2] };
  }
  if (parts.length === 1 && /^\w+$/.test(parts[0]!)) return { kind: "property", name: parts[0]! };
  throw new Error(`malformed breaks line: ${m[0]}`);
}

export function listCases(): Case[] {
  const out: Case[] = [];
  for (const expected of ["proved", "falsified", "vacuous"] as const) {
    for (const f of readdirSync(join(CASES, expected)).filter((x) => x.endsWith(".vgl")).sort()) {
      const file = join(CASES, expected, f);
      const name = f.slice(0, -".vgl".length);
      const breaks = parseBreaks(readFileSync(file, "utf8"));
      out.push({
        name,
        file,
        expected,
        ...(breaks ? { breaks } : {}),
        ...(expected === "falsified" ? { witness: join(CASES, "witness", `${name}.csv`) } : {}),
      });
    }
  }
  return out;
}

/** Does the obligation (property name or assert id) belong to the case's target? */
export function isTarget(b: Breaks, obligationName: string): boolean {
  if (b.kind === "property") return obligationName === b.name;
  return obligationName.startsWith(`${b.task}/${b.check}@`);
}

export function describeBreaks(b: Breaks): string {
  return b.kind === "property" ? b.name : `runtime ${b.task} ${b.check}`;
}

type TraceValue = TraceStep["inputs"][string];

function scalarOf(v: TraceValue, members: readonly string[] | undefined): number {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    if (members) {
      const bare = v.includes(".") ? v.slice(v.lastIndexOf(".") + 1) : v;
      const i = members.indexOf(bare);
      if (i >= 0) return i;
    }
    if (/^-?\d+$/.test(v)) return Number(v);
  }
  throw new Error(`cannot read trace value ${JSON.stringify(v)}`);
}

/** The interpreter inputs of a counterexample trace (bools as 0/1, enum members as indices). */
export function traceInputs(program: IrProgram, trace: readonly TraceStep[]): TickInputs[] {
  const types = new Map<string, IrProgram["inputs"][number]["type"]>();
  for (const g of program.inputs) types.set(g.name, g.type);
  for (const l of program.irqs) types.set(l.name, { kind: "bool" });
  return trace.map((step) => {
    const r: Record<string, IrValue> = {};
    for (const [name, t] of types) {
      const v = step.inputs[name];
      if (v === undefined) throw new Error(`trace tick ${step.tick} has no value for ${name}`);
      const members = t.kind === "enum" ? t.members : t.kind === "array" && t.elem.kind === "enum" ? t.elem.members : undefined;
      r[name] = Array.isArray(v) ? (v as readonly TraceValue[]).map((x) => scalarOf(x, members)) : scalarOf(v as TraceValue, members);
    }
    return r;
  });
}

/** CSV text (the format `vigil sim --inputs` reads) of an input sequence. */
export function toCsv(program: IrProgram, inputs: readonly TickInputs[]): string {
  const cols = inputColumns(program);
  if (cols.length === 0) return ["tick", ...inputs.map((_, t) => String(t))].join("\n") + "\n";
  const cell = (r: TickInputs, c: (typeof cols)[number]): string => {
    const v = r[c.name];
    const n = Array.isArray(v) ? (v as readonly number[])[c.index ?? 0]! : (v as number);
    return c.type.kind === "enum" ? c.type.members[n]! : String(n);
  };
  return [cols.map((c) => c.header).join(","), ...inputs.map((r) => cols.map((c) => cell(r, c)).join(","))].join("\n") + "\n";
}
