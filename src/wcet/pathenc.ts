/**
 * Path-sensitive WCET: the task body executed symbolically (loops unrolled) over its inputs and the
 * declared ranges of its state, with the cost of the path as an SMT term. Infeasible paths (branch
 * conditions that cannot hold together, given the ranges) are thereby excluded.
 *
 * Input: a CostCtx, the program, the task, a solver. Output: a BoundResult (cycles, the witness
 * values of the state and inputs read, or unknown with the reason: unsupported construct, too large
 * to unroll, solver timeout/unknown); and, for falsification (`findExceedingJob`), concrete inputs
 * for one job that starts from given state values and whose path costs more than a limit.
 * Method (no Optimize): the maximum is found by a model-guided binary search between the value of
 * a model and the structural bound, each step a sat/unsat query on "total >= m"; the result V is
 * `proved` only when some model reached V (sat) and "total > V" was answered unsat.
 * Invariants: the cost of each path is exactly the cost exec.ts counts for it (same items), so the
 * result is <= the IPET bound; callers still report min(plain, path-sensitive). For the bound,
 * asserts are not assumed (a failing assert only shortens the job); for falsification they are
 * required to hold along the path and the program's assumptions constrain the inputs. Array
 * values are one SMT term per element.
 */
import type { IrExpr, IrProgram, IrStmt, IrTask, IrType } from "../ir/ir.js";
import { modelInt, parseModel } from "../solver/index.js";
import { epilogueItems, exprCost, opItem, prologueItems, stmtCost, sumItems, type CostCtx, type CostItem } from "./cost.js";
import { structuralBound } from "./cfg.js";
import type { BoundResult, TimingSolver } from "./ipet.js";

class Unsupported extends Error {}

const MAX_STEPS = 20_000;

type Val = string | readonly string[];

interface EncodeOptions {
  /** Fix these globals (state/outputs read by the task) to values instead of their ranges. */
  readonly fixed?: ReadonlyMap<string, number | readonly number[]>;
  /** Declare every input and irq line, assert the program's assumptions, require asserts to hold. */
  readonly feasible?: boolean;
}

export interface Encoding {
  /** Declarations and assertions defining `total` (the path's cycles). */
  readonly smtlib: string;
  /** SMT constant(s) of each global the job reads (and of every input and irq line when feasible); arrays: one per element. */
  readonly vars: ReadonlyMap<string, Val>;
}

/**
 * The symbolic execution of one job as SMT-LIB, or the reason it is not supported. Arrays are
 * kept as one term per element: a read at a symbolic index is an ite chain over the elements, a
 * store at a symbolic index updates every element with an ite (at a constant index, one element).
 */
