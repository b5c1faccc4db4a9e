/**
 * The prove phase's entry point: every proof obligation of a lowered model.
 *
 * Input: an IrProgram (src/ir/ir.ts). Output: ObligationResult[] (src/prove/verdict.ts) from the
 * engines of each class, which share one signature (program and options in, verdicts out):
 * - safety (src/prove/safety): always, leads_to and runtime checks, by BMC, k-induction and PDR;
 * - isolation (src/prove/isolation): noninterference by self-composition, endorse validators;
 * - timing lives in src/wcet (`timingVerdicts`), which needs a target core.
 * `linkEndorsements` settles endorse validators left open by the isolation engine with the safety
 * verdict of the range check that guards their store.
 * Invariants: see verdict.ts (proved only on unsat; falsified only with a replayed trace).
 */
export { proveSafety, safetyObligations, type SafetyOptions, type SafetyEngine, type EngineStats } from "./safety/index.js";
export { linkEndorsements } from "./safety/endorse-link.js";
export { renderCounterexample, counterexampleFiles, cexFileName } from "./safety/render.js";
export { proveIsolation, type IsolationOptions, type IsolationResult } from "./isolation/index.js";
export { verdictExitCode, type Obligation, type ObligationKind, type ObligationResult, type Verdict, type Evidence, type TraceStep } from "./verdict.js";
