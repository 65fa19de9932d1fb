/**
 * Polling helpers for the test harness: wait for a unix socket, a TCP port or an HTTP status, always with a
 * deadline and a description so a daemon that never comes up fails with a readable message.
 */
import { connect, createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Stops waiting early, e.g. when the daemon process has already exited. Return a reason to give up. */
  abort?: () => string | undefined;
}

/** Calls `probe` until it resolves true; throws `<what> not ready after Nms (last error)` on timeout. */
export async function pollUntil(what: string, probe: () => Promise<boolean>, opts: PollOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = '';
  for (;;) {
    const reason = opts.abort?.();
    if (reason !== undefined) throw new Error(`${what}: ${reason}`);
    try {
      if (await probe()) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      throw new Error(`${what} not ready after ${opts.timeoutMs}ms${last ? ` (last error: ${last})` : ''}`);
    }
    await delay(opts.intervalMs ?? 50);
  }
}

/** True when something accepts a connection on the unix socket at `path`. */
export function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ path });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** True when GET `url` answers with `status`. */
export async function httpStatusIs(url: string, status: number): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.status === status;
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
