/**
 * Accelerated BMC queries (vigil issue 14, deep counterexamples): frames that are either one tick
 * or one "macro step" of n >= 2 ticks under constant inputs along an idle stretch.
 *
 * Input: a TsTemplate (transition.ts), its AccelPlan (accelPlan: the tick's linear atoms and the
 * candidate per-tick increments of every state variable, read from the IR), a frame count K and
 * the targets. Output: SMT-LIB text plus the names the caller reads back: per frame the inputs, the
 * macro-step selector `acc<j>` and its length `n<j>`, and one violation indicator per target.
 *
 * Frame j with acc<j> false is the ordinary tick (s<j+1> = T(s<j>, i<j>)). With acc<j> true it
 * stands for n<j> >= 2 ticks, all with the inputs i<j>, and the query asserts:
 *   (1) the ordinary tick from s = s<j> goes to u = s + d, where d_v = u_v - s_v is one of the
 *       increments the IR adds to v (0 for every Bool and for variables the IR never increments);
 *   (2) the same tick from e = s + (n-1)·d, with the same inputs, goes to f = s + n·d = s<j+1>;
 *   (3) every linear Int atom of the tick (a comparison a < b, a <= b, a = b, ... between Int terms)
 *       has the same truth value at (s, i) and at (e, i); for = (and distinct) the sign of a - b is
 *       the same at both ends (a = b alone is not enough: x != 5 holds at 3 and at 7 but not at 5);
 *   (4) every quotient (div a c) of the tick, and the one behind every (mod a c), c a positive
 *       literal, is the same at (s, i) and at (e, i).
 * Why this is sound (T_acc ⊆ T^n, the n-fold ordinary tick): put p(k) = s + k·d for real k in
 * [0, n-1]. The template is a DAG of definitions using only +, -, * by a literal, div and mod by a
 * positive literal, ite, comparisons and Boolean connectives (accelPlan refuses anything else:
 * nonlinear *, division by a variable, the division prelude). By induction over the DAG, along p(k)
 * every Int atom's sides are affine in k, so a sign that agrees at k = 0 and k = n-1 is constant on
 * the whole segment; a quotient floor(a/c) of an affine a is monotone in k, so one that agrees at
 * both ends is constant, and mod a c = a - c*floor(a/c) is affine; hence every Bool term is
 * constant and every Int term is affine (each ite keeps one branch). So the next state is
 * F(k) = F0 + k·F1 with F0 = s + d by (1) and F0 + (n-1)·F1 = s + n·d by (2); n >= 2 gives F1 = d,
 * i.e. the tick from p(k) goes to p(k+1) for k = 0..n-1: n ordinary ticks. The runtime-check flag
 * `allok` and every violation indicator are Bool terms, constant along the stretch: they equal
 * their values at frame j, where the query reads them. The inputs are those of frame j, so they
 * satisfy the ranges and assumptions at every tick of the stretch.
 * Every counterexample is nevertheless expanded tick by tick and replayed through the interpreter
 * by the caller (src/prove/safety/accel.ts) before it is shown.
 */
import type { IrExpr, IrProgram, IrStmt } from "../ir/ir.js";
import { parseSExprs, printSExpr, type SExpr } from "../solver/sexpr.js";
import type { InputRow } from "./queries.js";
import { PRELUDE } from "./text.js";
import type { TsTemplate } from "./transition.js";

export interface AccelPlan {
  /** Template Int atoms: operator and the two sides (template text with placeholders). */
  readonly atoms: readonly { readonly op: string; readonly a: string; readonly b: string }[];
  /** Template `(div a c)` / `(mod a c)` terms with a positive literal c: the dividend and c. */
  readonly quotients: readonly { readonly a: string; readonly c: string }[];
  /** Per template state variable (`$s.` name): the non-zero increments one tick may add. */
  readonly increments: ReadonlyMap<string, readonly number[]>;
}

export interface AccelQuery {
  readonly smtlib: string;
  readonly inputs: readonly (readonly InputRow[])[];
  /** Per frame: the macro-step selector and length constants. */
  readonly acc: readonly string[];
  readonly len: readonly string[];
  readonly indicators: ReadonlyMap<number, string>;
}

