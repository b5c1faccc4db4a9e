/**
 * Atomic output: files and directories appear whole or not at all.
 *
 * Input: a destination path and the full content (or a function that fills a staging directory).
 * Output: the destination, replaced in one rename(2).
 * Invariants: content is written to a temporary sibling (same directory, so the rename is atomic on
 * POSIX), fsynced, then renamed; on any error, or on SIGINT/SIGTERM while writing, the temporary is
 * removed and the destination is left as it was.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync, existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const pending = new Set<string>();
let handlersInstalled = false;

function installSignalCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanup = (signal: NodeJS.Signals) => {
    for (const p of pending) rmSync(p, { recursive: true, force: true });
    pending.clear();
    process.kill(process.pid, signal);
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => cleanup(sig));
  }
}

function tempSibling(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
}

/** Write `content` (text, bytes, or text in chunks) to `dest` atomically. Creates the parent directory if needed. */
export function writeFileAtomic(dest: string, content: string | Uint8Array | Iterable<string>): void {
  mkdirSync(dirname(dest), { recursive: true });
  installSignalCleanup();
  const tmp = tempSibling(dest);
  pending.add(tmp);
  try {
    const fd = openSync(tmp, "w", 0o644);
    try {
      const pieces: Iterable<string | Uint8Array> = typeof content === "string" || content instanceof Uint8Array ? [content] : content;
      for (const piece of pieces) {
        const buf = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    pending.delete(tmp);
  }
}

/**
 * Produce a directory atomically: `fill` writes into a fresh staging directory; on success the
 * staging directory replaces `dest` (an existing `dest` is moved aside, then removed).
 */
export function writeDirAtomic(dest: string, fill: (staging: string) => void): void {
  mkdirSync(dirname(dest), { recursive: true });
  installSignalCleanup();
  const staging = tempSibling(dest);
  pending.add(staging);
  let old: string | undefined;
  try {
    mkdirSync(staging);
    fill(staging);
    if (existsSync(dest)) {
      old = tempSibling(dest);
      pending.add(old);
      renameSync(dest, old);
    }
    renameSync(staging, dest);
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (old && !existsSync(dest) && existsSync(old)) renameSync(old, dest);
    throw err;
  } finally {
    pending.delete(staging);
    if (old) pending.delete(old);
  }
}
