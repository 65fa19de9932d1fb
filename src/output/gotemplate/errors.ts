/**
 * Errors raised by the Go text/template engine.
 *
 * `GoTemplateError` is a `TemplateError` (so the CLI maps it to Docker's exit codes) that also keeps
 * the bare Go text (`goMessage`, e.g. `template: :1: unexpected "}" in operand`) so callers can wrap it
 * the way the Docker command they emulate does (`template parsing error: …`, `Template parsing error: …`).
 *
 * `ArgError` is thrown by template functions when an argument has the wrong type or count; the executor
 * reports it verbatim (like Go's own argument validation), whereas any other exception thrown by a
 * function is reported as `error calling NAME: message`.
 */
import { TemplateError } from '../../errors/index';

/** Prefix Docker's formatter puts in front of every template error. */
export const PARSE_ERROR_PREFIX = 'template parsing error: ';

export class GoTemplateError extends TemplateError {
  /** The message exactly as Go's text/template would produce it (no Docker prefix). */
  readonly goMessage: string;
  constructor(message: string, goMessage: string) {
    super(message);
    this.goMessage = goMessage;
  }
}

/** Argument validation failure inside a template function (reported without `error calling X:`). */
export class ArgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgError';
  }
}

/** Internal: a parse failure; converted to GoTemplateError by parseTemplate. */
export class ParseFailure extends Error {}

/** Internal: an execution failure carrying the Go-formatted message. */
export class ExecFailure extends Error {}
