/**
 * A deliberately naive tree-walking evaluator of the IR, written straight from docs/semantics.md
 * with BigInt arithmetic and absolute tick bookkeeping. It shares no code with src/interp and is
 * used only as an independent oracle in tests.
 */
import type { IrExpr, IrProgram, IrStmt, IrValue } from "../../src/ir/ir.js";
import type { TickInputs } from "../../src/interp/index.js";

type V = bigint | bigint[];

export interface NaiveRow {
  tick: number;
  state: Record<string, IrValue>;
  outputs: Record<string, IrValue>;
  released: string[];
}

export interface NaiveResult {
  rows: NaiveRow[];
  error?: { tick: number; task: string; assertId: string };
  assumption?: { tick: number; name: string };
  violations: [string, number][];
}

class AssertFailed {
  constructor(readonly id: string) {}
}

const toV = (v: IrValue): V => (typeof v === "number" ? BigInt(v) : v.map((x) => BigInt(x)));
const toN = (v: V): IrValue => (typeof v === "bigint" ? Number(v) : v.map((x) => Number(x)));
const b = (x: boolean): bigint => (x ? 1n : 0n);

export function naiveRun(p: IrProgram, inputs: readonly TickInputs[], ticks: number): NaiveResult {
  const visible = new Map<string, V>();
  for (const g of [...p.state, ...p.outputs]) visible.set(g.name, toV(g.init ?? 0));
  const pending: { at: number; values: Map<string, V> }[] = [];
  const lastIrq = new Map<string, number>();
  const trig = new Map<string, number[]>();
  const res: NaiveResult = { rows: [], violations: [] };
  for (let k = 0; k < ticks; k++) {
    for (let i = pending.length - 1; i >= 0; i--) {
      if (pending[i]!.at === k) {
        for (const [n, v] of pending[i]!.values) visible.set(n, v);
        pending.splice(i, 1);
      }
    }
    const inp = new Map<string, V>(Object.entries(inputs[k]!).map(([n, v]) => [n, toV(v)]));
    const globalsEnv = (name: string): V => (inp.get(name) ?? visible.get(name))!;
    const evalPure = (e: IrExpr): V => evalExpr(e, globalsEnv, new Map());
    for (const a of p.assumptions) {
      if (evalPure(a.expr) === 0n) {
        res.assumption = { tick: k, name: a.name };
        return res;
      }
    }
    for (const pr of p.properties) {
      if (pr.kind === "invariant" && evalPure(pr.expr) === 0n) res.violations.push([pr.name, k]);
      if (pr.kind === "leadsTo") {
        // Every unanswered trigger, oldest first; a report drops the triggers inside its window.
        const list = trig.get(pr.name) ?? [];
        if (evalPure(pr.trigger) !== 0n) list.push(k);
        const ok = evalPure(pr.response) !== 0n;
        let keep = ok ? [] : list;
        if (keep.length > 0 && keep[0]! + pr.withinTicks === k) {
          res.violations.push([pr.name, k]);
          keep = [];
        }
        trig.set(pr.name, keep);
      }
    }
    const row: NaiveRow = {
      tick: k,
      state: Object.fromEntries(p.state.map((g) => [g.name, toN(visible.get(g.name)!)])),
      outputs: Object.fromEntries(p.outputs.map((g) => [g.name, toN(visible.get(g.name)!)])),
      released: [],
    };
    res.rows.push(row);
    for (const t of p.tasks) {
      let rel: boolean;
      if (t.kind === "periodic") rel = k >= t.offsetTicks && (k - t.offsetTicks) % t.periodTicks! === 0;
      else {
        const last = lastIrq.get(t.name);
        rel = inp.get(t.irq!) === 1n && (last === undefined || k - last >= t.miatTicks!);
        if (rel) lastIrq.set(t.name, k);
      }
      if (!rel) continue;
      row.released.push(t.name);
      const work = new Map<string, V>();
      for (const w of t.writes) {
        const v = visible.get(w)!;
        work.set(w, typeof v === "bigint" ? v : [...v]);
      }
      const locals = new Map<string, V>();
      const lookup = (name: string): V => (work.get(name) ?? inp.get(name) ?? visible.get(name))!;
      try {
        execStmts(t.body, lookup, locals, work);
      } catch (err) {
        if (err instanceof AssertFailed) {
          res.error = { tick: k, task: t.name, assertId: err.id };
          return res;
        }
        throw err;
      }
      pending.push({ at: k + t.publishDelayTicks, values: work });
    }
  }
  return res;
}

function evalExpr(e: IrExpr, g: (n: string) => V, locals: Map<string, V>): V {
  const sc = (x: IrExpr): bigint => evalExpr(x, g, locals) as bigint;
  switch (e.k) {
    case "const":
      return BigInt(e.value);
    case "var":
      return e.scope === "local" ? locals.get(e.name)! : g(e.name);
    case "index": {
      const arr = (e.scope === "local" ? locals.get(e.array) : g(e.array)) as bigint[];
      return arr[Number(sc(e.index))]!;
    }
    case "unary": {
      const a = sc(e.arg);
      return e.op === "neg" ? -a : e.op === "not" ? 1n - a : a < 0n ? -a : a;
    }
    case "binary": {
      const l = sc(e.left);
      const r = sc(e.right);
      switch (e.op) {
        case "add": return l + r;
        case "sub": return l - r;
        case "mul": return l * r;
        case "div": return r === 0n ? 0n : l / r;
        case "rem": return r === 0n ? 0n : l % r;
        case "eq": return b(l === r);
        case "ne": return b(l !== r);
        case "lt": return b(l < r);
        case "le": return b(l <= r);
        case "gt": return b(l > r);
        case "ge": return b(l >= r);
        case "and": return b(l !== 0n && r !== 0n);
        case "or": return b(l !== 0n || r !== 0n);
        case "min": return l < r ? l : r;
        case "max": return l > r ? l : r;
      }
      break;
    }
    case "ite":
      return sc(e.cond) !== 0n ? evalExpr(e.then, g, locals) : evalExpr(e.else, g, locals);
    case "array":
      return e.elements.map((x) => sc(x));
  }
  throw new Error("naive: bad expression");
}

function execStmts(ss: readonly IrStmt[], g: (n: string) => V, locals: Map<string, V>, work: Map<string, V>): void {
  for (const s of ss) {
    switch (s.s) {
      case "assign": {
        const store = s.target.scope === "local" ? locals : work;
        const v = evalExpr(s.value, g, locals);
        if (s.target.index) {
          const i = Number(evalExpr(s.target.index, g, locals));
          const arr = [...((store.get(s.target.name) as bigint[] | undefined) ?? [])];
          arr[i] = v as bigint;
          store.set(s.target.name, arr);
        } else store.set(s.target.name, typeof v === "bigint" ? v : [...v]);
        break;
      }
      case "if":
        execStmts(evalExpr(s.cond, g, locals) !== 0n ? s.then : s.else, g, locals, work);
        break;
      case "for":
        for (let i = s.lo; i <= s.hi; i++) {
          locals.set(s.var, BigInt(i));
          execStmts(s.body, g, locals, work);
        }
        break;
      case "assert":
        if (evalExpr(s.cond, g, locals) === 0n) throw new AssertFailed(s.id);
        break;
      case "endorse":
        locals.set(s.target, evalExpr(s.valid, g, locals) !== 0n ? evalExpr(s.value, g, locals) : evalExpr(s.fallback, g, locals));
        break;
      case "declassify":
        locals.set(s.target, evalExpr(s.value, g, locals));
        break;
    }
  }
}
