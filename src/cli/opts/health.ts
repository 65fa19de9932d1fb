/**
 * Healthcheck flags (`--health-cmd`, `--health-interval`, `--health-timeout`, `--health-start-period`,
 * `--health-start-interval`, `--health-retries`, `--no-healthcheck`) → Docker's Config.Healthcheck, as docker/cli
 * builds it and dockerd validates it; the merge with the image's HEALTHCHECK; dockerd's probe defaults.
 */
import { InvalidOptionError } from '../../errors/index';
import { daemonError, parseFlagInt, withFlag } from './common';
import { parseDurationNs } from './duration';

/** Docker's HealthConfig JSON (durations in nanoseconds; zero/absent fields mean "inherit", as with omitempty). */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** The raw flag values (strings as given; absent when the flag was not used). */
export interface HealthFlags {
  cmd?: string;
  /** The test as an argv (`CMD …` / `CMD-SHELL …`): compose's healthcheck.test; wins over `cmd`. */
  test?: string[];
  interval?: string;
  timeout?: string;
  startPeriod?: string;
  startInterval?: string;
  retries?: string;
  noHealthcheck?: boolean;
}

const MS = 1_000_000;
const SECOND = 1_000_000_000;

/** dockerd's defaults for unset fields (daemon/health.go). */
export const HEALTH_DEFAULTS = { interval: 30 * SECOND, timeout: 30 * SECOND, startPeriod: 0, startInterval: 5 * SECOND, retries: 3 } as const;

/**
 * docker/cli's healthcheck parsing then dockerd's validateHealthCheck. Returns undefined when no health flag was
 * used (the image's HEALTHCHECK applies), `{Test: ['NONE']}` for `--no-healthcheck`, else the fields given
 * (`Test: ['CMD-SHELL', cmd]` only with `--health-cmd`). Errors: pflag's for bad values
 * (`invalid argument "x" for "--health-interval" flag: time: invalid duration "x"`),
 * `--no-healthcheck conflicts with --health-* options`, `--health-interval cannot be negative` (and the other
 * flags'), and dockerd's `Interval in Healthcheck cannot be less than 1ms` (Timeout, StartPeriod, StartInterval).
 */
export function parseHealthFlags(flags: HealthFlags): HealthConfig | undefined {
  const dur = (flag: string, v: string | undefined) => (v === undefined ? 0 : withFlag(flag, v, parseDurationNs));
  const interval = dur('--health-interval', flags.interval);
  const timeout = dur('--health-timeout', flags.timeout);
  const startPeriod = dur('--health-start-period', flags.startPeriod);
  const startInterval = dur('--health-start-interval', flags.startInterval);
  const retries = flags.retries === undefined ? 0 : parseFlagInt('--health-retries', flags.retries);
  const cmd = flags.cmd ?? '';
  const have = cmd !== '' || flags.test !== undefined || interval !== 0 || timeout !== 0 || startPeriod !== 0 || retries !== 0 || startInterval !== 0;
  if (flags.noHealthcheck) {
    if (have) throw new InvalidOptionError('--no-healthcheck conflicts with --health-* options');
    return { Test: ['NONE'] };
  }
  if (!have) return undefined;
  const negative: [string, number][] = [
    ['--health-interval', interval], ['--health-timeout', timeout], ['--health-retries', retries],
    ['--health-start-period', startPeriod], ['--health-start-interval', startInterval],
  ];
  for (const [flag, v] of negative) if (v < 0) throw new InvalidOptionError(`${flag} cannot be negative`);
  const config: HealthConfig = {};
  if (flags.test !== undefined) config.Test = flags.test;
  else if (cmd !== '') config.Test = ['CMD-SHELL', cmd];
  if (interval !== 0) config.Interval = interval;
  if (timeout !== 0) config.Timeout = timeout;
  if (startPeriod !== 0) config.StartPeriod = startPeriod;
  if (startInterval !== 0) config.StartInterval = startInterval;
  if (retries !== 0) config.Retries = retries;
  validateHealthConfig(config);
  return config;
}

/** dockerd's validateHealthCheck: non-zero durations of at least 1ms, retries not negative. */
export function validateHealthConfig(config: HealthConfig): void {
  const fields = [['Interval', config.Interval], ['Timeout', config.Timeout]] as const;
  for (const [name, v] of fields) if (v !== undefined && v !== 0 && v < MS) throw daemonError(`${name} in Healthcheck cannot be less than 1ms`);
  if ((config.Retries ?? 0) < 0) throw daemonError('Retries in Healthcheck cannot be negative');
  const later = [['StartPeriod', config.StartPeriod], ['StartInterval', config.StartInterval]] as const;
  for (const [name, v] of later) if (v !== undefined && v !== 0 && v < MS) throw daemonError(`${name} in Healthcheck cannot be less than 1ms`);
}

/**
 * dockerd's merge of the user's healthcheck over the image's (daemon/commit.go): no user config takes the image's;
 * otherwise each empty/zero user field takes the image's value. Neither input is modified.
 */
export function mergeHealthConfig(user: HealthConfig | undefined, image: HealthConfig | undefined): HealthConfig | undefined {
  if (!image) return user;
  if (!user) return { ...image };
  const merged: HealthConfig = { ...user };
  if (!user.Test || user.Test.length === 0) {
    if (image.Test) merged.Test = [...image.Test];
  }
  for (const k of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const) {
    if (!user[k] && image[k]) merged[k] = image[k];
  }
  return merged;
}

/** The probe schedule dockerd runs for a (merged) config, defaults filled; undefined when there is no check. */
export interface HealthProbe {
  /** `['CMD', …args]` or `['CMD-SHELL', cmd]`. */
  test: string[];
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}

/** dockerd's getProbe + defaults: a probe only for `CMD` / `CMD-SHELL` tests (not for none, `NONE` or unknown kinds); zero fields get HEALTH_DEFAULTS (retries ≤ 0 too). */
export function healthProbe(config: HealthConfig | undefined): HealthProbe | undefined {
  const test = config?.Test;
  if (!config || !test || (test[0] !== 'CMD' && test[0] !== 'CMD-SHELL')) return undefined;
  return {
    test: [...test],
    interval: config.Interval || HEALTH_DEFAULTS.interval,
    timeout: config.Timeout || HEALTH_DEFAULTS.timeout,
    startPeriod: config.StartPeriod || HEALTH_DEFAULTS.startPeriod,
    startInterval: config.StartInterval || HEALTH_DEFAULTS.startInterval,
    retries: config.Retries !== undefined && config.Retries > 0 ? config.Retries : HEALTH_DEFAULTS.retries,
  };
}
