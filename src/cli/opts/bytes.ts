/**
 * Byte sizes for `-m/--memory`, `--memory-swap`, `--memory-reservation`, `--shm-size` and tmpfs sizes:
 * go-units' RAMInBytes (what docker/cli's opts.MemBytes uses) and dockerd's memory-limit checks.
 */
import { InvalidOptionError } from '../../errors/index';
import { daemonError, goQuote } from './common';

const BINARY: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const DECIMAL_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Go's strconv.ParseFloat for decimal input, with its error text. */
function parseGoFloat(num: string): number {
  if (!DECIMAL_FLOAT.test(num)) {
    if (/^[+-]?(?:inf|infinity|nan)$/i.test(num)) return Number.NaN;
    throw new InvalidOptionError(`strconv.ParseFloat: parsing ${goQuote(num)}: invalid syntax`);
  }
  const n = Number(num);
  if (!Number.isFinite(n)) throw new InvalidOptionError(`strconv.ParseFloat: parsing ${goQuote(num)}: value out of range`);
  return n;
}

/**
 * go-units RAMInBytes: a number (decimals allowed, `1.5g`) with an optional binary-multiple suffix
 * `b k m g t p`, each optionally followed by `b` or `ib` (`512m`, `512MB`, `512MiB`, `1 GiB`), case-insensitive.
 * The result is truncated to whole bytes. Errors: `invalid size: 'abc'`, `invalid suffix: 'x'`, strconv's texts.
 */
export function parseBytes(value: string): number {
  let sep = -1;
  for (let i = value.length - 1; i >= 0; i--) {
    if ('0123456789. '.includes(value.charAt(i))) {
      sep = i;
      break;
    }
  }
  if (sep === -1) throw new InvalidOptionError(`invalid size: '${value}'`);
  const num = value.charAt(sep) === ' ' ? value.slice(0, sep) : value.slice(0, sep + 1);
  let sfx = value.slice(sep + 1);
  const size = parseGoFloat(num);
  if (!(size >= 0) || !Number.isFinite(size)) throw new InvalidOptionError(`invalid size: '${value}'`);
  if (sfx.length === 0) return Math.trunc(size);
  const badSuffix = () => new InvalidOptionError(`invalid suffix: '${sfx}'`);
  if (sfx.length > 3) throw badSuffix();
  sfx = sfx.toLowerCase();
  if (sfx.startsWith('b')) {
    if (sfx.length > 1) throw badSuffix();
    return Math.trunc(size);
  }
  const mul = BINARY[sfx.charAt(0)];
  if (mul === undefined) throw badSuffix();
  if ((sfx.length === 2 && sfx.charAt(1) !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) throw badSuffix();
  return Math.trunc(size * mul);
}

/** docker/cli's MemSwapBytes: `-1` means unlimited swap, anything else is parseBytes. */
export function parseMemorySwap(value: string): number {
  return value === '-1' ? -1 : parseBytes(value);
}

/** dockerd's smallest memory limit and reservation (linuxMinMemory, 6 MiB). */
export const MIN_MEMORY = 6 * 1024 * 1024;

export interface MemoryLimits {
  memory?: number;
  memorySwap?: number;
  memoryReservation?: number;
}

/**
 * dockerd's memory checks (verifyPlatformContainerResources), in its order:
 * `Minimum memory limit allowed is 6MB`, the swap-vs-memory rules, and the reservation rules.
 */
export function validateMemoryLimits(limits: MemoryLimits): void {
  const { memory = 0, memorySwap = 0, memoryReservation = 0 } = limits;
  if (memory !== 0 && memory < MIN_MEMORY) throw daemonError('Minimum memory limit allowed is 6MB');
  if (memory > 0 && memorySwap > 0 && memorySwap < memory) {
    throw daemonError('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (memory === 0 && memorySwap > 0) throw daemonError('You should always set the Memory limit when using Memoryswap limit, see usage');
  if (memoryReservation > 0 && memoryReservation < MIN_MEMORY) throw daemonError('Minimum memory reservation allowed is 6MB');
  if (memory > 0 && memoryReservation > 0 && memory < memoryReservation) {
    throw daemonError('Minimum memory limit can not be less than memory reservation limit, see usage');
  }
}

const BINARY_ABBRS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Go's `%.4g`: 4 significant digits, trailing zeros dropped, Go's two-digit exponent. */
function formatG4(n: number): string {
  const s = n.toPrecision(4);
  const [mant = s, exp] = s.split('e');
  const trimmed = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  if (exp === undefined) return trimmed;
  const sign = exp.startsWith('-') ? '-' : '+';
  return `${trimmed}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** go-units BytesSize (MemBytes.String()): `512MiB`, `1.5GiB`, `0B`. */
export function bytesSize(size: number): string {
  let i = 0;
  while (size >= 1024 && i < BINARY_ABBRS.length - 1) {
    size /= 1024;
    i++;
  }
  return formatG4(size) + (BINARY_ABBRS[i] ?? 'B');
}
