/**
 * Regression for issue 20, finding 1: a leads_to monitor costs O(1) memory whatever its window.
 * `within 100000000 ms` once took 850 MB for 5 ticks and windows of 2^32 ticks crashed `vigil sim`
 * ("Invalid typed array length"); now the layout holds one slot per monitor, the longest window the
 * checker accepts (2^31 - 1 ticks) simulates instantly, and a longer one is VG4009.
 */
import { afterAll, describe, expect, it } from "vitest";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";
import { computeLayout } from "../../src/interp/layout.js";
import { createMachine } from "../../src/interp/index.js";
import { check } from "../../src/check/index.js";
import { lower } from "../../src/lower/index.js";
import { loadModel } from "../../src/parse/index.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tmp = mkdtempSync(join(tmpdir(), "vigil-monitor-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const model = (within: string): string => `device Demo
  target cortex-m4 at 16 MHz
  tick 1 ms

domain therapy integrity trusted confidentiality patient

input sensor: u8 in therapy
state x: u8 = 0 in therapy
task t every 1 ms deadline 1 ms priority 1 in therapy {
  x := sensor
}
property p: always x > 3 leads_to x == 0 within ${within}
`;

function program(within: string) {
  const f = join(tmp, "layout.vgl");
  writeFileSync(f, model(within));
  const checked = check(loadModel(f));
  expect(checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return lower(checked);
}

async function vigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(["node", "vigil", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("leads_to monitors cost O(1)", () => {
  it("lays out one slot per monitor, whatever the window", async () => {
    const small = computeLayout(program("2 ms"));
    const big = computeLayout(program("2147483647 ms"));
    expect(big.memSize).toBe(small.memSize);
    expect(big.monitors.get("p")).toMatchObject({ window: 2147483647 });
    // The machine's state key stays small too (exhaustive exploration hashes it).
    const m = createMachine(program("2147483647 ms"));
    expect(m.key(m.init()).length).toBeLessThan(200);
    const f = join(tmp, "long.vgl");
    writeFileSync(f, model("2147483647 ms"));
    const r = await vigil("ir", f);
    expect(r.code).toBe(0);
    expect(r.out).toContain("within 2147483647 ticks");
  });

  it("simulates the longest accepted window in a blink (was 850 MB for 10^8 ms)", async () => {
    for (const w of ["100000000 ms", "2147483647 ms"]) {
      const f = join(tmp, `w${w.length}.vgl`);
      writeFileSync(f, model(w));
      const before = process.memoryUsage().rss;
      const t0 = performance.now();
      const r = await vigil("sim", f, "--ticks", "5", "--random", "--seed", "1", "--format", "json");
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * 2 ** 20);
    }
  });

  it("rejects a window of 2^31 ticks or more with VG4009 (was a crash at 2^32)", async () => {
    for (const w of ["2147483648 ms", "4294967296 ms", "9007199254 s"]) {
      const f = join(tmp, "too-long.vgl");
      writeFileSync(f, model(w));
      const r = await vigil("sim", f, "--ticks", "5", "--random");
      expect(r.code).toBe(1);
      expect(r.out + r.err).toContain("VG4009");
      expect(r.out + r.err).not.toContain("internal error");
    }
  });
});
