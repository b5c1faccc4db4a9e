/**
 * The CLI's view of the outside world, so commands are testable in-process.
 *
 * Input: none. Output: a CliIo that writes to the real stdout/stderr, or a capturing one for tests.
 * Invariants: commands never call process.exit and never write to process.stdout directly; they
 * return an exit code (see ExitCode) and write through CliIo.
 */
import { writeSync } from "node:fs";

export const ExitCode = {
  /** Clean model / everything proved. */
  Ok: 0,
  /** Errors in a model, or a property falsified. */
  ModelError: 1,
  /** Usage error or internal error. */
  Usage: 2,
  /** Some proof obligation ended unknown (timeout, solver gave up). */
  Unknown: 3,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface CliIo {
  out(text: string): void;
  /**
   * Write to stdout now, synchronously, for long streamed outputs (`vigil sim`): process.stdout
   * may queue writes until the event loop runs, which a long synchronous simulation never lets
   * happen (10^7 ticks to a pipe grew past 4 GB). Throws ClosedPipe when the reader has gone.
   * Absent in test captures (then `out` is used).
   */
  outSync?(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (live progress allowed). */
  readonly isTTY: boolean;
  /** True when colours may be used on stderr. */
  readonly color: boolean;
}

/** The reader of stdout went away (EPIPE): the command ends quietly (src/cli/main.ts). */
export class ClosedPipe extends Error {
  constructor() {
    super("stdout closed");
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** All of `text` to file descriptor `fd`, waiting out a full non-blocking pipe (EAGAIN). */
export function writeAllSync(fd: number, text: string): void {
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") pause(1);
      else if (code === "EPIPE") throw new ClosedPipe();
      else throw e;
    }
  }
}

export function processIo(): CliIo {
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  return {
    out: (t) => void process.stdout.write(t),
    outSync: (t) => writeAllSync(1, t),
    err: (t) => void process.stderr.write(t),
    isTTY: tty,
    color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR && !process.env.CI,
  };
}

export interface CapturedIo extends CliIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function captureIo(): CapturedIo {
  let o = "";
  let e = "";
  return {
    out: (t) => void (o += t),
    err: (t) => void (e += t),
    isTTY: false,
    color: false,
    stdout: () => o,
    stderr: () => e,
  };
}
