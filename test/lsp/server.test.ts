// The language server driven over stdio, as an editor would: initialize, didOpen, didChange
// (diagnostics with VG codes and ranges, from the in-memory text), hover, definition, references,
// documentSymbol, formatting, completion, and proof code lenses after didSave.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeLens, CompletionItem, Diagnostic, DocumentSymbol, Hover, Location, TextEdit } from "vscode-languageserver";
import { formatModel } from "../../src/fmt/index.js";
import { parseText } from "../../src/parse/index.js";
import { LspClient, ROOT } from "./client.js";

const DIR = join(ROOT, "test", "lsp", "models");
const COUNTER = join(DIR, "counter.vgl");
const LIMITS = join(DIR, "limits.vgl");
const uri = pathToFileURL(COUNTER).href;
const limitsUri = pathToFileURL(LIMITS).href;
const text = readFileSync(COUNTER, "utf8");

/** The LSP position of the `nth` occurrence of `needle` (plus `delta` characters). */
function pos(t: string, needle: string, nth = 0, delta = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = t.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  const before = t.slice(0, at + delta);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}

let c: LspClient;
let version = 1;

async function change(newText: string): Promise<Diagnostic[]> {
  version++;
  const m = c.mark();
  await c.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text: newText }] });
  return (await c.diagnostics(uri, version, m)).diagnostics;
}

type Published = { uri: string; diagnostics: Diagnostic[] };
const published = (u: string, pred: (ds: Diagnostic[]) => boolean) => (n: { method: string; params: unknown }) =>
  n.method === "textDocument/publishDiagnostics" && (n.params as Published).uri === u && pred((n.params as Published).diagnostics);
const status = (s: string) => (n: { method: string; params: unknown }) => n.method === "vigil/proofStatus" && (n.params as { status: string }).status === s;

beforeAll(async () => {
  c = LspClient.start();
  await c.initialize({ proofTimeoutMs: 20_000 });
  await c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "vigil", version, text } });
}, 60_000);

afterAll(async () => {
  if (c.child.exitCode === null) c.child.kill();
});

