/**
 * Docker's json-file line encoding (moby daemon/logger/jsonfilelog/jsonlog/jsonlogbytes.go), byte for byte:
 * `{"log":"…","stream":"stdout","time":"<RFC3339Nano>"}\n`. The `log` string is escaped like moby's
 * ffjsonWriteJSONBytesAsString: `\\` `\"` `\n` `\r`, every other byte below 0x20 and `<` `>` `&` as `\u00xx`
 * (lower-case hex), U+2028/U+2029 as `\u2028`/`\u2029`, each byte of an invalid UTF-8 sequence as `\ufffd`
 * (Go's utf8.DecodeRune rules: no overlongs, no surrogates, nothing above U+10FFFF); DEL and valid multi-byte
 * UTF-8 pass through raw. Part of the logger's code path: node built-ins only.
 */

const HEX = [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66];
const BACKSLASH = 0x5c;
const QUOTE = 0x22;

/** True for the ASCII bytes that need an escape. */
function needsEscape(b: number): boolean {
  return b < 0x20 || b === BACKSLASH || b === QUOTE || b === 0x3c || b === 0x3e || b === 0x26;
}

/** Length of the valid UTF-8 sequence starting at `i` (lead byte >= 0x80), or 0 when invalid (Go's rules). */
function utf8SeqLen(s: Uint8Array, i: number): number {
  const b0 = s[i] ?? 0;
  const n = s.length;
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean => {
    const b = j < n ? (s[j] ?? 0) : -1;
    return b >= lo && b <= hi;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(i + 1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80;
    const hi = b0 === 0xed ? 0x9f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80;
    const hi = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

/**
 * Encodes json-file entries into a reused scratch buffer. `encode` returns a view that is valid until the
 * next call (copy it or write it out before encoding again).
 */
export class JsonLogEncoder {
  private buf: Buffer;
  private n = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** One json-file line (with its trailing `\n`) for `log` (raw bytes, already ending in `\n` if complete). */
  encode(log: Uint8Array, stream: string, time: string): Buffer {
    // Worst case: every byte becomes a 6-byte escape.
    this.reserve(log.length * 6 + stream.length * 6 + time.length + 40);
    this.n = 0;
    this.ascii('{');
    let first = true;
    if (log.length > 0) {
      first = false;
      this.ascii('"log":');
      this.str(log);
    }
    if (stream !== '') {
      this.ascii(first ? '"stream":' : ',"stream":');
      this.str(Buffer.from(stream, 'utf8'));
      first = false;
    }
    this.ascii(first ? '"time":"' : ',"time":"');
    this.ascii(time);
    this.ascii('"}\n');
    return this.buf.subarray(0, this.n);
  }

  private reserve(size: number): void {
    if (this.buf.length >= size) return;
    let next = this.buf.length * 2;
    while (next < size) next *= 2;
    this.buf = Buffer.allocUnsafe(next);
  }

  private ascii(s: string): void {
    this.n += this.buf.write(s, this.n, 'latin1');
  }

  private byte(b: number): void {
    this.buf[this.n++] = b;
  }

  private copy(s: Uint8Array, from: number, to: number): void {
    if (to > from) {
      this.buf.set(s.subarray(from, to), this.n);
      this.n += to - from;
    }
  }

  private str(s: Uint8Array): void {
    this.byte(QUOTE);
    let start = 0;
    let i = 0;
    while (i < s.length) {
      const b = s[i] ?? 0;
      if (b < 0x80) {
        if (!needsEscape(b)) {
          i++;
          continue;
        }
        this.copy(s, start, i);
        if (b === BACKSLASH || b === QUOTE) {
          this.byte(BACKSLASH);
          this.byte(b);
        } else if (b === 0x0a) {
          this.ascii('\\n');
        } else if (b === 0x0d) {
          this.ascii('\\r');
        } else {
          this.ascii('\\u00');
          this.byte(HEX[b >> 4] ?? 0x30);
          this.byte(HEX[b & 0xf] ?? 0x30);
        }
        i++;
        start = i;
        continue;
      }
      const len = utf8SeqLen(s, i);
      if (len === 0) {
        this.copy(s, start, i);
        this.ascii('\\ufffd');
        i++;
        start = i;
        continue;
      }
      // U+2028 / U+2029 = E2 80 A8 / E2 80 A9
      if (len === 3 && b === 0xe2 && s[i + 1] === 0x80 && (s[i + 2] === 0xa8 || s[i + 2] === 0xa9)) {
        this.copy(s, start, i);
        this.ascii(s[i + 2] === 0xa8 ? '\\u2028' : '\\u2029');
        i += 3;
        start = i;
        continue;
      }
      i += len;
    }
    this.copy(s, start, s.length);
    this.byte(QUOTE);
  }
}
