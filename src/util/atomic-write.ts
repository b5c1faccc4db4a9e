/**
 * Atomic output: files and directories appear whole or not at all.
 *
 * Input: a destination path and the full content (or a function that fills a staging directory).
 * Output: the destination, replaced in one rename(2).
 * Invariants: content is written to a temporary sibling (same directory, so the rename is atomic on
 * POSIX), fsynced, then renamed; on any error, or on SIGINT/SIGTERM while writing, the temporary is
 * removed and the destination is left as it was. Parent directories of a file are never created;
 * symbolic links are followed, and devices and pipes are written in place (never replaced).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, existsSync } from "node:fs";
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

/**
 * Where writing `dest` really goes: a symbolic link is followed (the link stays a link), and a
 * device, FIFO or socket (`-o /dev/null`, `-o /dev/stdout`) is written in place, never replaced
 * by a rename (that would turn /dev/null into a regular file).
 */
function destination(dest: string): { readonly path: string; readonly inPlace: boolean } {
  let real: string;
  try {
    real = realpathSync(dest);
  } catch {
    return { path: dest, inPlace: false };
  }
  const st = statSync(real);
  if (st.isDirectory()) throw Object.assign(new Error(`'${dest}' is a directory`), { code: "EISDIR" });
  return { path: real, inPlace: !st.isFile() };
}

/** Text, bytes, or text in chunks (long counterexamples are written without one huge string). */
function writeAll(fd: number, content: string | Uint8Array | Iterable<string>): void {
  const pieces: Iterable<string | Uint8Array> = typeof content === "string" || content instanceof Uint8Array ? [content] : content;
  for (const piece of pieces) {
    const buf = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  }
}

/**
 * Write `content` to `dest` atomically (a regular file, or a new one). The parent directory must
 * exist: it is never created. Devices and pipes are written in place.
 */
export function writeFileAtomic(dest: string, content: string | Uint8Array | Iterable<string>): void {
  const where = destination(dest);
  if (where.inPlace) {
    const fd = openSync(where.path, "w");
    try {
      writeAll(fd, content);
    } finally {
      closeSync(fd);
    }
    return;
  }
  dest = where.path;
  installSignalCleanup();
  const tmp = tempSibling(dest);
  pending.add(tmp);
  try {
    const fd = openSync(tmp, "wx", 0o644);
    try {
      writeAll(fd, content);
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

/**
 * A file written in chunks, atomically: the chunks go to a temporary sibling that replaces `dest`
 * on commit(); abort() (or an error) leaves `dest` as it was. Devices and pipes are written in
 * place. For outputs too large to build as one string (long simulations).
 */
export class AtomicFileWriter {
  private readonly fd: number;
  private readonly tmp: string | undefined;
  private readonly path: string;
  private done = false;

  constructor(dest: string) {
    const where = destination(dest);
    this.path = where.path;
    if (where.inPlace) {
      this.tmp = undefined;
      this.fd = openSync(where.path, "w");
      return;
    }
    installSignalCleanup();
    this.tmp = tempSibling(where.path);
    pending.add(this.tmp);
    try {
      this.fd = openSync(this.tmp, "wx", 0o644);
    } catch (err) {
      pending.delete(this.tmp);
      throw err;
    }
  }

  write(chunk: string): void {
    writeAll(this.fd, chunk);
  }

  commit(): void {
    if (this.done) return;
    this.done = true;
    try {
      if (this.tmp !== undefined) fsyncSync(this.fd);
      closeSync(this.fd);
      if (this.tmp !== undefined) renameSync(this.tmp, this.path);
    } catch (err) {
      if (this.tmp !== undefined) rmSync(this.tmp, { force: true });
      throw err;
    } finally {
      if (this.tmp !== undefined) pending.delete(this.tmp);
    }
  }

  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      closeSync(this.fd);
    } finally {
      if (this.tmp !== undefined) {
        rmSync(this.tmp, { force: true });
        pending.delete(this.tmp);
      }
    }
  }
}
