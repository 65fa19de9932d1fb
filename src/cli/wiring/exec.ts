/**
 * Running a process in a container's task, as `exec` and `compose exec` do: environment and user resolved like
 * Docker's, attached through FIFOs (with -i/-t) or the exec's own json log, detached with -d; the process's exit
 * status becomes ours.
 */
import type { CliContext } from '../context';
import type { ContainerDeps } from './containers';

export interface ExecOptions {
  detach?: boolean;
  env?: string[];
  envFile?: string[];
  workdir?: string;
  user?: string;
  privileged?: boolean;
  interactive?: boolean;
  tty?: boolean;
  detachKeys?: string;
}

export async function execInContainer(ctx: CliContext, deps: ContainerDeps, c: { id: string; ref: string }, cmd: string[], opts: ExecOptions): Promise<void> {
  const [{ startExec }, runIO, { attachSession }, { collectEnv, resolveUser, parseDetachKeys, DEFAULT_DETACH_KEYS }, { readRootfsFile }, { readFile, rm }, errors] = await Promise.all([
    import('../../services/containers/exec'),
    import('./run-io'),
    import('./attach'),
    import('../opts/index'),
    import('../../services/containers/rootfs-files'),
    import('node:fs/promises'),
    import('../../errors/index'),
  ]);
  const tty = opts.tty === true;
  const interactive = opts.interactive === true && opts.detach !== true;
  const detachKeys = parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS);
  if (interactive && tty && !(ctx.io.stdin as NodeJS.ReadStream).isTTY) throw new errors.InvalidOptionError('the input device is not a TTY');
  const files = await Promise.all((opts.envFile ?? []).map(async (p) => ({ path: p, content: await readFile(p, 'utf8') })));
  let user;
  if (opts.user !== undefined) {
    const mounts = await deps.snapshots.mounts(deps.snapshotter, c.id);
    const [passwd, group] = await Promise.all([readRootfsFile(mounts, '/etc/passwd'), readRootfsFile(mounts, '/etc/group')]);
    user = resolveUser(opts.user, passwd, group);
  }
  const dir = deps.paths.container(deps.namespace, c.id);
  const logPath = (execId: string) => `${dir}/exec-${execId}-json.log`;
  const fifo = !opts.detach && (tty || interactive);
  let stdio: Awaited<ReturnType<typeof runIO.execFifoIO>> | undefined;
  const started = new Date();
  try {
    const { execId, exited } = await startExec(
      deps,
      { id: c.id, name: c.ref, args: cmd, env: collectEnv(files, opts.env ?? [], ctx.env), ...(opts.workdir ? { workdir: opts.workdir } : {}), ...(user ? { user } : {}), privileged: opts.privileged === true, tty },
      async (id) => {
        if (opts.detach) return { stdin: '', stdout: '', stderr: '', terminal: tty };
        if (!fifo) return runIO.loggingIO(ctx, deps, c.id, logPath(id));
        stdio = await runIO.execFifoIO(ctx.io, dir, id, { tty, interactive });
        return stdio.io;
      },
      ctx.signal,
    );
    if (opts.detach) return;
    if (stdio) {
      const session = attachSession(ctx, {
        tty,
        ...(stdio.stdin ? { stdin: stdio.stdin } : {}),
        closeStdin: () => deps.tasks.closeStdin(c.id, execId),
        detachKeys,
        resize: (w, h) => deps.tasks.resizePty(c.id, w, h, execId),
      });
      try {
        const end = await Promise.race([exited.then(() => 'exited' as const), session.detached.then(() => 'detached' as const)]);
        if (end === 'detached') return;
        await stdio.output;
      } finally {
        session.close();
        stdio.stdin?.destroy();
      }
    } else {
      try {
        // `exited` settles after the process was deleted, and deleting it waits for the shim's logger to read
        // the output to its end and exit: the log is complete, no quiet period needed.
        await runIO.followLog(ctx, deps, c.id, exited.catch(() => undefined), started, logPath(execId), undefined, 0);
      } finally {
        await rm(logPath(execId), { force: true });
      }
    }
    const { exitStatus } = await exited;
    if (exitStatus !== 0) throw new errors.ContainerExit(exitStatus);
  } finally {
    await stdio?.cleanup();
  }
}
