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
    const [{ containerDeps }, { findContainer }, { killTask, markExplicitStop }, { parseKillSignal }, { STOP_SIGNAL_LABEL }] = await Promise.all([
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
      const stopNum = stopSignal === undefined ? undefined : parseKillSignal(stopSignal);
      // Signals that end the container count as an explicit stop (no restart by policy); others (HUP, USR1) not.
      if (sig === 9 || sig === 15 || sig === 2 || sig === stopNum) await markExplicitStop(deps.containers, c.id);
      await killTask(deps.tasks, c.id, ref, sig, stopNum);
      ctx.io.stdout.write(`${ref}\n`);
    });
  },
});