export interface AccelOptions {
  /** Violations are looked for at frames [from, K]. */
  readonly from: number;
  /** Only violations at a tick <= this one count (tick minimisation). */
  readonly tickHi?: number;
  /** No run longer than this many ticks (keeps the replay affordable). */
  readonly maxTicks: number;
  /** false: no violation is required, any run of K frames will do (tests compare runs with the interpreter). */
  readonly goal?: boolean;
}

type Copy = { s: string; n: string; t: string; i: string; o: string };
const PLACEHOLDER = /\$([sntio])\./g;

function inst(line: string, c: Copy): string {
  return line.replace(PLACEHOLDER, (_m, p: "s" | "n" | "t" | "i" | "o") => c[p]);
}

const CMP = new Set(["<", "<=", ">", ">=", "=", "distinct"]);
const INT_OPS = new Set(["+", "-", "*", "abs"]);

/** Increments `x := ... x ± c ...` of every scalar global x, from the IR. */
function irIncrements(prog: IrProgram): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const add = (x: string, c: number): void => {
    if (c === 0 || !Number.isSafeInteger(c)) return;
    const s = out.get(x) ?? new Set<number>();
    s.add(c);
    out.set(x, s);
  };
  const scan = (x: string, e: IrExpr): void => {
    switch (e.k) {
      case "binary":
        if ((e.op === "add" || e.op === "sub") && e.left.k === "var" && e.left.name === x && e.right.k === "const") add(x, e.op === "add" ? e.right.value : -e.right.value);
        if (e.op === "add" && e.right.k === "var" && e.right.name === x && e.left.k === "const") add(x, e.left.value);
        scan(x, e.left);
        scan(x, e.right);
        return;
      case "unary":
        return scan(x, e.arg);
      case "ite":
        scan(x, e.cond);
        scan(x, e.then);
        scan(x, e.else);
        return;
      default:
        return;
    }
  };
  const walk = (ss: readonly IrStmt[]): void => {
    for (const s of ss) {
      if (s.s === "assign" && s.target.index === undefined && s.target.scope !== "local") scan(s.target.name, s.value);
      else if (s.s === "if") (walk(s.then), walk(s.else));
      else if (s.s === "for") walk(s.body);
    }
  };
  for (const t of prog.tasks) walk(t.body);
  return out;
}

function sortTable(t: TsTemplate): Map<string, "Int" | "Bool"> {
  const m = new Map<string, "Int" | "Bool">();
  for (const v of t.stateVars) m.set(v.name, v.sort);
  for (const l of t.lines) {
    const d = /^\(declare-const (\S+) (Int|Bool)\)$/.exec(l);
    if (d) m.set(d[1] ?? "", d[2] as "Int" | "Bool");
  }
  return m;
}

function sortOfTerm(e: SExpr, sorts: ReadonlyMap<string, "Int" | "Bool">): "Int" | "Bool" | undefined {
  if (typeof e === "string") return /^\d+$/.test(e) ? "Int" : e === "true" || e === "false" ? "Bool" : sorts.get(e);
  const h = e[0];
  if (typeof h !== "string") return undefined;
  if (INT_OPS.has(h)) return "Int";
  if (h === "ite") return sortOfTerm(e[2] ?? "", sorts) ?? sortOfTerm(e[3] ?? "", sorts);
  return "Bool";
}

/**
 * The acceleration plan of a template, or undefined when the template is outside the fragment the
 * soundness argument covers (nonlinear products, division by a variable, the division prelude).
 */
