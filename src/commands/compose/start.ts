/** `tsctl compose start`: start the services' existing containers, dependencies first. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { wait?: boolean; waitTimeout?: string }>({
  name: 'start',
  summary: 'Start services',
  usage: '[SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '--wait', description: 'Wait for services to be running|healthy. Implies detached mode.' },
    { flags: '--wait-timeout <int>', description: 'Maximum duration to wait for the project to be running|healthy' },
  ],
  async run(ctx, opts, args) {
    const engine = await import('../../cli/wiring/compose-engine');
    const s = await engine.openProject(ctx, opts, args);
    const cs = await engine.serviceContainers(s, args);
    const byService = new Map<string, { id: string; name: string; running: boolean }[]>();
    for (const c of cs) byService.set(c.service, [...(byService.get(c.service) ?? []), { id: c.id, name: c.name, running: c.state === 'running' || c.state === 'paused' }]);
    await engine.startServices(s, byService);
    if (opts.wait) await engine.waitReady(s, byService, opts.waitTimeout === undefined ? undefined : Number(opts.waitTimeout));
  },
});
