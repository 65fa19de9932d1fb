/** Reading a line from the user: a prompt on a TTY (echo off for secrets), or all of stdin when piped. */
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
