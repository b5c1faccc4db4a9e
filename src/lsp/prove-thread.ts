/**
 * Proofs off the main thread: a long-lived worker thread (prove-worker.ts) that runs `verify`.
 *
 * Input: ProveRequests (the document's path, the overlay of open documents, the budget) with an
 * AbortSignal each. Output: a ProveOutcome per request (verify's results and summary, or why there
 * are none).
 * Invariants: the thread starts on the first request and is reused (its Z3 pool stays warm); an
 * aborted request is cancelled in the thread and still resolves; if the thread dies, its pending
 * requests resolve as "failed" and the next request starts a new thread; `close` ends it. Under
 * tsx (tests, development) the TypeScript worker is loaded through a small bootstrap that registers
 * tsx, as the embedded Z3 pool does for its workers.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { VerifySummary } from "../api/verify.js";
import type { ObligationResult } from "../prove/verdict.js";

export interface ProveRequest {
  readonly path: string;
  readonly overlay: readonly (readonly [string, string])[];
  readonly timeoutMs: number;
  /** Solver worker threads of the proof thread's pool (fixed at its first request). */
  readonly workers: number;
}

export type ProveOutcome =
  | { readonly kind: "verified"; readonly results: readonly ObligationResult[]; readonly summary: VerifySummary; readonly timeMs: number }
  | { readonly kind: "model-error" }
  | { readonly kind: "failed"; readonly message: string };

/** Something that proves: the proof thread, or (tests) anything with the same contract. */
export interface Prover {
  prove(req: ProveRequest, signal: AbortSignal): Promise<ProveOutcome>;
  close(): Promise<void>;
}

function tsxBootstrap(entry: string): string {
  const req = createRequire(import.meta.url);
  const pkgPath = req.resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const exp = pkg.exports?.["./esm/api"];
  const rel = typeof exp === "object" ? (exp.import?.default ?? "./dist/esm/api/index.mjs") : "./dist/esm/api/index.mjs";
  const api = pathToFileURL(join(dirname(pkgPath), rel)).href;
  return `import(${JSON.stringify(api)}).then((m) => { (m.register ?? m.default.register)(); return import(${JSON.stringify(entry)}); }).catch((e) => { setTimeout(() => { throw e; }); });`;
}

function spawnWorker(): Worker {
  const js = new URL("./prove-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js, { execArgv: [] });
  return new Worker(tsxBootstrap(new URL("./prove-worker.ts", import.meta.url).href), { eval: true, execArgv: [] });
}

export class ProofThread implements Prover {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (o: ProveOutcome) => void>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = spawnWorker();
    w.on("message", (m: { kind: "result"; id: number; outcome: ProveOutcome }) => {
      const done = this.pending.get(m.id);
      this.pending.delete(m.id);
      done?.(m.outcome);
    });
    const died = (why: string): void => {
      if (this.worker === w) this.worker = undefined;
      for (const done of this.pending.values()) done({ kind: "failed", message: `proof thread ${why}` });
      this.pending.clear();
    };
    w.on("error", (e) => died(`crashed: ${e.message}`));
    w.on("exit", (code) => died(`exited (${code})`));
    this.worker = w;
    return w;
  }

  prove(req: ProveRequest, signal: AbortSignal): Promise<ProveOutcome> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise<ProveOutcome>((resolve) => {
      const onAbort = (): void => w.postMessage({ kind: "cancel", id });
      this.pending.set(id, (o) => {
        signal.removeEventListener("abort", onAbort);
        resolve(o);
      });
      signal.addEventListener("abort", onAbort, { once: true });
      w.postMessage({ kind: "prove", id, ...req });
      if (signal.aborted) onAbort();
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    const exited = new Promise<void>((r) => w.once("exit", () => r()));
    w.postMessage({ kind: "close" });
    const timer = setTimeout(() => void w.terminate(), 3000);
    await exited;
    clearTimeout(timer);
  }
}
