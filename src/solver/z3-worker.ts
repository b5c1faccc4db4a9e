/**
 * One embedded-z3 worker thread: owns one z3-solver init() and one long-lived Context, answers one
 * query at a time.
 *
 * Input (parentPort messages): WorkerRequest { id, smtlib, timeoutMs, mode, getModel }.
 * Output (parentPort messages): { kind: "ready" } once after init, then one WorkerResponse per request.
 * Invariants:
 * - Per query a fresh Solver / Optimize / Solver('HORN'), `set('timeout')`, `fromString`, `check()`,
 *   then `release()` in a finally (the only usage pattern that holds up under load, see
 *   docs/dev/helpers.md). No Context per query, no eval_smtlib2_string, no killThreads.
 * - Self-contained: imports only node built-ins and z3-solver, so it runs compiled (dist/) and from
 *   TypeScript sources (loaded through tsx by the pool's bootstrap).
 * - Test hook (only when workerData.testHooks is true): a script containing the line
 *   `; vigil-test-hook: hang` makes the worker stop answering (a simulated hung solver thread).
 */
import { parentPort, workerData } from "node:worker_threads";
import { init, type Context } from "z3-solver";

export interface WorkerRequest {
  readonly id: number;
  readonly smtlib: string;
  readonly timeoutMs: number;
  readonly mode: "check" | "optimize" | "horn";
  readonly logic?: string;
  readonly getModel: boolean;
}

export type WorkerResponse =
  | { readonly kind: "answer"; readonly id: number; readonly status: "sat"; readonly model?: string; readonly objectives?: string[] }
  | { readonly kind: "answer"; readonly id: number; readonly status: "unsat" }
  | { readonly kind: "answer"; readonly id: number; readonly status: "unknown"; readonly reason: string };

interface WorkerData {
  readonly testHooks?: boolean;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const data = (workerData ?? {}) as WorkerData;
  const z3 = await init();
  const ctx = new z3.Context("main");
  // One trivial check before "ready": z3 starts its own thread on the first check (measured: the
  // first query after init costs 0.5-1 s under load, later ones about 60 ms).
  await answer(ctx, { id: 0, smtlib: "(declare-const x Int)\n(assert (> x 0))\n", timeoutMs: 10_000, mode: "check", logic: "QF_LIA", getModel: false });
  port.postMessage({ kind: "ready" });

  let queue: Promise<void> = Promise.resolve();
  port.on("message", (req: WorkerRequest) => {
    // Calls into Z3 are serialized: one query at a time per worker.
    queue = queue.then(async () => {
      if (data.testHooks === true && req.smtlib.includes("; vigil-test-hook: hang")) {
        return; // never answer: the pool's watchdog must recycle this worker
      }
      const res = await answer(ctx, req);
      port.postMessage(res);
    });
  });
}

type Ctx = Context<"main">;

async function answer(ctx: Ctx, req: WorkerRequest): Promise<WorkerResponse> {
  try {
    if (req.mode === "optimize") {
      const opt = new ctx.Optimize();
      try {
        opt.set("timeout", Math.max(1, Math.round(req.timeoutMs)));
        opt.fromString(req.smtlib);
        const r = await opt.check();
        if (r === "unsat") return { kind: "answer", id: req.id, status: "unsat" };
        if (r === "unknown") return { kind: "answer", id: req.id, status: "unknown", reason: opt.reasonUnknown() || "unknown" };
        const n = opt.objectives().length();
        const objectives: string[] = [];
        for (let i = 0; i < n; i++) {
          const lo = opt.getLower(i).sexpr();
          const hi = opt.getUpper(i).sexpr();
          objectives.push(lo === hi ? lo : /oo/.test(lo) ? hi : lo);
        }
        const model = req.getModel ? opt.model().sexpr() : undefined;
        return { kind: "answer", id: req.id, status: "sat", objectives, ...(model !== undefined ? { model } : {}) };
      } finally {
        opt.release();
      }
    }
    const solver = req.mode === "horn" ? new ctx.Solver("HORN") : req.logic !== undefined ? new ctx.Solver(req.logic) : new ctx.Solver();
    try {
      solver.set("timeout", Math.max(1, Math.round(req.timeoutMs)));
      solver.fromString(req.smtlib);
      const r = await solver.check();
      if (r === "unsat") return { kind: "answer", id: req.id, status: "unsat" };
      if (r === "unknown") return { kind: "answer", id: req.id, status: "unknown", reason: solver.reasonUnknown() || "unknown" };
      const model = req.getModel ? solver.model().sexpr() : undefined;
      return { kind: "answer", id: req.id, status: "sat", ...(model !== undefined ? { model } : {}) };
    } finally {
      solver.release();
    }
  } catch (e) {
    return { kind: "answer", id: req.id, status: "unknown", reason: `solver error: ${errorText(e)}` };
  }
}

void main();