export function encodeJob(c: CostCtx, p: IrProgram, task: IrTask, o: EncodeOptions = {}): Encoding | { readonly unsupported: string } {
  const decls: string[] = [];
  let fresh = 0;
  let steps = 0;
  const env = new Map<string, Val>();
  const lit = (n: number): string => (n < 0 ? `(- ${-n})` : String(n));
  const scalar = (name: string, t: IrType): string => {
    decls.push(`(declare-const ${name} Int)`);
    const [lo, hi] = t.kind === "bool" ? [0, 1] : t.kind === "enum" ? [0, t.members.length - 1] : t.kind === "int" ? [t.lo, t.hi] : [0, 0];
    decls.push(`(assert (<= ${lit(lo)} ${name} ${lit(hi)}))`);
    return name;
  };
  const range = (name: string, t: IrType): Val => {
    if (t.kind !== "array") return scalar(name, t);
    if (t.length > 4096) throw new Unsupported(`array ${name} longer than 4096`);
    return Array.from({ length: t.length }, (_, i) => scalar(`${name}_${i}`, t.elem));
  };
  try {
    const globals = [...p.inputs, ...p.state, ...p.outputs];
    const declareGlobal = (r: string): void => {
      if (env.has(r)) return;
      const g = globals.find((x) => x.name === r);
      const v = `g_${r}`;
      let val: Val;
      if (g) val = range(v, g.type);
      else if (p.irqs.some((l) => l.name === r)) val = range(v, { kind: "bool" });
      else return;
      const f = o.fixed?.get(r);
      if (f !== undefined) {
        if (typeof val === "string" && typeof f === "number") decls.push(`(assert (= ${val} ${lit(f)}))`);
        else if (typeof val !== "string" && typeof f !== "number") val.forEach((x, i) => decls.push(`(assert (= ${x} ${lit(f[i] ?? 0)}))`));
        else throw new Unsupported(`value of ${r} does not match its type`);
      }
      env.set(r, val);
    };
    if (o.feasible) {
      for (const i of p.inputs) declareGlobal(i.name);
      for (const l of p.irqs) declareGlobal(l.name);
    }
    for (const r of task.reads) declareGlobal(r);
    const vars = new Map(env);
    const b2i = (b: string): string => `(ite ${b} 1 0)`;
    const isNum = (t: string): number | undefined => (/^\d+$/.test(t) ? Number(t) : /^\(- \d+\)$/.test(t) ? -Number(t.slice(3, -1)) : undefined);
    const lookup = (name: string, t: IrType, en: Map<string, Val>): Val => {
      const v = en.get(name);
      if (v !== undefined) return v;
      // a global written before read, or an unread local: unconstrained of its type
      const n = range(`u${fresh++}`, t);
      en.set(name, n);
      return n;
    };
    const typeOf = (name: string): IrType | undefined => c.types.get(name);
    const elem = (arr: readonly string[], idx: string): string => {
      const k = isNum(idx);
      if (k !== undefined) return arr[Math.min(Math.max(k, 0), arr.length - 1)] ?? "0";
      let t = arr[arr.length - 1] ?? "0";
      for (let i = arr.length - 2; i >= 0; i--) t = `(ite (= ${idx} ${i}) ${arr[i]} ${t})`;
      return t;
    };
    const evArr = (e: IrExpr, en: Map<string, Val>): readonly string[] => {
      switch (e.k) {
        case "var": {
          const v = lookup(e.name, e.type, en);
          if (typeof v === "string") throw new Unsupported(`${e.name} is not an array`);
          return v;
        }
        case "array":
          return e.elements.map((x) => ev(x, en));
        case "ite": {
          const cnd = ev(e.cond, en);
          const a = evArr(e.then, en);
          const b = evArr(e.else, en);
          return a.map((x, i) => `(ite (not (= ${cnd} 0)) ${x} ${b[i] ?? "0"})`);
        }
        default:
          throw new Unsupported("array expression");
      }
    };
    const ev = (e: IrExpr, en: Map<string, Val>): string => {
      switch (e.k) {
        case "const":
          return lit(e.value);
        case "var": {
          const v = lookup(e.name, e.type, en);
          if (typeof v !== "string") throw new Unsupported(`array ${e.name} used as a scalar`);
          return v;
        }
        case "index": {
          const t = typeOf(e.array) ?? { kind: "array" as const, elem: e.type, length: 1 };
          const arr = lookup(e.array, t, en);
          if (typeof arr === "string") throw new Unsupported(`${e.array} is not an array`);
          return elem(arr, ev(e.index, en));
        }
        case "array":
          throw new Unsupported("array literal as a scalar");
        case "unary": {
          const a = ev(e.arg, en);
          return e.op === "neg" ? `(- ${a})` : e.op === "not" ? `(- 1 ${a})` : `(abs ${a})`;
        }
        case "binary": {
          if (e.left.type.kind === "array" && (e.op === "eq" || e.op === "ne")) {
            const a = evArr(e.left, en);
            const b = evArr(e.right, en);
            const all = a.length === 0 ? "true" : `(and ${a.map((x, i) => `(= ${x} ${b[i] ?? "0"})`).join(" ")})`;
            return b2i(e.op === "eq" ? all : `(not ${all})`);
          }
          const a = ev(e.left, en);
          const b = ev(e.right, en);
          switch (e.op) {
            case "add": return `(+ ${a} ${b})`;
            case "sub": return `(- ${a} ${b})`;
            case "mul": return `(* ${a} ${b})`;
            case "div": return `(ite (= ${b} 0) 0 (ite (>= ${a} 0) (ite (> ${b} 0) (div ${a} ${b}) (- (div ${a} (- ${b})))) (ite (> ${b} 0) (- (div (- ${a}) ${b})) (div (- ${a}) (- ${b})))))`;
            case "rem": return `(ite (= ${b} 0) 0 (ite (>= ${a} 0) (mod ${a} (abs ${b})) (- (mod (- ${a}) (abs ${b})))))`;
            case "eq": return b2i(`(= ${a} ${b})`);
            case "ne": return b2i(`(not (= ${a} ${b}))`);
            case "lt": return b2i(`(< ${a} ${b})`);
            case "le": return b2i(`(<= ${a} ${b})`);
            case "gt": return b2i(`(> ${a} ${b})`);
            case "ge": return b2i(`(>= ${a} ${b})`);
            case "and": return b2i(`(and (not (= ${a} 0)) (not (= ${b} 0)))`);
            case "or": return b2i(`(or (not (= ${a} 0)) (not (= ${b} 0)))`);
            case "min": return `(ite (<= ${a} ${b}) ${a} ${b})`;
            case "max": return `(ite (>= ${a} ${b}) ${a} ${b})`;
          }
          break;
        }
        case "ite":
          return `(ite (not (= ${ev(e.cond, en)} 0)) ${ev(e.then, en)} ${ev(e.else, en)})`;
      }
      throw new Unsupported("expression");
    };
    const bind = (term: string): string => {
      if (/^[a-z][a-z0-9_]*$/i.test(term) || isNum(term) !== undefined) return term;
      const n = `s${fresh++}`;
      decls.push(`(declare-const ${n} Int)`, `(assert (= ${n} ${term}))`);
      return n;
    };
    const bindVal = (v: Val): Val => (typeof v === "string" ? bind(v) : v.map(bind));
    // the value of an assignment's right-hand side (scalar, or elementwise for an array target)
    const value = (name: string, e: IrExpr, en: Map<string, Val>): Val => ((typeOf(name) ?? e.type).kind === "array" ? evArr(e, en).map(bind) : bind(ev(e, en)));
    // returns the cost term of the statements
    const walk = (stmts: readonly IrStmt[], en: Map<string, Val>, pc: string): string => {
      const parts: string[] = [];
      let fixed = 0;
      for (const s of stmts) {
        if (++steps > MAX_STEPS) throw new Unsupported(`more than ${MAX_STEPS} statements after unrolling`);
        if (s.s === "if") {
          const xs: CostItem[] = [];
          exprCost(c, s.cond, xs);
          fixed += sumItems(xs);
          const cond = bind(ev(s.cond, en));
          const te = new Map(en);
          const ee = new Map(en);
          const tc = `(+ ${opItem(c, "branch.fall", s.span).cycles + (s.else.length > 0 ? opItem(c, "jump", s.span).cycles : 0)} ${walk(s.then, te, o.feasible ? `(and ${pc} (not (= ${cond} 0)))` : pc)})`;
          const ec = `(+ ${opItem(c, "branch.taken", s.span).cycles} ${walk(s.else, ee, o.feasible ? `(and ${pc} (= ${cond} 0))` : pc)})`;
          const pick = (a: string, b: string): string => (a === b ? a : bind(`(ite (not (= ${cond} 0)) ${a} ${b})`));
          for (const k of new Set([...te.keys(), ...ee.keys()])) {
            const a = te.get(k);
            const b = ee.get(k);
            if (a === undefined || b === undefined) continue;
            if (typeof a === "string" && typeof b === "string") en.set(k, pick(a, b));
            else if (typeof a !== "string" && typeof b !== "string") en.set(k, a.map((x, i) => pick(x, b[i] ?? "0")));
          }
          parts.push(bind(`(ite (not (= ${cond} 0)) ${tc} ${ec})`));
        } else if (s.s === "for") {
          fixed += opItem(c, "loop.init", s.span).cycles + opItem(c, "loop.test.exit", s.span).cycles;
          for (let i = s.lo; i <= s.hi; i++) {
            en.set(s.var, lit(i));
            fixed += opItem(c, "loop.test.stay", s.span).cycles + opItem(c, "loop.step", s.span).cycles;
            parts.push(walk(s.body, en, pc));
          }
        } else {
          const xs: CostItem[] = [];
          stmtCost(c, s, xs);
          fixed += sumItems(xs);
          if (s.s === "assign") {
            if (s.target.index) {
              const t = typeOf(s.target.name);
              const arr = t ? lookup(s.target.name, t, en) : undefined;
              if (arr === undefined || typeof arr === "string") throw new Unsupported(`element assignment to ${s.target.name}`);
              const idx = ev(s.target.index, en);
              const v = bind(ev(s.value, en));
              const k = isNum(idx);
              en.set(s.target.name, arr.map((x, i) => (k !== undefined ? (i === k ? v : x) : bind(`(ite (= ${idx} ${i}) ${v} ${x})`))));
            } else en.set(s.target.name, value(s.target.name, s.value, en));
          } else if (s.s === "assert") {
            if (o.feasible) decls.push(`(assert (=> ${pc} (not (= ${ev(s.cond, en)} 0))))`);
          } else if (s.s === "endorse") {
            const ok = bind(ev(s.valid, en));
            const a = value(s.target, s.value, en);
            const b = value(s.target, s.fallback, en);
            en.set(s.target, typeof a === "string" && typeof b === "string" ? bind(`(ite (not (= ${ok} 0)) ${a} ${b})`) : bindVal((a as readonly string[]).map((x, i) => `(ite (not (= ${ok} 0)) ${x} ${(b as readonly string[])[i] ?? "0"})`)));
          } else if (s.s === "declassify") en.set(s.target, value(s.target, s.value, en));
        }
      }
      return parts.length === 0 ? String(fixed) : bind(`(+ ${fixed} ${parts.join(" ")})`);
    };
    if (o.feasible) {
      for (const a of p.assumptions) decls.push(`(assert (not (= ${ev(a.expr, new Map(vars))} 0)))`);
      if (task.kind === "irq" && task.irq !== undefined) {
        const l = vars.get(task.irq);
        if (typeof l === "string") decls.push(`(assert (= ${l} 1))`);
      }
    }
    const body = walk(task.body, env, "true");
    const frame = sumItems(prologueItems(c, task)) + sumItems(epilogueItems(c, task));
    decls.push("(declare-const total Int)", `(assert (= total (+ ${frame} ${body})))`);
    return { smtlib: decls.join("\n") + "\n", vars };
  } catch (err) {
    if (err instanceof Unsupported) return { unsupported: err.message };
    throw err;
  }
}

