/**
 * The second half of `run` (also `compose run`): start the created container with its stdio, then either print
 * its ID (detached) or stay attached until it exits — its status becomes ours — removing it with `--rm`.
 */
import type { CliContext } from '../context';
import type { ContainerDeps } from './containers';
import type { LogFileOptions } from '../opts/log';

export interface RunStartOptions {
  attached: boolean;
  rm: boolean;
  tty: boolean;
  interactive: boolean;
  detachKeys: number[];
  sigProxy: boolean;
  log: () => LogFileOptions;
  /** Detached: what to print (the ID by default, as `run -d`). */
  printDetached?: (id: string) => string;
}

export async function startCreated(ctx: CliContext, deps: ContainerDeps, id: string, o: RunStartOptions): Promise<void> {
  const [{ startTask }, { removeContainer }, runIO, { attachToTask }, errors, { NetworkSetupStartError }, { releaseNetwork }] = await Promise.all([
    import('../../services/containers/start'),
    import('../../services/containers/remove'),
    import('./run-io'),
    import('./attach'),
    import('../../errors/index'),
    import('../../errors/classify-start'),
    import('./net'),
  ]);
  const attachStdin = o.attached && o.interactive;
  let stdio: Awaited<ReturnType<typeof runIO.taskIO>> | undefined;
  try {
    // An attached `run --rm` removes the container itself; the exit hook stays out while this process lives.
    if (o.attached && o.rm) await runIO.markAttached(deps, id);
    stdio = await runIO.taskIO(ctx, deps, id, { tty: o.tty, stdin: !o.interactive ? 'none' : o.attached ? 'once' : 'open', attachStdin, log: o.log() });
    await startTask(deps, id, stdio.io);
    stdio.started(true);
  } catch (e) {
    stdio?.started(false);
    // A container whose network could not be set up (port taken, …) is not left behind (dockerd keeps it).
    if (o.rm || e instanceof NetworkSetupStartError) await removeContainer(deps, id, true, true).catch(() => undefined);
    throw e;
  }
  if (!o.attached) {
    ctx.io.stdout.write(o.printDetached ? o.printDetached(id) : `${id}\n`);
    return;
  }
  ctx.exit.escalate125 = false;
  const result = await attachToTask(ctx, deps, id, {
    tty: o.tty,
    ...(stdio.stdin ? { stdin: stdio.stdin } : {}),
    closeStdin: !o.tty,
    detachKeys: o.detachKeys,
    sigProxy: o.sigProxy,
    exited: deps.tasks.wait(id, ctx.signal),
    // --rm: the task goes anyway, and deleting it waits for the shim's logger to write the last output, so the
    // follow can end at the log's end instead of after a quiet period.
    ...(o.rm ? { flush: async () => { await releaseNetwork(ctx, deps, id).catch(() => undefined); await deps.tasks.delete(id); await stdio?.loggerExited; } } : {}),
  });
  if (result === 'detached') {
    if (o.rm) await runIO.unmarkAttached(deps, id);
    return;
  }
  if (o.rm) await removeContainer(deps, id, true, true).catch((e: unknown) => {
    if (!(e instanceof errors.NotFoundError)) throw e;
  });
  else await releaseNetwork(ctx, deps, id).catch(() => undefined);
  if (result.exitStatus !== 0) throw new errors.ContainerExit(result.exitStatus);
}
