/**
 * `vigil emit c <model> -o DIR`: writes exactly emitC(lower(check(load(model)))) plus the marker
 * .vigil-output, refuses models with check errors (exit 1, no directory), and writes atomically: a
 * failure leaves no partial directory and an existing one untouched; a success replaces it whole.
 * A path holding anything vigil did not write is refused (VG8002, exit 2) unless --force (issue 20).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { captureIo } from "../../src/cli/io.js";
import { run, version } from "../../src/cli/main.js";
import { emitC } from "../../src/emit/c/index.js";
import { realModels, ROOT } from "./models.js";

const tmp = mkdtempSync(join(tmpdir(), "vigil-emit-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VVI = join(ROOT, "examples", "vvi-pacemaker.vgl");

async function vigil(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(["node", "vigil", ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe("vigil emit c", () => {
  it("writes the emitted files of a clean model", async () => {
    const out = join(tmp, "vvi");
    const r = await vigil("emit", "c", VVI, "-o", out);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const real = await realModels();
    const m = real.models.find((x) => x.file === "examples/vvi-pacemaker.vgl");
    expect(m).toBeDefined();
    const files = emitC(m!.program, { version: version() });
    expect(readdirSync(out).sort()).toEqual([...files.map((f) => f.name), ".vigil-output"].sort());
    for (const f of files) expect(readFileSync(join(out, f.name), "utf8")).toBe(f.content);
    expect(r.out).toContain(`wrote ${join(out, "pacemakervvi_sched.c")}`);
  });

  it("replaces its own earlier output whole", async () => {
    const out = join(tmp, "replace");
    expect((await vigil("emit", "c", VVI, "-o", out)).code).toBe(0);
    writeFileSync(join(out, "stale.txt"), "old");
    const r = await vigil("emit", "c", VVI, "-o", out);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "stale.txt"))).toBe(false);
    expect(existsSync(join(out, "pacemakervvi.c"))).toBe(true);
  });

  it("refuses a directory of user files (VG8002, exit 2, untouched) unless --force", async () => {
    const out = join(tmp, "user-files");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    const r = await vigil("emit", "c", VVI, "-o", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain("VG8002");
    expect(readdirSync(out)).toEqual(["notes.txt"]);
    expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("mine");
    const f = await vigil("emit", "c", VVI, "-o", out, "--force");
    expect(f.code).toBe(0);
    expect(existsSync(join(out, "notes.txt"))).toBe(false);
  });

  it("refuses to replace a regular file by a directory (VG8002, exit 2)", async () => {
    const out = join(tmp, "a-file.c");
    writeFileSync(out, "int main(void) { return 0; }\n");
    const r = await vigil("emit", "c", VVI, "-o", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain("VG8002");
    expect(readFileSync(out, "utf8")).toBe("int main(void) { return 0; }\n");
  });

  it("writes into an existing empty directory", async () => {
    const out = join(tmp, "empty-dir");
    mkdirSync(out);
    const r = await vigil("emit", "c", VVI, "-o", out);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "pacemakervvi.c"))).toBe(true);
  });

  it("refuses a model with check errors: exit 1, nothing written", async () => {
    const bad = join(tmp, "bad.vgl");
    writeFileSync(bad, readFileSync(VVI, "utf8").replace("pending := prog_lri", "pending := no_such_input"));
    const out = join(tmp, "bad-out");
    const r = await vigil("emit", "c", bad, "-o", out);
    expect(r.code).toBe(1);
    expect(r.err).toContain("VG2001");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((n) => n.startsWith(".bad-out"))).toEqual([]);
  });

  it("reports VG8001 and leaves no partial directory when the output cannot be written", async () => {
    const blocker = join(tmp, "file");
    writeFileSync(blocker, "x");
    const r = await vigil("emit", "c", VVI, "-o", join(blocker, "out"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("VG8001");
    expect(readdirSync(tmp).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("adds the host test harness with --harness", async () => {
    const out = join(tmp, "with-harness");
    const r = await vigil("emit", "c", VVI, "-o", out, "--harness");
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, "pacemakervvi_harness.c"), "utf8")).toContain("int main(void)");
  });

  it("requires -o", async () => {
    const r = await vigil("emit", "c", VVI);
    expect(r.code).toBe(2);
  });
});
