// `vigil lsp`: the built launcher (node bin/vigil.js lsp --stdio) serves a document; exit codes:
// 0 after shutdown + exit, 1 on exit without shutdown, on a closed input or when the client's
// process is gone, 2 without --stdio.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { PublishDiagnosticsParams } from "vscode-languageserver";
import { captureIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/main.js";
import { LspClient, ROOT } from "./client.js";

const built = existsSync(join(ROOT, "dist", "lsp", "server.js"));

describe("vigil lsp command", () => {
  it("refuses to run without --stdio (usage error, exit 2)", async () => {
    const io = captureIo();
    expect(await run(["node", "vigil", "lsp"], io)).toBe(2);
    expect(io.stderr()).toContain("give --stdio");
    expect(io.stdout()).toBe("");
  });

  it.skipIf(!built)("node bin/vigil.js lsp --stdio publishes diagnostics of an unsaved buffer and exits 0 after shutdown", async () => {
    const c = LspClient.start([], "bin");
    const init = await c.initialize();
    expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, codeLensProvider: {}, documentFormattingProvider: true });
    const uri = "untitled:Untitled-1";
    await c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "vigil", version: 1, text: "const A: int[0 .. 3] = 9\n" } });
    const d: PublishDiagnosticsParams = await c.diagnostics(uri, 1);
    expect(d.diagnostics.map((x) => x.code)).toContain("VG2006");
    expect(await c.stop()).toBe(0);
  });

  it.skipIf(!built)("exits 1 when the client disconnects during a proof (the proof thread is closed)", async () => {
    const c = LspClient.start([], "bin");
    await c.initialize();
    const model = join(ROOT, "test", "lsp", "models", "counter.vgl");
    const uri = pathToFileURL(model).href;
    await c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "vigil", version: 1, text: readFileSync(model, "utf8") } });
    const m = c.mark();
    await c.notify("textDocument/didSave", { textDocument: { uri } });
    await c.waitFor((n) => n.method === "vigil/proofStatus" && (n.params as { status: string }).status === "running", m);
    const exited = new Promise<number | null>((r) => c.child.once("exit", (code) => r(code)));
    c.child.stdin!.end();
    expect(await exited).toBe(1);
  }, 30_000);

  it.skipIf(!built)("exits 1 soon after the client's process (initialize's processId) is gone", async () => {
    const parent = spawn(process.execPath, ["-e", "setTimeout(() => {}, 500)"]);
    const c = LspClient.start(["--no-prove"], "bin");
    await c.initialize({}, parent.pid!);
    const exited = new Promise<number | null>((r) => c.child.once("exit", (code) => r(code)));
    expect(await exited).toBe(1);
  }, 20_000);

  it.skipIf(!built)("exits 1 when the client exits without shutdown", async () => {
    const c = LspClient.start(["--no-prove"], "bin");
    await c.initialize();
    const exited = new Promise<number | null>((r) => c.child.once("exit", (code) => r(code)));
    await c.notify("exit", null);
    expect(await exited).toBe(1);
  });
});