export function accelPlan(prog: IrProgram, t: TsTemplate): AccelPlan | undefined {
  if (t.logic !== "QF_LIA" || t.needsPrelude) return undefined;
  const sorts = sortTable(t);
  const atoms = new Map<string, { op: string; a: string; b: string }>();
  const quots = new Map<string, { a: string; c: string }>();
  let refused = false;
  const visit = (e: SExpr): void => {
    if (typeof e === "string" || refused) return;
    const h = e[0];
    if ((h === "div" || h === "mod") && e.length === 3 && typeof e[2] === "string" && /^[1-9]\d*$/.test(e[2])) {
      const key = `${printSExpr(e[1] ?? "")} ${e[2]}`;
      if (!quots.has(key)) quots.set(key, { a: printSExpr(e[1] ?? ""), c: e[2] });
    } else if (h === "div" || h === "mod" || h === "/" || (typeof h === "string" && h.startsWith("vg_"))) refused = true;
    if (h === "*" && e.slice(1).filter((x) => !(typeof x === "string" && /^\d+$/.test(x)) && !(Array.isArray(x) && x[0] === "-" && x.length === 2 && typeof x[1] === "string" && /^\d+$/.test(x[1]))).length > 1) refused = true;
    if (typeof h === "string" && CMP.has(h) && e.length === 3) {
      const [a, b] = [e[1] ?? "", e[2] ?? ""];
      if (sortOfTerm(a, sorts) === "Int" || sortOfTerm(b, sorts) === "Int") {
        const key = printSExpr(e);
        if (!atoms.has(key)) atoms.set(key, { op: h, a: printSExpr(a), b: printSExpr(b) });
      }
    }
    for (const x of e.slice(1)) visit(x);
  };
  for (const l of t.lines) {
    if (!l.startsWith("(assert ")) continue;
    for (const e of parseSExprs(l)) {
      // A definition `(= $t.N term)` holds in both copies by construction: only its term's atoms count.
      const body = Array.isArray(e) ? e[1] : undefined;
      const def = Array.isArray(body) && body[0] === "=" && body.length === 3 && typeof body[1] === "string" && /^\$[tno]\./.test(body[1]);
      if (def) visit(body[2] ?? "");
      else visit(e);
    }
    if (refused) return undefined;
  }
  const ir = irIncrements(prog);
  const increments = new Map<string, number[]>();
  for (const v of t.stateVars) {
    if (v.sort !== "Int") continue;
    const m = /^\$s\.([vpcbm])\.(.*)$/.exec(v.name);
    const kind = m?.[1];
    const rest = m?.[2] ?? "";
    let ds: number[] = [];
    if (kind === "v") ds = [...(ir.get(rest) ?? [])];
    else if (kind === "b") ds = [...(ir.get(rest.slice(rest.indexOf(".") + 1)) ?? [])];
    else if (kind === "p" || kind === "c") ds = [-1, 1];
    else if (kind === "m") ds = [1];
    if (ds.length > 0) increments.set(v.name, ds.sort((x, y) => x - y));
  }
  return { atoms: [...atoms.values()], quotients: [...quots.values()], increments };
}

/** `m · d_v` as a linear term: d_v is one of the literal increments `ds` (0 otherwise). */
function times(d: string, ds: readonly number[], m: string): string {
  let term = "0";
  for (const c of [...ds].reverse()) term = `(ite (= ${d} ${c < 0 ? `(- ${-c})` : c}) (* ${c < 0 ? `(- ${-c})` : c} ${m}) ${term})`;
  return term;
}

function inputRows(t: TsTemplate, K: number): InputRow[][] {
  const rows: InputRow[][] = [];
  for (let j = 0; j <= K; j++) {
    const c: Copy = { s: "", n: "", t: "", i: `i${j}.`, o: "" };
    rows.push(t.inputs.map((x) => ({ name: x.name, type: x.type, symbols: typeof x.symbols === "string" ? inst(x.symbols, c) : x.symbols.map((s) => inst(s, c)) })));
  }
  return rows;
}

