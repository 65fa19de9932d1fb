/** `tsctl compose logs`: the services' output, each line prefixed with its container (`web-1  | …`). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
  since?: string;
  until?: string;
  /** --no-color / --no-log-prefix */
  color?: boolean;
  logPrefix?: boolean;
  index?: string;
}

export default defineCommand<Opts>({
  name: 'logs',
  summary: 'View output from containers',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-f, --follow', description: 'Follow log output' },
    { flags: '-n, --tail <string>', description: 'Number of lines to show from the end of the logs for each container', default: 'all' },
    { flags: '-t, --timestamps', description: 'Show timestamps' },
    { flags: '--since <string>', description: 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
    { flags: '--until <string>', description: 'Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' },
    { flags: '--no-color', description: 'Produce monochrome output' },
    { flags: '--no-log-prefix', description: "Don't print prefix in logs" },
    { flags: '--index <int>', description: 'index of the container if service has multiple replicas' },
  ],
  async run(ctx, opts, args) {
    const [engine, { streamLogs, prefixName }, { parseTimestamp }, { parseIntFlag }] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../cli/wiring/compose-logs'),
      import('../../cli/opts/timestamp'),
      import('../../cli/parse'),
    ]);
    const s = await engine.openProject(ctx, opts, args);
    const now = new Date();
    const tail = opts.tail === undefined || opts.tail === 'all' ? 'all' : parseIntFlag('--tail', opts.tail);
    let cs = await engine.serviceContainers(s, args, { oneoff: true });
    if (opts.index !== undefined) cs = cs.filter((c) => c.number === parseIntFlag('--index', opts.index ?? ''));
    await streamLogs(s, cs.map((c) => ({ id: c.id, prefix: prefixName(s.project.name, c.name) })), {
      follow: opts.follow === true,
      tail: tail === 'all' || tail < 0 ? 'all' : tail,
      timestamps: opts.timestamps === true,
      noColor: opts.color === false,
      noPrefix: opts.logPrefix === false,
      ...(opts.since ? { since: parseTimestamp(opts.since, now) } : {}),
      ...(opts.until ? { until: parseTimestamp(opts.until, now) } : {}),
    });
  },
});
