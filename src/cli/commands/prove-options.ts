/**
 * `vigil prove` option checks, before any work: each bad option gets its own one-line message.
 *
 * Input: the parsed options of `vigil prove` (strings as commander gives them).
 * Output: undefined when every option is valid, else the line to print for the first bad one (the
 * CLI prints it and exits 2); an unknown --target is VG7002 on that one line.
 * Invariants: reads nothing but the file system entries named by --solver-path / the solver on
 * PATH and --cex-dir (src/util/output-dir.ts claimOutputDir); writes nothing. Checked here rather
 * than per obligation: an unknown --target or a missing solver is a usage error (issue 20), not an
 * unknown verdict on every row.
 */
import { diag } from "../../diagnostics/diagnostic.js";
import { renderText } from "../../diagnostics/render.js";
import type { SafetyEngine } from "../../prove/safety/index.js";
import { findExternalSolver } from "../../solver/index.js";
import { findTarget, targetNames } from "../../targets/index.js";
import { claimOutputDir } from "../../util/output-dir.js";

export const ENGINES: readonly SafetyEngine[] = ["bmc", "kind", "pdr", "abmc", "sim"];

export interface ProveOptionValues {
  readonly timeout: string;
  readonly depth: string;
  readonly format: string;
  readonly flow: string;
  readonly engine?: readonly string[];
  readonly target?: string;
  readonly cexDir?: string;
  readonly solver?: string;
  readonly solverPath?: string;
  readonly force?: boolean;
  readonly maxK?: string;
  readonly invariants?: string;
  readonly simTicks?: string;
}

/** The engines named by --engine (comma or space separated). */
export function enginesOf(o: ProveOptionValues): string[] {
  return (o.engine ?? []).flatMap((e) => e.split(",")).filter((e) => e !== "");
}

/** `--target`: one line (VG7002, no excerpt) for an unknown core, shared with `vigil wcet`. */
export function badTarget(target: string | undefined): string | undefined {
  if (target === undefined || findTarget(target) !== undefined) return undefined;
  const d = diag("VG7002", undefined, `--target: no cycle model for \`${target}\` (known: ${targetNames().join(", ")})`);
  return renderText([d]).trimEnd();
}

/** The line to print for the first bad option (exit 2), or undefined. */
export function badProveOption(o: ProveOptionValues): string | undefined {
  const t = badTarget(o.target);
  if (t !== undefined) return t;
  const m = badOptionMessage(o);
  return m === undefined ? undefined : `vigil prove: ${m}`;
}

function badOptionMessage(o: ProveOptionValues): string | undefined {
  const timeoutS = Number(o.timeout);
  if (!(timeoutS > 0) || !Number.isFinite(timeoutS)) return `--timeout must be a positive number of seconds, not \`${o.timeout}\``;
  const depth = Number(o.depth);
  if (!/^\s*\d+\s*$/.test(o.depth) || !Number.isSafeInteger(depth)) return `--depth must be a whole number of ticks, not \`${o.depth}\``;
  if (o.format !== "text" && o.format !== "json") return `--format must be text or json, not \`${o.format}\``;
  if (o.flow !== "strict" && o.flow !== "relaxed") return `--flow must be strict or relaxed, not \`${o.flow}\``;
  const unknownEngine = enginesOf(o).find((e) => !ENGINES.includes(e as SafetyEngine));
  if (unknownEngine !== undefined) return `--engine must be among ${ENGINES.join(", ")}, not \`${unknownEngine}\``;
  if (o.solver !== undefined && o.solver !== "z3" && o.solver !== "cvc5" && o.solver !== "wasm") return `--solver must be z3, cvc5 or wasm, not \`${o.solver}\``;
  if (o.invariants !== undefined && o.invariants !== "auto" && o.invariants !== "off") return `--invariants must be auto or off, not \`${o.invariants}\``;
  if (o.simTicks !== undefined && !(/^\s*\d+\s*$/.test(o.simTicks) && Number.isSafeInteger(Number(o.simTicks)))) return `--sim-ticks must be a whole number of ticks, not \`${o.simTicks}\``;
  if (o.maxK !== undefined && !(/^\s*\d+\s*$/.test(o.maxK) && Number(o.maxK) >= 1)) return `--max-k must be a whole number >= 1, not \`${o.maxK}\``;
  if (o.solver !== "wasm" && (o.solver !== undefined || o.solverPath !== undefined)) {
    const dialect = o.solver === "cvc5" || (o.solver === undefined && /cvc5/i.test(o.solverPath ?? "")) ? "cvc5" : "z3";
    if (findExternalSolver(dialect, o.solverPath) === undefined) {
      return o.solverPath !== undefined
        ? `--solver-path: '${o.solverPath}' is not an executable file`
        : `--solver ${dialect}: '${dialect}' is not installed (not on PATH); install Debian package ${dialect} or pass --solver-path`;
    }
  }
  if (o.cexDir !== undefined) {
    const c = claimOutputDir(o.cexDir, o.force === true);
    if (!c.ok) return `--cex-dir: refusing to write there: ${c.reason} (use --force)`;
  }
  return undefined;
}
