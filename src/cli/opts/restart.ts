/**
 * `--restart no|always|on-failure[:N]|unless-stopped`: docker/cli's ParseRestartPolicy (format) followed by
 * the API's ValidateRestartPolicy (which dockerd applies), and the CLI's `--restart` / `--rm` conflict.
 */
import { InvalidOptionError } from '../../errors/index';
import { cut, daemonError, goAtoi } from './common';

export const RESTART_POLICIES = ['no', 'always', 'on-failure', 'unless-stopped'] as const;
export type RestartPolicyName = (typeof RESTART_POLICIES)[number];

/** Docker's HostConfig.RestartPolicy {Name, MaximumRetryCount}. */
export interface RestartPolicy {
  name: RestartPolicyName;
  maximumRetryCount: number;
}

function isPolicy(name: string): name is RestartPolicyName {
  return (RESTART_POLICIES as readonly string[]).includes(name);
}

/**
 * `no`, `always`, `unless-stopped`, `on-failure`, `on-failure:5`. An empty value means `no` (the flag's default;
 * dockerd accepts an empty name for old clients). Errors:
 * - CLI: `invalid restart policy format: no policy provided before colon`,
 *   `invalid restart policy format: maximum retry count must be an integer`;
 * - daemon: `invalid restart policy: unknown policy 'x'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
 *   `invalid restart policy: maximum retry count can only be used with 'on-failure'` (`… and cannot be negative`),
 *   `invalid restart policy: maximum retry count cannot be negative`.
 */
export function parseRestartPolicy(value: string): RestartPolicy {
  if (value === '') return { name: 'no', maximumRetryCount: 0 };
  const [name, count, hasColon] = cut(value, ':');
  if (hasColon && name === '') throw new InvalidOptionError('invalid restart policy format: no policy provided before colon');
  let retries = 0;
  if (count !== '') {
    try {
      retries = goAtoi(count);
    } catch {
      throw new InvalidOptionError('invalid restart policy format: maximum retry count must be an integer');
    }
  }
  if (!isPolicy(name)) {
    throw daemonError(`invalid restart policy: unknown policy '${name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`);
  }
  if (name === 'on-failure') {
    if (retries < 0) throw daemonError('invalid restart policy: maximum retry count cannot be negative');
  } else if (retries !== 0) {
    const negative = retries < 0 ? ' and cannot be negative' : '';
    throw daemonError(`invalid restart policy: maximum retry count can only be used with 'on-failure'${negative}`);
  }
  return { name, maximumRetryCount: retries };
}

/** docker/cli: `--rm` with any policy but `no` fails with `conflicting options: cannot specify both --restart and --rm`. */
export function validateRestartWithRm(policy: RestartPolicy, autoRemove: boolean): void {
  if (autoRemove && policy.name !== 'no') throw new InvalidOptionError('conflicting options: cannot specify both --restart and --rm');
}