describe("vigil lsp over stdio", () => {
  it("publishes no error for a clean model on didOpen", async () => {
    const d = await c.diagnostics(uri, 1);
    expect(d.diagnostics.filter((x) => x.severity === 1)).toEqual([]);
  });

  it("re-checks the in-memory text on didChange: VG codes, ranges, help and related notes", async () => {
    const bad = text.replace("led := count == LIMIT", "led := count == LIMTI");
    const ds = await change(bad);
    const e = ds.find((x) => x.code === "VG2001");
    expect(e, JSON.stringify(ds)).toBeDefined();
    expect(e!.source).toBe("vigil");
    expect(e!.severity).toBe(1);
    const p = pos(bad, "LIMTI");
    expect(e!.range).toEqual({ start: p, end: { line: p.line, character: p.character + 5 } });
    expect(e!.message).toBe("`LIMTI` is not defined");
    // Help text is appended to the message.
    const dom = await change(text.replace("priority 1 in ctl {", "priority 1 in ctll {"));
    expect(dom.find((x) => x.code === "VG2001")?.message).toBe("domain `ctll` is not defined\nhelp: did you mean `ctl`?");
    // A duplicate declaration carries the first declaration as related information.
    const dup = await change(text.replace("output led: bool in ctl", "output led: bool in ctl\nstate led: bool = false in ctl"));
    const d2 = dup.find((x) => x.code === "VG2002");
    expect(d2?.relatedInformation?.[0]?.location.uri).toBe(uri);
    expect(d2?.relatedInformation?.[0]?.location.range.start).toEqual(pos(text, "led"));
    // A syntax error.
    const syn = await change(text.replace("state count: int[0 .. 10] = 0 in ctl", "state count: int[0 .. 10] = in ctl"));
    expect(syn.some((x) => x.code?.toString().startsWith("VG10"))).toBe(true);
    expect(await change(text)).toEqual([]);
    // Incremental edits (what editors send on each keystroke) are applied to the in-memory text.
    const at = pos(text, "led := count == LIMIT", 0, "led := count == LIMIT".length);
    version++;
    const m = c.mark();
    await c.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: "X" }] });
    const inc = (await c.diagnostics(uri, version, m)).diagnostics;
    expect(inc.map((x) => [x.code, x.message])).toEqual([["VG2001", "`LIMITX` is not defined\nhelp: did you mean `LIMIT`?"]]);
    expect(await change(text)).toEqual([]);
  });

  it("reads imported constant files from open documents (overlay), relative to the document", async () => {
    const m = c.mark();
    await c.notify("textDocument/didOpen", {
      textDocument: { uri: limitsUri, languageId: "vigil", version: 1, text: "// helper\nconst MAX: int[0 .. 100] = 3\n" },
    });
    const d = await c.waitFor(published(uri, (ds) => ds.some((x) => x.code === "VG2001")), m);
    const undefinedLimit = (d.params as Published).diagnostics.filter((x) => x.code === "VG2001");
    expect(undefinedLimit.map((x) => x.message)).toContain("`LIMIT` is not defined");
    // Closing it falls back to the file on disk, and the importer is re-checked.
    const m2 = c.mark();
    await c.notify("textDocument/didClose", { textDocument: { uri: limitsUri } });
    await c.waitFor(published(uri, (ds) => ds.length === 0), m2);
    await c.waitFor(published(limitsUri, (ds) => ds.length === 0), m2);
  });

  it("hover shows type, range, unit and domain", async () => {
    const h = await c.request<Hover>("textDocument/hover", { textDocument: { uri }, position: pos(text, "count := next", 0, 1) });
    const v = (h.contents as { value: string }).value;
    expect(v).toContain("state count: int[0 .. 10] = 0");
    expect(v).toContain("- range 0 .. 10 (plain number)");
    expect(v).toContain("domain `ctl` (trusted, confidentiality public)");
    const lim = await c.request<Hover>("textDocument/hover", { textDocument: { uri }, position: pos(text, "LIMIT", 1) });
    expect((lim.contents as { value: string }).value).toContain("const LIMIT: int[0 .. 100] = 3");
    const task = await c.request<Hover>("textDocument/hover", { textDocument: { uri }, position: pos(text, "step") });
    expect((task.contents as { value: string }).value).toMatch(/every 1 ms, deadline 1 ms, priority 1/);
    const local = await c.request<Hover>("textDocument/hover", { textDocument: { uri }, position: pos(text, "next", 1) });
    expect((local.contents as { value: string }).value).toContain("let next: int[1 .. 11]");
  });

  it("goes to definitions, also in an imported file, and finds references", async () => {
    const d = await c.request<Location>("textDocument/definition", { textDocument: { uri }, position: pos(text, "LIMIT", 2) });
    expect(d.uri).toBe(limitsUri);
    expect(d.range.start).toEqual({ line: 1, character: 6 });
    const local = await c.request<Location>("textDocument/definition", { textDocument: { uri }, position: pos(text, "next", 1) });
    expect(local).toEqual({ uri, range: { start: pos(text, "next"), end: pos(text, "next", 0, 4) } });
    const member = await c.request<Location>("textDocument/definition", { textDocument: { uri }, position: pos(text, "Mode.run", 0, 6) });
    expect(member.range.start).toEqual(pos(text, "run }"));
    const imp = await c.request<Location>("textDocument/definition", { textDocument: { uri }, position: pos(text, "limits.vgl") });
    expect(imp).toEqual({ uri: limitsUri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    const refs = await c.request<Location[]>("textDocument/references", { textDocument: { uri }, position: pos(text, "count"), context: { includeDeclaration: true } });
    const expected = text.split(/\bcount\b/).length - 1;
    expect(refs.length).toBe(expected);
    const noDecl = await c.request<Location[]>("textDocument/references", { textDocument: { uri }, position: pos(text, "count"), context: { includeDeclaration: false } });
    expect(noDecl.length).toBe(expected - 1);
    const hl = await c.request<{ kind: number }[]>("textDocument/documentHighlight", { textDocument: { uri }, position: pos(text, "count", 2) });
    expect(hl.length).toBe(expected);
    expect(hl.filter((h) => h.kind === 3).length).toBe(1); // the declaration (Write)
  });

  it("lists document symbols in declaration order", async () => {
    const s = await c.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(s.map((x) => x.name)).toEqual(["Counter", "ctl", "Mode", "go", "count", "mode", "led", "step", "bounded", "never_full"]);
    expect(s.find((x) => x.name === "Mode")?.children?.map((x) => x.name)).toEqual(["idle", "run"]);
    expect(s.find((x) => x.name === "count")?.detail).toBe("state int[0 .. 10] in ctl");
  });

  it("formats through vigil fmt", async () => {
    const messy = text.replace("state count: int[0 .. 10] = 0 in ctl", "state   count :int[0..10]=0   in ctl");
    await change(messy);
    const edits = await c.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits.length).toBe(1);
    expect(edits[0]!.newText).toBe(formatModel(parseText(COUNTER, messy).model!, { path: COUNTER, text: messy, lineStarts: [] }));
    expect(edits[0]!.newText).toContain("state count: int[0 .. 10] = 0 in ctl");
    await change(text);
    const none = await c.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(none).toEqual([]); // counter.vgl is canonical (vigil fmt --check passes on it)
  });

  it("completes names, locals, enum members and keywords", async () => {
    const at = pos(text, "Mode.run", 0, 5);
    const members = await c.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position: at });
    expect(members.map((m) => m.label).sort()).toEqual(["idle", "run"]);
    const inBody = await c.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position: pos(text, "led := count") });
    const labels = inBody.map((m) => m.label);
    for (const l of ["count", "LIMIT", "go", "next", "Mode", "property", "leads_to", "min"]) expect(labels).toContain(l);
    expect(inBody.find((m) => m.label === "count")?.detail).toBe("state int[0 .. 10]");
  });

  it("proves on save: diagnostics first, then code lenses with verdicts and the counterexample", async () => {
    const before = c.mark();
    // An edit immediately followed by a save: its diagnostics are published before the proof starts.
    version++;
    await c.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
    await c.notify("textDocument/didSave", { textDocument: { uri } });
    const done = await c.waitFor(status("done"), before, 60_000);
    expect((done.params as { summary: string }).summary).toBe("3 obligations: 2 proved, 1 falsified, 0 unknown");
    const after = c.notes.slice(before);
    const running = after.findIndex(status("running"));
    const checked = after.findIndex((n) => n.method === "textDocument/publishDiagnostics" && (n.params as { version?: number }).version === version);
    expect(checked).toBeGreaterThanOrEqual(0);
    expect(running).toBeGreaterThan(checked);
    // Standard work-done progress: begun when the run starts, ended when it is done.
    const prog = c.notes.slice(before).filter((n) => n.method === "$/progress").map((n) => (n.params as { value: { kind: string; message?: string } }).value);
    expect(prog[0]).toMatchObject({ kind: "begin", message: "proving counter.vgl" });
    await c.waitFor((n) => n.method === "$/progress" && (n.params as { value: { kind: string } }).value.kind === "end", before);
    const lenses = await c.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    const byLine = new Map(lenses.map((l) => [l.range.start.line, l.command!.title]));
    expect(byLine.get(pos(text, "property bounded").line)).toMatch(/^proved by k-induction k=1 · \d+\.\d s$/);
    expect(byLine.get(pos(text, "property never_full").line)).toMatch(/^falsified at tick 3 · \d+\.\d s$/);
    expect(byLine.get(pos(text, "device").line)).toMatch(/^3 obligations: 2 proved, 1 falsified, 0 unknown · \d+\.\d s$/);
    expect(lenses.every((l) => l.command?.command === "vigil.prove")).toBe(true);
    const h = await c.request<Hover>("textDocument/hover", { textDocument: { uri }, position: pos(text, "bounded") });
    expect((h.contents as { value: string }).value).toMatch(/- proved by k-induction k=1 · \d+\.\d s$/);
    const pub = await c.waitFor(published(uri, (ds) => ds.some((x) => x.code === "VG6101")), before);
    const cex = (pub.params as { diagnostics: Diagnostic[] }).diagnostics.find((x) => x.code === "VG6101")!;
    expect(cex.range.start).toEqual(pos(text, "never_full"));
    expect(cex.message).toMatch(/`never_full` is falsified at tick 3/);
    const steps = cex.relatedInformation!.map((r) => r.message);
    // The replayed trace, one related entry per tick (inputs that do not matter may take any value).
    expect(steps.find((m) => m.startsWith("tick 0:"))).toMatch(/^tick 0: inputs go=true \| state count=0, mode=idle \| outputs led=false$/);
    expect(steps.find((m) => m.startsWith("tick 3:"))).toMatch(/^tick 3: inputs go=(true|false) \| state count=3, mode=(run|idle) \| outputs led=true$/);
    expect(cex.relatedInformation!.every((r) => r.location.uri === uri)).toBe(true);
  }, 90_000);

  it("a new save cancels the running proof; only the latest run's results are shown", async () => {
    const before = c.mark();
    const fixed = text.replace("property never_full: always count < LIMIT", "property never_full: always count <= LIMIT");
    await change(fixed);
    await c.notify("textDocument/didSave", { textDocument: { uri } });
    await change(text.replace("property never_full: always count < LIMIT", "property never_full: always count <= 10"));
    await c.notify("textDocument/didSave", { textDocument: { uri } });
    const done = await c.waitFor(status("done"), before, 60_000);
    expect((done.params as { version: number }).version).toBe(version);
    const statuses = c.notes.slice(before).filter((n) => n.method === "vigil/proofStatus").map((n) => (n.params as { status: string; version: number }));
    expect(statuses.filter((s) => s.status === "done").map((s) => s.version)).toEqual([version]);
    const lenses = await c.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    expect(lenses.map((l) => l.command!.title).filter((t) => t.startsWith("proved by")).length).toBe(2);
    // Edits after the proof mark its lenses outdated.
    await change(text.replace("property never_full: always count < LIMIT", "property never_full: always count <= 10\n"));
    const stale = await c.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    expect(stale.find((l) => l.range.start.line === pos(text, "property never_full").line)?.command?.title).toMatch(/\(outdated\)$/);
  }, 90_000);

  it("a model with errors is not proved", async () => {
    await change(text.replace("count < LIMIT {", "count < LIMTI {"));
    const m = c.mark();
    await c.notify("textDocument/didSave", { textDocument: { uri } });
    await c.waitFor(status("model-error"), m);
    const lenses = await c.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });
    expect(lenses[0]!.command!.title).toBe("not proved: the model has errors");
  });

  it("shuts down cleanly (exit code 0)", async () => {
    expect(await c.stop()).toBe(0);
  });
});
