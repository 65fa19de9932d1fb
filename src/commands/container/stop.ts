/** `tsctl stop` / `tsctl container stop`: stop running containers (stop signal, grace period, SIGKILL). */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand<{ time?: string; timeout?: string; signal?: string }>({
  name: 'stop',
  summary: 'Stop one or more running containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1 },
  flags: [
    { flags: '-t, --timeout <int>', description: 'Seconds to wait before killing the container' },
    { flags: '--time <int>', description: 'Seconds to wait before killing the container (deprecated: use --timeout)', hidden: true },
    { flags: '-s, --signal <string>', description: 'Signal to send to the container' },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { stopTask, markExplicitStop, SIGTERM }, { parseIntFlag }, { parseKillSignal }, errors, labels, { releaseNetwork }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/stop'),
      import('../../cli/parse'),
      import('../../cli/opts/signal'),
      import('../../errors/index'),
      import('../../labels'),
      import('../../cli/wiring/net'),
    ]);
    if (opts.time !== undefined && opts.timeout !== undefined) throw new errors.InvalidOptionError('conflicting options: --time and --timeout');
    const t = opts.timeout ?? opts.time;
    const deps = await containerDeps(ctx);
    await eachTarget(args, async (ref) => {
      const c = await findContainer(deps.list, ref);
      const sig = parseKillSignal(opts.signal ?? c.labels[labels.STOP_SIGNAL_LABEL] ?? 'SIGTERM') || SIGTERM;
      const timeout = t !== undefined ? parseIntFlag('--timeout', t) : Number(c.labels[labels.STOP_TIMEOUT_LABEL] ?? '10');
      await markExplicitStop(deps.containers, c.id);
      await stopTask(deps.tasks, c.id, sig, timeout);
      await releaseNetwork(ctx, deps, c.id);
      ctx.io.stdout.write(`${ref}\n`);
    });
  },
});
