/** `tsctl rename` / `tsctl container rename`: give a container a new name. */
import { defineCommand } from '../../cli/define';

export default defineCommand<Record<string, never>>({
  name: 'rename',
  summary: 'Rename a container',
  usage: 'CONTAINER NEW_NAME',
  args: { min: 2, max: 2 },
  async run(ctx, _opts, args) {
    const [{ containerDeps }, { renameContainer }, { toTsctlError }] = await Promise.all([
      import('../../cli/wiring/containers'),
      import('../../services/containers/rename'),
      import('../../errors/index'),
    ]);
    const deps = await containerDeps(ctx);
    try {
      await renameContainer({ ...deps, renamed: async (id, name) => (await import('../../cli/wiring/net')).renameInNetworks(ctx, deps, id, name) }, args[0] ?? '', args[1] ?? '');
    } catch (e) {
      // docker/cli wraps every failure: "failed to rename container: <daemon error>".
      const err = toTsctlError(e);
      err.message = `failed to rename container: ${err.message}`;
      throw err;
    }
  },
});
