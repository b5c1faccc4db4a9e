/**
 * Simulator tests: golden traces (first ticks worked out by hand), trace readers and their
 * errors, random inputs, writers (VCD parsed back against JSON), and the `vigil sim` command.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulate } from "../../src/interp/index.js";
import type { IrProgram } from "../../src/ir/ir.js";
import { formatCsv, formatJson, formatTable, formatVcd, randomInputs, readCsvTrace, readJsonTrace, traceJson, vcdWidth } from "../../src/sim/index.js";
import { vcdBits } from "../../src/sim/write.js";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";
import { lowerFile } from "../lower/helpers.js";

const vvi = (): IrProgram => lowerFile("examples/vvi-pacemaker.vgl");
const features = (): IrProgram => lowerFile("test/lower/models/features.vgl");

describe("golden traces", () => {
  it("VVI pacemaker, 8 ticks worked out by hand", () => {
    const p = vvi();
    const tr = readCsvTrace("vvi-first.csv", readFileSync("test/sim/traces/vvi-first.csv", "utf8"), p, 8);
    expect(tr.ok).toBe(true);
    if (!tr.ok) return;
    const r = simulate(p, tr.inputs, 8);
    // Hand reasoning (docs/semantics.md, LET; tick = 1 ms):
    // - pace (every tick, d = 1): since_v grows 1 ms per tick, visible one tick after each job;
    //   vsense at tick 1 is ignored (since_v = 1 ms < VRP = 320 ms); vpace stays false.
    // - radio (irq UART0, m = 5, d = 2): fires at 0 (released; pending := 800 and
    //   status := lri / 1 ms = 1000 appear at tick 2), at 2 (dropped: 2 - 0 < 5), at 5 (released:
    //   pending := 1200 appears at tick 7).
    // - adopt (every 100 ms, offset 0): released at tick 0 with pending = 1000 (valid), lri stays
    //   1000 ms.
    expect(formatTable(p, r)).toBe(readFileSync("test/sim/traces/vvi-first.expected.txt", "utf8"));
  });

  it("features model: publish delay 2, offset 1, match and loop, worked out by hand", () => {
    const p = features();
    // control: every 2 ms, offset 1 ms, deadline 2 ms -> released at 1, 3, 5, ...; writes visible 2 ticks later.
    const ins = [
      { sel: 0, div: 0, go: 0 }, // tick 0: nothing released
      { sel: 1, div: 2, go: 1 }, // tick 1: Idle and go -> mode := Run; lim = 20; level := 20;
      //          acc := 100 / (2 + 1) = 33; waited := 2 ms; mode_out := mode reads the job's own
      //          working copy, already Run (later statements of a job see its earlier writes)
      { sel: 0, div: 0, go: 0 }, // tick 2
      { sel: 2, div: 1, go: 0 }, // tick 3: sees mode = Run; total = 0, 0 / 1 > 50 false; hist[2] := 30;
      //          acc := 33 % 7 = 5; level := 30; mode_out := Run; waited := 4 ms
      { sel: 0, div: 0, go: 0 }, // tick 4
      { sel: 0, div: 0, go: 0 }, // tick 5
    ];
    const r = simulate(p, ins, 6);
    expect(r.runtimeError).toBeUndefined();
    expect(r.rows.map((x) => x.released)).toEqual([[], ["control"], [], ["control"], [], ["control"]]);
    expect(r.rows[2]!.state).toEqual({ mode: 0, hist: [0, 0, 0, 0], acc: 0, waited: 0 });
    expect(r.rows[3]!.state).toEqual({ mode: 1, hist: [0, 0, 0, 0], acc: 33, waited: 2000 });
    expect(r.rows[3]!.outputs).toEqual({ level: 20, mode_out: 1 });
    expect(r.rows[5]!.state).toEqual({ mode: 1, hist: [0, 0, 30, 0], acc: 5, waited: 4000 });
    expect(r.rows[5]!.outputs).toEqual({ level: 30, mode_out: 1 });
  });
});

describe("trace readers", () => {
  const p = (): IrProgram => vvi();
  const csv = (text: string, ticks = 2) => readCsvTrace("t.csv", text, p(), ticks);

  it("accepts CSV with any column order, bools as words, no tick column, extra rows", () => {
    const r = csv("UART0,prog_lri,vsense\ntrue,10,0\nfalse,20,true\n0,0,0\n");
    expect(r).toEqual({ ok: true, inputs: [{ vsense: 0, prog_lri: 10, UART0: 1 }, { vsense: 1, prog_lri: 20, UART0: 0 }, { vsense: 0, prog_lri: 0, UART0: 0 }] });
  });

  it("VG5001: a missing column is named", () => {
    const r = csv("vsense,prog_lri\n0,1\n0,1\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: "VG5001" });
    expect(r.diagnostics[0]!.message).toContain("`UART0`");
  });

  it("VG5002: a value outside the input's range names row and column", () => {
    const r = csv("vsense,prog_lri,UART0\n0,1,0\n2,1,0\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: "VG5002", span: { line: 3, col: 1 } });
    expect(r.diagnostics[0]!.message).toMatch(/row 2 .*column `vsense`/);
  });

  it("VG5003: a non-numeric value names row and column", () => {
    const r = csv("vsense,prog_lri,UART0\n0,abc,0\n0,1,0\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: "VG5003", span: { line: 2, col: 3 } });
    expect(r.diagnostics[0]!.message).toMatch(/row 1 .*column `prog_lri`/);
  });

  it("VG5004: fewer rows than ticks", () => {
    const r = csv("vsense,prog_lri,UART0\n0,1,0\n", 3);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code: "VG5004" });
  });

  it("VG5005: a row breaking an assumption names the assumption, row and tick", () => {
    const r = csv("vsense,prog_lri,UART0\n0,1,0\n0,6000,0\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics[0]).toMatchObject({ code: "VG5005", span: { line: 3 } });
    expect(r.diagnostics[0]!.message).toBe("row 2 (tick 1) breaks the assumption `assume@22:1`");
  });

  it("VG5007: unknown columns, ragged rows, bad tick numbers, malformed JSON", () => {
    const codes = [
      csv("vsense,prog_lri,UART0,bogus\n0,1,0,0\n0,1,0,0\n"),
      csv("vsense,prog_lri,UART0\n0,1\n0,1,0\n"),
      csv("tick,vsense,prog_lri,UART0\n0,0,1,0\n5,0,1,0\n"),
      readJsonTrace("t.json", "[{", p(), 1),
      readJsonTrace("t.json", '{"x": 1}', p(), 1),
    ].map((r) => (r.ok ? "ok" : r.diagnostics[0]!.code));
    expect(codes).toEqual(["VG5007", "VG5007", "VG5007", "VG5007", "VG5007"]);
  });

  it("reads JSON traces: arrays of objects, {inputs}, and the rows written by --format json", () => {
    const prog = p();
    const a = readJsonTrace("t.json", '[{"vsense": true, "prog_lri": 5, "UART0": 0}]', prog, 1);
    expect(a).toEqual({ ok: true, inputs: [{ vsense: 1, prog_lri: 5, UART0: 0 }] });
    const b = readJsonTrace("t.json", '{"inputs": [{"vsense": 0, "prog_lri": 5, "UART0": false}]}', prog, 1);
    expect(b.ok).toBe(true);
    const rr = randomInputs(prog, 20, 4);
    if (!rr.ok) throw new Error("random failed");
    const res = simulate(prog, rr.inputs, 20);
    const back = readJsonTrace("t.json", formatJson(prog, res), prog, 20);
    expect(back).toEqual({ ok: true, inputs: rr.inputs });
    const bad = readJsonTrace("t.json", '[{"vsense": 0, "prog_lri": "x", "UART0": 0}]', prog, 1);
    expect(bad.ok ? "" : bad.diagnostics[0]!.code).toBe("VG5003");
    const missing = readJsonTrace("t.json", '[{"vsense": 0, "UART0": 0}]', prog, 1);
    expect(missing.ok ? "" : missing.diagnostics[0]!.code).toBe("VG5001");
  });

  it("enums by member name, qualified name or index; arrays as name[i] columns", () => {
    const prog = features();
    const r = readCsvTrace("f.csv", "sel,div,go\n1,0,0\n", prog, 1);
    expect(r.ok).toBe(true);
    if (!r.ok) throw new Error("trace did not read");
    const res = simulate(prog, r.inputs, 1);
    // The CSV writer's output (with state and output columns, enums by name) reads back.
    const back = readCsvTrace("f.csv", formatCsv(prog, res), prog, 1);
    expect(back).toEqual(r);
  });
});

describe("random inputs", () => {
  it("are deterministic per seed and respect types and assumptions", () => {
    const p = vvi();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const a = randomInputs(p, 50, seed);
        const b = randomInputs(p, 50, seed);
        expect(a).toEqual(b);
        if (!a.ok) throw new Error("random inputs failed");
        for (const row of a.inputs) {
          expect([0, 1]).toContain(row.vsense);
          expect([0, 1]).toContain(row.UART0);
          const v = row.prog_lri as number;
          expect(Number.isInteger(v) && v >= 0 && v <= 5000).toBe(true); // assume prog_lri <= 5000
        }
      }),
      { numRuns: 20 },
    );
  });

  it("reports assumptions that cannot be met", () => {
    const p = vvi();
    const q: IrProgram = { ...p, assumptions: [...p.assumptions, { ...p.assumptions[0]!, name: "never", expr: { k: "const", value: 0, type: { kind: "bool" }, span: p.assumptions[0]!.span } }] };
    const r = randomInputs(q, 3, 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code: "VG5005" });
  });
});

// ------------------------------------------------------------------------------------- VCD

interface Vcd {
  timescale: string;
  vars: Map<string, { name: string; width: number; scope: string }>;
  /** time -> id -> value */
  changes: Map<number, Map<string, bigint>>;
}

