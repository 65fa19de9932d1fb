/** `tsctl run` / `tsctl container run`: create and start a container; attached, its output and exit code are ours. */
import { defineCommand } from '../../cli/define';
import { RUN_FLAGS, type RunFlags } from './shared-run-flags';

export default defineCommand<RunFlags & { detach?: boolean }>({
  name: 'run',
  summary: 'Create and run a new container from an image',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  args: { min: 1 },
  passThrough: true,
  flags: [{ flags: '-d, --detach', description: 'Run container in background and print container ID' }, ...RUN_FLAGS],
  async run(ctx, opts, args) {
    ctx.exit.escalate125 = true;
    const [{ containerDeps }, { prepareRun }, { createContainer }, { startTask }, { removeContainer }, runIO, { pullWithOutput }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../cli/wiring/run-spec'),
      import('../../services/containers/create'),
      import('../../services/containers/start'),
      import('../../services/containers/remove'),
      import('../../cli/wiring/run-io'),
      import('../../cli/wiring/pull'),
      import('../../errors/index'),
    ]);
    if (opts.tty || opts.interactive) {
      throw new errors.UnimplementedError('-i/-t are not implemented yet in tsctl (containers issue); run without them');
    }
    const deps = await containerDeps(ctx, opts.platform);
    const prepared = await prepareRun(ctx, deps, opts, args[0] ?? '', args.slice(1));
    const created = await createContainer(
      {
        ...deps,
        spec: prepared.spec,
        pull: (name) => pullWithOutput(ctx, name, { quiet: false, ...(opts.platform ? { platform: opts.platform } : {}), unpack: 'auto', concurrency: 3, printName: false, io: { ...ctx.io, stdout: ctx.io.stderr, isTTY: ctx.io.errIsTTY } }),
        onMessage: (line) => ctx.io.stderr.write(`${line}\n`),
      },
      prepared.request,
    );
    const id = created.id;
    try {
      await startTask(deps, id, await runIO.loggingIO(ctx, deps, id));
    } catch (e) {
      if (opts.rm) await removeContainer(deps, id, true).catch(() => undefined);
      throw e;
    }
    if (opts.detach) {
      ctx.io.stdout.write(`${id}\n`);
      return;
    }
    ctx.exit.escalate125 = false;
    const exited = deps.tasks.wait(id, ctx.signal);
    await runIO.followLog(ctx, deps, id, exited.catch(() => undefined));
    const { exitStatus } = await exited;
    if (opts.rm) await removeContainer(deps, id, true);
    if (exitStatus !== 0) throw new errors.ContainerExit(exitStatus);
  },
});
