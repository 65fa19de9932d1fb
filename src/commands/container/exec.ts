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
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { startExec }, runIO, { collectEnv, resolveUser }, { readRootfsFile }, { readFile, rm }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/exec'),
      import('../../cli/wiring/run-io'),
      import('../../cli/opts/index'),
      import('../../services/containers/rootfs-files'),
      import('node:fs/promises'),
      import('../../errors/index'),
    ]);
    if (opts.interactive || opts.tty) throw new errors.UnimplementedError('exec -i/-t are not implemented yet in tsctl (containers issue)');
    const [ref = '', ...cmd] = args;
    const deps = await containerDeps(ctx);
    const c = await findContainer(deps.list, ref);
    const files = await Promise.all((opts.envFile ?? []).map(async (p) => ({ path: p, content: await readFile(p, 'utf8') })));
    let user;
    if (opts.user !== undefined) {
      const mounts = await deps.snapshots.mounts(deps.snapshotter, c.id);
      const [passwd, group] = await Promise.all([readRootfsFile(mounts, '/etc/passwd'), readRootfsFile(mounts, '/etc/group')]);
      user = resolveUser(opts.user, passwd, group);
    }
    const logPath = (execId: string) => `${deps.paths.container(deps.namespace, c.id)}/exec-${execId}-json.log`;
    const started = new Date();
    const { execId, exited } = await startExec(
      deps,
      { id: c.id, name: ref, args: cmd, env: collectEnv(files, opts.env ?? [], ctx.env), ...(opts.workdir ? { workdir: opts.workdir } : {}), ...(user ? { user } : {}), privileged: opts.privileged === true },
      async (id) => (opts.detach ? { stdin: '', stdout: '', stderr: '', terminal: false } : runIO.loggingIO(ctx, deps, c.id, logPath(id))),
      ctx.signal,
    );
    if (opts.detach) return;
    try {
      await runIO.followLog(ctx, deps, c.id, exited.catch(() => undefined), started, logPath(execId));
      const { exitStatus } = await exited;
      if (exitStatus !== 0) throw new errors.ContainerExit(exitStatus);
    } finally {
      await rm(logPath(execId), { force: true });
    }
  },
});
