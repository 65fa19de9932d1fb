/** `tsctl start` / `tsctl container start`: start stopped containers; `-a` attaches to one's output. */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand<{ attach?: boolean; interactive?: boolean }>({
  name: 'start',
  summary: 'Start one or more stopped containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1 },
  flags: [
    { flags: '-a, --attach', description: "Attach STDOUT/STDERR and forward signals" },
    { flags: '-i, --interactive', description: "Attach container's STDIN" },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { startTask }, runIO, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/start'),
      import('../../cli/wiring/run-io'),
      import('../../errors/index'),
    ]);
    if (opts.interactive) throw new errors.UnimplementedError('start -i is not implemented yet in tsctl (containers issue)');
    if (opts.attach && args.length > 1) throw new errors.InvalidOptionError('you cannot start and attach multiple containers at once');
    const deps = await containerDeps(ctx);
    await eachTarget(args, async (ref) => {
      const c = await findContainer(deps.list, ref);
      const startedAt = new Date();
      await startTask(deps, c.id, await runIO.loggingIO(ctx, deps, c.id));
      if (opts.attach) {
        const exited = deps.tasks.wait(c.id, ctx.signal);
        await runIO.followLog(ctx, deps, c.id, exited.catch(() => undefined), startedAt);
        const { exitStatus } = await exited;
        if (exitStatus !== 0) throw new errors.ContainerExit(exitStatus);
      } else ctx.io.stdout.write(`${ref}\n`);
    }, (e) => e instanceof errors.ContainerExit);
  },
});
