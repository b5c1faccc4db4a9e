/**
 * Path-sensitive WCET: the task body executed symbolically (loops unrolled) over its inputs and the
 * declared ranges of its state, with the cost of the path as an SMT term; maximized by Z3 Optimize
 * and certified by an unsat answer to "cost > V". Infeasible paths (branch conditions that cannot
 * hold together, given the ranges) are thereby excluded.
 *
 * Input: a CostCtx, the program, the task, a solver. Output: a BoundResult (cycles, or unknown with
 * the reason: unsupported construct, too large to unroll, solver timeout/unknown).
 * Invariants: the cost of each path is exactly the cost exec.ts counts for it (same items), so the
 * result is <= the IPET bound; callers still report min(plain, path-sensitive). Asserts are not
 * assumed (a failing assert only shortens the job). Array variables are not supported (unknown).
 */
import type { IrExpr, IrProgram, IrStmt, IrTask, IrType } from "../ir/ir.js";
import { modelInt, parseModel } from "../solver/index.js";
import { epilogueItems, exprCost, opItem, prologueItems, stmtCost, sumItems, type CostCtx, type CostItem } from "./cost.js";
import type { BoundResult, TimingSolver } from "./ipet.js";

class Unsupported extends Error {}

const MAX_STEPS = 20_000;

export async function pathSensitiveBound(c: CostCtx, p: IrProgram, task: IrTask, solver: TimingSolver, timeoutMs: number): Promise<BoundResult> {
  const decls: string[] = [];
  let fresh = 0;
  let steps = 0;
  const env = new Map<string, string>();
  const range = (name: string, t: IrType): void => {
    if (t.kind === "array") throw new Unsupported(`array ${name}`);
    decls.push(`(declare-const ${name} Int)`);
    const [lo, hi] = t.kind === "bool" ? [0, 1] : t.kind === "enum" ? [0, t.members.length - 1] : [t.lo, t.hi];
    decls.push(`(assert (<= ${lo} ${name} ${hi}))`);
  };
  try {
    const globals = [...p.inputs, ...p.state, ...p.outputs];
    for (const r of task.reads) {
      const g = globals.find((x) => x.name === r);
      const v = `g_${r}`;
      if (g) range(v, g.type);
      else if (p.irqs.some((l) => l.name === r)) range(v, { kind: "bool" });
      else continue;
      env.set(r, v);
    }
    const lit = (n: number): string => (n < 0 ? `(- ${-n})` : String(n));
    const b2i = (b: string): string => `(ite ${b} 1 0)`;
    const ev = (e: IrExpr, en: Map<string, string>): string => {
      switch (e.k) {
        case "const":
          return lit(e.value);
        case "var": {
          const v = en.get(e.name);
          if (v === undefined) {
            // a global written before read, or an unread local: unconstrained of its type
            const n = `u${fresh++}`;
            range(n, e.type);
            en.set(e.name, n);
            return n;
          }
          return v;
        }
        case "index":
        case "array":
          throw new Unsupported("array access");
        case "unary": {
          const a = ev(e.arg, en);
          return e.op === "neg" ? `(- ${a})` : e.op === "not" ? `(- 1 ${a})` : `(abs ${a})`;
        }
        case "binary": {
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
      const n = `s${fresh++}`;
      decls.push(`(declare-const ${n} Int)`, `(assert (= ${n} ${term}))`);
      return n;
    };
    // returns the cost term of the statements
    const walk = (stmts: readonly IrStmt[], en: Map<string, string>): string => {
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
          const tc = `(+ ${opItem(c, "branch.fall", s.span).cycles + (s.else.length > 0 ? opItem(c, "jump", s.span).cycles : 0)} ${walk(s.then, te)})`;
          const ec = `(+ ${opItem(c, "branch.taken", s.span).cycles} ${walk(s.else, ee)})`;
          for (const k of new Set([...te.keys(), ...ee.keys()])) {
            const a = te.get(k);
            const b = ee.get(k);
            if (a !== undefined && b !== undefined && a !== b) en.set(k, bind(`(ite (not (= ${cond} 0)) ${a} ${b})`));
            else if (a !== undefined && b !== undefined) en.set(k, a);
          }
          parts.push(bind(`(ite (not (= ${cond} 0)) ${tc} ${ec})`));
        } else if (s.s === "for") {
          fixed += opItem(c, "loop.init", s.span).cycles + opItem(c, "loop.test.exit", s.span).cycles;
          for (let i = s.lo; i <= s.hi; i++) {
            en.set(s.var, lit(i));
            fixed += opItem(c, "loop.test.stay", s.span).cycles + opItem(c, "loop.step", s.span).cycles;
            parts.push(walk(s.body, en));
          }
        } else {
          const xs: CostItem[] = [];
          stmtCost(c, s, xs);
          fixed += sumItems(xs);
          if (s.s === "assign") {
            if (s.target.index) throw new Unsupported("array element assignment");
            en.set(s.target.name, bind(ev(s.value, en)));
          } else if (s.s === "endorse") en.set(s.target, bind(`(ite (not (= ${ev(s.valid, en)} 0)) ${ev(s.value, en)} ${ev(s.fallback, en)})`));
          else if (s.s === "declassify") en.set(s.target, bind(ev(s.value, en)));
        }
      }
      return parts.length === 0 ? String(fixed) : bind(`(+ ${fixed} ${parts.join(" ")})`);
    };
    const body = walk(task.body, env);
    const frame = sumItems(prologueItems(c, task)) + sumItems(epilogueItems(c, task));
    decls.push("(declare-const total Int)", `(assert (= total (+ ${frame} ${body})))`);
  } catch (err) {
    if (err instanceof Unsupported) return { status: "unknown", reason: `path-sensitive bound not computed: ${err.message}`, solverMs: 0 };
    throw err;
  }
  const base = decls.join("\n") + "\n";
  const opt = await solver.check({ smtlib: base + "(maximize total)\n", timeoutMs, mode: "optimize", getModel: true });
  let solverMs = opt.timeMs;
  if (opt.status !== "sat" || opt.model === undefined) return { status: "unknown", reason: opt.status === "unknown" ? `Optimize: ${opt.reason}` : "no model", solverMs };
  const v = modelInt(parseModel(opt.model), "total");
  if (v === undefined) return { status: "unknown", reason: "no objective value", solverMs };
  const ver = await solver.check({ smtlib: base + `(assert (> total ${v}))\n`, timeoutMs, mode: "check" });
  solverMs += ver.timeMs;
  if (ver.status !== "unsat") return { status: "unknown", reason: ver.status === "sat" ? "Optimize value not maximal" : `verifying: ${ver.reason}`, solverMs, cycles: v };
  return { status: "proved", cycles: v, blockCounts: [], edgeCounts: [], solverMs };
}
