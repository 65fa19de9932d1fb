/** `tsctl port` / `tsctl container port CONTAINER [PRIVATE_PORT[/PROTO]]`: the container's published ports. */
import { defineCommand } from '../../cli/define';

export default defineCommand<Record<string, never>>({
  name: 'port',
  summary: 'List port mappings or a specific mapping for the container',
  usage: 'CONTAINER [PRIVATE_PORT[/PROTO]]',
  args: { min: 1, max: 2 },
  flags: [],
  async run(ctx, _opts, args) {
    const [{ containerDeps, netFilesReader }, { containerPorts }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/port'),
    ]);
    const deps = await containerDeps(ctx);
    const [ref = '', port] = args;
    const lines = await containerPorts({ list: deps.list, tasks: deps.tasks, netFiles: netFilesReader(deps) }, ref, port);
    if (lines.length > 0) ctx.io.stdout.write(`${lines.join('\n')}\n`);
  },
});
