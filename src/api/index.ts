/**
 * vigil as a library: the typed entry points that the CLI, the gate, the report, the diff and the
 * language server call. Input/output: see each module. Invariant: nothing here writes files or
 * touches the process (exit codes, stdout); front doors do that.
 */
export { verify, summarize, type VerifyOptions, type VerifyReport, type VerifySummary } from "./verify.js";
