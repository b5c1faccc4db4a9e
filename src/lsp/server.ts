/**
 * The vigil language server: wiring between the LSP connection and the analysis modules.
 *
 * Input: a readable and a writable stream carrying LSP JSON-RPC (stdio for `vigil lsp --stdio`, a
 * stream pair in tests) and ServerOptions.
 * Output: a running server; `done` resolves with the exit code after the client's `exit`
 * notification (0 after `shutdown`, 1 without), when the input ends (1), or when the client's
 * process (initialize's processId) is gone (1).
 * Invariants: no process.exit and no console output here (stdout carries the protocol); diagnostics
 * are published after every re-check (session.ts), before any proof starts; proofs run on save
 * (lenses.ts) in one proof thread (prove-thread.ts) with one Z3 pool shared by all documents,
 * started on first use and closed on shutdown, each run shown as LSP work-done progress when the
 * client supports it; every request answers from the latest text.
 */
import type { Readable, Writable } from "node:stream";
import {
  CodeLensRefreshRequest,
  createConnection,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  TextDocuments,
  type WorkDoneProgressServerReporter,
} from "vscode-languageserver";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { Analysis } from "./analysis.js";
import { completions } from "./completion.js";
import { toLspDiagnostics } from "./diagnostics.js";
import { formatDocument } from "./format.js";
import { hover } from "./hover.js";
import { codeLenses, proofDiagnostics, ProofRunner, PROVE_COMMAND, verdictLine, type ProofState } from "./lenses.js";
import { definition, documentSymbols, highlights, references } from "./navigation.js";
import { offsetAt } from "./positions.js";
import { ProofThread } from "./prove-thread.js";
import { Session } from "./session.js";

export interface ServerOptions {
  /** Prove on save (default true). */
  readonly prove?: boolean;
  /** Budget of one proof run in milliseconds (default 30 000). */
  readonly proofTimeoutMs?: number;
  /** Solver worker threads (default 2). */
  readonly workers?: number;
}

export interface RunningServer {
  readonly connection: Connection;
  readonly done: Promise<number>;
}

/** The notification sent after each proof run's state change: { uri, version, status, summary? }. */
export const PROOF_STATUS = "vigil/proofStatus";

function statusParams(uri: string, s: ProofState | undefined): object {
  return { uri, version: s?.version ?? 0, status: s?.status ?? "none", ...(s?.status === "done" ? { summary: s.summary, timeMs: s.timeMs } : {}) };
}

/** Server state shared by the handlers. */
interface Ctx {
  readonly connection: Connection;
  readonly session: Session;
  readonly runner: ProofRunner;
  readonly settings: { prove: boolean; timeoutMs: number; lensRefresh: boolean; workDoneProgress: boolean };
  startProof(uri: string): void;
}

/** The connection, with a watchdog that ends `done` instead of exiting the process. */
function connect(input: Readable, output: Writable, finish: (code: number) => void): Connection {
  let shutdown = false;
  const watchDog = {
    get shutdownReceived() {
      return shutdown;
    },
    set shutdownReceived(v: boolean) {
      shutdown = v;
    },
    // LSP: when the client gives its process id, end when that process is gone.
    initialize: (params: InitializeParams) => {
      const pid = params.processId;
      if (typeof pid !== "number") return;
      const timer = setInterval(() => {
        try {
          process.kill(pid, 0);
        } catch {
          clearInterval(timer);
          finish(1);
        }
      }, 3000);
      timer.unref();
    },
    exit: (code: number) => finish(code),
  };
  input.on("end", () => finish(shutdown ? 0 : 1));
  return createConnection((logger) => createProtocolConnection(new StreamMessageReader(input), new StreamMessageWriter(output), logger), watchDog);
}

function capabilities(): InitializeResult["capabilities"] {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    documentSymbolProvider: true,
    documentFormattingProvider: true,
    completionProvider: { triggerCharacters: ["."] },
    codeLensProvider: { resolveProvider: false },
    executeCommandProvider: { commands: [PROVE_COMMAND] },
  };
}

function onInitialize(ctx: Ctx, params: InitializeParams): InitializeResult {
  const o = (params.initializationOptions ?? {}) as { proveOnSave?: unknown; proofTimeoutMs?: unknown };
  if (typeof o.proveOnSave === "boolean") ctx.settings.prove = o.proveOnSave;
  if (typeof o.proofTimeoutMs === "number" && o.proofTimeoutMs > 0) ctx.settings.timeoutMs = o.proofTimeoutMs;
  ctx.settings.lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  ctx.settings.workDoneProgress = params.capabilities.window?.workDoneProgress === true;
  return { capabilities: capabilities(), serverInfo: { name: "vigil" } };
}

