/** `tsctl stats` / `tsctl container stats`: a live table of containers' CPU, memory, network, block I/O and PIDs. */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

interface Opts {
  all?: boolean;
  /** commander stores --no-stream as stream=false and --no-trunc as trunc=false */
  stream?: boolean;
  trunc?: boolean;
  format?: string;
}

/** Time between two samples: the CPU % of a frame is measured over it (Docker's daemon samples every second). */
const INTERVAL_MS = 1000;

export default defineCommand<Opts>({
  name: 'stats',
  summary: 'Display a live stream of container(s) resource usage statistics',
  usage: '[OPTIONS] [CONTAINER...]',
  args: { min: 0 },
  flags: [
    { flags: '-a, --all', description: 'Show all containers (default shows just running)' },
    { flags: '--no-stream', description: 'Disable streaming stats and only pull the first result' },
    { flags: '--no-trunc', description: 'Do not truncate output' },
    { ...FORMAT_FLAG, flags: '--format <string>' },
  ],
  async run(ctx, opts, args) {
    const [{ statsTargets, takeSample, statsEntry }, { renderStats, statsFrame }, { taskMetrics }, procfs, os, { setTimeout: sleep }] = await Promise.all([
      import('../../services/containers/stats'),
      import('../../output/views/stats'),
      import('../../containerd/metrics'),
      import('../../util/procfs'),
      import('node:os'),
      import('node:timers/promises'),
    ]);
    const client = await ctx.containerd();
    const deps = {
      containers: client.containers, tasks: client.tasks, metrics: taskMetrics(client),
      systemCpu: procfs.readSystemCpu, netIO: procfs.readNetDev, memTotal: os.totalmem(),
    };
    const noStream = opts.stream === false;
    const render = { ...(opts.format === undefined ? {} : { format: opts.format }), noTrunc: opts.trunc === false };
    const targetsNow = () => statsTargets(deps, { refs: args, all: opts.all === true });
    const pause = async () => {
      try {
        await sleep(INTERVAL_MS, undefined, { signal: ctx.signal });
      } catch (e) {
        throw ctx.signal.aborted ? ctx.signal.reason : e;
      }
    };

    let targets = await targetsNow();
    // Nothing to measure: just the header (Docker 28; Docker 29 prints nothing).
    if (noStream && targets.length === 0) {
      ctx.io.stdout.write(renderStats([], render));
      return;
    }
    let prev = await takeSample(deps, targets);
    for (let first = true; ; first = false) {
      await pause();
      // Listing mode follows containers starting and stopping; named containers stay.
      if (!noStream && args.length === 0) targets = await targetsNow();
      const cur = await takeSample(deps, targets);
      const text = renderStats(targets.map((t) => statsEntry(t, prev, cur, deps.memTotal)), render);
      if (noStream) {
        ctx.io.stdout.write(text);
        return;
      }
      ctx.io.stdout.write(statsFrame(text, ctx.io.isTTY, first));
      prev = cur;
    }
  },
});
