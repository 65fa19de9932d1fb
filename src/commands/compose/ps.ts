/** `tsctl compose ps`: the project's containers (running ones unless `-a`), with Compose's columns. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  all?: boolean;
  quiet?: boolean;
  services?: boolean;
  status?: string[];
  filter?: string[];
  format?: string;
  /** --no-trunc */
  trunc?: boolean;
}

export default defineCommand<Opts>({
  name: 'ps',
  summary: 'List containers',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-a, --all', description: 'Show all stopped containers (including those created by the run command)' },
    { flags: '-q, --quiet', description: 'Only display IDs' },
    { flags: '--services', description: 'Display services' },
    { flags: '--status <string>', description: 'Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]', repeatable: true },
    { flags: '--filter <string>', description: 'Filter services by a property (supported filters: status).', repeatable: true },
    { flags: '--format <string>', description: 'Format output using a custom template: \'table\', \'json\' or a Go template', default: 'table' },
    { flags: '--no-trunc', description: "Don't truncate output" },
  ],
  async run(ctx, opts, args) {
    const [engine, { listContainers }, { processStartTime }, { netFilesReader }, { renderComposePs }, labels, errors] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../services/containers/list'),
      import('../../util/host'),
      import('../../cli/wiring/containers'),
      import('../../output/views/compose-ps'),
      import('../../compose/labels'),
      import('../../errors/index'),
    ]);
    const statuses = [...(opts.status ?? [])];
    for (const f of opts.filter ?? []) {
      const [k, v] = f.split('=');
      if (k !== 'status' || v === undefined) throw new errors.InvalidOptionError(`invalid filter "${f}": only status=<value> is supported`);
      statuses.push(v);
    }
    const s = await engine.openProject(ctx, opts, args);
    const deps = s.deps;
    const rows = await listContainers(
      {
        containers: deps.list, tasks: deps.taskList, processStart: processStartTime, now: () => new Date(),
        health: async (id) => (await import('../../state/health')).readHealth(deps.paths.container(deps.namespace, id)),
        netFiles: netFilesReader(deps),
      },
      { all: true, last: 0, filters: new Map([['label', [`${labels.PROJECT_LABEL}=${s.project.name}`]]]) },
    );
    const { startOrder } = await import('../../compose/graph');
    const order = startOrder({ ...s.project.disabledServices, ...s.project.services });
    const observed = new Map((await engine.observe(s)).containers.map((c) => [c.id, c]));
    const chosen = rows
      .flatMap((row) => {
        const o = observed.get(row.ID);
        return o ? [{ row, service: o.service, oneoff: o.oneoff }] : [];
      })
      .filter((c) => args.length === 0 || args.includes(c.service))
      .filter((c) => opts.all === true || (!c.oneoff && (statuses.length > 0 || c.row.State === 'running' || c.row.State === 'paused' || c.row.State === 'restarting')))
      .filter((c) => statuses.length === 0 || statuses.includes(c.row.State))
      .sort((a, b) => (a.row.Names < b.row.Names ? -1 : a.row.Names > b.row.Names ? 1 : 0));
    if (opts.services) {
      const names = [...new Set(chosen.map((c) => c.service))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
      ctx.io.stdout.write(names.map((n) => `${n}\n`).join(''));
      return;
    }
    ctx.io.stdout.write(renderComposePs(chosen.map((c) => ({ ...c.row, Service: c.service, Project: s.project.name })), { quiet: opts.quiet === true, format: opts.format, noTrunc: opts.trunc === false }));
  },
});