function witnessOf(model: string, vars: ReadonlyMap<string, Val>): Record<string, number | number[]> {
  const m = parseModel(model);
  const out: Record<string, number | number[]> = {};
  for (const [name, v] of vars) {
    if (typeof v === "string") {
      const x = modelInt(m, v);
      if (x !== undefined) out[name] = x;
    } else out[name] = v.map((x) => modelInt(m, x) ?? (isNumLit(x) ?? 0));
  }
  return out;
}

function isNumLit(t: string): number | undefined {
  return /^\d+$/.test(t) ? Number(t) : /^\(- \d+\)$/.test(t) ? -Number(t.slice(3, -1)) : undefined;
}

/**
 * The path-sensitive bound. `upper` (default: the structural bound) is an upper bound of every
 * path's cost used to start the search; the result is certified by the solver regardless.
 */
export async function pathSensitiveBound(c: CostCtx, p: IrProgram, task: IrTask, solver: TimingSolver, timeoutMs: number, upper?: number): Promise<BoundResult & { witness?: Record<string, number | number[]> }> {
  const enc = encodeJob(c, p, task);
  if ("unsupported" in enc) return { status: "unknown", reason: `path-sensitive bound not computed: ${enc.unsupported}`, solverMs: 0 };
  let solverMs = 0;
  let queries = 0;
  const ask = async (extra: string, getModel: boolean) => {
    const a = await solver.check({ smtlib: enc.smtlib + extra, timeoutMs, mode: "check", getModel });
    solverMs += a.timeMs;
    queries++;
    return a;
  };
  const totalOf = (model: string | undefined): number | undefined => (model === undefined ? undefined : modelInt(parseModel(model), "total"));
  let hi = upper ?? structuralBound(task, c);
  // lo: a value some path reaches (from a model); hi: "total > hi" is unsat (once certified)
  let first = await ask(`(assert (>= total ${hi}))\n`, true);
  let lo: number | undefined;
  let witnessModel: string | undefined;
  let certified = false;
  if (first.status === "sat") {
    lo = totalOf(first.model);
    witnessModel = first.model;
  } else if (first.status === "unsat") {
    hi -= 1;
    certified = true;
    first = await ask("", true);
    if (first.status !== "sat") return { status: "unknown", reason: first.status === "unknown" ? `path-sensitive: ${first.reason}` : "path-sensitive: no path (internal error)", solverMs };
    lo = totalOf(first.model);
    witnessModel = first.model;
  } else return { status: "unknown", reason: `path-sensitive: ${first.reason}`, solverMs };
  if (lo === undefined) return { status: "unknown", reason: "path-sensitive: no value of total in the model", solverMs };
  if (lo > hi) {
    // the start value was not an upper bound: search upward from the model's value
    hi = lo;
    certified = false;
  }
  for (;;) {
    if (lo >= hi) {
      if (!certified || lo > hi) {
        const cert = await ask(`(assert (> total ${lo}))\n`, true);
        if (cert.status === "sat") {
          const v = totalOf(cert.model);
          if (v === undefined || v <= lo) return { status: "unknown", reason: "path-sensitive: bad model", solverMs };
          lo = v;
          witnessModel = cert.model;
          hi = v;
          continue;
        }
        if (cert.status !== "unsat") return { status: "unknown", reason: `path-sensitive certificate: ${cert.reason}`, solverMs, cycles: lo };
      }
      break;
    }
    const mid = lo + Math.ceil((hi - lo) / 2);
    const a = await ask(`(assert (>= total ${mid}))\n`, true);
    if (a.status === "sat") {
      const v = totalOf(a.model);
      if (v === undefined || v < mid) return { status: "unknown", reason: "path-sensitive: bad model", solverMs };
      lo = v;
      witnessModel = a.model;
      if (lo > hi) certified = false;
    } else if (a.status === "unsat") {
      hi = mid - 1;
      certified = true;
    } else return { status: "unknown", reason: `path-sensitive: ${a.reason}`, solverMs, cycles: lo };
  }
  return { status: "proved", cycles: lo, blockCounts: [], edgeCounts: [], solverMs, queries, ...(witnessModel !== undefined ? { witness: witnessOf(witnessModel, enc.vars) } : {}) };
}

