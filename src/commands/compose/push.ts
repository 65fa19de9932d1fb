/** `tsctl compose push`: push the images of the services that build one (`build:` and `image:`). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { quiet?: boolean; ignorePushFailures?: boolean; includeDeps?: boolean }>({
  name: 'push',
  summary: 'Push service images',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '--ignore-push-failures', description: 'Push what it can and ignores images with push failures' },
    { flags: '--include-deps', description: 'Also push images of services declared as dependencies' },
    { flags: '-q, --quiet', description: 'Push without printing progress information' },
  ],
  async run(ctx, opts, args) {
    const [engine, { pushServices }, { selectServices }] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../cli/wiring/compose-registry'),
      import('../../compose/plan'),
    ]);
    const s = await engine.openProject(ctx, opts, args);
    const names = selectServices(s.project, args, opts.includeDeps !== true);
    await pushServices(s, names.map((n) => s.project.services[n]!), { quiet: opts.quiet === true, ignoreFailures: opts.ignorePushFailures === true });
  },
});
