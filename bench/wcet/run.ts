// bench/wcet: IPET analysis time (CFG build + Z3 Optimize + certificate) against the number of basic
// blocks, for generated task bodies (sequences of if/else with a loop every 10th statement), up to
// 10 000 blocks. Prints the curve and writes bench/results/wcet.json.
import { writeFileSync, mkdirSync } from "node:fs";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import { findTarget } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg, structuralBound } from "../../src/wcet/cfg.js";
import { solveIpet } from "../../src/wcet/ipet.js";

const sp = { file: "bench.vgl", line: 1, col: 1, offset: 0, length: 0 };
const int = (lo: number, hi: number) => ({ kind: "int" as const, lo, hi, unit: "none" as const });
const x: IrExpr = { k: "var", name: "x", scope: "state", type: int(0, 100), span: sp };
const one: IrExpr = { k: "const", value: 1, type: int(1, 1), span: sp };
const set: IrStmt = { s: "assign", target: { name: "x", scope: "state", span: sp }, value: { k: "binary", op: "add", left: x, right: one, type: int(0, 101), span: sp }, span: sp };
const cond: IrExpr = { k: "binary", op: "lt", left: x, right: one, type: { kind: "bool" }, span: sp };

function body(ifs: number): IrStmt[] {
  const out: IrStmt[] = [];
  for (let i = 0; i < ifs; i++) {
    const st: IrStmt = { s: "if", cond, then: [set], else: [set, set], span: sp };
    out.push(i % 10 === 9 ? { s: "for", var: `i${i}`, lo: 1, hi: 4, body: [st], span: sp } : st);
  }
  return out;
}

const solver = createSolver({ workers: 1 });
const target = findTarget("cortex-m4")!;
const rows: { blocks: number; edges: number; ms: number; solverMs: number; status: string; cycles?: number; structural: number }[] = [];
for (const ifs of [10, 30, 100, 300, 1000, 2000, 3333]) {
  const t: IrTask = { name: "t", kind: "periodic", periodTicks: 1, offsetTicks: 0, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: ["x"], writes: ["x"], locals: [], body: body(ifs), span: sp };
  const p = { inputs: [], state: [{ name: "x", role: "state", type: int(0, 100), domain: "d", init: 0, span: sp }], outputs: [], irqs: [] } as unknown as IrProgram;
  const t0 = performance.now();
  const ctx = makeCostCtx(target, { waitStates: 0 }, p, t);
  const cfg = buildCfg(t, ctx);
  const r = await solveIpet(cfg, solver, 120_000);
  const ms = performance.now() - t0;
  const row = { blocks: cfg.blocks.length, edges: cfg.edges.length, ms: Math.round(ms), solverMs: Math.round(r.solverMs), status: r.status, ...(r.status === "proved" ? { cycles: r.cycles } : {}), structural: structuralBound(t, ctx) };
  rows.push(row);
  console.log(`blocks ${row.blocks}\tedges ${row.edges}\t${row.ms} ms\t(solver ${row.solverMs} ms)\t${row.status}\t${row.cycles ?? "-"} = structural ${row.structural}`);
}
await solver.close();
mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
writeFileSync(new URL("../results/wcet.json", import.meta.url), JSON.stringify({ bench: "wcet", target: "cortex-m4", rows }, null, 2) + "\n");
