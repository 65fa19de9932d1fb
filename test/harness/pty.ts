/**
 * A real pseudo-terminal for TTY tests: util-linux `script` runs the command on a new pty whose input is what the
 * test writes and whose output the test reads (raw bytes, as a terminal would show them).
 */
import { spawn } from 'node:child_process';
import { harnessEnv } from './env';

export interface PtySession {
  /** Everything the terminal showed so far. */
  output(): string;
  write(text: string): void;
  /** Resolves with the output once `re` matches it (rejects after `timeoutMs`). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  /** The command's exit code (script -e passes it through). */
  exited: Promise<number>;
  kill(): void;
}

export function ptySession(command: string, opts: { cols?: number; rows?: number } = {}): PtySession {
  const size = `stty cols ${opts.cols ?? 80} rows ${opts.rows ?? 24}; `;
  const child = spawn('script', ['-qfec', `${size}${command}`, '/dev/null'], { env: { ...process.env, ...harnessEnv() }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const waiters = new Set<() => void>();
  const onData = (b: Buffer): void => {
    out += b.toString('utf8');
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number>((resolve) => child.on('exit', (code, sig) => resolve(code ?? 128 + (sig === 'SIGKILL' ? 9 : 15))));
  return {
    output: () => out,
    write: (text) => void child.stdin.write(text),
    waitFor: (re, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!re.test(out)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(out);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${re} in terminal output:\n${JSON.stringify(out)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
