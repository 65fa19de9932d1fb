/**
 * Signals for `--stop-signal`, `kill -s`, `stop -s`: moby/sys/signal's ParseSignal over the Linux SignalMap
 * (names with or without `SIG`, any case, `RTMIN+n` / `RTMAX-n`, or numbers) and ValidSignalForPlatform.
 */
import { InvalidOptionError } from '../../errors/index';
import { daemonError, goAtoi } from './common';

const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** Canonical names first, so the reverse lookup prefers them over the aliases (IOT, CLD, POLL). */
const BASE: [string, number][] = [
  ['HUP', 1], ['INT', 2], ['QUIT', 3], ['ILL', 4], ['TRAP', 5], ['ABRT', 6], ['BUS', 7], ['FPE', 8], ['KILL', 9],
  ['USR1', 10], ['SEGV', 11], ['USR2', 12], ['PIPE', 13], ['ALRM', 14], ['TERM', 15], ['STKFLT', 16], ['CHLD', 17],
  ['CONT', 18], ['STOP', 19], ['TSTP', 20], ['TTIN', 21], ['TTOU', 22], ['URG', 23], ['XCPU', 24], ['XFSZ', 25],
  ['VTALRM', 26], ['PROF', 27], ['WINCH', 28], ['IO', 29], ['PWR', 30], ['SYS', 31], ['IOT', 6], ['CLD', 17], ['POLL', 29],
];

/** moby's Linux SignalMap: name without `SIG` → number. */
export const SIGNALS: ReadonlyMap<string, number> = new Map([
  ...BASE,
  ['RTMIN', SIGRTMIN],
  ...Array.from({ length: 15 }, (_, i): [string, number] => [`RTMIN+${i + 1}`, SIGRTMIN + i + 1]),
  ...Array.from({ length: 14 }, (_, i): [string, number] => [`RTMAX-${14 - i}`, SIGRTMAX - 14 + i]),
  ['RTMAX', SIGRTMAX],
]);

const NAMES = new Map<number, string>();
for (const [name, n] of SIGNALS) if (!NAMES.has(n)) NAMES.set(n, name);

/** Docker's default stop signal. */
export const DEFAULT_STOP_SIGNAL = 'SIGTERM';

/**
 * moby/sys/signal ParseSignal: `SIGTERM`, `term`, `TERM`, `15`, `SIGRTMIN+3` (37). Any non-zero integer is
 * accepted as is (ParseSignal does not range-check numbers); `0` and unknown names fail with `invalid signal: X`.
 * This is the bare primitive: dockerd runs it, see parseStopSignal / parseKillSignal for the CLI-visible errors.
 */
export function parseSignal(raw: string): number {
  let n: number | undefined;
  try {
    n = goAtoi(raw);
  } catch {
    n = undefined;
  }
  if (n !== undefined) {
    if (n === 0) throw new InvalidOptionError(`invalid signal: ${raw}`);
    return n;
  }
  const upper = raw.toUpperCase();
  const signal = SIGNALS.get(upper.startsWith('SIG') ? upper.slice(3) : upper);
  if (signal === undefined) throw new InvalidOptionError(`invalid signal: ${raw}`);
  return signal;
}

/** moby's ValidSignalForPlatform: the number is one of SignalMap's (1-31, 34-64 on Linux). */
export function validSignalForPlatform(signal: number): boolean {
  return NAMES.has(signal);
}

/** `--stop-signal` as dockerd checks it at create: `Error response from daemon: invalid signal: FOO`. */
export function parseStopSignal(raw: string): number {
  try {
    return parseSignal(raw);
  } catch (e) {
    throw daemonError((e as Error).message);
  }
}

/**
 * `kill -s` / `stop -s` as dockerd checks them: ParseSignal, then
 * `the linux daemon does not support signal 100` for numbers outside SignalMap.
 */
export function parseKillSignal(raw: string): number {
  const n = parseStopSignal(raw);
  if (!validSignalForPlatform(n)) throw daemonError(`the linux daemon does not support signal ${n}`);
  return n;
}

/** `SIGTERM` for 15, `SIGRTMIN+3` for 37; undefined for numbers outside SignalMap. */
export function signalName(signal: number): string | undefined {
  const name = NAMES.get(signal);
  return name === undefined ? undefined : `SIG${name}`;
}
