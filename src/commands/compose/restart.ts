/** `tsctl compose restart`: stop then start the services' containers (dependency order both ways). */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

export default defineCommand<ComposeProjectFlags & { timeout?: string; deps?: boolean }>({
  name: 'restart',
  summary: 'Restart service containers',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-t, --timeout <int>', description: 'Specify a shutdown timeout in seconds' },
    { flags: '--no-deps', description: "Don't restart dependent services" },
  ],
  async run(ctx, opts, args) {
    const engine = await import('../../cli/wiring/compose-engine');
    const s = await engine.openProject(ctx, opts, args);
    // Services that depend on a restarted one with `restart: true` are restarted too (unless --no-deps).
    const names = new Set(args);
    if (args.length > 0 && opts.deps !== false) {
      for (const [n, svc] of Object.entries(s.project.services)) if (Object.entries(svc.depends_on).some(([d, dep]) => dep.restart === true && names.has(d))) names.add(n);
    }
    const cs = await engine.serviceContainers(s, [...names]);
    await engine.stopInOrder(s, cs, opts.timeout === undefined ? undefined : Number(opts.timeout));
    const byService = new Map<string, { id: string; name: string; running: boolean }[]>();
    for (const c of cs) byService.set(c.service, [...(byService.get(c.service) ?? []), { id: c.id, name: c.name, running: false }]);
    await engine.startServices(s, byService);
  },
});
