// loadModel with an overlay (the language server's open documents): the primary file and imported
// files are taken from the overlay when it holds them, from disk otherwise; imports still resolve
// relative to the importing file; overlay texts pass the same checks as files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadModel } from "../../src/parse/index.js";

const dir = mkdtempSync(join(tmpdir(), "vigil-overlay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const main = join(dir, "main.vgl");
const lib = join(dir, "lib.vgl");
writeFileSync(main, 'import "lib.vgl"\nconst B = A + 1\n');
writeFileSync(lib, "const A = 1\n");

describe("loadModel with an overlay", () => {
  it("without an overlay reads the disk", () => {
    const l = loadModel(main);
    expect(l.diagnostics).toEqual([]);
    expect(l.imports[0]!.decls.map((d) => (d.kind === "Const" ? d.name.name : ""))).toEqual(["A"]);
  });

  it("takes the primary file's text from the overlay (unsaved edits)", () => {
    const l = loadModel(main, new Map([[main, 'import "lib.vgl"\nconst C = A + 2\n']]));
    expect(l.model!.decls.map((d) => (d.kind === "Const" ? d.name.name : ""))).toEqual(["C"]);
    expect(l.sources.get(main)!.text).toContain("const C");
  });

  it("takes an imported file from the overlay, resolved relative to the importer", () => {
    const l = loadModel(main, new Map([[lib, "const A = 1\nconst Z = 2\n"]]));
    expect(l.imports[0]!.decls.length).toBe(2);
    expect(l.sources.get(lib)!.text).toContain("Z");
  });

  it("a file that exists only in the overlay loads (a new, unsaved import)", () => {
    const ghost = join(dir, "ghost.vgl");
    const l = loadModel(main, new Map([[main, 'import "ghost.vgl"\nconst B = G\n'], [ghost, "const G = 7\n"]]));
    expect(l.diagnostics).toEqual([]);
    expect(l.imports.length).toBe(1);
  });

  it("overlay texts with a NUL character are refused like binary files (VG0005)", () => {
    const l = loadModel(main, new Map([[main, "const A = 1\u0000\n"]]));
    expect(l.diagnostics.map((d) => d.code)).toEqual(["VG0005"]);
    expect(l.model).toBeUndefined();
  });
});
