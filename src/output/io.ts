/**
 * The streams a command writes to. The CLI edge builds one from the process; tests build one from buffers.
 * Colour follows Docker's habit and NO_COLOR: only on a TTY, never when NO_COLOR is set.
 */
import type { Readable, Writable } from 'node:stream';

export interface IO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** stdout is a terminal. */
  isTTY: boolean;
  /** stderr is a terminal. */
  errIsTTY: boolean;
  /** Colour allowed (TTY and no NO_COLOR). */
  color: boolean;
}

export function out(io: IO, text: string): void {
  io.stdout.write(text);
}

export function err(io: IO, text: string): void {
  io.stderr.write(text);
}

/** A line on stderr for warnings, as Docker prints them ("WARNING: ..."). */
export function warn(io: IO, message: string): void {
  io.stderr.write(`WARNING: ${message}\n`);
}

export function colorAllowed(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}
