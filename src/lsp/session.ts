/**
 * The server's state: the open documents' texts (the overlay every analysis reads), the latest
 * analysis of each, and the re-check schedule.
 *
 * Input: open / change / close events with the document's URI, text and version.
 * Output: fresh Analyses on demand, and `onAnalyzed(uri, analysis)` after every re-check (the server
 * publishes diagnostics there).
 * Invariants: a change is re-checked on the next turn of the event loop, several changes arriving
 * together are checked once; every request asks `analysisOf`, which first checks whatever is still
 * pending, so answers always reflect the latest text; a change to a document also re-checks every
 * open document that imports it; a document's last analysis whose model parsed is kept for
 * completion and the outline while the text has syntax errors; an exception in an analysis (a bug)
 * is reported through onError and the previous analysis is kept.
 */
import { resolve } from "node:path";
import { analyze, type Analysis } from "./analysis.js";
import { pathOfUri } from "./positions.js";

interface OpenDoc {
  readonly uri: string;
  readonly path: string;
  text: string;
  version: number;
}

export class Session {
  private readonly docs = new Map<string, OpenDoc>();
  private readonly overlay = new Map<string, string>();
  private readonly analyses = new Map<string, Analysis>();
  private readonly lastParsed = new Map<string, Analysis>();
  private readonly dirty = new Set<string>();
  private scheduled: NodeJS.Immediate | undefined;
  /** Paths of open documents to their URIs (for locations in other files). */
  readonly uris = new Map<string, string>();

  constructor(
    private readonly onAnalyzed: (uri: string, a: Analysis, version: number) => void,
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  open(uri: string, text: string, version: number): void {
    const path = pathOfUri(uri);
    this.docs.set(uri, { uri, path, text, version });
    this.uris.set(path, uri);
    this.overlay.set(resolve(path), text);
    this.markDirty(uri);
  }

  change(uri: string, text: string, version: number): void {
    const d = this.docs.get(uri);
    if (!d) return this.open(uri, text, version);
    d.text = text;
    d.version = version;
    this.overlay.set(resolve(d.path), text);
    this.markDirty(uri);
  }

  close(uri: string): void {
    const d = this.docs.get(uri);
    if (!d) return;
    this.docs.delete(uri);
    this.uris.delete(d.path);
    this.overlay.delete(resolve(d.path));
    this.analyses.delete(uri);
    this.lastParsed.delete(uri);
    this.dirty.delete(uri);
    // Importers now read the file from disk again.
    for (const other of this.importersOf(d.path)) this.markDirty(other);
  }

  isOpen(uri: string): boolean {
    return this.docs.has(uri);
  }

  version(uri: string): number {
    return this.docs.get(uri)?.version ?? 0;
  }

  text(uri: string): string | undefined {
    return this.docs.get(uri)?.text;
  }

  /** A copy of the open documents' texts (absolute path -> text), for a proof run. */
  overlaySnapshot(): Map<string, string> {
    return new Map(this.overlay);
  }

  /** The document's current analysis (checking it now if a change is pending). */
  analysisOf(uri: string): Analysis | undefined {
    if (this.dirty.size > 0) this.flush();
    return this.analyses.get(uri);
  }

  /** The current analysis when its model parsed, else the last one that did. */
  parsedAnalysisOf(uri: string): Analysis | undefined {
    const a = this.analysisOf(uri);
    return a?.loaded.model ? a : this.lastParsed.get(uri);
  }

  /** Check every pending document now. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const todo = [...this.dirty];
    this.dirty.clear();
    for (const uri of todo) {
      const d = this.docs.get(uri);
      if (!d) continue;
      let a: Analysis;
      try {
        a = analyze(d.path, this.overlay);
      } catch (err) {
        // A bug in a phase must not take the server down: keep the previous analysis and say so.
        this.onError(`vigil: internal error while checking ${d.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        continue;
      }
      this.analyses.set(uri, a);
      if (a.loaded.model) this.lastParsed.set(uri, a);
      this.onAnalyzed(uri, a, d.version);
    }
  }

  private markDirty(uri: string): void {
    this.dirty.add(uri);
    const d = this.docs.get(uri);
    if (d) for (const other of this.importersOf(d.path)) this.dirty.add(other);
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      this.flush();
    });
  }

  /** Open documents whose last analysis read `path` (as an import). */
  private importersOf(path: string): string[] {
    const abs = resolve(path);
    const out: string[] = [];
    for (const [uri, a] of this.analyses) {
      if (a.path === path) continue;
      for (const p of a.loaded.sources.keys()) if (resolve(p) === abs) out.push(uri);
    }
    return out;
  }
}
