// timingVerdicts and `vigil wcet` on the VVI example (parse -> check -> lower -> IPET -> RTA).
import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/parse/index.js";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import { createSolver } from "../../src/solver/index.js";
import { analyzeTiming, timingVerdicts } from "../../src/wcet/index.js";
import { run } from "../../src/cli/main.js";
import { captureIo } from "../../src/cli/io.js";
import type { IrExpr, IrProgram, IrStmt, IrTask } from "../../src/ir/ir.js";
import type { TickInputs } from "../../src/interp/index.js";
import { findTarget, irqOverhead, opCycles } from "../../src/targets/index.js";
import { makeCostCtx } from "../../src/wcet/cost.js";
import { fromArmCounts } from "../../src/wcet/path.js";
import { replayJob } from "../../src/wcet/replay.js";

const solver = createSolver({ workers: 1 });
afterAll(() => solver.close());
const loaded = loadModel("examples/vvi-pacemaker.vgl");
const program = lower(check(loaded), { sources: loaded.sources });

describe("timing verdicts", () => {
  it("proves on_time and pace_fast on the Cortex-M4 and matches the structural bound", async () => {
    const vs = await timingVerdicts(program, { solver });
    expect(vs.map((v) => [v.obligation.name, v.verdict.status])).toEqual([["on_time", "proved"], ["pace_fast", "proved"]]);
    const rep = await analyzeTiming(program, solver);
    for (const t of rep.tasks) {
      expect(t.wcet.status).toBe("proved");
      if (t.wcet.status === "proved") expect(t.wcet.cycles).toBe(t.structural);
    }
    // timing isolation: the trusted pacing task suffers interference from the untrusted UART line's
    // latch ISR (2 activations in its busy window: period = jitter = tick) and from the tick ISR's
    // bookkeeping for the untrusted radio task (its release, 2 published words) and inputs
    // (prog_lri and the UART0 line sampled); Cortex-M4 op costs from the table:
    const m4 = findTarget("cortex-m4")!;
    const o = { waitStates: 0 };
    const latch = irqOverhead(m4, o) + opCycles(m4, "irq.latch", o);
    const book = opCycles(m4, "tick.per.task", o) + 2 * opCycles(m4, "publish.word", o) + 2 * opCycles(m4, "sample.word", o);
    const pace = rep.tasks.find((t) => t.task === "pace")!;
    expect(pace.untrustedBy).toEqual({ "@irq:UART0": 2 * latch, "@tick (untrusted bookkeeping)": book });
    expect(pace.untrustedCycles).toBe(2 * latch + book);
    // adopt (priority 3) is also preempted by the untrusted radio job itself (WCET + dispatch)
    const adopt = rep.tasks.find((t) => t.task === "adopt")!;
    const radio = rep.tasks.find((t) => t.task === "radio")!;
    expect(adopt.untrustedBy!["radio"]).toBe(radio.jobCycles);
    // pace can be blocked by the masked dispatch section of a lower-priority job, adopt (lowest) cannot
    expect(pace.blockingCycles).toBe(opCycles(m4, "dispatch.masked", o));
    expect(adopt.blockingCycles).toBeUndefined();
  });

  it("wait states only increase the bounds", async () => {
    const a = await analyzeTiming(program, solver, { waitStates: 0 });
    const b = await analyzeTiming(program, solver, { waitStates: 2 });
    for (let i = 0; i < a.tasks.length; i++) {
      const x = a.tasks[i]!.wcet;
      const y = b.tasks[i]!.wcet;
      if (x.status === "proved" && y.status === "proved") expect(y.cycles).toBeGreaterThan(x.cycles);
      else throw new Error("not proved");
    }
  });

  it("a bound below a path the interpreter runs is falsified, with a trace that replays", async () => {
    const tight = { ...program, properties: [{ kind: "wcet" as const, name: "tiny", task: "pace", boundUs: 1, span: program.device.span }] };
    const [v] = await timingVerdicts(tight, { solver });
    expect(v!.verdict.status).toBe("falsified");
    if (v!.verdict.status !== "falsified") return;
    expect(v!.verdict.replayed).toBe(true);
    expect(v!.verdict.tick).toBe(0);
    expect(v!.verdict.explanation).toMatch(/> 16; branches: if at line 25/);
    // independent replay of the reported trace: the interpreter's path of pace at tick 0 exceeds 16 cycles (1 us at 16 MHz)
    const inputs: TickInputs[] = v!.verdict.trace.map((st) => Object.fromEntries(Object.entries(st.inputs).map(([k, x]) => [k, typeof x === "boolean" ? (x ? 1 : 0) : (x as number)])));
    const rep = replayJob(program, "pace", inputs, 0);
    if (rep.status !== "ok") throw new Error(rep.reason);
    const pace = program.tasks.find((t) => t.name === "pace")!;
    const path = fromArmCounts(makeCostCtx(findTarget("cortex-m4")!, { waitStates: 0 }, program, pace), pace, rep.arms)!;
    expect(path.cycles).toBeGreaterThan(16);
  });

  it("VG7001: an untrusted irq task preempting a trusted one without a minimum inter-arrival time", async () => {
    const tasks = program.tasks.map((t) => (t.name === "radio" ? { ...t, miatUs: 0, miatTicks: 0 } : t));
    const rep = await analyzeTiming({ ...program, tasks }, solver);
    expect(rep.diagnostics.map((d) => d.code)).toEqual(["VG7001"]);
  });

  it("vigil wcet --format json", async () => {
    const io = captureIo();
    const code = await run(["node", "vigil", "wcet", "examples/vvi-pacemaker.vgl", "--target", "rv32im", "--format", "json"], io);
    expect(code).toBe(0);
    const rep = JSON.parse(io.stdout()) as { target: string; tasks: unknown[] };
    expect(rep.target).toBe("rv32im");
    expect(rep.tasks).toHaveLength(3);
  });
});

