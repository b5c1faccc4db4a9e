/**
 * IR expressions and statements to JavaScript source text, for the compiled interpreter.
 *
 * Input: IR expressions/statements and a naming environment (where each global, working copy and
 * local lives). Output: JavaScript source fragments over `m` (the state vector) and `I` (the
 * inputs), using the helpers D (division), R (remainder), AEQ (array equality) and F (array copy)
 * defined by machine.ts.
 * Invariants: every value is a JS number (bool 0/1); division truncates toward zero and the
 * remainder has the sign of the dividend (C99), computed exactly for |values| < 2^53; a failed
 * assert makes the task function return the assert's index (>= 0) after storing the offending
 * value (range checks) in E.value; success returns -1.
 */
import type { IrCheck, IrExpr, IrStmt, IrType } from "../ir/ir.js";
import type { Span } from "../source/span.js";
import type { Slot } from "./layout.js";

/** How the code reads a global (visible slot, or the task's working copy) or a local. */
export interface NameEnv {
  /** Visible globals (state/outputs) in `m`. */
  readonly visible: ReadonlyMap<string, Slot>;
  /** Inputs and irq lines in `I`. */
  readonly inputs: ReadonlyMap<string, Slot>;
  /** Globals written by the current task: JS identifier of the working copy (scalar or Float64Array). */
  readonly working: ReadonlyMap<string, string>;
  /** Locals: JS identifier. */
  readonly locals: ReadonlyMap<string, { readonly id: string; readonly type: IrType }>;
}

export interface AssertInfo {
  readonly id: string;
  readonly task: string;
  readonly check: IrCheck;
  readonly span: Span;
}

function num(n: number): string {
  return n < 0 ? `(${n})` : String(n);
}

function readArrayWhole(name: string, scope: string, env: NameEnv): string {
  const w = env.working.get(name);
  if (w !== undefined) return w;
  const l = env.locals.get(name);
  if (scope === "local" && l) return l.id;
  const inp = env.inputs.get(name);
  if ((scope === "input" || scope === "irq") && inp) return `I.subarray(${inp.base}, ${inp.base + inp.size})`;
  const v = env.visible.get(name);
  if (v) return `m.subarray(${v.base}, ${v.base + v.size})`;
  throw new Error(`interp: unknown array ${name}`);
}

export function genExpr(e: IrExpr, env: NameEnv): string {
  switch (e.k) {
    case "const":
      return num(e.value);
    case "var": {
      if (e.type.kind === "array") return readArrayWhole(e.name, e.scope, env);
      if (e.scope === "local") {
        const l = env.locals.get(e.name);
        if (!l) throw new Error(`interp: unknown local ${e.name}`);
        return l.id;
      }
      if (e.scope === "input" || e.scope === "irq") {
        const s = env.inputs.get(e.name);
        if (!s) throw new Error(`interp: unknown input ${e.name}`);
        return `I[${s.base}]`;
      }
      const w = env.working.get(e.name);
      if (w !== undefined) return w;
      const s = env.visible.get(e.name);
      if (!s) throw new Error(`interp: unknown variable ${e.name}`);
      return `m[${s.base}]`;
    }
    case "index": {
      const idx = genExpr(e.index, env);
      if (e.scope === "local") {
        const l = env.locals.get(e.array);
        if (!l) throw new Error(`interp: unknown local ${e.array}`);
        return `${l.id}[${idx}]`;
      }
      if (e.scope === "input" || e.scope === "irq") {
        const s = env.inputs.get(e.array);
        if (!s) throw new Error(`interp: unknown input ${e.array}`);
        return `I[${s.base} + ${idx}]`;
      }
      const w = env.working.get(e.array);
      if (w !== undefined) return `${w}[${idx}]`;
      const s = env.visible.get(e.array);
      if (!s) throw new Error(`interp: unknown array ${e.array}`);
      return `m[${s.base} + ${idx}]`;
    }
    case "unary": {
      const a = genExpr(e.arg, env);
      switch (e.op) {
        case "neg":
          return `(0 - ${a})`;
        case "not":
          return `(1 - ${a})`;
        case "abs":
          return `Math.abs(${a})`;
      }
      break;
    }
    case "binary": {
      const a = genExpr(e.left, env);
      const b = genExpr(e.right, env);
      const arr = e.left.type.kind === "array";
      switch (e.op) {
        case "add":
          return `(${a} + ${b})`;
        case "sub":
          return `(${a} - ${b})`;
        case "mul":
          return `(${a} * ${b} + 0)`;
        case "div":
          return `D(${a}, ${b})`;
        case "rem":
          return `R(${a}, ${b})`;
        case "eq":
          return arr ? `AEQ(${a}, ${b})` : `(${a} === ${b} ? 1 : 0)`;
        case "ne":
          return arr ? `(1 - AEQ(${a}, ${b}))` : `(${a} !== ${b} ? 1 : 0)`;
        case "lt":
          return `(${a} < ${b} ? 1 : 0)`;
        case "le":
          return `(${a} <= ${b} ? 1 : 0)`;
        case "gt":
          return `(${a} > ${b} ? 1 : 0)`;
        case "ge":
          return `(${a} >= ${b} ? 1 : 0)`;
        case "and":
          return `(${a} & ${b})`;
        case "or":
          return `(${a} | ${b})`;
        case "min":
          return `Math.min(${a}, ${b})`;
        case "max":
          return `Math.max(${a}, ${b})`;
      }
      break;
    }
    case "ite":
      return `(${genExpr(e.cond, env)} !== 0 ? ${genExpr(e.then, env)} : ${genExpr(e.else, env)})`;
    case "array":
      return `[${e.elements.map((x) => genExpr(x, env)).join(", ")}]`;
  }
  throw new Error(`interp: unsupported expression`);
}

