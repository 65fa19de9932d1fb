/** `tsctl network connect [--alias A] [--ip IP] NETWORK CONTAINER`: attach a (running) container to a network. */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ alias?: string[]; ip?: string }>({
  name: 'connect',
  summary: 'Connect a container to a network',
  usage: '[OPTIONS] NETWORK CONTAINER',
  args: { min: 2, max: 2 },
  flags: [
    { flags: '--alias <strings>', description: 'Add network-scoped alias for the container', repeatable: true },
    { flags: '--ip <string>', description: 'IPv4 address (e.g., "172.30.100.104")' },
  ],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, net, { connectNetwork }, { containerName }, errors] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../cli/wiring/net'),
      import('../../services/networks/connect'),
      import('../../services/containers/list'),
      import('../../errors/index'),
    ]);
    const [network = '', ref = ''] = args;
    if (opts.ip !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(opts.ip)) throw new errors.InvalidOptionError(`invalid argument "${opts.ip}" for "--ip" flag: invalid string being converted to IP address: ${opts.ip}`);
    const deps = await containerDeps(ctx);
    const c = await findContainer(deps.list, ref);
    const record = await net.findNetwork(ctx, deps, network);
    await connectNetwork(
      { containers: deps.containers, env: await net.netEnv(ctx, deps), dir: deps.paths.container(deps.namespace, c.id) },
      { id: c.id, name: containerName(c), network: record, aliases: opts.alias ?? [], ...(opts.ip ? { ipv4: opts.ip } : {}) },
    );
  },
});
