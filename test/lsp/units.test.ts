// The language server's pure parts, in-process: positions (UTF-16, CRLF, clamping), URIs,
// diagnostics conversion (imported files, diagnostics without a place), hover texts, completion
// contexts, and the session's coalescing of changes and re-checking of importers.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/lsp/analysis.js";
import { completions } from "../../src/lsp/completion.js";
import { toLspDiagnostics } from "../../src/lsp/diagnostics.js";
import { formatDocument } from "../../src/lsp/format.js";
import { hover, quantities } from "../../src/lsp/hover.js";
import { offsetAt, pathOfUri, positionAt, uriOfPath } from "../../src/lsp/positions.js";
import { Session } from "../../src/lsp/session.js";
import { makeSourceFile } from "../../src/source/span.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-lsp-units-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("positions and URIs", () => {
  it("offsets and LSP positions round-trip in UTF-16 code units, CRLF included", () => {
    const src = makeSourceFile("a.vgl", "ab\r\n\u{1F600}x\ny");
    expect(positionAt(src, 4)).toEqual({ line: 1, character: 0 });
    expect(positionAt(src, 6)).toEqual({ line: 1, character: 2 }); // after the surrogate pair
    for (let o = 0; o <= src.text.length; o++) expect(offsetAt(src, positionAt(src, o))).toBe(o);
    expect(offsetAt(src, { line: 0, character: 99 })).toBe(3); // clamped to its line (before \n)
    expect(offsetAt(src, { line: 9, character: 0 })).toBe(src.text.length);
  });

  it("file URIs map to absolute paths and back; other URIs stand for themselves", () => {
    const p = join(dir, "m.vgl");
    expect(pathOfUri(pathToFileURL(p).href)).toBe(p);
    expect(uriOfPath(p)).toBe(pathToFileURL(p).href);
    expect(pathOfUri("untitled:Untitled-1")).toBe("untitled:Untitled-1");
    expect(uriOfPath("untitled:Untitled-1")).toBe("untitled:Untitled-1");
  });
});

describe("diagnostics conversion", () => {
  it("a syntax error inside an imported file is shown on the import line, with its real place related", () => {
    const main = join(dir, "main.vgl");
    const lib = join(dir, "lib.vgl");
    writeFileSync(lib, "const A = \n");
    const text = '// top\nimport "lib.vgl"\nconst B = 1\n';
    const a = analyze(main, new Map([[main, text]]));
    const ds = toLspDiagnostics(a.checked.diagnostics, { path: main, sources: a.loaded.sources, model: a.loaded.model! });
    expect(ds.length).toBeGreaterThan(0);
    expect(ds[0]!.range.start).toEqual({ line: 1, character: 0 });
    expect(ds[0]!.message).toMatch(new RegExp(`^in ${lib.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: `));
    expect(ds[0]!.relatedInformation![0]!.location.uri).toBe(pathToFileURL(lib).href);
    const real = a.checked.diagnostics[0]!.span!;
    expect(real.file).toBe(lib);
    expect(ds[0]!.relatedInformation![0]!.location.range.start).toEqual({ line: real.line - 1, character: real.col - 1 });
  });

  it("a diagnostic without a place is shown at the document's start", () => {
    const missing = join(dir, "nope.vgl");
    const a = analyze(missing, new Map());
    const ds = toLspDiagnostics(a.checked.diagnostics, { path: missing, sources: a.loaded.sources });
    expect(ds.map((d) => [d.code, d.range.start, d.severity])).toEqual([["VG0001", { line: 0, character: 0 }, 1]]);
  });
});

