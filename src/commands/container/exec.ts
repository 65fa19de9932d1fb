/** `tsctl exec` / `tsctl container exec`: run a command in a running container. */
import { defineCommand } from '../../cli/define';

interface Opts {
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

export default defineCommand<Opts>({
  name: 'exec',
  summary: 'Execute a command in a running container',
  usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  args: { min: 2 },
  passThrough: true,
  flags: [
    { flags: '-d, --detach', description: 'Detached mode: run command in the background' },
    { flags: '-e, --env <list>', description: 'Set environment variables', repeatable: true },
    { flags: '--env-file <list>', description: 'Read in a file of environment variables', repeatable: true },
    { flags: '-w, --workdir <string>', description: 'Working directory inside the container' },
    { flags: '-u, --user <string>', description: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { flags: '--privileged', description: 'Give extended privileges to the command' },
    { flags: '-i, --interactive', description: 'Keep STDIN open even if not attached' },
    { flags: '-t, --tty', description: 'Allocate a pseudo-TTY' },
    { flags: '--detach-keys <string>', description: 'Override the key sequence for detaching a container' },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { startExec }, runIO, { attachSession }, { collectEnv, resolveUser, parseDetachKeys, DEFAULT_DETACH_KEYS }, { readRootfsFile }, { readFile, rm }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/exec'),
      import('../../cli/wiring/run-io'),
      import('../../cli/wiring/attach'),
      import('../../cli/opts/index'),
      import('../../services/containers/rootfs-files'),
      import('node:fs/promises'),
      import('../../errors/index'),
    ]);
    const [ref = '', ...cmd] = args;
    const tty = opts.tty === true;
    const interactive = opts.interactive === true && opts.detach !== true;
    const detachKeys = parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS);
    if (interactive && tty && !(ctx.io.stdin as NodeJS.ReadStream).isTTY) throw new errors.InvalidOptionError('the input device is not a TTY');
    const deps = await containerDeps(ctx);
    const c = await findContainer(deps.list, ref);
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
        { id: c.id, name: ref, args: cmd, env: collectEnv(files, opts.env ?? [], ctx.env), ...(opts.workdir ? { workdir: opts.workdir } : {}), ...(user ? { user } : {}), privileged: opts.privileged === true, tty },
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
          await runIO.followLog(ctx, deps, c.id, exited.catch(() => undefined), started, logPath(execId));
        } finally {
          await rm(logPath(execId), { force: true });
        }
      }
      const { exitStatus } = await exited;
      if (exitStatus !== 0) throw new errors.ContainerExit(exitStatus);
    } finally {
      await stdio?.cleanup();
    }
  },
});