function parseVcd(text: string): Vcd {
  const tokens = text.split(/\s+/).filter((x) => x.length > 0);
  const vars = new Map<string, { name: string; width: number; scope: string }>();
  const changes = new Map<number, Map<string, bigint>>();
  const scopes: string[] = [];
  let timescale = "";
  let i = 0;
  let time = -1;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t === "$timescale") {
      const parts: string[] = [];
      i++;
      while (tokens[i] !== "$end") parts.push(tokens[i++]!);
      timescale = parts.join(" ");
      i++;
    } else if (t === "$scope") {
      scopes.push(tokens[i + 2]!);
      i += 4;
    } else if (t === "$upscope") {
      scopes.pop();
      i += 2;
    } else if (t === "$var") {
      vars.set(tokens[i + 3]!, { name: tokens[i + 4]!, width: Number(tokens[i + 2]), scope: scopes.join(".") });
      i += 6;
    } else if (t === "$version" || t === "$comment" || t === "$date") {
      while (tokens[i] !== "$end") i++;
      i++;
    } else if (t === "$enddefinitions" ) {
      i += 2;
    } else if (t === "$dumpvars" || t === "$end") {
      i++;
    } else if (t.startsWith("#")) {
      time = Number(t.slice(1));
      if (!changes.has(time)) changes.set(time, new Map());
      i++;
    } else if (t.startsWith("b")) {
      changes.get(time)!.set(tokens[i + 1]!, BigInt("0b" + t.slice(1)));
      i += 2;
    } else {
      changes.get(time)!.set(t.slice(1), BigInt(t[0]!));
      i++;
    }
  }
  return { timescale, vars, changes };
}

