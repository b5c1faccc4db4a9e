// loadModel: reading files (every way it can fail) and resolving imports; and the CLI's handling of
// bad input: a diagnostic or one clear line, exit 1 or 2, never a stack trace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModel } from "../../src/parse/index.js";
import { run } from "../../src/cli/main.js";
import { captureIo } from "../../src/cli/io.js";

let dir = "";
const p = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vigil-load-"));
  writeFileSync(p("empty.vgl"), "");
  writeFileSync(p("nul.vgl"), "const A = 1\n\0\0");
  writeFileSync(p("latin1.vgl"), Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x41, 0x20, 0x3d, 0x20, 0x31, 0x0a, 0xe9, 0x0a]));
  writeFileSync(p("big.vgl"), "const A = 1\n".repeat(900_000)); // 10.8 MB
  const garbage = Buffer.alloc(4096);
  let seed = 7;
  for (let i = 0; i < garbage.length; i++) garbage[i] = seed = (seed * 1103515245 + 12345) & 0xff;
  writeFileSync(p("garbage.vgl"), garbage);
  writeFileSync(p("deep.vgl"), `const X = ${"(".repeat(10_000)}1${")".repeat(10_000)}\n`);
  mkdirSync(p("adir"));
  mkdirSync(p("lib"));
  writeFileSync(p("lib/units.vgl"), 'import "base.vgl"\nconst PERIOD: time = 10 ms\nenum Mode { Idle, Busy }\n');
  writeFileSync(p("lib/base.vgl"), "const BASE = 1\ntype Level = int[0 .. 3]\n");
  writeFileSync(p("main.vgl"), 'import "lib/units.vgl"\nimport "lib/base.vgl"\nconst LIMIT = BASE + 1\n');
  writeFileSync(p("cyc-a.vgl"), 'import "cyc-b.vgl"\nconst A = 1\n');
  writeFileSync(p("cyc-b.vgl"), 'import "cyc-a.vgl"\nconst B = 1\n');
  writeFileSync(p("bad-import.vgl"), 'import "lib/state.vgl"\nconst A = 1\n');
  writeFileSync(p("lib/state.vgl"), "domain d integrity trusted confidentiality patient\nstate st: u8 = 0 in d\nconst C = 2\n");
  writeFileSync(p("missing-import.vgl"), 'import "nowhere.vgl"\nconst A = 1\n');
  writeFileSync(p("syntax-import.vgl"), 'import "lib/broken.vgl"\nconst A = 1\n');
  writeFileSync(p("lib/broken.vgl"), "const = 3\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codes = (path: string) => loadModel(path).diagnostics.map((d) => d.code);

describe("loadModel", () => {
  it("reads a model and its imports, dependencies first, each once", () => {
    const l = loadModel(p("main.vgl"));
    expect(l.diagnostics).toEqual([]);
    expect(l.model?.decls).toHaveLength(1);
    expect(l.imports.map((m) => m.file)).toEqual([join(dir, "lib/base.vgl"), join(dir, "lib/units.vgl")]);
    expect([...l.sources.keys()].sort()).toEqual([p("lib/base.vgl"), p("lib/units.vgl"), p("main.vgl")].sort());
  });

  it("reports each kind of unreadable input with its own code", () => {
    expect(codes(p("nope.vgl"))).toEqual(["VG0001"]);
    expect(codes(p("adir"))).toEqual(["VG0002"]);
    expect(codes(p("latin1.vgl"))).toEqual(["VG0003"]);
    expect(codes(p("big.vgl"))).toEqual(["VG0004"]);
    expect(codes(p("nul.vgl"))).toEqual(["VG0005"]);
    expect(codes(p("empty.vgl"))).toEqual(["VG1022"]);
    expect(codes("/dev/null")).toEqual(["VG0001"]);
  });

  it("reports missing imports, cycles and imported files that declare too much", () => {
    expect(codes(p("missing-import.vgl"))).toEqual(["VG0006"]);
    expect(codes(p("cyc-a.vgl"))).toEqual(["VG0007"]);
    const bad = loadModel(p("bad-import.vgl"));
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["VG0008", "VG0008"]);
    expect(bad.diagnostics[0]!.related[0]!.message).toBe("imported here");
    expect(codes(p("syntax-import.vgl"))).toEqual(["VG1011"]);
  });
});

describe("bad input through the CLI", () => {
  const cases: [string, string][] = [
    ["empty file", "empty.vgl"],
    ["binary garbage", "garbage.vgl"],
    ["a 10 MB file", "big.vgl"],
    ["10 000-deep nesting", "deep.vgl"],
    ["invalid UTF-8", "latin1.vgl"],
    ["a missing file", "nope.vgl"],
    ["a directory", "adir"],
  ];
  for (const cmd of ["check", "fmt"]) {
    for (const [what, file] of cases) {
      it(`${cmd}: ${what} gives a diagnostic, exit 1 or 2, no stack trace`, async () => {
        const io = captureIo();
        const code = await run(["node", "vigil", cmd, p(file)], io);
        expect([1, 2]).toContain(code);
        const err = io.stderr();
        expect(err).toMatch(/error VG\d{4}: /);
        expect(err).not.toMatch(/\n\s+at .*:\d+:\d+/);
        expect(err).not.toMatch(/internal error/);
        expect(err.split("\n").length).toBeLessThan(12);
      });
    }
  }
});
