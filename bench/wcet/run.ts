// bench/wcet: WCET analysis time against the number of basic blocks, up to 10 000 blocks, for
// generated task bodies (a sequence of if/else statements with a 4-iteration loop around every 10th
// one). Per size: CFG build + chunked IPET certificate (sat + unsat per chunk, Z3 through
// src/solver, ipet.ts), checked against the structural longest path; and the path-sensitive bound
// (pathenc.ts) for the sizes where it is attempted. Prints the curve and writes
// bench/results/wcet.json.
import { writeFileSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import { createSolver } from "../../src/solver/index.js";
import { findTarget } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { buildCfg, structuralBound } from "../../src/wcet/cfg.js";
import { solveIpet } from "../../src/wcet/ipet.js";
import { pathSensitiveBound } from "../../src/wcet/pathenc.js";

const sp = { file: "bench.vgl", line: 1, col: 1, offset: 0, length: 0 };
const int = (lo: number, hi: number) => ({ kind: "int" as const, lo, hi, unit: "none" as const });
const x: IrExpr = { k: "var", name: "x", scope: "state", type: int(0, 100), span: sp };
const one: IrExpr = { k: "const", value: 1, type: int(1, 1), span: sp };
const set: IrStmt = { s: "assign", target: { name: "x", scope: "state", span: sp }, value: { k: "binary", op: "add", left: x, right: one, type: int(0, 101), span: sp }, span: sp };
const cond: IrExpr = { k: "binary", op: "lt", left: x, right: one, type: { kind: "bool" }, span: sp };

function body(ifs: number): IrStmt[] {
  const out: IrStmt[] = [];
  for (let i = 0; i < ifs; i++) {
    const st: IrStmt = { s: "if", cond, then: [set], else: [set, set], span: { ...sp, line: i + 1 } };
    out.push(i % 10 === 9 ? { s: "for", var: `i${i}`, lo: 1, hi: 4, body: [st], span: { ...sp, line: i + 1 } } : st);
  }
  return out;
}

const PS_MAX_IFS = Number(process.env.WCET_BENCH_PS_MAX ?? 300);
const solver = createSolver({ workers: 1 });
const target = findTarget("cortex-m4")!;
interface Row { blocks: number; edges: number; chunks: number; queries?: number; seconds: number; solverSeconds: number; status: string; cycles?: number; structural: number; pathSensitive?: { seconds: number; status: string; cycles?: number } }
const rows: Row[] = [];
const loadBefore = loadavg()[0];
const sizes = (process.env.WCET_BENCH_SIZES ?? "10,30,100,300,1000,2000,3100").split(",").map(Number);
// warm-up: the solver worker's start (z3 init) is not part of any row
await solver.check({ smtlib: "(declare-const a Int)\n(assert (> a 0))\n", timeoutMs: 60_000, mode: "check" });
for (const ifs of sizes) {
  const t: IrTask = { name: "t", kind: "periodic", periodTicks: 1, offsetTicks: 0, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: ["x"], writes: ["x"], locals: [], body: body(ifs), span: sp };
  const p = { inputs: [], state: [{ name: "x", role: "state", type: int(0, 100), domain: "d", init: 0, span: sp }], outputs: [], irqs: [], assumptions: [] } as unknown as IrProgram;
  const t0 = performance.now();
  const ctx = makeCostCtx(target, { waitStates: 0 }, p, t);
  const cfg = buildCfg(t, ctx);
  const r = await solveIpet(cfg, solver, 300_000);
  const seconds = (performance.now() - t0) / 1000;
  const row: Row = { blocks: cfg.blocks.length, edges: cfg.edges.length, chunks: cfg.chunks.length, ...(r.status === "proved" && r.queries !== undefined ? { queries: r.queries } : {}), seconds: +seconds.toFixed(2), solverSeconds: +(r.solverMs / 1000).toFixed(2), status: r.status, ...(r.status === "proved" ? { cycles: r.cycles } : {}), structural: structuralBound(t, ctx) };
  if (ifs <= PS_MAX_IFS) {
    const t1 = performance.now();
    const ps = await pathSensitiveBound(ctx, p, t, solver, 300_000);
    row.pathSensitive = { seconds: +((performance.now() - t1) / 1000).toFixed(2), status: ps.status, ...(ps.status === "proved" ? { cycles: ps.cycles } : {}) };
  }
  rows.push(row);
  console.log(`blocks ${String(row.blocks).padStart(6)}  edges ${String(row.edges).padStart(6)}  chunks ${String(row.chunks).padStart(3)}  IPET ${row.seconds.toFixed(2).padStart(7)} s (solver ${row.solverSeconds.toFixed(2)} s)  ${row.status}  ${row.cycles ?? "-"} = structural ${row.structural}` + (row.pathSensitive ? `  | path-sensitive ${row.pathSensitive.seconds.toFixed(2)} s ${row.pathSensitive.status} ${row.pathSensitive.cycles ?? "-"}` : ""));
}
console.log(`(1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on 2 cores)`);
await solver.close();
mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
writeFileSync(new URL("../results/wcet.json", import.meta.url), JSON.stringify({ bench: "wcet", target: "cortex-m4", machine: "2 cores (shared with other sessions)", loadavg1: { before: +loadBefore.toFixed(2), after: +loadavg()[0].toFixed(2) }, generator: "if/else sequence, loop(4) around every 10th if", rows }, null, 2) + "\n");
