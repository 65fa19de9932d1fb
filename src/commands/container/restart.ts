/** `tsctl restart` / `tsctl container restart`: stop (as `stop`) then start containers; stopped ones just start. */
import { defineCommand } from '../../cli/define';
import { eachTarget } from '../../cli/each';

export default defineCommand<{ time?: string; timeout?: string; signal?: string }>({
  name: 'restart',
  summary: 'Restart one or more containers',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  args: { min: 1 },
  flags: [
    { flags: '-s, --signal <string>', description: 'Signal to send to the container' },
    { flags: '-t, --timeout <int>', description: 'Seconds to wait before killing the container' },
    { flags: '--time <int>', description: 'Seconds to wait before killing the container (deprecated: use --timeout)', hidden: true },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, { restartContainer }, { SIGTERM }, { parseIntFlag }, { parseKillSignal }, runIO, errors, labels] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/restart'),
      import('../../services/containers/stop'),
      import('../../cli/parse'),
      import('../../cli/opts/signal'),
      import('../../cli/wiring/run-io'),
      import('../../errors/index'),
      import('../../labels'),
    ]);
    if (opts.time !== undefined && opts.timeout !== undefined) throw new errors.InvalidOptionError('conflicting options: cannot specify both --timeout and --time');
    const t = opts.timeout ?? opts.time;
    const timeoutFlag = t === undefined ? undefined : parseIntFlag('--timeout', t);
    const deps = await containerDeps(ctx);
    await eachTarget(args, async (ref) => {
      const c = await findContainer(deps.list, ref);
      const stopSignal = parseKillSignal(opts.signal ?? c.labels[labels.STOP_SIGNAL_LABEL] ?? 'SIGTERM') || SIGTERM;
      const timeoutSec = timeoutFlag ?? Number(c.labels[labels.STOP_TIMEOUT_LABEL] ?? '10');
      let prepared: Awaited<ReturnType<typeof runIO.taskIO>> | undefined;
      const io = async () => {
        prepared = await runIO.taskIO(ctx, deps, c.id, { ...(await runIO.containerStdio(deps, c.id)), attachStdin: false });
        return prepared.io;
      };
      try {
        await restartContainer(deps, { id: c.id, ref, stopSignal, timeoutSec, io });
        prepared?.started(true);
      } catch (e) {
        prepared?.started(false);
        throw e;
      }
      ctx.io.stdout.write(`${ref}\n`);
    });
  },
});
