/**
 * `--detach-keys` (Docker's term.ToBytes): a comma-separated key sequence, each key a single character or
 * `ctrl-<x>` with x in a-z, @, [, \, ], ^, _ (default `ctrl-p,ctrl-q`), and the scanner that finds it in a
 * terminal's input as Docker's escape proxy does: bytes that could start the sequence are held back, and given
 * back when the sequence does not complete.
 */
import { InvalidOptionError } from '../../errors/index';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

export function parseDetachKeys(spec: string): number[] {
  const keys: number[] = [];
  for (const raw of spec.split(',')) {
    const k = raw.trim().toLowerCase();
    if (k.length > 1 && k.startsWith('ctrl-') && k.length === 6) {
      const c = k.charCodeAt(5);
      if (c >= 0x61 && c <= 0x7a) keys.push(c - 0x60);
      else if (c >= 0x40 && c <= 0x5f) keys.push(c - 0x40); // @ [ \ ] ^ _
      else throw new InvalidOptionError(`Invalid escape keys (${spec}) provided`);
    } else if (raw.length === 1) {
      keys.push(raw.charCodeAt(0));
    } else {
      throw new InvalidOptionError(`Invalid escape keys (${spec}) provided`);
    }
  }
  if (keys.length === 0) throw new InvalidOptionError(`Invalid escape keys (${spec}) provided`);
  return keys;
}

/** Feeds input through; `detached` once the whole sequence was typed (what follows it is dropped). */
export class EscapeScanner {
  private matched = 0;

  constructor(private readonly keys: readonly number[]) {}

  push(chunk: Uint8Array): { forward: Buffer; detached: boolean } {
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { forward: Buffer.from(out), detached: true };
        continue;
      }
      // Not the next key: what was held back goes through, then this byte may start a new match.
      for (let i = 0; i < this.matched; i++) out.push(this.keys[i] ?? 0);
      this.matched = 0;
      if (b === this.keys[0]) this.matched = 1;
      else out.push(b);
    }
    return { forward: Buffer.from(out), detached: false };
  }
}
