// The canonical layout, comment preservation and the `vigil fmt` command (stdout, --check, --write).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatModel } from "../../src/fmt/index.js";
import { parseText } from "../../src/parse/index.js";
import { makeSourceFile } from "../../src/source/span.js";
import { run } from "../../src/cli/main.js";
import { captureIo } from "../../src/cli/io.js";

function fmt(text: string): string {
  const r = parseText("t.vgl", text);
  expect(r.diagnostics).toEqual([]);
  return formatModel(r.model!, makeSourceFile("t.vgl", text));
}

const MESSY = `// header comment
device  D   target cortex-m4 at 16 MHz tick 1 ms // clock
const   A : int[0..10]=(1+2)*3   // trailing A
/* block before B */
const B = if A>2 then 1 else 2;
enum Mode{Idle,Busy,}

task t every 1 ms deadline 1 ms priority 1 in d { // after brace
  // leading x
  x := x+1; y := not (a and b) // on y
  match m { Idle => x := 1  Mode.Busy | Idle => { skip } _ => { x := 2; y := 3 } }
  if a { skip } else if b { skip } else { x := -(1 - 2) }
  // last in body
}
// end of file
`;

describe("formatModel", () => {
  it("lays out a messy model canonically and keeps every comment", () => {
    const out = fmt(MESSY);
    expect(out).toBe(`// header comment
device D
  target cortex-m4 at 16 MHz
  tick 1 ms  // clock
const A: int[0 .. 10] = (1 + 2) * 3  // trailing A
/* block before B */
const B = if A > 2 then 1 else 2
enum Mode { Idle, Busy }

task t every 1 ms deadline 1 ms priority 1 in d {  // after brace
  // leading x
  x := x + 1
  y := not (a and b)  // on y
  match m {
    Idle => x := 1
    Mode.Busy | Idle => skip
    _ => {
      x := 2
      y := 3
    }
  }
  if a {
    skip
  } else if b {
    skip
  } else {
    x := -(1 - 2)
  }
  // last in body
}
// end of file
`);
    for (const c of ["header comment", "clock", "trailing A", "block before B", "after brace", "leading x", "on y", "last in body", "end of file"]) {
      expect(out).toContain(c);
    }
  });

  it("is idempotent on its own output and on the examples", () => {
    const once = fmt(MESSY);
    expect(fmt(once)).toBe(once);
    const dir = join(import.meta.dirname, "../../examples");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".vgl"))) {
      const text = readFileSync(join(dir, f), "utf8");
      const a = fmt(text);
      expect(fmt(a)).toBe(a);
      const comments = text.match(/\/\/[^\n]*/g) ?? [];
      for (const c of comments) expect(a).toContain(c.trim());
    }
  });

  it("moves a comment from inside an expression to the next line boundary instead of dropping it", () => {
    const out = fmt("const A = 1 + /* inner */ 2\nconst B = 3\n");
    expect(out).toContain("/* inner */");
    expect(parseText("t.vgl", out).diagnostics).toEqual([]);
  });

  it("keeps units and number spellings as written", () => {
    expect(fmt("const A = 0x1F + 1_000 + 1.5 ms + 16 MHz")).toBe("const A = 0x1F + 1_000 + 1.5 ms + 16 MHz\n");
  });
});

describe("vigil fmt", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "vigil-fmt-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function vigil(...args: string[]) {
    const io = captureIo();
    const code = await run(["node", "vigil", ...args], io);
    return { code, out: io.stdout(), err: io.stderr() };
  }

  it("prints the canonical text on stdout", async () => {
    const f = join(dir, "a.vgl");
    writeFileSync(f, "const   A=1\n");
    expect(await vigil("fmt", f)).toEqual({ code: 0, out: "const A = 1\n", err: "" });
  });

  it("--check exits 1 when not formatted and 0 when formatted, without touching the file", async () => {
    const f = join(dir, "b.vgl");
    writeFileSync(f, "const   A=1\n");
    const r = await vigil("fmt", "--check", f);
    expect(r.code).toBe(1);
    expect(r.err).toContain("not formatted");
    expect(readFileSync(f, "utf8")).toBe("const   A=1\n");
    writeFileSync(f, "const A = 1\n");
    expect((await vigil("fmt", "--check", f)).code).toBe(0);
  });

  it("--write rewrites the file in place, then --check passes", async () => {
    const f = join(dir, "c.vgl");
    writeFileSync(f, "const   A=1 // keep me\n");
    const r = await vigil("fmt", "--write", f);
    expect(r.code).toBe(0);
    expect(readFileSync(f, "utf8")).toBe("const A = 1  // keep me\n");
    expect(readdirSync(dir).filter((n) => n.includes(".tmp-"))).toEqual([]);
    expect((await vigil("fmt", "--check", f)).code).toBe(0);
  });

  it("never rewrites a file with syntax errors", async () => {
    const f = join(dir, "d.vgl");
    writeFileSync(f, "const = 1\n");
    const r = await vigil("fmt", "--write", f);
    expect(r.code).toBe(1);
    expect(r.err).toContain("VG1011");
    expect(readFileSync(f, "utf8")).toBe("const = 1\n");
  });

  it("rejects --check together with --write as a usage error", async () => {
    expect((await vigil("fmt", "--check", "--write", join(dir, "a.vgl"))).code).toBe(2);
  });
});
