/**
 * Wall-clock time with nanosecond digits, formatted as Go's time.RFC3339Nano in UTC (what Docker's json-file
 * `time` field holds: fraction trimmed of trailing zeros, no fraction at all when it is zero).
 * Part of the logger's code path: node built-ins only.
 */

/** Go's RFC3339Nano for `ns` nanoseconds since the Unix epoch, in UTC: 2006-01-02T15:04:05.999999999Z. */
export function formatRFC3339Nano(ns: bigint): string {
  let ms = ns / 1_000_000n;
  let sub = ns % 1_000_000_000n;
  if (sub < 0n) {
    sub += 1_000_000_000n;
    ms -= 1n;
  }
  const iso = new Date(Number(ms)).toISOString(); // 2006-01-02T15:04:05.000Z
  const secs = iso.slice(0, 19);
  if (sub === 0n) return `${secs}Z`;
  return `${secs}.${sub.toString().padStart(9, '0').replace(/0+$/, '')}Z`;
}

/**
 * A nanosecond clock: Date.now() gives the wall time (ms), process.hrtime the digits below it. Re-anchored to
 * the wall clock whenever the two drift apart by more than 2 ms (clock steps, NTP).
 */
export class NanoClock {
  private baseNs = 0n;
  private baseHr = 0n;

  constructor(
    private readonly wallMs: () => number = Date.now,
    private readonly hr: () => bigint = process.hrtime.bigint,
  ) {
    this.anchor();
  }

  private anchor(): void {
    this.baseNs = BigInt(this.wallMs()) * 1_000_000n;
    this.baseHr = this.hr();
  }

  /** Nanoseconds since the Unix epoch. */
  nowNs(): bigint {
    const ns = this.baseNs + (this.hr() - this.baseHr);
    const drift = Number(ns / 1_000_000n) - this.wallMs();
    if (drift > 2 || drift < -2) {
      this.anchor();
      return this.baseNs;
    }
    return ns;
  }

  /** Now as RFC3339Nano (UTC). */
  now(): string {
    return formatRFC3339Nano(this.nowNs());
  }
}
