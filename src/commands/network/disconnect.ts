/** `tsctl network disconnect [-f] NETWORK CONTAINER`: detach a container from a network (live when running). */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ force?: boolean }>({
  name: 'disconnect',
  summary: 'Disconnect a container from a network',
  usage: '[OPTIONS] NETWORK CONTAINER',
  args: { min: 2, max: 2 },
  flags: [{ flags: '-f, --force', description: 'Force the container to disconnect from a network' }],
  async run(ctx, opts, args) {
    const [{ containerDeps }, { findContainer }, net, { disconnectNetwork }, { containerName }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/resolve'),
      import('../../cli/wiring/net'),
      import('../../services/networks/connect'),
      import('../../services/containers/list'),
    ]);
    const [network = '', ref = ''] = args;
    const deps = await containerDeps(ctx);
    const c = await findContainer(deps.list, ref);
    const record = await net.findNetwork(ctx, deps, network);
    await disconnectNetwork(
      { containers: deps.containers, env: await net.netEnv(ctx, deps), dir: deps.paths.container(deps.namespace, c.id) },
      { id: c.id, name: containerName(c), network: record },
    ).catch((e: unknown) => {
      // -f: Docker drops the endpoint even when the network cannot be reached; tsctl's DEL is idempotent already.
      if (!opts.force) throw e;
    });
  },
});
