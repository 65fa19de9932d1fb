/**
 * The one place that maps tsctl errors to process exit codes (Docker's rules):
 * flag errors 125; `run` escalates its own and daemon-side failures to 125 (docker's toStatusError),
 * keeping 126/127 from a failed container start; an attached container's status passes through;
 * a signal-cancelled tsctl exits 128+signal; everything else 1.
 */
import { TsctlError } from './index';

export interface ExitContext {
  /** The command escalates errors to 125 (run; docker/cli's create does not). */
  escalate125?: boolean;
  /** The command's own flag-value errors (INVALID_OPTION) exit 125 (docker/cli's create: parse errors only). */
  optionErrors125?: boolean;
  /** Docker Compose's convention: every failure that is not a container's own exit code exits 1. */
  plainErrors?: boolean;
}

export function exitCodeFor(err: TsctlError, ctx: ExitContext = {}): number {
  switch (err.code) {
    case 'CONTAINER_EXIT':
    case 'TERMINATED':
    case 'FLAG_INVALID':
      return err.defaultExitCode;
    default:
      break;
  }
  if (ctx.plainErrors) return 1;
  if (ctx.optionErrors125 && err.code === 'INVALID_OPTION') return 125;
  if (ctx.escalate125) {
    if (err.defaultExitCode === 126 || err.defaultExitCode === 127) return err.defaultExitCode;
    return 125;
  }
  return err.defaultExitCode;
}
