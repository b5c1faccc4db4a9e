/**
 * The CLI's view of the outside world, so commands are testable in-process.
 *
 * Input: none. Output: a CliIo that writes to the real stdout/stderr, or a capturing one for tests.
 * Invariants: commands never call process.exit and never write to process.stdout directly; they
 * return an exit code (see ExitCode) and write through CliIo.
 */
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
  err(text: string): void;
  /** True when stdout is an interactive terminal (live progress allowed). */
  readonly isTTY: boolean;
  /** True when colours may be used on stderr. */
  readonly color: boolean;
}

export function processIo(): CliIo {
  const tty = Boolean(process.stdout.isTTY) && !process.env.CI;
  return {
    out: (t) => void process.stdout.write(t),
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