describe("VCD writer", () => {
  it("parsed back, matches the JSON trace at every tick", () => {
    for (const [p, seed, ticks] of [
      [vvi(), 7, 300],
      [features(), 2, 40],
    ] as const) {
      const rr = randomInputs(p, ticks, seed);
      if (!rr.ok) throw new Error("random failed");
      const res = simulate(p, rr.inputs, ticks);
      const json = traceJson(p, res) as { rows: { tick: number; inputs: Record<string, unknown>; state: Record<string, unknown>; outputs: Record<string, unknown>; released: string[] }[] };
      const vcd = parseVcd(formatVcd(p, res));
      expect(vcd.timescale).toBe("1 ms");
      const current = new Map<string, bigint>();
      const byName = new Map<string, { id: string; width: number; scope: string }>();
      for (const [id, v] of vcd.vars) byName.set(`${v.scope}.${v.name}`, { id, width: v.width, scope: v.scope });
      const dev = p.device.name;
      const enumIndex = (v: unknown, group: string, name: string): number => {
        if (typeof v === "boolean") return v ? 1 : 0;
        if (typeof v === "number") return v;
        const g = [...p.inputs, ...p.state, ...p.outputs].find((x) => x.name === name)!;
        const t = g.type.kind === "array" ? g.type.elem : g.type;
        void group;
        return t.kind === "enum" ? t.members.indexOf(String(v)) : NaN;
      };
      const signedNames = new Set(
        [...p.inputs, ...p.state, ...p.outputs].filter((g) => vcdWidth(g.type).signed).map((g) => g.name),
      );
      const decode = (x: bigint, w: number, name: string): number =>
        Number(signedNames.has(name) && x >= 1n << BigInt(w - 1) ? x - (1n << BigInt(w)) : x);
      for (const row of json.rows) {
        for (const [id, val] of vcd.changes.get(row.tick) ?? []) current.set(id, val);
        for (const group of ["inputs", "state", "outputs"] as const) {
          for (const [name, value] of Object.entries(row[group])) {
            const values = Array.isArray(value) ? value : [value];
            values.forEach((x, idx) => {
              const vname = Array.isArray(value) ? `${name}_${idx}` : name;
              const scope = group === "inputs" && p.irqs.some((l) => l.name === name) ? "irq" : group;
              const sig = byName.get(`${dev}.${scope}.${vname}`);
              expect(sig, `${scope}.${vname}`).toBeDefined();
              expect(decode(current.get(sig!.id)!, sig!.width, name)).toBe(enumIndex(x, group, name));
            });
          }
        }
        for (const t of p.tasks) {
          const sig = byName.get(`${dev}.released.${t.name}`)!;
          expect(current.get(sig.id)).toBe(row.released.includes(t.name) ? 1n : 0n);
        }
      }
    }
  });

  it("uses two's complement vectors wide enough for negative ranges", () => {
    const p = features();
    const res = simulate(p, [{ sel: 0, div: 0, go: 0 }], 1);
    const vcd = parseVcd(formatVcd(p, res));
    const sel = [...vcd.vars.values()].find((v) => v.name === "sel")!;
    expect(sel.width).toBe(4); // int[-1 .. 4] needs 4 bits signed
  });
});

