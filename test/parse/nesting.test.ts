/**
 * Regression for issue 20, finding 2: the nesting guard could be bypassed (an identifier followed
 * by `if` reset its count, and error recovery then nested one conditional per `if`): 9 833
 * `if true then x` overflowed the stack in check and fmt. The guard now keeps counting while a
 * conditional expression waits for its `else`, and behind it a stack overflow of the parser is
 * VG1020 too (reached here by lifting the guard's limit).
 */
import { describe, expect, it } from "vitest";
import { parseText } from "../../src/parse/index.js";
import { parseTextFull } from "../../src/parse/parse-text.js";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

const tmp = mkdtempSync(join(tmpdir(), "vigil-nesting-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const wrap = (body: string): string => `device D
  target cortex-m4 at 16 MHz
  tick 1 ms
domain t integrity trusted confidentiality patient
state x: u8 = 0 in t
task k every 1 ms deadline 1 ms priority 1 in t {
  ${body}
}
`;

const N = 9833;
const BYPASSES = [
  "x := " + "if true then x ".repeat(N) + "1 +",
  "x := " + "if true then x + ".repeat(N) + "1",
  "x := (" + "if true then x ".repeat(N) + ")",
  "x := " + "if true then x else x if true then x ".repeat(N),
  "x := " + "if true then 1 ms ".repeat(N),
];

describe("nesting guard", () => {
  it("refuses the bypasses found by fuzzing with VG1020 (was a stack overflow)", () => {
    for (const b of BYPASSES) {
      const r = parseText("m.vgl", wrap(b));
      expect(r.diagnostics.map((d) => d.code)).toContain("VG1020");
      expect(r.model).toBeUndefined();
    }
  });

  it("check and fmt end with VG1020, exit 1, no internal error", async () => {
    const f = join(tmp, "deep.vgl");
    writeFileSync(f, wrap(BYPASSES[0]!));
    for (const cmd of [["check"], ["fmt", "--check"], ["fmt"]]) {
      const io = captureIo();
      const code = await run(["node", "vigil", ...cmd, f], io);
      expect(io.stdout() + io.stderr()).toContain("VG1020");
      expect(io.stdout() + io.stderr()).not.toContain("internal error");
      expect(code).toBe(1);
    }
  });

  it("still accepts valid statements after a complete conditional", () => {
    const body = "x := if true then 1 else 2\n  x := x\n  if x > 1 { x := 0 } else if x > 2 { x := 1 }\n".repeat(300);
    expect(parseText("m.vgl", wrap(body)).diagnostics).toEqual([]);
  });

  it("turns a stack overflow of the parser into VG1020 when the guard lets input through", () => {
    for (const deep of ["x := " + "(".repeat(20000) + "1 +" + ")".repeat(20000), "x := " + "-".repeat(20000) + "1 +", "x := " + "if true then x ".repeat(20000) + "1 +"]) {
      const r = parseTextFull("m.vgl", wrap(deep), 1e9);
      expect(r.diagnostics.map((d) => d.code)).toEqual(["VG1020"]);
      const d = r.diagnostics[0]!;
      expect(d.span!.offset + d.span!.length).toBeLessThanOrEqual(wrap(deep).length);
    }
  });
});
