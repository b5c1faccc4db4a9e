/**
 * The embedded z3 driver: a pool of worker_threads (z3-worker.ts), each with its own z3 init() and
 * one long-lived Context, plus a watchdog per query.
 *
 * Input: SolverQuery values (SMT-LIB text, mode, timeout). Output: SolverAnswer promises.
 * Invariants:
 * - At most one query per worker at a time; queries wait in FIFO order for a free worker.
 * - warmUp() starts warmUpWorkers workers (default all) while the model is parsed; otherwise
 *   workers start on demand (issue 20: each costs 0.4-1 s of CPU to initialise): one on the first
 *   query, another only while every started worker is ready and busy and a query has been
 *   waiting extraWorkerDelayMs, never more than `workers`. A cancelled or failed worker is
 *   replaced the same way, on demand, not at once.
 * - Watchdog: if a worker has not answered within timeoutMs + graceMs, the query answers
 *   unknown("solver hung or crashed; worker recycled"), the worker is terminated and a fresh one is
 *   started when a query needs it. A worker that dies (error/exit) answers its query unknown and
 *   is replaced likewise.
 *   Z3's own threads are never killed while a check runs (no killThreads).
 * - check() never rejects. Workers are unref'd while idle, so an unclosed pool never keeps the process
 *   alive; while a query is pending its worker is ref'd so `await check()` cannot be cut short.
 * - The worker file is resolved next to this module: dist/solver/z3-worker.js when compiled, or
 *   src/solver/z3-worker.ts loaded through tsx (dev, vitest) when no .js sits beside this file.
 */
import { Worker } from "node:worker_threads";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import type { SolverAnswer, SolverDriver, SolverQuery } from "./types.js";
import type { WorkerRequest, WorkerResponse } from "./z3-worker.js";

export interface Z3PoolOptions {
  readonly workers: number;
  readonly graceMs: number;
  /** Tests only: enables the worker's simulated-hang hook. */
  readonly testHooks?: boolean;
  /** A worker that is not ready after this long counts as failed (default 60000). */
  readonly initTimeoutMs?: number;
  /**
   * Without warmUp() workers start lazily: one on the first query, each further one (up to
   * `workers`) only when every started worker is busy and a query has waited this long (100 ms).
   */
  readonly extraWorkerDelayMs?: number;
  /** How many workers warmUp() starts at once (default: all; measured best for the reference models). */
  readonly warmUpWorkers?: number;
  /** Benchmarks only: replace a failed or cancelled worker at once (the behaviour before issue 20). */
  readonly eagerReplace?: boolean;
}

/** Extra observability for tests and benchmarks. */
export interface Z3Pool extends SolverDriver {
  /** How many workers were started so far (initial ones plus replacements). */
  readonly workersStarted: () => number;
}

interface Job {
  readonly id: number;
  readonly q: SolverQuery;
  /** When the job was queued, then when a worker took it: answer times count from there. */
  start: number;
  readonly resolve: (a: SolverAnswer) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  initTimer?: NodeJS.Timeout;
  dead: boolean;
}

export const HUNG_REASON = "solver hung or crashed; worker recycled";
export const CANCELLED = "cancelled";