describe("vigil sim", () => {
  const dir = mkdtempSync(join(tmpdir(), "vigil-sim-"));
  it("prints a table for --random and exits 0", async () => {
    const io = captureIo();
    const code = await run(["node", "vigil", "sim", "examples/vvi-pacemaker.vgl", "--ticks", "5", "--random", "--seed", "1"], io);
    expect(code).toBe(0);
    expect(io.stdout().split("\n")[0]).toMatch(/^tick\s+vsense\s+prog_lri\s+UART0\s+since_v/);
    expect(io.stdout().trim().split("\n").length).toBe(6);
  });

  it("writes -o atomically, and writes nothing for a bad trace (exit 1)", async () => {
    const out = join(dir, "trace.vcd");
    const io = captureIo();
    expect(await run(["node", "vigil", "sim", "examples/vvi-pacemaker.vgl", "--ticks", "8", "--inputs", "test/sim/traces/vvi-first.csv", "--format", "vcd", "-o", out], io)).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("$enddefinitions $end");
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "vsense,prog_lri\n0,1\n");
    const out2 = join(dir, "never.json");
    const io2 = captureIo();
    expect(await run(["node", "vigil", "sim", "examples/vvi-pacemaker.vgl", "--ticks", "1", "--inputs", bad, "--format", "json", "-o", out2], io2)).toBe(1);
    expect(existsSync(out2)).toBe(false);
    expect(io2.stderr()).toContain("VG5001");
  });

  it("reports a runtime error with tick, task and location (exit 1)", async () => {
    const io = captureIo();
    const code = await run(["node", "vigil", "sim", "test/lower/models/features.vgl", "--ticks", "2", "--inputs", "test/sim/traces/features-oob.csv"], io);
    expect(code).toBe(1);
    expect(io.stderr()).toContain("features.vgl:27:13: error VG5006: runtime error at tick 1 in task `control`");
  });

  it("usage errors exit 2", async () => {
    expect(await run(["node", "vigil", "sim", "examples/vvi-pacemaker.vgl", "--ticks", "5"], captureIo())).toBe(2);
    expect(await run(["node", "vigil", "sim", "examples/vvi-pacemaker.vgl", "--ticks", "x", "--random"], captureIo())).toBe(2);
  });
});

