/**
 * Output directories vigil may write: never destroy what vigil did not write (issue 20).
 *
 * Input: a directory path given on the command line (`emit c -o`, `prove --cex-dir`) and --force.
 * Output: a claim (may vigil write there?) with the reason when not, and helpers that write the
 * marker file and clean up a directory vigil created when writing into it failed.
 * Invariants: a path is claimable when it is absent, an empty directory, or a directory holding
 * vigil's marker file (OUTPUT_MARKER, written with every output directory); anything else (a
 * regular file, a symbolic link, a directory of other files) only with --force. Claiming touches
 * nothing on disk. Cleanup removes only a directory this process created.
 */
import { lstatSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "./atomic-write.js";

/** The marker file in every directory vigil writes; its presence lets vigil replace the directory. */
export const OUTPUT_MARKER = ".vigil-output";

export type OutputClaim = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function errno(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : undefined;
}

/** May vigil replace or fill `dir`? Reads only; `force` accepts anything that exists. */
export function claimOutputDir(dir: string, force: boolean): OutputClaim {
  let st;
  try {
    st = lstatSync(dir);
  } catch (e) {
    if (errno(e) === "ENOENT") return { ok: true };
    // Nothing there to destroy: the write itself will fail and say so (VG8001).
    if (errno(e) === "ENOTDIR") return { ok: true };
    return { ok: false, reason: `cannot inspect ${dir}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (force) return { ok: true };
  if (st.isSymbolicLink()) return { ok: false, reason: `${dir} is a symbolic link` };
  if (!st.isDirectory()) return { ok: false, reason: `${dir} is an existing file, not a directory` };
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    return { ok: false, reason: `cannot read ${dir}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (names.length === 0) return { ok: true };
  if (names.includes(OUTPUT_MARKER)) {
    try {
      if (lstatSync(join(dir, OUTPUT_MARKER)).isFile()) return { ok: true };
    } catch {
      /* fall through: refuse */
    }
  }
  const shown = names.slice(0, 3).join(", ") + (names.length > 3 ? ", ..." : "");
  return { ok: false, reason: `${dir} holds files vigil did not write (${shown})` };
}

/** `-o FILE` (sim, ir): the reason FILE cannot be written because its folder is missing, if so. */
export function missingParent(file: string): string | undefined {
  const dir = dirname(file);
  try {
    if (statSync(dir).isDirectory()) return undefined;
    return `'${dir}' is not a directory`;
  } catch {
    return `folder '${dir}' does not exist (vigil does not create it)`;
  }
}

/** The marker's content: who wrote the directory, so a reader knows it may be replaced. */
export function markerText(command: string, version: string): string {
  return `This directory was written by \`vigil ${command}\` (vigil ${version}).\nvigil may replace or add to it; it refuses directories without this file (use --force).\n`;
}

/**
 * A directory to fill with files one at a time (`--cex-dir`): created on first use (with its
 * marker), and removed again with everything in it if this process created it and a write fails.
 */
export class OutputDir {
  private created: string | undefined;
  private ready = false;
  constructor(
    readonly dir: string,
    private readonly marker: string,
  ) {}

  write(name: string, content: string | Iterable<string>): void {
    if (!this.ready) {
      const first = mkdirSync(this.dir, { recursive: true });
      if (first !== undefined) this.created = resolve(first);
      this.ready = true;
      writeFileAtomic(join(this.dir, OUTPUT_MARKER), this.marker);
    }
    writeFileAtomic(join(this.dir, name), content);
  }

  /** After a failed write: remove the directories this process created (nothing else). */
  abandon(): void {
    if (this.created !== undefined) rmSync(this.created, { recursive: true, force: true });
    this.created = undefined;
    this.ready = false;
  }
}
