/** `tsctl run` / `tsctl container run`: create and start a container; attached, its output and exit code are ours. */
import { defineCommand } from '../../cli/define';
import { ATTACH_FLAGS, RUN_FLAGS, type AttachFlags, type RunFlags } from './shared-run-flags';

export default defineCommand<RunFlags & AttachFlags & { detach?: boolean }>({
  name: 'run',
  summary: 'Create and run a new container from an image',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  args: { min: 1 },
  passThrough: true,
  flags: [{ flags: '-d, --detach', description: 'Run container in background and print container ID' }, ...ATTACH_FLAGS, ...RUN_FLAGS],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { prepareRun }, { createContainer }, { startTask }, { removeContainer }, runIO, { attachToTask }, { pullWithOutput }, { parseDetachKeys, DEFAULT_DETACH_KEYS }, errors, { NetworkSetupStartError }, { releaseNetwork }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../cli/wiring/run-spec'),
      import('../../services/containers/create'),
      import('../../services/containers/start'),
      import('../../services/containers/remove'),
      import('../../cli/wiring/run-io'),
      import('../../cli/wiring/attach'),
      import('../../cli/wiring/pull'),
      import('../../cli/opts/detach-keys'),
      import('../../errors/index'),
      import('../../errors/classify-start'),
      import('../../cli/wiring/net'),
    ]);
    const attached = opts.detach !== true;
    const attachStdin = attached && opts.interactive === true;
    // Docker checks the terminal before anything else, and this error exits 1 (not 125).
    if (attachStdin && opts.tty && !(ctx.io.stdin as NodeJS.ReadStream).isTTY) throw new errors.InvalidOptionError('the input device is not a TTY');
    ctx.exit.escalate125 = true;
    const detachKeys = parseDetachKeys(opts.detachKeys ?? DEFAULT_DETACH_KEYS);
    const deps = await containerDeps(ctx, opts.platform);
    const prepared = await prepareRun(ctx, deps, opts, args[0] ?? '', args.slice(1), attached);
    const created = await prepared.created(createContainer(
      {
        ...deps,
        spec: prepared.spec,
        imageLabels: prepared.imageLabels,
        pull: (name) => pullWithOutput(ctx, name, { quiet: false, ...(opts.platform ? { platform: opts.platform } : {}), unpack: 'auto', concurrency: 3, printName: false, io: { ...ctx.io, stdout: ctx.io.stderr, isTTY: ctx.io.errIsTTY } }),
        onMessage: (line) => ctx.io.stderr.write(`${line}\n`),
      },
      prepared.request,
    ));
    const id = created.id;
    const tty = opts.tty === true;
    let stdio: Awaited<ReturnType<typeof runIO.taskIO>> | undefined;
    try {
      // An attached `run --rm` removes the container itself; the exit hook stays out while this process lives.
      if (attached && opts.rm) await runIO.markAttached(deps, id);
      stdio = await runIO.taskIO(ctx, deps, id, { tty, stdin: !opts.interactive ? 'none' : attached ? 'once' : 'open', attachStdin, log: prepared.log() });
      await startTask(deps, id, stdio.io);
      stdio.started(true);
    } catch (e) {
      stdio?.started(false);
      // A container whose network could not be set up (port taken, …) is not left behind (dockerd keeps it).
      if (opts.rm || e instanceof NetworkSetupStartError) await removeContainer(deps, id, true, true).catch(() => undefined);
      throw e;
    }
    if (!attached) {
      ctx.io.stdout.write(`${id}\n`);
      return;
    }
    ctx.exit.escalate125 = false;
    const result = await attachToTask(ctx, deps, id, {
      tty,
      ...(stdio.stdin ? { stdin: stdio.stdin } : {}),
      closeStdin: !tty,
      detachKeys,
      sigProxy: opts.sigProxy !== false,
      exited: deps.tasks.wait(id, ctx.signal),
      // --rm: the task goes anyway, and deleting it waits for the shim's logger to write the last output, so the
      // follow can end at the log's end instead of after a quiet period.
      ...(opts.rm ? { flush: async () => { await releaseNetwork(ctx, deps, id).catch(() => undefined); await deps.tasks.delete(id); await stdio?.loggerExited; } } : {}),
    });
    if (result === 'detached') {
      if (opts.rm) await runIO.unmarkAttached(deps, id);
      return;
    }
    if (opts.rm) await removeContainer(deps, id, true, true).catch((e: unknown) => {
      if (!(e instanceof errors.NotFoundError)) throw e;
    });
    else await releaseNetwork(ctx, deps, id).catch(() => undefined);
    if (result.exitStatus !== 0) throw new errors.ContainerExit(result.exitStatus);
  },
});
