/**
 * The client side of an attached container or exec: our stdin pumped into the task's stdin FIFO (raw mode and the
 * detach keys on a terminal), window size changes passed on as ResizePty, and Docker's --sig-proxy (signals tsctl
 * receives are sent to the container). Output is not handled here: it is followed from the log (run-io.ts) or
 * read from FIFOs (exec).
 */
import { spawnSync } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { CliContext } from '../context';
import type { ExitInfo } from '../../containerd/ports';
import { EscapeScanner } from '../opts/detach-keys';
import type { ContainerDeps } from './containers';
import { followLog } from './run-io';

export interface AttachOptions {
  tty: boolean;
  /** Where our stdin goes (the task's stdin FIFO); none: stdin is not attached. */
  stdin?: Writable;
  /**
   * When ours ends: close the task's stdin (StdinOnce). containerd's shim holds a write end of the stdin FIFO
   * itself, so the process sees EOF only after Tasks.CloseIO.
   */
  closeStdin?: () => Promise<void>;
  /** Detach sequence (terminal only). */
  detachKeys?: number[];
  resize?: (width: number, height: number) => Promise<void>;
  /** Signals to the container (--sig-proxy); not with a terminal, where ^C is just input. */
  proxySignal?: (signal: number) => Promise<void>;
}

export interface AttachSession {
  /** Resolves when the user typed the detach keys. */
  detached: Promise<void>;
  /** Restores the terminal and stops reading our stdin. */
  close(): void;
}

const EXTRA_SIGNALS: [NodeJS.Signals, number][] = [['SIGQUIT', 3], ['SIGUSR1', 10], ['SIGUSR2', 12]];

export function attachSession(ctx: CliContext, opts: AttachOptions): AttachSession {
  const cleanups: (() => void)[] = [];
  let onDetach: () => void = () => undefined;
  const detached = new Promise<void>((resolve) => {
    onDetach = resolve;
  });
  const input = ctx.io.stdin as NodeJS.ReadStream;
  if (opts.stdin) {
    const sink = opts.stdin;
    if (opts.tty && input.isTTY) {
      input.setRawMode(true);
      // libuv's raw mode keeps output post-processing (ONLCR): the container's \r\n would become \r\r\n.
      // Docker's MakeRaw clears OPOST; so do we (setRawMode(false) restores the saved settings).
      spawnSync('stty', ['-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
      cleanups.push(() => input.setRawMode(false));
    }
    const scanner = opts.tty && opts.detachKeys ? new EscapeScanner(opts.detachKeys) : undefined;
    const onData = (chunk: Buffer): void => {
      if (!scanner) {
        sink.write(chunk);
        return;
      }
      const { forward, detached: done } = scanner.push(chunk);
      if (forward.length > 0) sink.write(forward);
      if (done) onDetach();
    };
    const onEnd = (): void => {
      if (!opts.closeStdin) return;
      const close = opts.closeStdin;
      sink.end(() => void close().catch(() => undefined));
    };
    input.on('data', onData);
    input.once('end', onEnd);
    input.resume();
    cleanups.push(() => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
    });
  }
  const out = ctx.io.stdout as NodeJS.WriteStream;
  if (opts.tty && opts.resize && out.isTTY) {
    const resize = opts.resize;
    const send = (): void => void resize(out.columns, out.rows).catch(() => undefined);
    send();
    out.on('resize', send);
    cleanups.push(() => out.off('resize', send));
  }
  if (opts.proxySignal && !opts.tty) {
    const proxy = opts.proxySignal;
    ctx.signals.forward = (n) => void proxy(n).catch(() => undefined);
    const handlers = EXTRA_SIGNALS.map(([name, n]) => {
      const h = (): void => void proxy(n).catch(() => undefined);
      process.on(name, h);
      return [name, h] as const;
    });
    cleanups.push(() => {
      delete ctx.signals.forward;
      for (const [name, h] of handlers) process.off(name, h);
    });
  }
  return {
    detached,
    close: () => {
      for (const c of cleanups.splice(0).reverse()) c();
    },
  };
}

export interface AttachedTask {
  tty: boolean;
  stdin?: Writable;
  /** Close the container's stdin at our EOF (StdinOnce without a terminal). */
  closeStdin: boolean;
  /** Output logged before this is not shown (the start of this run, or now for `attach`). */
  since?: Date;
  detachKeys: number[];
  sigProxy: boolean;
  exited: Promise<ExitInfo>;
  /**
   * After the exit: makes the log complete (e.g. deleting the task, which waits for the shim's logger to drain and
   * exit). With it the follow ends as soon as the file is read to its end, without waiting for a quiet period.
   */
  flush?: () => Promise<void>;
}

/**
 * Stays with a running task until it exits (its exit info) or the user detaches ('detached'): output followed
 * from the json log, stdin, resize and signals through attachSession.
 */
export async function attachToTask(ctx: CliContext, deps: ContainerDeps, id: string, a: AttachedTask): Promise<ExitInfo | 'detached'> {
  const session = attachSession(ctx, {
    tty: a.tty,
    ...(a.stdin ? { stdin: a.stdin } : {}),
    ...(a.closeStdin ? { closeStdin: () => deps.tasks.closeStdin(id) } : {}),
    detachKeys: a.detachKeys,
    resize: (w, h) => deps.tasks.resizePty(id, w, h),
    ...(a.sigProxy ? { proxySignal: (n: number) => deps.tasks.kill(id, n) } : {}),
  });
  try {
    const exited = a.exited.then(() => 'exited' as const, () => 'exited' as const);
    const flushed = a.flush ? exited.then(async () => { await a.flush?.().catch(() => undefined); return 'exited' as const; }) : exited;
    const end = Promise.race([flushed, session.detached.then(() => 'detached' as const)]);
    await followLog(ctx, deps, id, end, a.since, undefined, undefined, a.flush ? 0 : undefined);
    if ((await end) === 'detached') return 'detached';
    return await a.exited;
  } finally {
    session.close();
  }
}
