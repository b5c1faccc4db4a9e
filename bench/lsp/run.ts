// Language-server benchmark: re-check time per keystroke on a generated 2 000-line model.
// Starts `vigil lsp --stdio --no-prove` as a child process, opens the model, then sends one-character
// edits (didChange with an incremental range, as an editor does on each keystroke) and measures the
// time from sending the edit to receiving the diagnostics published for that version. Three kinds
// of keystroke, alternately inserting and deleting a character: in a comment (the model stays
// valid), in a name (a check error, VG2001) and a stray bracket (a syntax error: the slow,
// error-recovering parse), after a warm-up round; then comment keystrokes while another document
// (the DDD pacemaker) is being proved on save. Prints median / p95 / max per kind and writes bench/results/lsp.json.
// Goal (issue 21): < 100 ms per keystroke.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";
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
const dddPath = join(root, "models", "ddd-pacemaker", "ddd.vgl");
const dddUri = pathToFileURL(dddPath).href;

const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "run-dev.ts"), "lsp", "--stdio", "--timeout", "60", ...(process.env.LSP_BENCH_WORKERS ? ["--workers", process.env.LSP_BENCH_WORKERS] : [])], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let waiting: { version: number; resolve: (p: PublishDiagnosticsParams) => void } | undefined;
conn.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
  if (waiting && p.uri === uri && p.version === waiting.version) waiting.resolve(p);
});
let proofDone: (() => void) | undefined;
let proofStatus = "";
conn.onNotification("vigil/proofStatus", (p: { uri: string; status: string; summary?: string }) => {
  if (p.uri !== dddUri) return;
  proofStatus = p.summary ?? p.status;
  if (p.status !== "running") proofDone?.();
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
const kinds: Record<string, { ms: number[]; diagnostics: number[] }> = {
  comment: await keystrokes(commentLine, lines[commentLine]!.length, "x"),
  name: await keystrokes(nameLine, nameCol, "q"),
  syntax: await keystrokes(nameLine, nameCol, "("),
};

// Keystrokes while the DDD pacemaker (another open document) is being proved after a save: the
// proof runs in the proof thread, so the re-check of the edited document should not slow down.
await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: dddUri, languageId: "vigil", version: 1, text: readFileSync(dddPath, "utf8") } });
const proved = new Promise<void>((r) => (proofDone = r));
await conn.sendNotification("textDocument/didSave", { textDocument: { uri: dddUri } });
const during: number[] = [];
const duringDiags: number[] = [];
let finished = false;
void proved.then(() => (finished = true));
while (!finished) {
  const k = await keystrokes(commentLine, lines[commentLine]!.length, "y");
  if (!finished) {
    during.push(...k.ms);
    duringDiags.push(...k.diagnostics);
  }
}
kinds.duringProof = { ms: during, diagnostics: duringDiags };

await conn.sendRequest("shutdown", null);
await conn.sendNotification("exit", null);
conn.dispose();

const summary = Object.fromEntries(
  Object.entries(kinds).map(([k, v]) => [k, { medianMs: +median(v.ms).toFixed(1), p95Ms: +p95(v.ms).toFixed(1), maxMs: +Math.max(...v.ms).toFixed(1), diagnosticsWhileEdited: median(v.diagnostics) }]),
);
// The goal is for editing alone; during a proof the solver threads share the machine's cores.
const worstP95 = Math.max(...Object.entries(summary).filter(([k]) => k !== "duringProof").map(([, s]) => s.p95Ms));
const result = {
  lines: lines.length - 1,
  bytes: text.length,
  keystrokesPerKind: KEYS,
  openMs: +openMs.toFixed(1),
  openDiagnostics: open.diagnostics.length,
  ...summary,
  proofDuringEdits: proofStatus,
  goalMs: GOAL_MS,
  metGoal: worstP95 < GOAL_MS,
};
console.log(`language server on a generated model of ${result.lines} lines: didChange -> publishDiagnostics per keystroke`);
console.log(`  didOpen           ${result.openMs} ms (${result.openDiagnostics} diagnostics)`);
for (const [k, s] of Object.entries(summary)) {
  console.log(`  ${k.padEnd(8)} median ${s.medianMs} ms  p95 ${s.p95Ms} ms  max ${s.maxMs} ms  (${s.diagnosticsWhileEdited} diagnostics while edited)`);
}
console.log(`  (duringProof: keystrokes while models/ddd-pacemaker/ddd.vgl was proved on save: ${proofStatus})`);
console.log(`  goal (editing alone): < ${GOAL_MS} ms per keystroke (p95): ${result.metGoal ? "met" : "NOT met"}`);
mkdirSync(join(here, "..", "results"), { recursive: true });
writeFileSync(join(here, "..", "results", "lsp.json"), JSON.stringify(result, null, 2) + "\n");
