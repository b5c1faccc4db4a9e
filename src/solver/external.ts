/**
 * The external solver driver: one process per query (`z3 -in -smt2` or
 * `cvc5 --lang smt2 --produce-models --incremental`), fed the SMT-LIB text plus (check-sat) and, when
 * asked, (get-model) / (get-objectives).
 *
 * Input: SolverQuery values; the binary from `--solver-path` or found on PATH.
 * Output: SolverAnswer promises.
 * Invariants:
 * - sat/unsat only when the process printed that answer to our (check-sat) and printed no (error ...)
 *   before it (an error could mean an assertion was dropped); everything else is unknown.
 * - Time limit: the solver's own per-query limit, and a hard kill at timeoutMs + graceMs → unknown.
 * - A missing binary answers unknown with diagnostic VG6002; check() never rejects.
 * - cvc5 has no Horn (Spacer) or optimization engine here: such queries answer unknown.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import { diag } from "../diagnostics/diagnostic.js";
import type { SolverAnswer, SolverDriver, SolverQuery } from "./types.js";
import { splitTopLevel } from "./sexpr.js";

export type ExternalDialect = "z3" | "cvc5";

export interface ExternalOptions {
  readonly dialect: ExternalDialect;
  /** Binary path; default: the dialect's name looked up on PATH. */
  readonly path?: string;
  readonly graceMs?: number;
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of the solver binary, or undefined when it is not installed / not executable. */
export function findExternalSolver(dialect: ExternalDialect, path?: string): string | undefined {
  if (path !== undefined) {
    if (isAbsolute(path) || path.includes("/")) return isExecutable(path) ? path : undefined;
    return searchPath(path);
  }
  return searchPath(dialect);
}