/**
 * A range check in the canonical shape produced by lowering: `and(ge(v, lo), le(v, hi))`,
 * `ge(v, lo)` or `le(v, hi)`. Returns the checked value expression so the error can report it.
 */
export function rangeCheckedValue(cond: IrExpr): { value: IrExpr; lo?: number; hi?: number } | undefined {
  const side = (x: IrExpr): { value: IrExpr; lo?: number; hi?: number } | undefined =>
    x.k === "binary" && (x.op === "ge" || x.op === "le") && x.right.k === "const"
      ? x.op === "ge"
        ? { value: x.left, lo: x.right.value }
        : { value: x.left, hi: x.right.value }
      : undefined;
  if (cond.k === "binary" && cond.op === "and") {
    const l = side(cond.left);
    const r = side(cond.right);
    if (l && r && JSON.stringify(stripSpans(l.value)) === JSON.stringify(stripSpans(r.value))) {
      return { value: l.value, lo: l.lo ?? r.lo, hi: l.hi ?? r.hi };
    }
    return undefined;
  }
  return side(cond);
}

function stripSpans(e: IrExpr): unknown {
  return JSON.parse(JSON.stringify(e, (k, v: unknown) => (k === "span" ? undefined : v)));
}

export interface StmtGen {
  readonly env: NameEnv;
  readonly task: string;
  /** Asserts of the whole program, appended to as code is generated (index = return code). */
  readonly asserts: AssertInfo[];
  fresh(): string;
}

function placeTarget(
  name: string,
  scope: "state" | "output" | "local",
  g: StmtGen,
): { id: string; isArray: boolean } {
  if (scope === "local") {
    const l = g.env.locals.get(name);
    if (!l) throw new Error(`interp: unknown local ${name}`);
    return { id: l.id, isArray: l.type.kind === "array" };
  }
  const w = g.env.working.get(name);
  if (w === undefined) throw new Error(`interp: task ${g.task} writes ${name} without declaring it`);
  const s = g.env.visible.get(name);
  return { id: w, isArray: s?.isArray ?? false };
}

export function genStmts(stmts: readonly IrStmt[], g: StmtGen, indent: string): string {
  let out = "";
  for (const s of stmts) out += genStmt(s, g, indent);
  return out;
}

function genStmt(s: IrStmt, g: StmtGen, ind: string): string {
  const env = g.env;
  switch (s.s) {
    case "assign": {
      const t = placeTarget(s.target.name, s.target.scope, g);
      if (s.target.index) return `${ind}${t.id}[${genExpr(s.target.index, env)}] = ${genExpr(s.value, env)};\n`;
      if (t.isArray) return `${ind}F(${t.id}, ${genExpr(s.value, env)});\n`;
      return `${ind}${t.id} = ${genExpr(s.value, env)};\n`;
    }
    case "if": {
      let out = `${ind}if (${genExpr(s.cond, env)} !== 0) {\n${genStmts(s.then, g, ind + "  ")}${ind}}`;
      if (s.else.length > 0) out += ` else {\n${genStmts(s.else, g, ind + "  ")}${ind}}`;
      return out + "\n";
    }
    case "for": {
      const l = env.locals.get(s.var);
      if (!l) throw new Error(`interp: unknown loop variable ${s.var}`);
      return `${ind}for (${l.id} = ${num(s.lo)}; ${l.id} <= ${num(s.hi)}; ${l.id}++) {\n${genStmts(s.body, g, ind + "  ")}${ind}}\n`;
    }
    case "assert": {
      const idx = g.asserts.length;
      g.asserts.push({ id: s.id, task: g.task, check: s.check, span: s.span });
      const v = s.check.kind === "range" ? rangeCheckedValue(s.cond) : undefined;
      if (v) {
        const tmp = g.fresh();
        const tests: string[] = [];
        if (v.lo !== undefined) tests.push(`${tmp} >= ${num(v.lo)}`);
        if (v.hi !== undefined) tests.push(`${tmp} <= ${num(v.hi)}`);
        return (
          `${ind}{ const ${tmp} = ${genExpr(v.value, env)};\n` +
          `${ind}  if (!(${tests.join(" && ")})) { E.value = ${tmp}; return ${idx}; } }\n`
        );
      }
      return `${ind}if (${genExpr(s.cond, env)} === 0) { E.value = NaN; return ${idx}; }\n`;
    }
    case "endorse": {
      const l = env.locals.get(s.target);
      if (!l) throw new Error(`interp: unknown local ${s.target}`);
      const val = `(${genExpr(s.valid, env)} !== 0 ? ${genExpr(s.value, env)} : ${genExpr(s.fallback, env)})`;
      return l.type.kind === "array" ? `${ind}F(${l.id}, ${val});\n` : `${ind}${l.id} = ${val};\n`;
    }
    case "declassify": {
      const l = env.locals.get(s.target);
      if (!l) throw new Error(`interp: unknown local ${s.target}`);
      const val = genExpr(s.value, env);
      return l.type.kind === "array" ? `${ind}F(${l.id}, ${val});\n` : `${ind}${l.id} = ${val};\n`;
    }
  }
}