// A reader task (first release at tick 2) whose heavy arm runs only when x > 5; a writer task sets x
// every tick. From the initial state (x = 0) the heavy arm is infeasible; from the state reached at
// tick 2 it runs exactly when the writer stores a value above 5.
describe("wcet(T) <= t beyond the bound: falsified only on a replayed job", () => {
  const sp = { file: "h.vgl", line: 1, col: 1, offset: 0, length: 0 };
  const int = (lo: number, hi: number) => ({ kind: "int" as const, lo, hi, unit: "none" as const });
  const x: IrExpr = { k: "var", name: "x", scope: "state", type: int(0, 100), span: sp };
  const k = (n: number): IrExpr => ({ k: "const", value: n, type: int(n, n), span: sp });
  const setY = (e: IrExpr): IrStmt => ({ s: "assign", target: { name: "y", scope: "state", span: sp }, value: e, span: sp });
  const heavy: IrStmt[] = [1, 2, 3, 4, 5].map((n) => setY({ k: "binary", op: "mul", left: x, right: k(n), type: int(0, 500), span: sp }));
  function prog(written: number, limitUs: number): IrProgram {
    const writer: IrTask = { name: "w", kind: "periodic", periodTicks: 1, offsetTicks: 0, periodUs: 1000, deadlineUs: 1000, publishDelayTicks: 1, priority: 1, domain: "d", reads: [], writes: ["x"], locals: [], body: [{ s: "assign", target: { name: "x", scope: "state", span: sp }, value: k(written), span: sp }], span: sp };
    const reader: IrTask = { name: "r", kind: "periodic", periodTicks: 5, offsetTicks: 2, periodUs: 5000, deadlineUs: 1000, publishDelayTicks: 1, priority: 2, domain: "d", reads: ["x"], writes: ["y"], locals: [], body: [{ s: "if", cond: { k: "binary", op: "gt", left: x, right: k(5), type: { kind: "bool" }, span: sp }, then: heavy, else: [setY(k(0))], span: sp }], span: sp };
    return {
      device: { name: "H", target: "cortex-m4", clockHz: 1_000_000, tickUs: 1000, sourceHash: "", span: sp },
      levels: ["public"], domains: [{ name: "d", trusted: true, confidentiality: 0, span: sp }], enums: [], consts: [], inputs: [], irqs: [],
      state: [{ name: "x", role: "state", type: int(0, 100), domain: "d", init: 0, span: sp }, { name: "y", role: "state", type: int(0, 500), domain: "d", init: 0, span: sp }],
      outputs: [], tasks: [writer, reader], assumptions: [],
      properties: [{ kind: "wcet", name: "fast", task: "r", boundUs: limitUs, span: sp }],
    };
  }
  // at 1 MHz one cycle is one microsecond; the light path (else-arm) of r:
  const light = async (): Promise<number> => {
    const p = prog(0, 1);
    const rep = replayJob(p, "r", [{}, {}, {}, {}], 2);
    if (rep.status !== "ok") throw new Error(rep.reason);
    return fromArmCounts(makeCostCtx(findTarget("cortex-m4")!, { waitStates: 0 }, p, p.tasks[1]!), p.tasks[1]!, rep.arms)!.cycles;
  };

  it("the heavy arm runs at the first release (x = 7 published by the writer): falsified at tick 2", async () => {
    const lim = await light();
    const [v] = await timingVerdicts(prog(7, lim), { solver });
    expect(v!.verdict.status).toBe("falsified");
    if (v!.verdict.status !== "falsified") return;
    expect(v!.verdict.tick).toBe(2);
    expect(v!.verdict.trace.map((s) => s.state.x)).toEqual([0, 7, 7, 7]);
  });

  it("the heavy arm is infeasible from every state the falsifier reaches (x stays 0): unknown, not falsified", async () => {
    const lim = await light();
    const [v] = await timingVerdicts(prog(0, lim), { solver });
    expect(v!.verdict.status).toBe("unknown");
    if (v!.verdict.status === "unknown") expect(v!.verdict.reason).toMatch(/bound exceeded/);
    // and with the limit one cycle below the light path it is falsified
    const [w] = await timingVerdicts(prog(0, lim - 1), { solver });
    expect(w!.verdict.status).toBe("falsified");
  });
});

describe("vigil wcet explains the worst path", () => {
  it("text: branches and cycles per source line; json: worstPath whose lines sum to the bound", async () => {
    const io = captureIo();
    expect(await run(["node", "vigil", "wcet", "examples/vvi-pacemaker.vgl"], io)).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(/worst path of pace \(IPET, 101 cycles\):/);
    expect(out).toMatch(/if at examples\/vvi-pacemaker.vgl:25:3: condition (true|false)/);
    expect(out).toMatch(/cycles {2}examples\/vvi-pacemaker.vgl:30 {2}\| vpace := false; since_v := since_v \+ tick/);
    const io2 = captureIo();
    await run(["node", "vigil", "wcet", "examples/vvi-pacemaker.vgl", "--format", "json"], io2);
    const rep = JSON.parse(io2.stdout()) as { tasks: { task: string; boundCycles: number; worstPath: { cycles: number; lines: { line: number; cycles: number }[]; branches: unknown[] } }[] };
    for (const t of rep.tasks) {
      expect(t.worstPath.cycles).toBe(t.boundCycles);
      expect(t.worstPath.lines.reduce((a, l) => a + l.cycles, 0)).toBe(t.boundCycles);
    }
    expect(rep.tasks.find((t) => t.task === "pace")!.worstPath.branches).toHaveLength(2);
  });
});
