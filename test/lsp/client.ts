// A small LSP client for the tests: spawns the server as a child process (`vigil lsp --stdio`)
// and talks JSON-RPC over its stdin/stdout, recording every notification it sends.
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver/node";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface Note {
  readonly method: string;
  readonly params: unknown;
}

export class LspClient {
  readonly notes: Note[] = [];
  private waiters: { pred: (n: Note) => boolean; resolve: (n: Note) => void }[] = [];
  stderr = "";

  private constructor(
    readonly child: ChildProcess,
    readonly conn: MessageConnection,
  ) {
    conn.onNotification((method, params) => {
      const n = { method, params };
      this.notes.push(n);
      this.waiters = this.waiters.filter((w) => (w.pred(n) ? (w.resolve(n), false) : true));
    });
    // $/progress is delivered apart from other notifications: record it as one too.
    conn.onUnhandledProgress((params) => {
      const n = { method: "$/progress", params };
      this.notes.push(n);
      this.waiters = this.waiters.filter((w) => (w.pred(n) ? (w.resolve(n), false) : true));
    });
    conn.onRequest(() => null); // workspace/codeLens/refresh, window/workDoneProgress/create
    conn.listen();
  }

  /** `launcher`: "source" runs src/cli through tsx (never stale); "bin" runs bin/vigil.js (needs the build). */
  static start(args: string[] = [], launcher: "source" | "bin" = "source"): LspClient {
    const argv = launcher === "bin" ? [join(ROOT, "bin", "vigil.js")] : ["--import", "tsx", join(ROOT, "src", "cli", "run-dev.ts")];
    const child = spawn(process.execPath, [...argv, "lsp", "--stdio", ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const c = new LspClient(child, conn);
    child.stderr!.on("data", (d: Buffer) => (c.stderr += d.toString()));
    return c;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  /** A mark: waitFor(pred, since = mark) only looks at notifications that arrive after it. */
  mark(): number {
    return this.notes.length;
  }

  /** The first notification from index `since` on that satisfies `pred` (waiting for it if needed). */
  waitFor(pred: (n: Note) => boolean, since = 0, timeoutMs = 30_000): Promise<Note> {
    const seen = this.notes.slice(since).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out waiting for a notification (stderr: ${this.stderr})`)), timeoutMs);
      this.waiters.push({ pred, resolve: (n) => (clearTimeout(t), resolve(n)) });
    });
  }

  /** The first diagnostics published for `uri` at `version` or later (from index `since` on). */
  async diagnostics(uri: string, version: number, since = 0): Promise<PublishDiagnosticsParams> {
    const n = await this.waitFor((x) => {
      const p = x.params as PublishDiagnosticsParams;
      return x.method === "textDocument/publishDiagnostics" && p.uri === uri && (p.version ?? 0) >= version;
    }, since);
    return n.params as PublishDiagnosticsParams;
  }

  async initialize(initializationOptions: object = {}, processId: number | null = null): Promise<{ capabilities: Record<string, unknown> }> {
    const r = await this.request<{ capabilities: Record<string, unknown> }>("initialize", {
      processId,
      rootUri: null,
      capabilities: { workspace: { codeLens: { refreshSupport: true } }, window: { workDoneProgress: true } },
      initializationOptions,
    });
    await this.notify("initialized", {});
    return r;
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((r) => this.child.once("exit", (code) => r(code)));
    await this.request("shutdown", null);
    await this.notify("exit", null);
    return exited;
  }
}
