/**
 * Docker's exit codes for a container that could not start (docker/cli container/run.go toStatusError): the
 * runtime's message decides — "executable file not found" / "no such file or directory" → 127, "permission
 * denied" / "is a directory" → 126, anything else → 125. The substring checks live here, and only here.
 */
import { TsctlError } from './index';

export class ContainerStartError extends TsctlError {
  constructor(message: string, exitCode: number, cause?: unknown) {
    super('INTERNAL', message, exitCode, cause === undefined ? {} : { cause });
  }
}

/** The networking hook failed (port taken, no free address, …): `run` then removes what it created. */
export class NetworkSetupStartError extends ContainerStartError {
  constructor(message: string, cause?: unknown) {
    super(`Error response from daemon: failed to set up container networking: ${message}`, 125, cause);
  }
}

export function startExitCode(message: string): number {
  if (/executable file not found|no such file or directory|not found in \$PATH/i.test(message)) return 127;
  if (/permission denied|is a directory|exec format error/i.test(message)) return 126;
  return 125;
}

export function classifyStartError(e: unknown, what = 'failed to create task for container'): ContainerStartError {
  const text = e instanceof Error ? e.message : String(e);
  return new ContainerStartError(`Error response from daemon: ${what}: ${text}`, startExitCode(text), e);
}
