// Robustness: the checker never throws. Random token-level mutations of the examples and of the
// golden cases that still parse are checked; the result is clean or a list of diagnostics whose
// positions lie in the file.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkSource } from "./helpers.js";

const here = dirname(fileURLToPath(import.meta.url));
const dirs = [join(here, "..", "..", "examples"), ...["check", "flow", "property"].map((p) => join(here, "..", "cases", p))];
const sources = dirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".vgl"))
    .map((f) => readFileSync(join(dir, f), "utf8")),
);

/** Tokens worth splicing in: names, numbers with units, operators, keywords. */
const PIECES = [
  "0", "1", "255", "0 ms", "1.5 ms", "3 us", "16 MHz", "tick", "true", "false", "x", "lri", "pending", "vpace",
  "+", "-", "*", "/", "%", "<", "==", "and", "not", "if", "then", "else", "endorse", "declassify", "min", "max", "abs",
  "(", ")", ",", "[", "]", "u8", "time", "bool", "therapy", "telemetry", "pace", "radio", ":=", "let", "var", "match", "for", "in", "..", "{", "}", "=>", "_", "Mode", "Off", "buf", "[0; 4]",
];

describe("checker robustness", () => {
  it("never throws on mutated examples", () => {
    const words = sources.map((s) => s.split(/(\s+)/));
    let checked = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: words.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PIECES), fc.constantFrom("replace", "insert", "delete")), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          const ws = [...words[which]!];
          for (const [pos, piece, op] of edits) {
            const i = pos % ws.length;
            if (op === "replace") ws[i] = piece;
            else if (op === "insert") ws.splice(i, 0, " ", piece, " ");
            else ws.splice(i, 1);
          }
          const text = ws.join("");
          const m = checkSource(text);
          if (m.diagnostics.every((d) => !d.code.startsWith("VG1"))) checked++;
          for (const d of m.diagnostics) {
            if (!d.span) continue;
            expect(d.span.offset).toBeGreaterThanOrEqual(0);
            expect(d.span.offset + d.span.length).toBeLessThanOrEqual(text.length);
          }
        },
      ),
      { numRuns: 800 },
    );
    expect(checked).toBeGreaterThan(30);
  });
});
