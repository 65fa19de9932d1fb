/** `tsctl kill` / `tsctl container kill`: send a signal (default SIGKILL) to running containers. */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand<{ signal?: string }>({
  name: 'kill',
  summary: 'Kill one or more running containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1 },
  flags: [{ flags: '-s, --signal <string>', description: 'Signal to send to the container', default: 'KILL' }],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { killTask }, { parseKillSignal }, { STOP_SIGNAL_LABEL }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/stop'),
      import('../../cli/opts/signal'),
      import('../../labels'),
    ]);
    const sig = parseKillSignal(opts.signal ?? 'KILL');
    const deps = await containerDeps(ctx);
    await eachTarget(args, async (ref) => {
      const c = await findContainer(deps.list, ref);
      const stopSignal = c.labels[STOP_SIGNAL_LABEL];
      await killTask(deps.tasks, c.id, ref, sig, stopSignal === undefined ? undefined : parseKillSignal(stopSignal));
      ctx.io.stdout.write(`${ref}\n`);
    });
  },
});