/** The constraints of one macro-step frame j (see the header), all under acc<j>. */
function macroFrame(t: TsTemplate, plan: AccelPlan, j: number, decl: string[], out: string[]): void {
  const A: Copy = { s: `s${j}.`, n: `u${j}.`, t: `t${j}.`, i: `i${j}.`, o: `o${j}.` };
  const B: Copy = { s: `e${j}.`, n: `f${j}.`, t: `w${j}.`, i: `i${j}.`, o: `x${j}.` };
  const acc = `acc${j}`;
  const n = `n${j}`;
  decl.push(`(declare-const ${acc} Bool)`, `(declare-const ${n} Int)`);
  out.push(`(assert (ite ${acc} (>= ${n} 2) (= ${n} 1)))`);
  const conds: string[] = [];
  for (const v of t.stateVars) {
    const s = inst(v.name, A);
    const u = inst(v.name.replace("$s.", "$n."), A);
    const e = inst(v.name, B);
    const f = inst(v.name.replace("$s.", "$n."), B);
    const next = `s${j + 1}.${v.name.slice(3)}`;
    decl.push(`(declare-const ${e} ${v.sort})`, `(declare-const ${next} ${v.sort})`);
    if (v.sort === "Bool") {
      out.push(`(assert (= ${e} ${s}))`, `(assert (= ${next} ${u}))`);
      conds.push(`(= ${u} ${s})`, `(= ${f} ${s})`);
      continue;
    }
    const ds = plan.increments.get(v.name) ?? [];
    const d = `(- ${u} ${s})`;
    out.push(`(assert (= ${e} (+ ${s} ${times(d, ds, `(- ${n} 1)`)})))`, `(assert (= ${next} (ite ${acc} ${f} ${u})))`);
    conds.push(ds.length === 0 ? `(= ${u} ${s})` : `(or (= ${u} ${s}) ${ds.map((c) => `(= ${d} ${c < 0 ? `(- ${-c})` : c})`).join(" ")})`);
    conds.push(`(= ${f} (+ ${s} ${times(d, ds, n)}))`);
  }
  for (const a of plan.atoms) {
    const [xa, ya, xb, yb] = [inst(a.a, A), inst(a.b, A), inst(a.a, B), inst(a.b, B)];
    if (a.op === "=" || a.op === "distinct") conds.push(`(= (< ${xa} ${ya}) (< ${xb} ${yb}))`, `(= (= ${xa} ${ya}) (= ${xb} ${yb}))`);
    else conds.push(`(= (${a.op} ${xa} ${ya}) (${a.op} ${xb} ${yb}))`);
  }
  for (const d of plan.quotients) conds.push(`(= (div ${inst(d.a, A)} ${d.c}) (div ${inst(d.a, B)} ${d.c}))`);
  out.push(`(assert (=> ${acc} (and ${conds.join(" ")})))`);
}

/** Some target of `ids` violated at a frame in [from, K] of a run of single ticks and macro steps. */
export function accelQuery(t: TsTemplate, plan: AccelPlan, K: number, ids: readonly number[], opt: AccelOptions): AccelQuery {
  const out: string[] = t.needsPrelude ? [PRELUDE.trimEnd()] : [];
  for (const v of t.stateVars) out.push(`(define-fun s0.${v.name.slice(3)} () ${v.sort} ${t.init.get(v.name) ?? "0"})`);
  const body = t.lines.join("\n");
  const noInputDecl = t.lines.filter((l) => !l.startsWith("(declare-const $i.")).join("\n");
  const acc: string[] = [];
  const len: string[] = [];
  out.push("(define-fun tk0 () Int 0)", "(define-fun q0 () Bool true)");
  for (let j = 0; j <= K; j++) {
    out.push(inst(body, { s: `s${j}.`, n: `u${j}.`, t: `t${j}.`, i: `i${j}.`, o: `o${j}.` }));
    if (j === K) break;
    const decl: string[] = [];
    const frame: string[] = [];
    macroFrame(t, plan, j, decl, frame);
    out.push(...decl, inst(noInputDecl, { s: `e${j}.`, n: `f${j}.`, t: `w${j}.`, i: `i${j}.`, o: `x${j}.` }), ...frame);
    acc.push(`acc${j}`);
    len.push(`n${j}`);
    out.push(`(define-fun tk${j + 1} () Int (+ tk${j} n${j}))`, `(define-fun q${j + 1} () Bool (and q${j} o${j}.allok))`);
  }
  out.push(`(assert (<= tk${K} ${opt.maxTicks}))`);
  const ind = new Map<number, string>();
  for (const k of ids) {
    const parts: string[] = [];
    for (let j = Math.max(0, Math.min(opt.from, K)); j <= K; j++) parts.push(`(and q${j} o${j}.v${k}${opt.tickHi !== undefined ? ` (<= tk${j} ${opt.tickHi})` : ""})`);
    const name = `viol.${k}`;
    out.push(`(declare-const ${name} Bool)`, `(assert (= ${name} (or false ${parts.join(" ")})))`);
    ind.set(k, name);
  }
  if (opt.goal !== false) out.push(ids.length === 0 ? "(assert false)" : `(assert (or ${[...ind.values()].join(" ")}))`);
  return { smtlib: out.join("\n") + "\n", inputs: inputRows(t, K), acc, len, indicators: ind };
}
