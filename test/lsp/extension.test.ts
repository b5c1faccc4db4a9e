// The VS Code extension's static parts: the manifest points at files that exist, the TextMate
// grammar's patterns compile, and every keyword of the language grammar (grammar/Vigil.g4) is
// highlighted as a keyword (so the two grammars cannot drift apart silently).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEYWORDS } from "../../src/lsp/completion.js";
import { ROOT } from "./client.js";

const EXT = join(ROOT, "editors", "vscode");
const manifest = JSON.parse(readFileSync(join(EXT, "package.json"), "utf8")) as {
  main: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  contributes: { languages: { id: string; extensions: string[]; configuration: string }[]; grammars: { path: string; scopeName: string }[] };
};
type Pattern = { match?: string; begin?: string; end?: string; name?: string; patterns?: Pattern[] };
const grammar = JSON.parse(readFileSync(join(EXT, "syntaxes", "vigil.tmLanguage.json"), "utf8")) as { scopeName: string; repository: Record<string, Pattern> };

function allPatterns(p: Pattern): Pattern[] {
  return [p, ...(p.patterns ?? []).flatMap(allPatterns)];
}
const patterns = Object.values(grammar.repository).flatMap(allPatterns);

/** The scope name the grammar gives to `word` standing alone (first matching pattern in order). */
function scopeOf(word: string): string | undefined {
  for (const p of patterns) {
    if (!p.match || !p.name) continue;
    const m = new RegExp(p.match).exec(word);
    if (m && m.index === 0 && m[0] === word) return p.name;
  }
  return undefined;
}

describe("VS Code extension", () => {
  it("the manifest's files exist; the .vgl language uses the grammar; packaging is an npm script with vsce 3", () => {
    expect(existsSync(join(EXT, manifest.main))).toBe(true);
    const lang = manifest.contributes.languages[0]!;
    expect(lang).toMatchObject({ id: "vigil", extensions: [".vgl"] });
    expect(existsSync(join(EXT, lang.configuration))).toBe(true);
    expect(existsSync(join(EXT, manifest.contributes.grammars[0]!.path))).toBe(true);
    expect(manifest.contributes.grammars[0]!.scopeName).toBe(grammar.scopeName);
    expect(manifest.scripts.package).toMatch(/^vsce package\b/);
    expect(manifest.devDependencies["@vscode/vsce"]).toMatch(/^\^3\./);
    expect(readFileSync(join(EXT, "extension.js"), "utf8")).toContain('"lsp", "--stdio"');
  });

  it("every pattern of the TextMate grammar compiles", () => {
    for (const p of patterns) for (const re of [p.match, p.begin, p.end]) if (re) expect(() => new RegExp(re), re).not.toThrow();
  });

  it("every keyword of grammar/Vigil.g4 is highlighted as a keyword or type", () => {
    const g4 = readFileSync(join(ROOT, "grammar", "Vigil.g4"), "utf8");
    const words = [...g4.matchAll(/^[A-Z_]+:\s*'([a-z_]+)';/gm)].map((m) => m[1]!).filter((w) => w !== "_");
    expect(words.length).toBeGreaterThan(50);
    const units = new Set(["us", "ms", "s"]);
    for (const w of words) {
      if (units.has(w)) continue; // units are highlighted after a number (see below)
      expect(scopeOf(w), w).toMatch(/^(keyword|storage|support\.type|constant\.language)\./);
      expect(KEYWORDS, `completion keyword ${w}`).toContain(w);
    }
    const num = patterns.find((p) => p.match?.includes("kHz"))!;
    expect(new RegExp(num.match!).exec("50 ms")?.[2]).toBe("ms");
    expect(scopeOf("// a comment")).toBe("comment.line.double-slash.vigil");
  });
});
