/**
 * Proofs in the editor: runs `verify` on save, one run per document at a time, and turns its
 * results into code lenses on the properties and into diagnostics with the counterexample.
 *
 * Input: on save, the document's path, version and the overlay of open documents; a Prover (the
 * proof thread, prove-thread.ts, which runs `verify` off the main thread on one warm Z3 pool).
 * Output: per document a ProofState; code lenses ("proved by k-induction k=2 · 0.4 s",
 * "falsified at tick 12 · 0.3 s", "unknown: timeout", "proving…") on each property and a summary on
 * the device header; VG6101 (falsified, with the replayed trace as related information) and VG6102
 * (unknown or vacuous) diagnostics.
 * Invariants: a new save cancels the previous run of that document (its queries answer unknown at
 * once and its results are dropped); the run only starts after the caller has published the
 * document's diagnostics, and all of it happens in the proof thread, never on the main thread;
 * "proved" appears only for a proved verdict of verify; results of an older version are shown
 * marked "outdated" and anchored to the property of the same name in the current text.
 */
import type { CodeLens } from "vscode-languageserver";
import type * as ast from "../ast/ast.js";
import { diag, type Diagnostic, type RelatedInfo } from "../diagnostics/diagnostic.js";
import type { ObligationResult, TraceStep, Verdict } from "../prove/verdict.js";
import type { Span } from "../source/span.js";
import type { Analysis } from "./analysis.js";
import { rangeOf } from "./positions.js";
import type { Prover } from "./prove-thread.js";

export type ProofState =
  | { readonly status: "running"; readonly version: number }
  | { readonly status: "model-error"; readonly version: number }
  | { readonly status: "failed"; readonly version: number; readonly message: string }
  | {
      readonly status: "done";
      readonly version: number;
      readonly results: readonly ObligationResult[];
      readonly summary: string;
      readonly timeMs: number;
    };

/** The command a lens runs when clicked: prove the document again. */
export const PROVE_COMMAND = "vigil.prove";

function secs(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function provedBy(v: Extract<Verdict, { status: "proved" }>): string {
  const e = v.evidence;
  switch (e.kind) {
    case "k-induction":
      return `proved by k-induction k=${e.k}`;
    case "pdr":
      return "proved by PDR";
    case "bmc-exhaustive":
      return `proved by exhaustive BMC (depth ${e.depth})`;
    case "static":
      return "proved (static)";
    case "relational":
      return `proved by relational ${e.engine.replace(/^relational-/, "").replace(/-/g, " ")}${e.k !== undefined ? ` k=${e.k}` : ""}`;
    case "timing":
      return e.figures.wcetCycles !== undefined ? `proved: WCET ${e.figures.wcetCycles} <= ${e.figures.limitCycles ?? "?"} cycles` : "proved by response-time analysis";
  }
}

/** The text of a code lens for one result. */
export function lensTitle(r: ObligationResult): string {
  const v = r.verdict;
  switch (v.status) {
    case "proved":
      return `${provedBy(v)} · ${secs(r.timeMs)}`;
    case "falsified":
      return `falsified at tick ${v.tick} · ${secs(r.timeMs)}`;
    case "unknown":
      return `unknown: ${v.reason}`;
    case "vacuous":
      return `vacuous: ${v.reason}`;
  }
}

/** The last verdict of the obligation `name` for a hover, or undefined when there is none. */
export function verdictLine(state: ProofState | undefined, name: string, version: number): string | undefined {
  if (!state) return undefined;
  if (state.status === "running") return "proving…";
  if (state.status !== "done") return undefined;
  const r = state.results.find((x) => x.obligation.name === name);
  return r ? `${lensTitle(r)}${state.version !== version ? " (before the last edit)" : ""}` : undefined;
}

function valuesText(rec: TraceStep["inputs"]): string {
  const parts = Object.entries(rec).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(", ")}]` : String(v)}`);
  return parts.join(", ") || "-";
}

function stepText(s: TraceStep, run?: number): string {
  return `${run !== undefined ? `run ${run}, ` : ""}tick ${s.tick}: inputs ${valuesText(s.inputs)} | state ${valuesText(s.state)} | outputs ${valuesText(s.outputs)}`;
}

/** At most this many ticks of a counterexample are listed (the last ones, up to the violation). */
const MAX_STEPS = 64;

function traceInfo(v: Extract<Verdict, { status: "falsified" }>, at: Span): RelatedInfo[] {
  const runs = v.otherTrace ? [v.trace, v.otherTrace] : [v.trace];
  const out: RelatedInfo[] = [];
  runs.forEach((t, i) => {
    const shown = t.slice(-MAX_STEPS);
    if (shown.length < t.length) out.push({ span: at, message: `(${t.length - shown.length} earlier ticks not shown)` });
    for (const s of shown) out.push({ span: at, message: stepText(s, runs.length > 1 ? i + 1 : undefined) });
  });
  return out;
}

/** The property declarations of the primary document, by name. */
function propertiesOf(a: Analysis): Map<string, ast.PropertyDecl> {
  const out = new Map<string, ast.PropertyDecl>();
  for (const d of a.loaded.model?.decls ?? []) if (d.kind === "Property") out.set(d.name.name, d);
  return out;
}

