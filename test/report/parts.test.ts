// Unit tests of the report's parts on small models: the architecture view (zones, crossings,
// endorse/declassify marks, coverage), the threat table, the schedule simulation (fast-check:
// segments never overlap, every job gets exactly its cost, priorities are respected), and the CLI's
// refusal to replace files it did not write.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import { loadModel } from "../../src/parse/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { architectureView, namesIn, threatTable } from "../../src/report/architecture.js";
import { timingView } from "../../src/report/schedule.js";
import type { TimingReport } from "../../src/wcet/index.js";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";

function program(path: string): IrProgram {
  const l = loadModel(path);
  return lower(check(l), { sources: l.sources });
}
const text = () => "";

describe("architecture view", () => {
  const p = program("models/vvi-pacemaker/vvi.vgl");
  const v = architectureView(p, [], text);
  it("has a zone per domain and a node per task, input, output, state and irq line", () => {
    expect(v.zones.map((z) => z.domain).sort()).toEqual(p.domains.map((d) => d.name).sort());
    expect(v.nodes.filter((n) => n.kind === "task").map((n) => n.label)).toEqual(p.tasks.map((t) => t.name));
    expect(v.nodes.length).toBe(p.tasks.length + p.inputs.length + p.outputs.length + p.state.length + p.irqs.length);
    for (const n of v.nodes) expect(v.zones.some((z) => z.id === n.zone)).toBe(true);
  });
  it("marks the endorse and declassify crossings and their covering obligations", () => {
    const endorse = v.edges.filter((e) => e.kind === "endorse");
    expect(endorse.map((e) => `${e.from}->${e.to}`)).toEqual(["g:pending->t:adopt"]);
    expect(endorse[0]!.coveredBy).toContain("therapy_isolated");
    const declass = v.edges.filter((e) => e.kind === "declassify");
    expect(declass.map((e) => `${e.from}->${e.to}`)).toEqual(["g:vv->t:radio"]);
    expect(declass[0]!.coveredBy).toContain("patient_private");
    // a flow inside one zone is not a crossing
    expect(v.edges.find((e) => e.id === "flow:g:since_v->t:pace")?.crossesBoundary).toBe(false);
    // every read and write of every task is an edge
    for (const t of p.tasks) for (const w of t.writes) expect(v.edges.some((e) => e.from === `t:${t.name}` && e.to === `g:${w}`)).toBe(true);
  });
  it("threats: the untrusted input reaches therapy only through the endorse point", () => {
    const rows = threatTable(p, []);
    const prog = rows.find((r) => r.source === "prog_lri")!;
    expect(prog.reaches).toContain("lri");
    expect(prog.through).toEqual(["adopt/endorse@54:10"]);
    expect(prog.boundedBy.map((b) => b.obligation)).toContain("therapy_isolated");
  });
  it("namesIn collects globals through any node shape, never locals", () => {
    const e = { k: "binary", left: { k: "var", name: "a", scope: "state" }, right: { k: "index", array: "h", scope: "state", index: { k: "var", name: "i", scope: "local" } }, future: [{ k: "var", name: "b", scope: "input" }] };
    expect([...namesIn(e)].sort()).toEqual(["a", "b", "h"]);
  });
});

describe("schedule of one hyperperiod", () => {
  const base = program("models/vvi-pacemaker/vvi.vgl");
  it("fast-check: no overlap, each job runs exactly its cost, a lower priority never runs while a higher one waits", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 600 }), (costs, isr) => {
        const rep: TimingReport = {
          target: "cortex-m4",
          clockHz: 16_000_000,
          waitStates: 0,
          tickIsrCycles: isr,
          diagnostics: [],
          solverMs: 0,
          tasks: base.tasks.map((t, i) => ({ task: t.name, wcet: { status: "proved", cycles: costs[i]! } as never, pathSensitive: { status: "proved", cycles: costs[i]! } as never, structural: costs[i]!, blocks: 1, jobCycles: costs[i]!, deadlineCycles: 16 * t.deadlineUs, trusted: true })),
        };
        const v = timingView(base, rep);
        const segs = [...v.segments].sort((a, b) => a.start - b.start);
        for (let i = 1; i < segs.length; i++) expect(segs[i]!.start).toBeGreaterThanOrEqual(segs[i - 1]!.end);
        const end = v.ticks * v.tickCycles;
        // total work done per task equals the released work that fits in the window
        for (const [i, t] of base.tasks.entries()) {
          const ran = v.segments.filter((s) => s.task === t.name).reduce((a, s) => a + s.end - s.start, 0);
          const released = v.releases.filter((r) => r.task === t.name);
          const done = released.filter((r) => r.finished !== undefined).length;
          expect(ran).toBeGreaterThanOrEqual(done * costs[i]!);
          expect(ran).toBeLessThanOrEqual(released.length * costs[i]!);
          for (const r of released) if (r.finished !== undefined) expect(r.finished).toBeLessThanOrEqual(end);
        }
        // a task never runs while a job of a higher-priority task is released and unfinished
        const prio = new Map(base.tasks.map((t) => [t.name, t.priority]));
        for (const sg of v.segments) {
          if (sg.task === "tick ISR") continue;
          for (const r of v.releases) if (prio.get(r.task)! < prio.get(sg.task)!) expect(r.at <= sg.start && (r.finished === undefined || r.finished > sg.start)).toBe(false);
        }
        // the highest-priority task's job starts at its release whenever no tick ISR or earlier job of it runs
        const pace = v.releases.filter((r) => r.task === "pace");
        for (const r of pace) expect(r.finished === undefined || r.finished - r.at >= costs[0]!).toBe(true);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
  it("covers one hyperperiod (lcm of periods and inter-arrival times)", () => {
    const rep = { target: "cortex-m4", clockHz: 16_000_000, waitStates: 0, tickIsrCycles: 100, diagnostics: [], solverMs: 0, tasks: [] } as TimingReport;
    const v = timingView(base, rep);
    expect(v.hyperperiodTicks).toBe(20); // pace 1, radio 5, adopt 20
    expect(v.ticks).toBe(20);
    expect(v.cut).toBe(false);
    expect(v.segments.filter((s) => s.task === "tick ISR")).toHaveLength(20);
  });
});

describe("vigil report CLI", () => {
  it("refuses to replace a file it did not write, and usage errors exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-report-"));
    const out = join(dir, "r.html");
    writeFileSync(out, "my own notes\n");
    const io = captureIo();
    expect(await run(["node", "vigil", "report", "models/vvi-pacemaker/vvi.vgl", "-o", out], io)).toBe(2);
    expect(io.stderr()).toContain("not written by vigil report");
    expect(readFileSync(out, "utf8")).toBe("my own notes\n");
    const io2 = captureIo();
    expect(await run(["node", "vigil", "report", "models/vvi-pacemaker/vvi.vgl", "-o", out, "--format", "pdf"], io2)).toBe(2);
    expect(io2.stderr()).toContain("--format must be html or md");
    const io3 = captureIo();
    expect(await run(["node", "vigil", "report", "models/vvi-pacemaker/vvi.vgl", "-o", join(dir, "nope", "r.html")], io3)).toBe(2);
  }, 120_000);
});