describe("golden random traces of every example", () => {
  // 40 ticks with --random --seed 1, CSV; created when missing, regenerate with UPDATE_GOLDEN=1.
  // The hand-checked traces are above; these pin down the whole pipeline (reader, PRNG, writer).
  const files = readdirSync("examples").filter((f) => f.endsWith(".vgl"));
  for (const f of files) {
    it(f, async () => {
      const io = captureIo();
      const code = await run(["node", "vigil", "sim", join("examples", f), "--ticks", "40", "--random", "--seed", "1", "--format", "csv"], io);
      const text = `exit: ${code}\n${io.stdout()}${io.stderr()}`;
      const golden = join("test/sim/golden", f.replace(/\.vgl$/, ".csv.expected"));
      if (process.env.UPDATE_GOLDEN || !existsSync(golden)) {
        mkdirSync("test/sim/golden", { recursive: true });
        writeFileSync(golden, text);
      }
      expect(text).toBe(readFileSync(golden, "utf8"));
    });
  }
});

describe("VCD bits", () => {
  it("two's complement for negatives, zero padded", () => {
    expect(vcdBits(-1, 4)).toBe("1111");
    expect(vcdBits(-8, 4)).toBe("1000");
    expect(vcdBits(5, 4)).toBe("0101");
    expect(vcdWidth({ kind: "int", lo: -8, hi: 7, unit: "none" })).toEqual({ width: 4, signed: true });
    expect(vcdWidth({ kind: "int", lo: 0, hi: 255, unit: "none" })).toEqual({ width: 8, signed: false });
    expect(vcdWidth({ kind: "enum", name: "M", members: ["A", "B", "C"] })).toEqual({ width: 2, signed: false });
  });
});

describe("runtime errors through the whole pipeline", () => {
  it("count := count + step fails exactly when the BigInt sum leaves [0, 10]", () => {
    const p = lowerFile("test/cases/sim/VG5006-runtime-error.vgl");
    fc.assert(
      fc.property(fc.array(fc.record({ step: fc.integer({ min: 0, max: 3 }), reset: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 40 }), (ins) => {
        const r = simulate(p, ins, ins.length);
        // Period 1 tick, d = 1: the job at tick k reads count_k and publishes count_{k+1}.
        let count = 0n;
        let failAt: number | undefined;
        for (let k = 0; k < ins.length; k++) {
          const next = ins[k]!.reset ? 0n : count + BigInt(ins[k]!.step);
          if (next > 10n) {
            failAt = k;
            break;
          }
          count = next;
        }
        expect(r.runtimeError?.tick).toBe(failAt);
        if (failAt !== undefined) expect(r.runtimeError!.check).toEqual({ kind: "range", lo: 0, hi: 10, what: "count" });
      }),
      { numRuns: 200 },
    );
  });
});

describe("VCD opens in GTKWave's tools (when installed)", () => {
  const has = spawnSync("vcd2fst", ["--help"]).error === undefined;
  it.skipIf(!has)("vcd2fst converts it and fst2vcd gives every signal back", () => {
    const p = lowerFile("test/lower/models/mixed.vgl");
    const rr = randomInputs(p, 30, 5);
    if (!rr.ok) throw new Error("random failed");
    const vcd = formatVcd(p, simulate(p, rr.inputs, 30));
    const d = mkdtempSync(join(tmpdir(), "vigil-vcd-"));
    writeFileSync(join(d, "t.vcd"), vcd);
    const conv = spawnSync("vcd2fst", [join(d, "t.vcd"), join(d, "t.fst")], { encoding: "utf8" });
    expect(conv.status).toBe(0);
    const back = spawnSync("fst2vcd", [join(d, "t.fst")], { encoding: "utf8" });
    expect(back.status).toBe(0);
    for (const name of ["cmd", "clk", "LINK", "setpt", "buf_0", "buf_2", "report", "cycles", "apply", "tell"]) {
      expect(back.stdout).toMatch(new RegExp(`\\$var wire \\d+ \\S+ ${name} \\$end`));
    }
  });
});
