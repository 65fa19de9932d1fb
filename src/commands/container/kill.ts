/** `tsctl kill` / `tsctl container kill`: send a signal (default SIGKILL) to running containers. */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ signal?: string }>({
  name: 'kill',
  summary: 'Kill one or more running containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1 },
  flags: [{ flags: '-s, --signal <string>', description: 'Signal to send to the container', default: 'KILL' }],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { killTask }, { signalNumber }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/stop'),
      import('../../cli/signals'),
      import('../../errors/index'),
    ]);
    const sig = signalNumber(opts.signal ?? 'KILL');
    const deps = await containerDeps(ctx);
    const failed: InstanceType<typeof errors.TsctlError>[] = [];
    for (const ref of args) {
      try {
        const c = await findContainer(deps.list, ref);
        await killTask(deps.tasks, c.id, ref, sig);
        ctx.io.stdout.write(`${ref}\n`);
      } catch (e) {
        failed.push(errors.toTsctlError(e));
      }
    }
    errors.throwCollected(failed);
  },
});
