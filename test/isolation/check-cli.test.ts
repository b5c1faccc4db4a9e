// `vigil check --flow-proof` (src/cli/commands/check.ts): a flow the strict check rejects gets a
// VG3009 note right after its error when the relational proof shows it harmless, and none when it
// is a real leak; the errors and the exit code stay; without --flow-proof nothing changes.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import { captureIo } from "../../src/cli/io.js";

const cases = join(import.meta.dirname, "cases");

describe("vigil check --flow-proof", () => {
  it("notes a harmless flow after its error, keeps the error and exit code 1", async () => {
    const io = captureIo();
    const code = await run(["node", "vigil", "check", "--flow-proof", join(cases, "proved", "same-value-arms.vgl")], io);
    expect(code).toBe(1);
    const err = io.stderr();
    const errors = [...err.matchAll(/error VG3003/g)].length;
    const notes = [...err.matchAll(/note VG3009: the relational proof accepts this flow: `noninterference radio -> safe` proved/g)].length;
    expect(errors).toBe(2);
    expect(notes).toBe(2);
    // Each note follows its error (same line:col).
    const first = /same-value-arms\.vgl:(\d+:\d+): error VG3003/.exec(err)?.[1];
    expect(err).toMatch(new RegExp(`same-value-arms\\.vgl:${first}: note VG3009`));
    expect(err.indexOf("error VG3003")).toBeLessThan(err.indexOf("note VG3009"));
  });

  it("gives no note for a real leak, and no note without the option", async () => {
    const leak = captureIo();
    expect(await run(["node", "vigil", "check", "--flow-proof", join(cases, "falsified", "branch-condition.vgl")], leak)).toBe(1);
    expect(leak.stderr()).toContain("error VG3003");
    expect(leak.stderr()).not.toContain("VG3009");
    const plain = captureIo();
    expect(await run(["node", "vigil", "check", join(cases, "proved", "same-value-arms.vgl")], plain)).toBe(1);
    expect(plain.stderr()).not.toContain("VG3009");
  });

  it("JSON output carries the notes with the errors", async () => {
    const io = captureIo();
    await run(["node", "vigil", "check", "--flow-proof", "--format", "json", join(cases, "proved", "overwritten.vgl")], io);
    const j = JSON.parse(io.stdout()) as { ok: boolean; diagnostics: { code: string; severity: string }[] };
    expect(j.ok).toBe(false);
    expect(j.diagnostics.filter((d) => d.code === "VG3009").map((d) => d.severity)).toEqual(["note"]);
    expect(j.diagnostics.some((d) => d.code === "VG3002" || d.code === "VG3003")).toBe(true);
  });
});
