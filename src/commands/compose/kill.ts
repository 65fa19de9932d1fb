/** `tsctl compose kill`: send a signal (default SIGKILL) to the services' running containers. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { signal?: string; removeOrphans?: boolean }>({
  name: 'kill',
  summary: 'Force stop service containers',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-s, --signal <string>', description: 'SIGNAL to send to the container', default: 'SIGKILL' },
    { flags: '--remove-orphans', description: 'Remove containers for services not defined in the Compose file' },
  ],
  async run(ctx, opts, args) {
    const [engine, { killTask, markExplicitStop }, { parseKillSignal }] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../services/containers/stop'),
      import('../../cli/opts/signal'),
    ]);
    const sig = parseKillSignal(opts.signal ?? 'SIGKILL');
    const s = await engine.openProject(ctx, opts, args);
    const cs = await engine.serviceContainers(s, args, { states: ['running', 'paused'] });
    if (cs.length === 0) {
      ctx.io.stderr.write('no container to kill\n');
      return;
    }
    await engine.inParallel(cs, async (c) => {
      s.event('Container', c.name, 'Killing');
      if (sig === 9 || sig === 15 || sig === 2) await markExplicitStop(s.deps.containers, c.id);
      await killTask(s.deps.tasks, c.id, c.name, sig);
      s.event('Container', c.name, 'Killed');
    }, cs.length);
  },
});
