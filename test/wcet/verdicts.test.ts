// timingVerdicts and `vigil wcet` on the VVI example (parse -> check -> lower -> IPET -> RTA).
import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/parse/index.js";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import { createSolver } from "../../src/solver/index.js";
import { analyzeTiming, timingVerdicts } from "../../src/wcet/index.js";
import { run } from "../../src/cli/main.js";
import { captureIo } from "../../src/cli/io.js";

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
    // the trusted pacing task suffers interference from the untrusted UART latch ISR
    expect(rep.tasks.find((t) => t.task === "pace")!.untrustedCycles).toBeGreaterThan(0);
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

  it("a bound below the WCET is unknown (bound exceeded), never proved", async () => {
    const tight = { ...program, properties: [{ kind: "wcet" as const, name: "tiny", task: "pace", boundUs: 1, span: program.device.span }] };
    const [v] = await timingVerdicts(tight, { solver });
    expect(v!.verdict.status).toBe("unknown");
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
