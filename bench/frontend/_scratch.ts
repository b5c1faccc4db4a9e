import { CharStream, CommonTokenStream, PredictionMode, ListTokenSource, Token } from "antlr4ng";
import { VigilLexer } from "../../src/parse/generated/VigilLexer.js";
import { VigilParser } from "../../src/parse/generated/VigilParser.js";
import { readFileSync } from "node:fs";
const ex = readFileSync("/work/main/examples/vvi-pacemaker.vgl", "utf8");
const body = ex.slice(ex.indexOf("task pace"), ex.indexOf("property no_brady"));
let text = ex.slice(0, ex.indexOf("task pace"));
let i = 0;
while (text.split("\n").length < 100000) { text += body.replace(/task (\w+)/g, `task $1_${i}`); i++; }
const lexer = new VigilLexer(CharStream.fromString(text));
const all = lexer.getAllTokens().filter((t) => t.channel === 0);
console.log(all.length);
for (let rep = 0; rep < 4; rep++) {
let t1 = performance.now();
const ts = new CommonTokenStream(new ListTokenSource(all));
const p = new VigilParser(ts);
p.removeErrorListeners();
p.interpreter.predictionMode = PredictionMode.SLL;
const tree = p.file();
let t2 = performance.now();
console.log("parse", (t2 - t1).toFixed(0), p.numberOfSyntaxErrors);
}