function workerEntry(): { url: URL; viaTsx: boolean } {
  const js = new URL("./z3-worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return { url: js, viaTsx: false };
  return { url: new URL("./z3-worker.ts", import.meta.url), viaTsx: true };
}

/** A small CommonJS bootstrap that registers tsx in the worker, then loads the TypeScript worker. */
function tsxBootstrap(): string {
  const req = createRequire(import.meta.url);
  const pkgPath = req.resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const exp = pkg.exports?.["./esm/api"];
  const rel = typeof exp === "object" ? (exp.import?.default ?? "./dist/esm/api/index.mjs") : "./dist/esm/api/index.mjs";
  const api = pathToFileURL(join(dirname(pkgPath), rel)).href;
  return [
    `const { workerData } = require("node:worker_threads");`,
    `import(${JSON.stringify(api)}).then((m) => { (m.register ?? m.default.register)(); return import(workerData.__entry); })`,
    `  .catch((e) => { setTimeout(() => { throw e; }); });`,
  ].join("\n");
}

export function createZ3Pool(opts: Z3PoolOptions): Z3Pool {
  const size = Math.max(1, Math.floor(opts.workers));
  const entry = workerEntry();
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let started = 0;
  let closed = false;
  let extraTimer: NodeJS.Timeout | undefined;

  function spawn(): Slot {
    started++;
    const workerData = { testHooks: opts.testHooks === true, __entry: entry.url.href };
    const worker = entry.viaTsx
      ? new Worker(tsxBootstrap(), { eval: true, workerData, execArgv: [] })
      : new Worker(entry.url, { workerData, execArgv: [] }); // the parent's flags (e.g. --input-type) are not for the worker
    const slot: Slot = { worker, ready: false, dead: false };
    worker.unref();
    slot.initTimer = setTimeout(() => fail(slot, "solver worker did not start in time"), opts.initTimeoutMs ?? 60_000);
    slot.initTimer.unref();
    worker.on("message", (m: { kind: "ready" } | WorkerResponse) => {
      if (m.kind === "ready") {
        slot.ready = true;
        if (slot.initTimer) clearTimeout(slot.initTimer);
        dispatch();
        if (!slot.job && !slot.dead) slot.worker.unref();
        return;
      }
      const job = slot.job;
      if (!job || job.id !== m.id) return; // a late answer for a job the watchdog already gave up on
      finish(slot);
      const timeMs = Date.now() - job.start;
      if (m.status === "sat") {
        job.resolve({
          status: "sat",
          timeMs,
          ...(m.model !== undefined ? { model: m.model } : {}),
          ...(m.objectives !== undefined ? { objectives: m.objectives } : {}),
        });
      } else if (m.status === "unsat") job.resolve({ status: "unsat", timeMs });
      else job.resolve({ status: "unknown", reason: m.reason, timeMs });
      dispatch();
    });
    worker.on("error", (e: unknown) => fail(slot, `solver worker crashed: ${e instanceof Error ? e.message : String(e)}`));
    worker.on("exit", (code) => fail(slot, `solver worker exited (code ${code})`));
    return slot;
  }

  function finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    if (!slot.dead) slot.worker.unref();
  }

  /** The worker is unusable: answer its job unknown, terminate it; a new one starts when needed. */
  function fail(slot: Slot, reason: string): void {
    if (slot.dead) return;
    slot.dead = true;
    if (slot.initTimer) clearTimeout(slot.initTimer);
    const job = slot.job;
    finish(slot);
    const wasReady = slot.ready;
    void slot.worker.terminate();
    const i = slots.indexOf(slot);
    if (job) job.resolve({ status: "unknown", reason, timeMs: Date.now() - job.start });
    if (closed) return;
    if (!wasReady && !job) {
      // It never started: answer every waiting query instead of respawning in a loop.
      if (i >= 0) slots.splice(i, 1);
      for (const j of queue.splice(0)) j.resolve({ status: "unknown", reason, timeMs: Date.now() - j.start });
      return;
    }
    // Replaced on demand only (dispatch / maybeGrow): a worker cancelled near the end of a run
    // must not cost a whole new initialisation nobody waits for.
    if (i >= 0) {
      if (opts.eagerReplace === true) slots[i] = spawn();
      else slots.splice(i, 1);
    }
    dispatch();
  }

  /** Cancel a queued or running job; a running job's worker is recycled (Z3 cannot be interrupted). */
  function cancel(job: Job): void {
    const qi = queue.indexOf(job);
    if (qi >= 0) {
      queue.splice(qi, 1);
      job.resolve({ status: "unknown", reason: CANCELLED, timeMs: Date.now() - job.start });
      return;
    }
    const slot = slots.find((s) => s.job === job);
    if (slot) fail(slot, CANCELLED);
  }

  /** Every started worker is ready and running a query (a new one would help the queue). */
  function saturated(): boolean {
    return slots.every((s) => s.ready && !s.dead && s.job !== undefined);
  }

  /** Start another worker if the queue still waits on busy workers after the delay. */
  function maybeGrow(): void {
    if (slots.length === 0 && queue.length > 0) {
      slots.push(spawn());
      return;
    }
    if (extraTimer !== undefined || slots.length >= size || queue.length === 0 || !saturated()) return;
    extraTimer = setTimeout(() => {
      extraTimer = undefined;
      if (!closed && slots.length < size && queue.length > 0 && saturated()) slots.push(spawn());
    }, opts.extraWorkerDelayMs ?? 100);
    extraTimer.unref();
  }

  function dispatch(): void {
    if (closed) return;
    if (slots.length === 0 && queue.length > 0) slots.push(spawn());
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (!slot.ready || slot.dead || slot.job) {
        if (!slot.ready && !slot.dead) slot.worker.ref(); // a query waits for this worker's init
        continue;
      }
      const job = queue.shift();
      if (!job) return;
      slot.job = job;
      job.start = Date.now();
      slot.worker.ref();
      const req: WorkerRequest = {
        id: job.id,
        smtlib: job.q.smtlib,
        timeoutMs: job.q.timeoutMs,
        mode: job.q.mode,
        ...(job.q.logic !== undefined ? { logic: job.q.logic } : {}),
        getModel: job.q.getModel === true,
      };
      slot.timer = setTimeout(() => fail(slot, HUNG_REASON), Math.max(1, job.q.timeoutMs) + opts.graceMs);
      slot.worker.postMessage(req);
    }
    maybeGrow();
  }

  return {
    name: "z3-wasm",
    parallelism: size,
    workersStarted: () => started,
    warmUp(): void {
      if (closed) return;
      const n = Math.max(1, Math.min(size, opts.warmUpWorkers ?? size));
      while (slots.length < n) slots.push(spawn());
    },
    check(q: SolverQuery): Promise<SolverAnswer> {
      if (closed) return Promise.resolve({ status: "unknown", reason: "solver closed", timeMs: 0 });
      if (q.signal?.aborted === true) return Promise.resolve({ status: "unknown", reason: CANCELLED, timeMs: 0 });
      return new Promise<SolverAnswer>((resolve) => {
        let settled = false;
        const onAbort = (): void => cancel(job);
        const job: Job = {
          id: nextId++,
          q,
          start: Date.now(),
          resolve: (a) => {
            if (settled) return;
            settled = true;
            q.signal?.removeEventListener("abort", onAbort);
            resolve(a);
          },
        };
        q.signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(job);
        dispatch();
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (extraTimer !== undefined) clearTimeout(extraTimer);
      for (const j of queue.splice(0)) j.resolve({ status: "unknown", reason: "solver closed", timeMs: Date.now() - j.start });
      const all = slots.splice(0);
      for (const s of all) {
        const job = s.job;
        s.dead = true;
        finish(s);
        if (s.initTimer) clearTimeout(s.initTimer);
        if (job) job.resolve({ status: "unknown", reason: "solver closed", timeMs: Date.now() - job.start });
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