/** Diagnostics for falsified, unknown and vacuous results, anchored in the current text. */
export function proofDiagnostics(a: Analysis, state: ProofState | undefined, version: number): Diagnostic[] {
  if (!state || state.status !== "done") return [];
  const fresh = state.version === version;
  const props = propertiesOf(a);
  const out: Diagnostic[] = [];
  for (const r of state.results) {
    const v = r.verdict;
    if (v.status === "proved") continue;
    const prop = props.get(r.obligation.name);
    const span = prop ? prop.name.span : fresh && r.obligation.span.file === a.path ? r.obligation.span : undefined;
    if (!span) continue;
    const suffix = fresh ? "" : " (before the last edit: save to prove again)";
    if (v.status === "falsified") {
      const at = fresh ? v.at : span;
      out.push(
        diag("VG6101", span, `\`${r.obligation.name}\` is falsified at tick ${v.tick}: ${v.explanation}${suffix}`, {
          related: [{ span: at, message: "the violation (counterexample replayed through the interpreter)" }, ...traceInfo(v, at)],
        }),
      );
    } else {
      out.push(diag("VG6102", span, `\`${r.obligation.name}\` is not proved: ${v.status}: ${v.reason}${suffix}`));
    }
  }
  return out;
}

/** Code lenses: a summary on the device header and the verdict on each property. */
export function codeLenses(a: Analysis, uri: string, state: ProofState | undefined, version: number): CodeLens[] {
  const m = a.loaded.model;
  if (!m) return [];
  const src = a.loaded.sources;
  const cmd = (title: string) => ({ title, command: PROVE_COMMAND, arguments: [uri] });
  const outdated = state && state.version !== version ? " (outdated)" : "";
  const out: CodeLens[] = [];
  const head = m.device?.span ?? m.decls[0]?.span;
  const byName = new Map<string, ObligationResult>();
  if (state?.status === "done") for (const r of state.results) byName.set(r.obligation.name, r);
  if (head) {
    const title =
      !state ? "prove (runs on save)"
      : state.status === "running" ? "proving…"
      : state.status === "model-error" ? "not proved: the model has errors"
      : state.status === "failed" ? `proof failed: ${state.message}`
      : `${state.summary} · ${secs(state.timeMs)}${outdated}`;
    out.push({ range: rangeOf(head, src), command: cmd(title) });
  }
  for (const p of propertiesOf(a).values()) {
    const r = byName.get(p.name.name);
    const title =
      !state ? "prove (runs on save)"
      : state.status === "running" ? "proving…"
      : state.status !== "done" ? "not proved"
      : r ? `${lensTitle(r)}${outdated}`
      : `not proved: no result for \`${p.name.name}\`${outdated}`;
    out.push({ range: rangeOf(p.span, src), command: cmd(title) });
  }
  return out;
}

export interface ProofRunnerOptions {
  /** Runs verify (the proof thread, prove-thread.ts). */
  readonly prover: Prover;
  readonly timeoutMs: number;
  /** Solver worker threads. */
  readonly workers: number;
  /** Called when a document's ProofState changes. */
  readonly onUpdate: (uri: string) => void;
}

/** One proof run per document; a new run cancels the previous one. */
export class ProofRunner {
  private readonly states = new Map<string, ProofState>();
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly opts: ProofRunnerOptions) {}

  state(uri: string): ProofState | undefined {
    return this.states.get(uri);
  }

  /**
   * Start proving the document at `path` as the overlay (the open documents' texts) has it;
   * resolves when this run ends (or is cancelled).
   */
  async start(uri: string, version: number, path: string, overlay: ReadonlyMap<string, string>): Promise<void> {
    this.cancel(uri);
    const ctl = new AbortController();
    this.running.set(uri, ctl);
    this.states.set(uri, { status: "running", version });
    this.opts.onUpdate(uri);
    const o = await this.opts.prover.prove({ path, overlay: [...overlay], timeoutMs: this.opts.timeoutMs, workers: this.opts.workers }, ctl.signal);
    if (ctl.signal.aborted) return; // a newer save took over: drop these results
    let next: ProofState;
    if (o.kind === "verified") {
      const s = o.summary;
      const summary = `${s.total} obligations: ${s.proved} proved, ${s.falsified} falsified, ${s.unknown} unknown${s.vacuous ? `, ${s.vacuous} vacuous` : ""}`;
      next = { status: "done", version, results: o.results, summary, timeMs: o.timeMs };
    } else if (o.kind === "model-error") next = { status: "model-error", version };
    else next = { status: "failed", version, message: o.message };
    this.running.delete(uri);
    this.states.set(uri, next);
    this.opts.onUpdate(uri);
  }

  /** The document has errors: nothing to prove until they are fixed. */
  setModelError(uri: string, version: number): void {
    this.cancel(uri);
    this.states.set(uri, { status: "model-error", version });
    this.opts.onUpdate(uri);
  }

  /** Cancel the document's run, if any (its results are dropped). */
  cancel(uri: string): void {
    this.running.get(uri)?.abort();
    this.running.delete(uri);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.states.delete(uri);
  }

  dispose(): void {
    for (const c of this.running.values()) c.abort();
    this.running.clear();
  }
}
