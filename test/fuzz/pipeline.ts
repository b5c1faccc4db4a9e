/**
 * The fuzz test's pipeline: one model text through every phase that needs no solver, the way the
 * CLI chains them: parse, fmt (and re-parse), check, lower, IR print, random inputs and simulation
 * (every trace format), the SMT template of every safety target, and the C back end.
 *
 * Input: a file name and its text. Output: how far the model got and every diagnostic, with the
 * problems found: a thrown error escaping a phase, or a diagnostic whose span is not inside the
 * file (offset, length, line and column consistent with the text).
 * Invariants: never throws itself; a problem names the phase and carries the error's message.
 */
import { check } from "../../src/check/index.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { renderText } from "../../src/diagnostics/render.js";
import { emitC } from "../../src/emit/c/index.js";
import { formatModel } from "../../src/fmt/index.js";
import { simulate } from "../../src/interp/index.js";
import { printIr } from "../../src/ir/print.js";
import { lower } from "../../src/lower/index.js";
import { parseText, type LoadedModel } from "../../src/parse/index.js";
import { randomInputs } from "../../src/sim/random.js";
import { formatTrace } from "../../src/sim/write.js";
import { buildTemplate, runtimeTargets, type SafetyTarget } from "../../src/smt/transition.js";
import { makeSourceFile, type SourceFile } from "../../src/source/span.js";

export type Phase = "parse" | "fmt" | "check" | "lower" | "ir" | "sim" | "smt" | "emit";

export interface PipelineResult {
  readonly reached: Phase;
  readonly diagnostics: readonly Diagnostic[];
  readonly problems: readonly string[];
}

function spanProblems(ds: readonly Diagnostic[], src: SourceFile, phase: Phase): string[] {
  const out: string[] = [];
  const n = src.text.length;
  const check1 = (s: Diagnostic["span"], what: string): void => {
    if (!s || s.file !== src.path) return;
    const bad =
      !(s.offset >= 0 && s.length >= 0 && s.offset + s.length <= n) ||
      !(s.line >= 1 && s.line <= src.lineStarts.length) ||
      src.lineStarts[s.line - 1]! + s.col - 1 !== s.offset;
    if (bad) out.push(`${phase}: ${what} span outside the file: ${JSON.stringify(s)} (length ${n})`);
  };
  for (const d of ds) {
    check1(d.span, d.code);
    for (const r of d.related) check1(r.span, `${d.code} related`);
  }
  return out;
}

/** Run `f`; a thrown error becomes a problem of `phase`. */
function guard<T>(phase: Phase, problems: string[], f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    problems.push(`${phase}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return undefined;
  }
}

export function runPipeline(path: string, text: string, seed: number): PipelineResult {
  const problems: string[] = [];
  const src = makeSourceFile(path, text);
  const sources = new Map([[path, src]]);
  const diagnostics: Diagnostic[] = [];
  const done = (reached: Phase): PipelineResult => {
    guard("parse", problems, () => renderText(diagnostics, sources));
    return { reached, diagnostics, problems };
  };
  const parsed = guard("parse", problems, () => parseText(path, text));
  if (!parsed) return done("parse");
  diagnostics.push(...parsed.diagnostics);
  problems.push(...spanProblems(parsed.diagnostics, src, "parse"));
  if (!parsed.model) return done("parse");
  const printed = guard("fmt", problems, () => formatModel(parsed.model!, src));
  if (printed !== undefined) {
    const again = guard("fmt", problems, () => parseText(path, printed));
    if (again && again.diagnostics.length > 0) problems.push(`fmt: the formatted text does not parse: ${again.diagnostics[0]!.message}`);
  }
  const loaded: LoadedModel = { model: parsed.model, imports: [], sources, diagnostics: [] };
  const checked = guard("check", problems, () => check(loaded));
  if (!checked) return done("check");
  diagnostics.push(...checked.diagnostics);
  problems.push(...spanProblems(checked.diagnostics, src, "check"));
  if (checked.diagnostics.some((d) => d.severity === "error")) return done("check");
  const ir = guard("lower", problems, () => lower(checked, { sources }));
  if (!ir) return done("lower");
  guard("ir", problems, () => printIr(ir));
  guard("sim", problems, () => {
    const rr = randomInputs(ir, 24, seed);
    if (!rr.ok) {
      problems.push(...spanProblems(rr.diagnostics, src, "sim"));
      return;
    }
    const r = simulate(ir, rr.inputs, 24);
    for (const f of ["table", "csv", "json", "vcd"] as const) formatTrace(f, ir, r);
  });
  guard("smt", problems, () => {
    const props: SafetyTarget[] = ir.properties.flatMap((q) => (q.kind === "invariant" || q.kind === "leadsTo" ? [{ name: q.name, kind: q.kind, span: q.span }] : []));
    buildTemplate(ir, [...props, ...runtimeTargets(ir)]);
  });
  guard("emit", problems, () => emitC(ir, { version: "0.0.0-fuzz", harness: true }));
  return done("emit");
}
