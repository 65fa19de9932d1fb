/** Reading from the user: a prompt on a TTY (echo off for secrets), all of stdin when piped, or a y/N confirmation. */
import type { Readable } from 'node:stream';
import type { IO } from '../output/io';

/** With `prompt`: one line from the terminal, echoed only when `echo`. Without: everything on stdin. */
export async function readSecret(io: IO, prompt: string | undefined, echo = false): Promise<string> {
  if (prompt === undefined) {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks).toString('utf8');
  }
  const { createInterface } = await import('node:readline');
  io.stdout.write(prompt);
  const out = io.stdout as NodeJS.WritableStream & { write: (s: string) => boolean };
  const rl = createInterface({ input: io.stdin, output: echo ? out : undefined, terminal: echo });
  try {
    const line = await new Promise<string>((resolve) => rl.once('line', resolve));
    if (!echo) io.stdout.write('\n');
    return line;
  } finally {
    rl.close();
  }
}

/** The first line of `input` (without its newline; what is there at EOF), like bufio.Scanner's first Scan. */
function readLine(input: Readable, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const finish = (err: unknown, line: string): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onEnd);
      signal.removeEventListener('abort', onAbort);
      input.pause();
      if (err === undefined) resolve(line);
      else reject(err instanceof Error ? err : new Error(String(err)));
    };
    const onData = (chunk: Buffer | string): void => {
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) finish(undefined, buf.slice(0, nl));
    };
    const onEnd = (): void => finish(undefined, buf);
    const onAbort = (): void => finish(signal.reason, '');
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onEnd);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * docker/cli's prompt.Confirm: `<message> [y/N] ` on stdout, one line from stdin; `y`/`Y` (spaces trimmed) is
 * yes, anything else or no input is no. A signal while waiting ends the line and rethrows.
 */
export async function confirm(io: IO, signal: AbortSignal, message: string): Promise<boolean> {
  io.stdout.write(`${message} [y/N] `);
  let answer: string;
  try {
    answer = await readLine(io.stdin, signal);
  } catch (e) {
    io.stdout.write('\n');
    throw e;
  }
  return answer.trim().toLowerCase() === 'y';
}
