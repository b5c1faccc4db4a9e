// Language-server benchmark: re-check time per keystroke on a generated 2 000-line model.
// Starts `vigil lsp --stdio --no-prove` as a child process, opens the model, then sends one-character
// edits (didChange with an incremental range, as an editor does on each keystroke) and measures the
// time from sending the edit to receiving the diagnostics published for that version. Three kinds
// of keystroke, alternately inserting and deleting a character: in a comment (the model stays
// valid), in a name (a check error, VG2001) and a stray bracket (a syntax error: the slow,
// error-recovering parse), after a warm-up round. Prints median / p95 / max per kind and writes bench/results/lsp.json.
// Goal (issue 21): < 100 ms per keystroke.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from "vscode-languageserver/node";
import { generateModel } from "../frontend/generate.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const LINES = 2000;
const KEYS = 40; // keystrokes per kind (half insertions, half deletions)
const GOAL_MS = 100;

const text = generateModel(LINES);
const lines = text.split("\n");
const uri = "file:///bench/lsp-bench.vgl";

const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "run-dev.ts"), "lsp", "--stdio", "--no-prove"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let waiting: { version: number; resolve: (p: PublishDiagnosticsParams) => void } | undefined;
conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
  if (waiting && p.uri === uri && p.version === waiting.version) waiting.resolve(p);
});
conn.onRequest(() => null);
conn.listen();

let version = 1;
function published(v: number): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => (waiting = { version: v, resolve }));
}

await conn.sendRequest("initialize", { processId: null, rootUri: null, capabilities: {} });
await conn.sendNotification("initialized", {});
const first = published(1);
const t0 = performance.now();
await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "vigil", version, text } });
const open = await first;
const openMs = performance.now() - t0;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
}

/** Type a character at (line, col) and delete it again, KEYS times; returns per-keystroke times and diagnostic counts. */
async function keystrokes(line: number, col: number, ch: string): Promise<{ ms: number[]; diagnostics: number[] }> {
  const ms: number[] = [];
  const diagnostics: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    const insert = i % 2 === 0;
    version++;
    const change = insert
      ? { range: { start: { line, character: col }, end: { line, character: col } }, text: ch }
      : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: "" };
    const wait = published(version);
    const s = performance.now();
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [change] });
    const p = await wait;
    ms.push(performance.now() - s);
    if (insert) diagnostics.push(p.diagnostics.length);
  }
  return { ms, diagnostics };
}

const mid = Math.floor(lines.length / 2);
const commentLine = lines.findIndex((l, i) => i >= mid && l.startsWith("// group"));
const nameLine = lines.findIndex((l, i) => i >= mid && l.includes("let level: u16 = sense_"));
const nameCol = lines[nameLine]!.indexOf("sense_") + 2;
await keystrokes(commentLine, lines[commentLine]!.length, " "); // warm-up (JIT), not counted
const kinds = {
  comment: await keystrokes(commentLine, lines[commentLine]!.length, "x"),
  name: await keystrokes(nameLine, nameCol, "q"),
  syntax: await keystrokes(nameLine, nameCol, "("),
};

await conn.sendRequest("shutdown", null);
await conn.sendNotification("exit", null);
conn.dispose();

const summary = Object.fromEntries(
  Object.entries(kinds).map(([k, v]) => [k, { medianMs: +median(v.ms).toFixed(1), p95Ms: +p95(v.ms).toFixed(1), maxMs: +Math.max(...v.ms).toFixed(1), diagnosticsWhileEdited: median(v.diagnostics) }]),
);
const worstP95 = Math.max(...Object.values(summary).map((s) => s.p95Ms));
const result = {
  lines: lines.length - 1,
  bytes: text.length,
  keystrokesPerKind: KEYS,
  openMs: +openMs.toFixed(1),
  openDiagnostics: open.diagnostics.length,
  ...summary,
  goalMs: GOAL_MS,
  metGoal: worstP95 < GOAL_MS,
};
console.log(`language server on a generated model of ${result.lines} lines: didChange -> publishDiagnostics per keystroke`);
console.log(`  didOpen           ${result.openMs} ms (${result.openDiagnostics} diagnostics)`);
for (const [k, s] of Object.entries(summary)) {
  console.log(`  ${k.padEnd(8)} median ${s.medianMs} ms  p95 ${s.p95Ms} ms  max ${s.maxMs} ms  (${s.diagnosticsWhileEdited} diagnostics while edited)`);
}
console.log(`  goal: < ${GOAL_MS} ms per keystroke (p95): ${result.metGoal ? "met" : "NOT met"}`);
mkdirSync(join(here, "..", "results"), { recursive: true });
writeFileSync(join(here, "..", "results", "lsp.json"), JSON.stringify(result, null, 2) + "\n");
