/**
 * Splits a byte stream into log messages as Docker's copier does (moby daemon/logger/copier.go): one message
 * per line, the `\n` kept; a line longer than 16 KiB is cut into 16 KiB partial messages (no `\n`), and what is
 * left without a newline at EOF is flushed as a partial message. Part of the logger's code path.
 */

/** Docker's copier buffer: a line that fills it without a newline becomes a partial message. */
export const MAX_MESSAGE = 16 * 1024;

/** `piece` is a view into the pushed data, valid only during the call. `complete`: it ends with `\n`. */
export type EmitPiece = (piece: Uint8Array, complete: boolean) => void;

export class LineSplitter {
  private carry: Buffer | undefined;

  constructor(
    private readonly emit: EmitPiece,
    private readonly max = MAX_MESSAGE,
  ) {}

  push(chunk: Uint8Array): void {
    let data: Uint8Array = chunk;
    if (this.carry !== undefined) {
      data = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    let p = 0;
    for (;;) {
      const nl = data.indexOf(0x0a, p);
      // A pending run that has reached the limit before its newline is cut first.
      const limit = p + this.max;
      if (nl === -1 || nl >= limit) {
        if (data.length - p >= this.max) {
          this.emit(data.subarray(p, limit), false);
          p = limit;
          continue;
        }
        break;
      }
      this.emit(data.subarray(p, nl + 1), true);
      p = nl + 1;
    }
    if (p < data.length) this.carry = Buffer.from(data.subarray(p));
  }

  /** EOF: what is left (a line without its newline) goes out as a partial message. */
  end(): void {
    const rest = this.carry;
    this.carry = undefined;
    if (rest !== undefined && rest.length > 0) this.emit(rest, false);
  }

  /** Bytes held back waiting for a newline. */
  get pending(): number {
    return this.carry?.length ?? 0;
  }
}