function listenDocuments(ctx: Ctx): void {
  const { connection, session, runner } = ctx;
  const documents = new TextDocuments(TextDocument);
  documents.onDidOpen((e) => session.open(e.document.uri, e.document.getText(), e.document.version));
  documents.onDidChangeContent((e) => session.change(e.document.uri, e.document.getText(), e.document.version));
  documents.onDidClose((e) => {
    runner.forget(e.document.uri);
    session.close(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  documents.onDidSave((e) => {
    if (ctx.settings.prove) ctx.startProof(e.document.uri);
  });
  documents.listen(connection);
}

/** Hover, definition, references, highlights, symbols, formatting, completion, code lens, prove. */
function listenRequests(ctx: Ctx): void {
  const { connection, session, runner } = ctx;
  const at = (uri: string, pos: { line: number; character: number }): { a: Analysis; offset: number } | undefined => {
    const a = session.analysisOf(uri);
    return a?.source ? { a, offset: offsetAt(a.source, pos) } : undefined;
  };
  connection.onHover((p) => {
    const uri = p.textDocument.uri;
    const x = at(uri, p.position);
    return x ? hover(x.a, x.offset, (name) => verdictLine(runner.state(uri), name, session.version(uri))) : null;
  });
  connection.onDefinition((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x ? definition(x.a, x.offset, session.uris) : null;
  });
  connection.onReferences((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x ? references(x.a, x.offset, p.context.includeDeclaration, session.uris) : [];
  });
  connection.onDocumentHighlight((p) => {
    const x = at(p.textDocument.uri, p.position);
    return x ? highlights(x.a, x.offset) : [];
  });
  connection.onDocumentSymbol((p) => {
    const a = session.parsedAnalysisOf(p.textDocument.uri);
    return a ? documentSymbols(a) : [];
  });
  connection.onDocumentFormatting((p) => {
    const text = session.text(p.textDocument.uri);
    return text === undefined ? null : formatDocument(session.analysisOf(p.textDocument.uri)?.path ?? p.textDocument.uri, text);
  });
  connection.onCompletion((p) => {
    const uri = p.textDocument.uri;
    const text = session.text(uri) ?? "";
    const cur = session.analysisOf(uri);
    const offset = cur?.source ? offsetAt(cur.source, p.position) : 0;
    const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
    return completions(session.parsedAnalysisOf(uri), text.slice(lineStart, offset), offset);
  });
  connection.onCodeLens((p) => {
    const uri = p.textDocument.uri;
    const a = session.parsedAnalysisOf(uri);
    return a ? codeLenses(a, uri, runner.state(uri), session.version(uri)) : [];
  });
  connection.onExecuteCommand((p) => {
    const uri = p.arguments?.[0];
    if (p.command === PROVE_COMMAND && typeof uri === "string" && session.isOpen(uri)) ctx.startProof(uri);
  });
}

export function startServer(input: Readable, output: Writable, opts: ServerOptions = {}): RunningServer {
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((r) => (resolveDone = r));
  const prover = new ProofThread();
  let ended = false;
  // Whatever ends the session (exit notification, closed input), the proof thread is closed first.
  const finish = (code: number): void => {
    if (ended) return;
    ended = true;
    runner.dispose();
    void prover.close().finally(() => resolveDone(code));
  };
  const connection = connect(input, output, finish);
  const settings = { prove: opts.prove ?? true, timeoutMs: opts.proofTimeoutMs ?? 30_000, lensRefresh: false, workDoneProgress: false };
  const progress = new Map<string, Promise<WorkDoneProgressServerReporter | undefined>>();
  // Standard LSP progress for each proof run, when the client supports it (status lines show it).
  const showProgress = (uri: string, s: ProofState | undefined): void => {
    if (!settings.workDoneProgress) return;
    const open = progress.get(uri);
    if (s?.status === "running" && !open) {
      const name = uri.slice(uri.lastIndexOf("/") + 1);
      const p = connection.window.createWorkDoneProgress().then(
        (r) => (r.begin("vigil", undefined, `proving ${decodeURIComponent(name)}`), r),
        () => undefined,
      );
      progress.set(uri, p);
    } else if (s?.status !== "running" && open) {
      progress.delete(uri);
      void open.then((r) => r?.done());
    }
  };
  const publish = (uri: string, a: Analysis, version: number): void => {
    const ds = [...a.checked.diagnostics, ...proofDiagnostics(a, runner.state(uri), version)];
    const model = a.loaded.model ? { model: a.loaded.model } : {};
    void connection.sendDiagnostics({ uri, version, diagnostics: toLspDiagnostics(ds, { path: a.path, sources: a.loaded.sources, ...model, uris: session.uris }) });
  };
  const session = new Session(publish, (msg) => connection.console.error(msg));
  const runner = new ProofRunner({
    prover,
    workers: opts.workers ?? 2,
    get timeoutMs() {
      return settings.timeoutMs;
    },
    onUpdate: (uri) => {
      const a = session.isOpen(uri) ? session.analysisOf(uri) : undefined;
      if (a) publish(uri, a, session.version(uri));
      if (settings.lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      void connection.sendNotification(PROOF_STATUS, statusParams(uri, runner.state(uri)));
      showProgress(uri, runner.state(uri));
    },
  });
  const startProof = (uri: string): void => {
    const a = session.analysisOf(uri); // publishes a pending re-check first
    if (!a) return;
    if (!a.loaded.model || hasErrors(a.checked.diagnostics)) return runner.setModelError(uri, session.version(uri));
    const version = session.version(uri);
    const overlay = session.overlaySnapshot();
    setImmediate(() => void runner.start(uri, version, a.path, overlay));
  };
  const ctx: Ctx = { connection, session, runner, settings, startProof };
  connection.onInitialize((params) => onInitialize(ctx, params));
  connection.onShutdown(async () => {
    runner.dispose();
    await prover.close();
  });
  listenDocuments(ctx);
  listenRequests(ctx);
  connection.listen();
  return { connection, done };
}
