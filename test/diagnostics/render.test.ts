// Text and JSON rendering of diagnostics.
import { describe, expect, it } from "vitest";
import { diag } from "../../src/diagnostics/diagnostic.js";
import { renderJson, renderText } from "../../src/diagnostics/render.js";
import { makeSourceFile, spanAt } from "../../src/source/span.js";

const src = makeSourceFile("m.vgl", "const A = 1\nconst A = 2\n\tx := bad + 1\n");
const sources = new Map([["m.vgl", src]]);

describe("renderText", () => {
  it("prints location, code, the source line with a caret underline, related notes and help", () => {
    const d = diag("VG2002", spanAt(src, 18, 1), "`A` is declared twice", {
      related: [{ span: spanAt(src, 6, 1), message: "first declared here" }],
      notes: ["rename one of them"],
    });
    expect(renderText([d], sources)).toBe(
      [
        "m.vgl:2:7: error VG2002: `A` is declared twice",
        " 2 | const A = 2",
        "   |       ^",
        "m.vgl:1:7: note: first declared here",
        " 1 | const A = 1",
        "   |       ^",
        "  help: rename one of them",
        "",
      ].join("\n"),
    );
  });

  it("underlines the whole span with ^~~~, keeps tabs aligned and clips to the line", () => {
    const d = diag("VG2001", spanAt(src, 30, 3), "`bad` is not defined");
    expect(renderText([d], sources)).toBe("m.vgl:3:7: error VG2001: `bad` is not defined\n 3 | \tx := bad + 1\n   | \t     ^~~\n");
    const long = diag("VG2005", spanAt(src, 6, 100), "spans several lines");
    expect(renderText([long], sources).split("\n")[2]).toBe("   |       ^~~~~");
  });

  it("renders a diagnostic without a span as one line", () => {
    expect(renderText([diag("VG0001", undefined, "cannot read 'x.vgl': no such file")], sources)).toBe(
      "vigil: error VG0001: cannot read 'x.vgl': no such file\n",
    );
  });

  it("shows a window of very long lines, and colours only when asked", () => {
    const line = "const A = " + "1 + ".repeat(500) + "1";
    const s = makeSourceFile("l.vgl", line);
    const d = diag("VG1020", spanAt(s, 1000, 1), "nesting too deep");
    const text = renderText([d], new Map([["l.vgl", s]]));
    for (const l of text.split("\n")) expect(l.length).toBeLessThan(200);
    expect(text).toContain("...");
    expect(text).not.toContain("\u001b[");
    expect(renderText([d], new Map([["l.vgl", s]]), { color: true })).toContain("\u001b[1;31merror");
  });

  it("survives spans outside their file and unknown files", () => {
    const bad = diag("VG1010", { file: "m.vgl", line: 99, col: 5, offset: 999, length: 3 }, "far away");
    expect(renderText([bad], sources)).toBe("m.vgl:99:5: error VG1010: far away\n");
    const other = diag("VG1010", { file: "other.vgl", line: 1, col: 1, offset: 0, length: 1 }, "elsewhere");
    expect(renderText([other], sources)).toBe("other.vgl:1:1: error VG1010: elsewhere\n");
  });
});

describe("renderJson", () => {
  it("gives stable objects with fixed keys, null positions when there is no span", () => {
    const d = diag("VG2002", spanAt(src, 18, 1), "dup", { related: [{ span: spanAt(src, 6, 1), message: "first declared here" }], notes: ["n"] });
    const json = JSON.parse(renderJson([d, diag("VG0001", undefined, "missing")])) as Record<string, unknown>[];
    expect(Object.keys(json[0]!)).toEqual(["code", "severity", "message", "file", "line", "col", "offset", "length", "related", "notes"]);
    expect(json[0]).toEqual({
      code: "VG2002",
      severity: "error",
      message: "dup",
      file: "m.vgl",
      line: 2,
      col: 7,
      offset: 18,
      length: 1,
      related: [{ message: "first declared here", file: "m.vgl", line: 1, col: 7, offset: 6, length: 1 }],
      notes: ["n"],
    });
    expect(json[1]).toMatchObject({ code: "VG0001", file: null, line: null, col: null, offset: null, length: null });
  });
});
