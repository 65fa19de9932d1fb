/** `tsctl compose ls`: the namespace's Compose projects, found by their containers' labels. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  all?: boolean;
  quiet?: boolean;
  filter?: string[];
  format?: string;
}

export default defineCommand<Opts>({
  name: 'ls',
  summary: 'List running compose projects',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-a, --all', description: 'Show all stopped Compose projects' },
    { flags: '--filter <filter>', description: 'Filter output based on conditions provided', repeatable: true },
    { flags: '--format <string>', description: 'Format the output. Values: [table | json]', default: 'table' },
    { flags: '-q, --quiet', description: 'Only display IDs' },
  ],
  async run(ctx, opts) {
    const [{ containerDeps }, { listProjects }, { parseFilterFlags }, { renderComposeLs }, { InvalidOptionError }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../cli/wiring/compose-info'),
      import('../../services/images/list'),
      import('../../output/views/compose-misc'),
      import('../../errors/index'),
    ]);
    const filters = parseFilterFlags(opts.filter, '--filter');
    // Compose validates on its side: no daemon prefix.
    for (const k of filters.keys()) if (k !== 'name') throw new InvalidOptionError(`invalid filter '${k}'`);
    const names = filters.get('name');
    // filters.Args.Match: exact, else each value as a regular expression (an invalid one matches nothing).
    const matches = (pattern: string, name: string): boolean => {
      try {
        return pattern === name || new RegExp(pattern).test(name);
      } catch {
        return false;
      }
    };
    const stacks = (await listProjects(await containerDeps(ctx), opts.all === true))
      .filter((s) => names === undefined || names.some((n) => matches(n, s.Name)));
    ctx.io.stdout.write(renderComposeLs(stacks, opts));
  },
});
