// Front-end benchmark: parse alone and parse + check on a generated 100 000-line model.
// Prints lines/s for both, check's time as a share of parse time, and writes
// bench/results/frontend.json. Goals (issue 2): parse + check >= 50 000 lines/s, check <= 30 % of
// parse. Each figure is the median of several runs after a warm-up run.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseText, type LoadedModel } from "../../src/parse/index.js";
import { makeSourceFile } from "../../src/source/span.js";
import { check } from "../../src/check/index.js";
import { lex } from "../../src/parse/lexer.js";
import { generateModel } from "./generate.js";

const LINES = 100_000;
const RUNS = 5;
const here = dirname(fileURLToPath(import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const text = generateModel(LINES);
const lines = text.split("\n").length - 1;
const src = makeSourceFile("bench.vgl", text);

const lexMs: number[] = [];
const parseMs: number[] = [];
const checkMs: number[] = [];
let errors = 0;
let checkErrors = 0;
for (let i = 0; i <= RUNS; i++) {
  const t0 = performance.now();
  lex(src);
  const t1 = performance.now();
  const r = parseText("bench.vgl", text);
  const t2 = performance.now();
  const loaded: LoadedModel = r.model
    ? { model: r.model, imports: [], sources: new Map([["bench.vgl", src]]), diagnostics: r.diagnostics }
    : { imports: [], sources: new Map([["bench.vgl", src]]), diagnostics: r.diagnostics };
  const checked = check(loaded);
  const t3 = performance.now();
  errors = r.diagnostics.length;
  checkErrors = checked.diagnostics.filter((d) => d.severity === "error").length;
  if (i === 0) continue; // warm-up
  lexMs.push(t1 - t0);
  parseMs.push(t2 - t1);
  checkMs.push(t3 - t2);
}

const parse = median(parseMs);
const chk = median(checkMs);
const result = {
  lines,
  bytes: text.length,
  runs: RUNS,
  lexMs: Math.round(median(lexMs)),
  parseMs: Math.round(parse),
  checkMs: Math.round(chk),
  parseLinesPerSec: Math.round((lines / parse) * 1000),
  parseCheckLinesPerSec: Math.round((lines / (parse + chk)) * 1000),
  checkShareOfParse: Math.round((chk / parse) * 1000) / 1000,
  syntaxDiagnostics: errors,
  checkErrors,
  goals: { parseCheckLinesPerSec: 50_000, checkShareOfParse: 0.3 },
  metGoals: (lines / (parse + chk)) * 1000 >= 50_000 && chk / parse <= 0.3,
};
console.log(`front end on a generated model of ${lines} lines (${(text.length / 1e6).toFixed(1)} MB), median of ${RUNS} runs:`);
console.log(`  lex alone         ${result.lexMs} ms`);
console.log(`  parse (lex+parse+AST)  ${result.parseMs} ms  ${result.parseLinesPerSec.toLocaleString("en")} lines/s`);
console.log(`  check             ${result.checkMs} ms  (${(result.checkShareOfParse * 100).toFixed(0)} % of parse)`);
console.log(`  parse + check     ${result.parseCheckLinesPerSec.toLocaleString("en")} lines/s  (goal 50,000; check <= 30 % of parse)`);
console.log(`  diagnostics: ${errors} syntax, ${checkErrors} check errors`);
mkdirSync(join(here, "..", "results"), { recursive: true });
writeFileSync(join(here, "..", "results", "frontend.json"), JSON.stringify(result, null, 2) + "\n");