describe("hover and completion", () => {
  const path = join(dir, "h.vgl");
  const text = [
    "device D",
    "  target cortex-m4 at 16 MHz",
    "  tick 1 ms",
    "domain d integrity trusted confidentiality public",
    "const P: time = 1500 us",
    "const F: freq = 2 kHz",
    "input x: int[0 .. 9] in d",
    "state y: int[0 .. 20] = 0 in d",
    "task t every 10 ms deadline 2 ms priority 1 in d {",
    "  y := x + x",
    "}",
    "",
  ].join("\n");
  const a = analyze(path, new Map([[path, text]]));

  it("units are shown in the largest unit that divides the value", () => {
    expect(quantities("time", 50_000n)).toEqual(["50 ms"]);
    expect(quantities("time", 0n, 2_000_000n)).toEqual(["0 s", "2 s"]);
    expect(quantities("time", 1500n)).toEqual(["1500 us"]);
    expect(quantities("freq", 16_000_000n)).toEqual(["16 MHz"]);
    expect(quantities("none", 7n)).toEqual(["7"]);
    expect(a.checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const p = hover(a, text.indexOf("P:"))!;
    expect((p.contents as { value: string }).value).toMatch(/const P: time\[0 us \.\. \d+ us\] = 1500 us/);
    const f = hover(a, text.indexOf("F:"))!;
    expect((f.contents as { value: string }).value).toContain("= 2 kHz");
    const y = hover(a, text.indexOf("y :="))!;
    expect((y.contents as { value: string }).value).toBe("```vigil\nstate y: int[0 .. 20] = 0\n```\n- range 0 .. 20 (plain number)\n- domain `d` (trusted, confidentiality public)");
  });

  it("an expression that is not a name shows its inferred range", () => {
    const h = hover(a, text.indexOf("+ x"))!;
    expect((h.contents as { value: string }).value).toContain("int[0 .. 18]");
    expect(hover(a, text.indexOf("device") + 1)).toBeNull();
  });

  it("completion after a dot that is not an enum offers nothing; elsewhere names and keywords", () => {
    expect(completions(a, "  y := x.", text.indexOf("y :="))).toEqual([]);
    const all = completions(a, "  y := ", text.indexOf("y :=")).map((c) => c.label);
    expect(all).toEqual(expect.arrayContaining(["x", "y", "P", "t", "d", "if", "u8", "abs"]));
    expect(completions(undefined, "", 0).length).toBeGreaterThan(50); // keywords even before a parse
  });

  it("formatting returns no edit for canonical text and none at all for text with syntax errors", () => {
    const canon = formatDocument(path, text)!;
    const once = canon.length === 0 ? text : canon[0]!.newText;
    expect(formatDocument(path, once)).toEqual([]);
    expect(formatDocument(path, "const = 1\n")).toBeNull();
  });
});

describe("session", () => {
  it("coalesces changes that arrive together into one re-check of the latest text", async () => {
    const seen: number[] = [];
    const s = new Session((_uri, _a, version) => seen.push(version));
    const uri = pathToFileURL(join(dir, "s.vgl")).href;
    s.open(uri, "const A = 1\n", 1);
    s.change(uri, "const A = 2\n", 2);
    s.change(uri, "const A = 3\n", 3);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([3]);
    expect(s.analysisOf(uri)!.source!.text).toBe("const A = 3\n");
  });

  it("a request sees the latest text even before the scheduled re-check ran", () => {
    const s = new Session(() => undefined);
    const uri = pathToFileURL(join(dir, "r.vgl")).href;
    s.open(uri, "const A = 1\n", 1);
    s.change(uri, "const B = 1\n", 2);
    expect(s.analysisOf(uri)!.checked.globals.has("B")).toBe(true);
  });

  it("editing an open imported file re-checks the documents that import it", () => {
    const main = join(dir, "imp-main.vgl");
    const lib = join(dir, "imp-lib.vgl");
    writeFileSync(lib, "const A = 1\n");
    const checked: string[] = [];
    const s = new Session((uri) => checked.push(uri));
    const mainUri = pathToFileURL(main).href;
    const libUri = pathToFileURL(lib).href;
    s.open(mainUri, 'import "imp-lib.vgl"\nconst B = A\n', 1);
    s.flush();
    s.open(libUri, "const Z = 1\n", 1);
    s.flush();
    expect(checked).toEqual([mainUri, libUri, mainUri]);
    expect(s.analysisOf(mainUri)!.checked.diagnostics.map((d) => d.code)).toContain("VG2001");
  });
});

describe("every request on the reference models", () => {
  const files = ["examples/watchdog.vgl", "examples/irq-sensor.vgl", "examples/isolation.vgl", "models/ddd-pacemaker/ddd.vgl", "models/pca-pump/pca.vgl"];
  for (const rel of files) {
    it(`answers at every word of ${rel} without throwing, and every definition is a declaration`, async () => {
      const { existsSync, readFileSync } = await import("node:fs");
      const { ROOT } = await import("./client.js");
      const { definition, documentSymbols, references } = await import("../../src/lsp/navigation.js");
      const path = join(ROOT, rel);
      if (!existsSync(path)) return;
      const text = readFileSync(path, "utf8");
      const a = analyze(path, new Map([[path, text]]));
      expect(a.checked.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(documentSymbols(a).length).toBeGreaterThan(3);
      let defs = 0;
      for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
        const o = m.index + 1;
        hover(a, o);
        completions(a, "", o);
        const d = definition(a, o);
        if (d && !text.slice(Math.max(0, m.index - 8), m.index).includes("import")) {
          defs++;
          const refs = references(a, o, true);
          expect(refs.length).toBeGreaterThan(0);
          expect(refs[0]).toEqual(d); // the declaration comes first
        }
      }
      expect(defs).toBeGreaterThan(20);
    });
  }
});
