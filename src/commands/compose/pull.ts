/** `tsctl compose pull`: pull the services' images (Compose's progress lines on stderr). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  quiet?: boolean;
  ignorePullFailures?: boolean;
  ignoreBuildable?: boolean;
  includeDeps?: boolean;
  policy?: string;
  parallel?: boolean;
}

export default defineCommand<Opts>({
  name: 'pull',
  summary: 'Pull service images',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '--ignore-buildable', description: 'Ignore images that can be built' },
    { flags: '--ignore-pull-failures', description: 'Pull what it can and ignores images with pull failures' },
    { flags: '--include-deps', description: 'Also pull services declared as dependencies' },
    { flags: '--policy <string>', description: 'Apply pull policy ("missing"|"always")' },
    { flags: '-q, --quiet', description: 'Pull without printing progress information' },
    { flags: '--parallel', description: 'DEPRECATED pull multiple images in parallel', hidden: true },
    { flags: '--no-parallel', description: 'DEPRECATED disable parallel pulling', hidden: true },
  ],
  async run(ctx, opts, args) {
    const [engine, { pullServices }, { selectServices }] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../cli/wiring/compose-registry'),
      import('../../compose/plan'),
    ]);
    const s = await engine.openProject(ctx, opts, args);
    const names = selectServices(s.project, args, opts.includeDeps !== true);
    await pullServices(s, names.map((n) => s.project.services[n]!), {
      quiet: opts.quiet === true,
      ignoreFailures: opts.ignorePullFailures === true,
      ignoreBuildable: opts.ignoreBuildable === true,
      policy: opts.policy,
    });
  },
});
