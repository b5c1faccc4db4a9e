/**
 * The proof thread's entry point (a worker_threads worker started by prove-thread.ts): runs
 * `verify` away from the server's main thread, so lowering, SMT text generation and counterexample
 * replay never delay the re-check of a keystroke.
 *
 * Input (messages): { kind: "prove", id, path, overlay: [absolute path, text][], timeoutMs },
 * { kind: "cancel", id }, { kind: "close" }.
 * Output (messages): { kind: "result", id, outcome: ProveOutcome } once per "prove".
 * Invariants: one solver pool for the thread's life (its Z3 workers stay warm between saves),
 * closed on "close"; a cancelled run still answers (its obligations unknown("cancelled")); the model
 * is loaded here from the same overlay the analysis used; never throws out of a message handler.
 */
import { parentPort } from "node:worker_threads";
import { verify } from "../api/verify.js";
import { loadModel } from "../parse/index.js";
import { createSolver } from "../solver/index.js";
import type { SolverDriver } from "../solver/types.js";
import type { ProveOutcome, ProveRequest } from "./prove-thread.js";

type Message = ({ kind: "prove" } & ProveRequest & { id: number }) | { kind: "cancel"; id: number } | { kind: "close" };

const port = parentPort;
let solver: SolverDriver | undefined;
const running = new Map<number, AbortController>();

async function prove(m: ProveRequest & { id: number }): Promise<ProveOutcome> {
  const ctl = new AbortController();
  running.set(m.id, ctl);
  try {
    solver ??= createSolver({ workers: m.workers });
    const r = await verify(loadModel(m.path, new Map(m.overlay)), { solver, timeoutMs: m.timeoutMs, signal: ctl.signal });
    if (r.kind === "verified") return { kind: "verified", results: r.results, summary: r.summary, timeMs: r.timeMs };
    if (r.kind === "model-error") return { kind: "model-error" };
    return { kind: "failed", message: r.message };
  } catch (err) {
    return { kind: "failed", message: err instanceof Error ? err.message : String(err) };
  } finally {
    running.delete(m.id);
  }
}

port?.on("message", (m: Message) => {
  if (m.kind === "prove") {
    void prove(m).then((outcome) => port.postMessage({ kind: "result", id: m.id, outcome }));
  } else if (m.kind === "cancel") {
    running.get(m.id)?.abort();
  } else {
    for (const c of running.values()) c.abort();
    void (solver?.close() ?? Promise.resolve()).then(() => port.close());
  }
});
