/**
 * `tsctl internal container-event ID exited|health`: what Docker's daemon does on these events, run through the
 * container's hook by its logger: on exit `--rm` / the restart policy, on schedule one healthcheck probe.
 */
import { defineCommand } from '../../cli/define';

export default defineCommand({
  name: 'container-event',
  summary: 'Handle a container event (exited, health)',
  usage: 'CONTAINER-ID exited|health',
  args: { min: 2, max: 2 },
  async run(ctx, _opts, args) {
    const [id = '', event = ''] = args;
    const [{ containerDeps }, runIO, { startTask }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../cli/wiring/run-io'),
      import('../../services/containers/start'),
      import('../../errors/index'),
    ]);
    const deps = await containerDeps(ctx);
    if (event === 'exited') {
      const [{ handleTaskExit }, { releaseNetwork }] = await Promise.all([import('../../services/containers/on-exit'), import('../../cli/wiring/net')]);
      const outcome = await handleTaskExit(deps, id, {
        ranMs: Number(ctx.env.TSCTL_TASK_RAN_MS ?? '0') || 0,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        start: async () => {
          const prepared = await runIO.taskIO(ctx, deps, id, { ...(await runIO.containerStdio(deps, id)), attachStdin: false });
          try {
            prepared.started(await startTask(deps, id, prepared.io));
          } catch (e) {
            prepared.started(false);
            throw e;
          }
        },
      });
      if (outcome === 'none') await releaseNetwork(ctx, deps, id);
      return;
    }
    if (event === 'health') {
      const { probeContainer } = await import('../../cli/wiring/health');
      await probeContainer(ctx, deps, id);
      return;
    }
    throw new errors.InvalidArgumentError(`unknown container event: ${event}`);
  },
});
