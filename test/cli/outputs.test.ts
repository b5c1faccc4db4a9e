/**
 * Regressions for issue 20, findings 3 and 4: output paths. `prove --cex-dir` follows the rule of
 * `emit c -o` (absent, empty or vigil's own earlier output, else exit 2 and nothing touched, unless
 * --force), a failed counterexample write leaves no empty directory, `sim -o` and `ir -o` never
 * create folders, atomic writes follow symbolic links; and usage errors say what was wrong: an
 * unknown --target (prove and wcet) and a missing --solver-path are one line and exit 2.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";
import { writeFileAtomic } from "../../src/util/atomic-write.js";
import { claimOutputDir, OUTPUT_MARKER, OutputDir } from "../../src/util/output-dir.js";

const tmp = mkdtempSync(join(tmpdir(), "vigil-outputs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VVI = "examples/vvi-pacemaker.vgl";
const BUG = "test/models/vvi-pacemaker/bugs/wrong-vrp.vgl";

async function vigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(["node", "vigil", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("claimOutputDir", () => {
  it("accepts absent, empty and marked directories; refuses files, links and user directories", () => {
    const d = (n: string) => join(tmp, "claim-" + n);
    mkdirSync(d("empty"));
    mkdirSync(d("marked"));
    writeFileSync(join(d("marked"), OUTPUT_MARKER), "x");
    writeFileSync(join(d("marked"), "old.json"), "{}");
    mkdirSync(d("user"));
    writeFileSync(join(d("user"), "thesis.tex"), "x");
    writeFileSync(d("file"), "x");
    symlinkSync(d("empty"), d("link"));
    expect(claimOutputDir(d("absent"), false)).toEqual({ ok: true });
    expect(claimOutputDir(d("empty"), false)).toEqual({ ok: true });
    expect(claimOutputDir(d("marked"), false)).toEqual({ ok: true });
    for (const n of ["user", "file", "link"]) {
      expect(claimOutputDir(d(n), false).ok, n).toBe(false);
      expect(claimOutputDir(d(n), true).ok, n).toBe(true);
    }
    // Below a file nothing can be destroyed: the claim passes and the write fails (VG8001).
    expect(claimOutputDir(join(d("file"), "sub"), false).ok).toBe(true);
  });
});

describe("OutputDir (--cex-dir)", () => {
  it("creates the directory with its marker on the first write and removes it again when a write fails", () => {
    const dir = join(tmp, "new", "cex");
    const out = new OutputDir(dir, "marker\n");
    out.write("a.json", "{}");
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, "a.json"]);
    expect(() => out.write("no/such/sub.json", "{}")).toThrow();
    out.abandon();
    expect(existsSync(join(tmp, "new"))).toBe(false);
  });

  it("never removes a directory it did not create", () => {
    const dir = join(tmp, "existing-cex");
    mkdirSync(dir);
    const out = new OutputDir(dir, "marker\n");
    out.write("a.json", "{}");
    out.abandon();
    expect(existsSync(join(dir, "a.json"))).toBe(true);
  });
});

describe("vigil prove --cex-dir", () => {
  it("refuses a directory of user files before proving (exit 2, one line, untouched)", async () => {
    const dir = join(tmp, "user-cex");
    mkdirSync(dir);
    writeFileSync(join(dir, "refractory.json"), "my own file");
    const r = await vigil("prove", BUG, "--cex-dir", dir);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain("--cex-dir");
    expect(r.out).toBe("");
    expect(readFileSync(join(dir, "refractory.json"), "utf8")).toBe("my own file");
  });

  it("writes into its own earlier output (marked), with the marker", async () => {
    const dir = join(tmp, "own-cex");
    mkdirSync(dir);
    writeFileSync(join(dir, OUTPUT_MARKER), "earlier run\n");
    writeFileSync(join(dir, "older.json"), "{}");
    const r = await vigil("prove", BUG, "--property", "refractory", "--cex-dir", dir);
    expect(r.code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, "older.json", "refractory.json", "refractory.vcd"]);
    expect(readFileSync(join(dir, OUTPUT_MARKER), "utf8")).toContain("vigil prove --cex-dir");
  }, 120_000);
});

describe("usage errors say what was wrong, in one line, exit 2", () => {
  const cases: [string[], RegExp][] = [
    [["prove", VVI, "--target", "z80"], /--target: no cycle model for `z80` \(known: /],
    [["wcet", VVI, "--target", "z80"], /--target: no cycle model for `z80`/],
    [["prove", VVI, "--solver-path", "/nonexistent/z3"], /--solver-path: '\/nonexistent\/z3' is not an executable file/],
    [["prove", VVI, "--timeout", "soon"], /--timeout must be a positive number of seconds, not `soon`/],
    [["prove", VVI, "--depth", "1.5"], /--depth must be a whole number of ticks, not `1.5`/],
    [["prove", VVI, "--format", "xml"], /--format must be text or json, not `xml`/],
    [["prove", VVI, "--flow", "loose"], /--flow must be strict or relaxed, not `loose`/],
    [["prove", VVI, "--engine", "bmc,magic"], /--engine must be among bmc, kind, pdr, abmc, sim, not `magic`/],
    [["prove", VVI, "--solver", "yices"], /--solver must be z3, cvc5 or wasm, not `yices`/],
    [["prove", VVI, "--invariants", "maybe"], /--invariants must be auto or off, not `maybe`/],
    [["prove", VVI, "--max-k", "0"], /--max-k must be a whole number >= 1, not `0`/],
    [["prove", VVI, "--sim-ticks", "1.5"], /--sim-ticks must be a whole number of ticks, not `1.5`/],
  ];
  for (const [args, msg] of cases) {
    it(args.slice(0, 1).concat(args.slice(2)).join(" "), async () => {
      const r = await vigil(...args);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toMatch(msg);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    });
  }
});

describe("-o FILE never creates folders", () => {
  for (const cmd of [["sim", VVI, "--ticks", "3", "--random"], ["ir", VVI]]) {
    it(`${cmd[0]} -o /missing/dir/x: exit 2, nothing created`, async () => {
      const target = join(tmp, "missing", "dir", "x.txt");
      const r = await vigil(...cmd, "-o", target);
      expect(r.code).toBe(2);
      expect(r.err).toContain("does not exist");
      expect(existsSync(join(tmp, "missing"))).toBe(false);
    });
  }
});

describe("writeFileAtomic", () => {
  it("follows a symbolic link: the link stays, its target gets the content", () => {
    const target = join(tmp, "real.txt");
    const link = join(tmp, "link.txt");
    writeFileSync(target, "old");
    symlinkSync(target, link);
    writeFileAtomic(link, "new");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("new");
  });

  it("refuses a directory and never creates a parent", () => {
    expect(() => writeFileAtomic(tmp, "x")).toThrow();
    expect(() => writeFileAtomic(join(tmp, "nope", "x.txt"), "x")).toThrow();
    expect(existsSync(join(tmp, "nope"))).toBe(false);
  });
});