function searchPath(name: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    if (dir === "") continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function missingMessage(dialect: ExternalDialect, path: string | undefined): string {
  return path !== undefined
    ? `external solver '${path}' not found or not executable; install Debian package ${dialect} or pass a valid --solver-path`
    : `external solver '${dialect}' not found; install Debian package ${dialect} or pass --solver-path`;
}

export function createExternalSolver(opts: ExternalOptions): SolverDriver {
  const grace = opts.graceMs ?? 2000;
  const running = new Set<ReturnType<typeof spawn>>();
  let closed = false;

  function script(q: SolverQuery): string {
    const parts: string[] = [];
    if (q.mode === "horn" && !/\(set-logic\s+HORN\)/.test(q.smtlib)) parts.push("(set-logic HORN)");
    // cvc5 wants a logic; z3's own logic detection beats an explicit QF_LIA on these queries (measured:
    // the DDD pacemaker's induction step takes 1.24 s with (set-logic QF_LIA) and 0.03 s without).
    else if (opts.dialect === "cvc5" && q.mode === "check" && q.logic !== undefined && !/\(set-logic/.test(q.smtlib)) parts.push(`(set-logic ${q.logic})`);
    parts.push(q.smtlib, "(check-sat)");
    if (q.mode === "optimize") parts.push("(get-objectives)");
    if (q.getModel === true) parts.push("(get-model)");
    parts.push("(exit)");
    return parts.join("\n") + "\n";
  }

  function args(q: SolverQuery): string[] {
    const ms = Math.max(1, Math.round(q.timeoutMs));
    if (opts.dialect === "z3") return ["-in", "-smt2", `-t:${ms}`];
    return ["--lang", "smt2", "--produce-models", "--incremental", `--tlimit-per=${ms}`];
  }

  return {
    name: opts.dialect,
    parallelism: 4,
    check(q: SolverQuery): Promise<SolverAnswer> {
      const start = Date.now();
      const elapsed = (): number => Date.now() - start;
      if (closed) return Promise.resolve({ status: "unknown", reason: "solver closed", timeMs: 0 });
      const bin = findExternalSolver(opts.dialect, opts.path);
      if (bin === undefined) {
        const message = missingMessage(opts.dialect, opts.path);
        return Promise.resolve({ status: "unknown", reason: message, timeMs: 0, diagnostic: diag("VG6002", undefined, message) });
      }
      if (opts.dialect === "cvc5" && (q.mode === "horn" || q.mode === "optimize")) {
        return Promise.resolve({ status: "unknown", reason: `cvc5 does not support ${q.mode} queries; use z3`, timeMs: 0 });
      }
      if (q.signal?.aborted === true) return Promise.resolve({ status: "unknown", reason: "cancelled", timeMs: 0 });
      return new Promise<SolverAnswer>((resolve) => {
        let out = "";
        let err = "";
        let killed = false;
        let cancelled = false;
        const child = spawn(bin, args(q), { stdio: ["pipe", "pipe", "pipe"] });
        running.add(child);
        const onAbort = (): void => {
          cancelled = true;
          child.kill("SIGKILL");
        };
        q.signal?.addEventListener("abort", onAbort, { once: true });
        child.on("close", () => q.signal?.removeEventListener("abort", onAbort));
        const timer = setTimeout(() => {
          killed = true;
          child.kill("SIGKILL");
        }, Math.max(1, q.timeoutMs) + grace);
        child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
        child.on("error", (e) => {
          clearTimeout(timer);
          running.delete(child);
          resolve({ status: "unknown", reason: `cannot run ${bin}: ${e.message}`, timeMs: elapsed() });
        });
        child.on("close", () => {
          clearTimeout(timer);
          running.delete(child);
          if (cancelled) {
            resolve({ status: "unknown", reason: "cancelled", timeMs: elapsed() });
            return;
          }
          if (killed) {
            resolve({ status: "unknown", reason: closed ? "solver closed" : `timeout (${q.timeoutMs} ms)`, timeMs: elapsed() });
            return;
          }
          resolve(parseExternalOutput(out, err, q, elapsed()));
        });
        child.stdin.on("error", () => undefined); // EPIPE when the process dies early: handled by close
        child.stdin.end(script(q));
      });
    },
    async close(): Promise<void> {
      closed = true;
      for (const c of running) c.kill("SIGKILL");
    },
  };
}

/** Interprets a solver's stdout for our script: result, then objectives and model if asked. */
export function parseExternalOutput(out: string, err: string, q: SolverQuery, timeMs: number): SolverAnswer {
  const items = splitTopLevel(out);
  let i = 0;
  for (; i < items.length; i++) {
    const it = items[i] ?? "";
    if (it === "sat" || it === "unsat" || it === "unknown" || it === "timeout") break;
    if (it.startsWith("(error")) return { status: "unknown", reason: `solver error: ${it}`, timeMs };
  }
  const result = items[i];
  if (result === undefined) {
    const detail = (err.trim() || out.trim()).slice(0, 300);
    return { status: "unknown", reason: `no answer from solver${detail ? `: ${detail}` : ""}`, timeMs };
  }
  if (result === "unsat") return { status: "unsat", timeMs };
  if (result !== "sat") return { status: "unknown", reason: result === "timeout" ? `timeout (${q.timeoutMs} ms)` : "solver answered unknown", timeMs };
  const rest = items.slice(i + 1);
  let objectives: string[] | undefined;
  let model: string | undefined;
  let k = 0;
  if (q.mode === "optimize") {
    const obj = rest[k++] ?? "";
    objectives = splitTopLevel(obj.replace(/^\(\s*objectives/, "").replace(/\)\s*$/, "")).map((pair) => {
      const parts = splitTopLevel(pair.replace(/^\(/, "").replace(/\)$/, ""));
      return parts[parts.length - 1] ?? "";
    });
  }
  if (q.getModel === true) {
    const m = rest[k];
    if (m !== undefined && !m.startsWith("(error")) model = m;
  }
  return { status: "sat", timeMs, ...(model !== undefined ? { model } : {}), ...(objectives !== undefined ? { objectives } : {}) };
}
