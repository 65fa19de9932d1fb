/** `tsctl logs` / `tsctl container logs`: a container's json-file log (`-f`, `--tail`, `--since`, `--until`, `-t`). */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ follow?: boolean; tail?: string; since?: string; until?: string; timestamps?: boolean; details?: boolean }>({
  name: 'logs',
  summary: 'Fetch the logs of a container',
  usage: '[OPTIONS] CONTAINER',
  args: { min: 1, max: 1 },
  flags: [
    { flags: '-f, --follow', description: 'Follow log output' },
    { flags: '-n, --tail <string>', description: 'Number of lines to show from the end of the logs', default: 'all' },
    { flags: '--since <string>', description: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    { flags: '--until <string>', description: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
    { flags: '-t, --timestamps', description: 'Show timestamps' },
    { flags: '--details', description: 'Show extra details provided to logs', hidden: true },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, logs, { logPathFor }, { parseTimestamp }, { parseIntFlag }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../services/containers/logs'),
      import('../../cli/wiring/run-spec'),
      import('../../cli/opts/timestamp'),
      import('../../cli/parse'),
    ]);
    const deps = await containerDeps(ctx);
    const c = await findContainer(deps.list, args[0] ?? '');
    logs.assertReadableLog(c.labels);
    const now = new Date();
    const tail = opts.tail === undefined || opts.tail === 'all' ? 'all' : Math.max(0, parseIntFlag('--tail', opts.tail));
    const task = await deps.tasks.get(c.id);
    const running = task !== undefined && task.status !== 'stopped';
    const stopped = opts.follow && running ? deps.tasks.wait(c.id, ctx.signal).catch(() => undefined) : Promise.resolve();
    for await (const e of logs.readLogs(logs.nodeLogFiles(), logPathFor(deps, c.id), {
      follow: opts.follow === true && running,
      tail: tail === 'all' ? 'all' : tail < 0 ? 'all' : tail,
      ...(opts.since ? { since: parseTimestamp(opts.since, now) } : {}),
      ...(opts.until ? { until: parseTimestamp(opts.until, now) } : {}),
      stopped,
      signal: ctx.signal,
      pollMs: 200,
    })) {
      (e.stream === 'stderr' ? ctx.io.stderr : ctx.io.stdout).write(logs.formatLogEntry(e, { timestamps: opts.timestamps === true }));
    }
  },
});
