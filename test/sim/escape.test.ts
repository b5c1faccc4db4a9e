/**
 * Regression (issue 20, finding 4): raw bytes of a trace (NUL, ESC, other controls) were echoed
 * into error messages and excerpts, so a crafted trace could drive the terminal. Rendered text now
 * shows them as \xNN in messages and U+FFFD in excerpts (one column: the caret still lines up).
 * Also the README drift of finding 5: the documented fmt example is formatted, build/ is ignored.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";

const tmp = mkdtempSync(join(tmpdir(), "vigil-escape-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function vigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(["node", "vigil", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f]/;

describe("control characters in traces", () => {
  const traces: [string, string][] = [
    ["cell.csv", "vsense,prog_lri,UART0\n1\u0000\u0001\u001b[31mX,2,0\n"],
    ["header.csv", "vs\u0000\u001bense,prog_lri,UART0\n1,2,0\n"],
    ["cell.json", '[{"vsense":"a\\u0000\\u001b[31m","prog_lri":1,"UART0":0}]'],
  ];
  for (const [name, text] of traces) {
    it(`are escaped in the diagnostics for ${name}`, async () => {
      const f = join(tmp, name);
      writeFileSync(f, text);
      const r = await vigil("sim", "examples/vvi-pacemaker.vgl", "--ticks", "1", "--inputs", f);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/VG500[37]/);
      expect(r.err).not.toMatch(RAW);
      expect(r.err).toContain("\\x00");
    });
  }

  it("keep the caret under the offending cell", async () => {
    const f = join(tmp, "caret.csv");
    writeFileSync(f, "vsense,prog_lri,UART0\n1,2\u001b,0\n");
    const r = await vigil("sim", "examples/vvi-pacemaker.vgl", "--ticks", "1", "--inputs", f);
    const lines = r.err.split("\n");
    const src = lines.findIndex((l) => l.includes("\ufffd"));
    expect(src).toBeGreaterThan(0);
    expect(lines[src + 1]!.indexOf("^")).toBe(lines[src]!.indexOf("2\ufffd"));
  });
});

describe("README drift", () => {
  it("examples/watchdog.vgl passes vigil fmt --check; build/ is in .gitignore", async () => {
    const r = await vigil("fmt", "--check", "examples/watchdog.vgl");
    expect(r.code).toBe(0);
    expect(readFileSync(".gitignore", "utf8").split("\n")).toContain("build/");
  });
});
