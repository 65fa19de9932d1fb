/** Linux signal names → numbers (`SIGTERM`, `TERM`, `15`), as Docker accepts them. */
import { constants } from 'node:os';
import { InvalidOptionError } from '../errors/index';

export function signalNumber(sig: string): number {
  const s = sig.trim().toUpperCase();
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n <= 0 || n > 64) throw new InvalidOptionError(`invalid signal: ${sig}`);
    return n;
  }
  const name = s.startsWith('SIG') ? s : `SIG${s}`;
  const n = (constants.signals as Record<string, number | undefined>)[name];
  if (n === undefined) throw new InvalidOptionError(`invalid signal: ${sig}`);
  return n;
}
