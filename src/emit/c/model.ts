/**
 * The C view of an IrProgram shared by every generated file: names, per-task read/write sets,
 * per-domain regions and their sizes.
 *
 * Input: an IrProgram (from src/lower). Output: a CModel (plain data).
 * Invariants: a task's read set holds every global its body reads (taken from the IR's `reads` and
 * from the body itself); its write set holds every state variable and output it assigns; the
 * `in` struct of a task holds its reads minus its writes, the `out` struct its writes (the
 * job's working copy, published at release + publishDelayTicks); each region's size is computed
 * with ARM EABI natural alignment and rounded to an ARMv7-M MPU region size.
 */
import type { IrExpr, IrGlobal, IrProgram, IrStmt, IrTask, IrType } from "../../ir/ir.js";
import { devicePrefix, field, macroPrefix, mpuRegionSize, structLayout, typeLayout, type Layout } from "./names.js";

export interface CGlobal {
  readonly name: string;
  readonly c: string;
  readonly role: "input" | "irq" | "state" | "output";
  readonly type: IrType;
  readonly domain: string;
  readonly init?: IrGlobal["init"];
}

export interface CTask {
  readonly ir: IrTask;
  readonly c: string;
  readonly index: number;
  readonly domainIndex: number;
  readonly ins: readonly CGlobal[];
  readonly outs: readonly CGlobal[];
}

export interface CRegion {
  readonly domain: string;
  readonly c: string;
  readonly index: number;
  readonly state: readonly CGlobal[];
  readonly tasks: readonly CTask[];
  readonly bytes: number;
  readonly regionSize: number;
}

export interface CModel {
  readonly program: IrProgram;
  readonly prefix: string;
  readonly PREFIX: string;
  readonly globals: ReadonlyMap<string, CGlobal>;
  readonly inputs: readonly CGlobal[];
  readonly irqs: readonly CGlobal[];
  readonly state: readonly CGlobal[];
  readonly outputs: readonly CGlobal[];
  readonly tasks: readonly CTask[];
  readonly regions: readonly CRegion[];
  readonly constArrays: ReadonlyMap<string, { readonly type: IrType; readonly value: readonly number[] }>;
}

function exprNames(e: IrExpr, acc: Set<string>): void {
  switch (e.k) {
    case "const":
      return;
    case "var":
      acc.add(e.name);
      return;
    case "index":
      acc.add(e.array);
      exprNames(e.index, acc);
      return;
    case "unary":
      exprNames(e.arg, acc);
      return;
    case "binary":
      exprNames(e.left, acc);
      exprNames(e.right, acc);
      return;
    case "ite":
      exprNames(e.cond, acc);
      exprNames(e.then, acc);
      exprNames(e.else, acc);
      return;
    case "array":
      for (const x of e.elements) exprNames(x, acc);
      return;
  }
}

function stmtNames(ss: readonly IrStmt[], reads: Set<string>, writes: Set<string>): void {
  for (const s of ss) {
    switch (s.s) {
      case "assign":
        if (s.target.scope !== "local") writes.add(s.target.name);
        if (s.target.index) exprNames(s.target.index, reads);
        exprNames(s.value, reads);
        break;
      case "if":
        exprNames(s.cond, reads);
        stmtNames(s.then, reads, writes);
        stmtNames(s.else, reads, writes);
        break;
      case "for":
        stmtNames(s.body, reads, writes);
        break;
      case "assert":
        exprNames(s.cond, reads);
        break;
      case "endorse":
        exprNames(s.value, reads);
        exprNames(s.valid, reads);
        exprNames(s.fallback, reads);
        break;
      case "declassify":
        exprNames(s.value, reads);
        break;
    }
  }
}

/** Names (globals, consts) read by expressions anywhere in a statement list. */
export function namesIn(ss: readonly IrStmt[]): { reads: Set<string>; writes: Set<string> } {
  const reads = new Set<string>();
  const writes = new Set<string>();
  stmtNames(ss, reads, writes);
  return { reads, writes };
}

export function buildCModel(program: IrProgram): CModel {
  const prefix = devicePrefix(program);
  const PREFIX = macroPrefix(program);
  const globals = new Map<string, CGlobal>();
  const mk = (g: IrGlobal): CGlobal => ({
    name: g.name,
    c: field(g.name),
    role: g.role,
    type: g.type,
    domain: g.domain,
    ...(g.init !== undefined ? { init: g.init } : {}),
  });
  const inputs = program.inputs.map(mk);
  const irqs: CGlobal[] = program.irqs.map((l) => ({
    name: l.name,
    c: field(l.name),
    role: "irq",
    type: { kind: "bool" },
    domain: l.domain,
  }));
  const state = program.state.map(mk);
  const outputs = program.outputs.map(mk);
  for (const g of [...inputs, ...irqs, ...state, ...outputs]) globals.set(g.name, g);

  const constArrays = new Map<string, { type: IrType; value: readonly number[] }>();
  for (const k of program.consts) {
    if (k.type.kind === "array" && Array.isArray(k.value)) constArrays.set(k.name, { type: k.type, value: k.value as readonly number[] });
  }

  const domainIndex = new Map(program.domains.map((d, i) => [d.name, i]));
  const order = (names: Iterable<string>): CGlobal[] => {
    const set = new Set(names);
    return [...inputs, ...irqs, ...state, ...outputs].filter((g) => set.has(g.name));
  };
  const tasks: CTask[] = program.tasks.map((t, index) => {
    const found = namesIn(t.body);
    const writes = new Set([...t.writes.filter((n) => globals.has(n)), ...found.writes]);
    const reads = new Set([...t.reads, ...found.reads].filter((n) => globals.has(n) && !writes.has(n)));
    return {
      ir: t,
      c: field(t.name),
      index,
      domainIndex: domainIndex.get(t.domain) ?? 0,
      ins: order(reads),
      outs: order(writes),
    };
  });

  const lay = (gs: readonly CGlobal[]): Layout => structLayout(gs.map((g) => typeLayout(g.type)));
  const regions: CRegion[] = program.domains.map((d, index) => {
    const st = state.filter((g) => g.domain === d.name);
    const ts = tasks.filter((t) => t.ir.domain === d.name);
    const members: Layout[] = [lay(st)];
    for (const t of ts) members.push(lay(t.ins), lay(t.outs));
    const bytes = structLayout(members).size;
    return { domain: d.name, c: field(d.name), index, state: st, tasks: ts, bytes, regionSize: mpuRegionSize(bytes) };
  });
  return { program, prefix, PREFIX, globals, inputs, irqs, state, outputs, tasks, regions, constArrays };
}

/** Header comment of every generated file. */
export function fileHeader(m: CModel, file: string, what: string, version: string): string {
  const p = m.program.device;
  const src = p.span.file.split(/[\\/]/).pop() ?? p.span.file;
  return [
    `/*`,
    ` * ${file}: ${what}`,
    ` * Generated by vigil ${version} from ${src} (device ${p.name}). Do not edit.`,
    ` * Model sha256: ${p.sourceHash}`,
    ` */`,
  ].join("\n");
}