/**
 * Inputs for one job of `task` that starts from the global values `fixed`, satisfies the
 * assumptions and every assert on its path, and whose path costs more than `limit` cycles:
 * `found` with the values (by global name) and the path's cost, `none` when the solver answered
 * unsat, otherwise unknown.
 */
export async function findExceedingJob(
  c: CostCtx,
  p: IrProgram,
  task: IrTask,
  fixed: ReadonlyMap<string, number | readonly number[]>,
  limit: number,
  solver: TimingSolver,
  timeoutMs: number,
): Promise<{ status: "found"; values: Record<string, number | number[]>; cycles: number; solverMs: number } | { status: "none"; solverMs: number } | { status: "unknown"; reason: string; solverMs: number }> {
  const enc = encodeJob(c, p, task, { fixed, feasible: true });
  if ("unsupported" in enc) return { status: "unknown", reason: enc.unsupported, solverMs: 0 };
  const a = await solver.check({ smtlib: enc.smtlib + `(assert (> total ${limit}))\n`, timeoutMs, mode: "check", getModel: true });
  if (a.status === "unsat") return { status: "none", solverMs: a.timeMs };
  if (a.status !== "sat" || a.model === undefined) return { status: "unknown", reason: a.status === "unknown" ? a.reason : "no model", solverMs: a.timeMs };
  const cycles = modelInt(parseModel(a.model), "total");
  return { status: "found", values: witnessOf(a.model, enc.vars), cycles: cycles ?? 0, solverMs: a.timeMs };
}
