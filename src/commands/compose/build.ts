/** `tsctl compose build`: build the services that have a `build:` section (BuildKit, as `tsctl build`). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  buildArg?: string[];
  /** --no-cache */
  cache?: boolean;
  pull?: boolean;
  quiet?: boolean;
  withDependencies?: boolean;
}

export default defineCommand<Opts>({
  name: 'build',
  summary: 'Build or rebuild services',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '--build-arg <stringArray>', description: 'Set build-time variables for services', repeatable: true },
    { flags: '--no-cache', description: 'Do not use cache when building the image' },
    { flags: '--pull', description: 'Always attempt to pull a newer version of the image' },
    { flags: '-q, --quiet', description: "Don't print anything to STDOUT" },
    { flags: '--with-dependencies', description: 'Also build dependencies (transitively)' },
  ],
  async run(ctx, opts, args) {
    const [engine, { buildService }, { selectServices }] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../cli/wiring/compose-build'),
      import('../../compose/plan'),
    ]);
    const s = await engine.openProject(ctx, opts, args);
    for (const name of selectServices(s.project, args, opts.withDependencies !== true)) {
      const svc = s.project.services[name]!;
      if (svc.build === undefined) continue;
      await buildService(s, svc, { noCache: opts.cache === false, pull: opts.pull === true, quiet: opts.quiet === true, buildArgs: opts.buildArg ?? [] });
    }
  },
});
