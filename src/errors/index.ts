/**
 * tsctl's one error hierarchy. Every error the CLI reports is a TsctlError with a stable `code`;
 * adapters translate foreign failures (gRPC status, HTTP bodies, child processes) into these at the edge,
 * and `exitCodeFor` (./exit-code.ts) maps them to Docker's exit codes in one place.
 */

export type ErrorCode =
  | 'FLAG_INVALID'
  | 'ARG_COUNT'
  | 'INVALID_OPTION'
  | 'INVALID_ARGUMENT'
  | 'CONFIG_INVALID'
  | 'NOT_FOUND'
  | 'NAMESPACE_NOT_FOUND'
  | 'CONTAINER_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'NETWORK_NOT_FOUND'
  | 'VOLUME_NOT_FOUND'
  | 'AMBIGUOUS_REF'
  | 'CONFLICT'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'DAEMON_UNAVAILABLE'
  | 'PERMISSION_DENIED'
  | 'DEADLINE_EXCEEDED'
  | 'CANCELLED'
  | 'UNIMPLEMENTED'
  | 'TEMPLATE_INVALID'
  | 'CONTAINER_EXIT'
  | 'TERMINATED'
  | 'INTERNAL';

export interface ErrorOptions {
  cause?: unknown;
  hint?: string;
}

export class TsctlError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Exit code when no command context escalates it (see exitCodeFor). */
  readonly defaultExitCode: number;

  constructor(code: ErrorCode, message: string, defaultExitCode = 1, opts: ErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = opts.hint;
    this.defaultExitCode = defaultExitCode;
  }
}

/** Flag parsing failed (unknown flag, bad value): Docker exits 125. */
export class UsageError extends TsctlError {
  readonly usage: string;
  readonly commandPath: string;
  constructor(message: string, usage: string, commandPath: string, opts: ErrorOptions = {}) {
    super('FLAG_INVALID', message, 125, opts);
    this.usage = usage;
    this.commandPath = commandPath;
  }
}

/** Wrong number of positional arguments: Docker exits 1. */
export class ArgCountError extends TsctlError {
  readonly usage: string;
  readonly commandPath: string;
  constructor(message: string, usage: string, commandPath: string) {
    super('ARG_COUNT', message, 1);
    this.usage = usage;
    this.commandPath = commandPath;
  }
}

/** Conflicting or malformed option values discovered after parsing. */
export class InvalidOptionError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('INVALID_OPTION', message, 1, opts);
  }
}

export class InvalidArgumentError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('INVALID_ARGUMENT', message, 1, opts);
  }
}

export class ConfigError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('CONFIG_INVALID', message, 1, opts);
  }
}

export type NotFoundCode =
  | 'NOT_FOUND'
  | 'NAMESPACE_NOT_FOUND'
  | 'CONTAINER_NOT_FOUND'
  | 'IMAGE_NOT_FOUND'
  | 'NETWORK_NOT_FOUND'
  | 'VOLUME_NOT_FOUND';

export class NotFoundError extends TsctlError {
  constructor(message: string, code: NotFoundCode = 'NOT_FOUND', opts: ErrorOptions = {}) {
    super(code, message, 1, opts);
  }
}

export class AmbiguousRefError extends TsctlError {
  constructor(message: string) {
    super('AMBIGUOUS_REF', message, 1);
  }
}

export class ConflictError extends TsctlError {
  constructor(message: string, code: 'CONFLICT' | 'ALREADY_EXISTS' = 'CONFLICT', opts: ErrorOptions = {}) {
    super(code, message, 1, opts);
  }
}

export class FailedPreconditionError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('FAILED_PRECONDITION', message, 1, opts);
  }
}

export class DaemonUnavailableError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('DAEMON_UNAVAILABLE', message, 1, opts);
  }
}

export class PermissionDeniedError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('PERMISSION_DENIED', message, 1, opts);
  }
}

export class DeadlineExceededError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('DEADLINE_EXCEEDED', message, 1, opts);
  }
}

export class CancelledError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('CANCELLED', message, 1, opts);
  }
}

export class UnimplementedError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('UNIMPLEMENTED', message, 1, opts);
  }
}

/** A bad --format template. `inspect` exits 64 for it (Docker), others 1. */
export class TemplateError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('TEMPLATE_INVALID', message, 1, opts);
  }
}

/** Carries a container's exit status through to the process exit code; prints nothing. */
export class ContainerExit extends TsctlError {
  readonly status: number;
  constructor(status: number) {
    super('CONTAINER_EXIT', '', status);
    this.status = status;
  }
}

/** tsctl was cancelled by a signal: exit 128 + signal number. */
export class Terminated extends TsctlError {
  readonly signal: number;
  constructor(signal: number) {
    super('TERMINATED', '', 128 + signal);
    this.signal = signal;
  }
}

export class InternalError extends TsctlError {
  constructor(message: string, opts: ErrorOptions = {}) {
    super('INTERNAL', message, 1, opts);
  }
}

export function isTsctlError(e: unknown): e is TsctlError {
  return e instanceof TsctlError;
}

/** Wraps anything thrown into a TsctlError, keeping the original as `cause`. */
export function toTsctlError(e: unknown): TsctlError {
  if (e instanceof TsctlError) return e;
  if (e instanceof Error) {
    const errno = (e as NodeJS.ErrnoException).code;
    if (errno === 'EACCES' || errno === 'EPERM') return new PermissionDeniedError(e.message, { cause: e });
    return new InternalError(e.message, { cause: e });
  }
  return new InternalError(String(e));
}

/** Several targets failed (rm a b c): each message on its own line, exit 1 (Docker's errors.Join). */
export class MultiError extends TsctlError {
  readonly errors: TsctlError[];
  constructor(errors: TsctlError[]) {
    super(errors[0]?.code ?? 'INTERNAL', errors.map((e) => e.message).join('\n'), 1);
    this.errors = errors;
  }
}

/** Throws nothing for no errors, the error itself for one, a MultiError for several. */
export function throwCollected(errors: TsctlError[]): void {
  if (errors.length === 1 && errors[0]) throw errors[0];
  if (errors.length > 1) throw new MultiError(errors);
}
