/** `tsctl export` / `tsctl container export`: a container's filesystem as a tar, to -o FILE or stdout (never a terminal). */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ output?: string }>({
  name: 'export',
  summary: "Export a container's filesystem as a tar archive",
  usage: '[OPTIONS] CONTAINER',
  args: { min: 1, max: 1 },
  flags: [{ flags: '-o, --output <string>', description: 'Write to a file, instead of STDOUT' }],
  async run(ctx, opts, args) {
    const [{ InvalidArgumentError }, { exportContainer }, { containerDeps }, { hostMounter }, { validateOutputPath }] = await Promise.all([
      import('../../errors/index'),
      import('../../services/containers/copy/export'),
      import('../../cli/wiring/containers'),
      import('../../containerd/mount'),
      import('../../services/containers/copy/cp'),
    ]);
    const output = opts.output ?? '';
    const ref = args[0] as string;
    if (output === '' && ctx.io.isTTY) throw new InvalidArgumentError('cowardly refusing to save to a terminal. Use the -o flag or redirect');
    if (output !== '') {
      const { dirname, resolve } = await import('node:path');
      const { stat } = await import('node:fs/promises');
      const dir = dirname(resolve(output));
      // docker/cli's export reports the failed stat of the directory (not cp's "directory ... does not exist").
      await stat(dir).catch((e: NodeJS.ErrnoException) => {
        throw new InvalidArgumentError(`failed to export container: invalid output path: stat ${dir}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
      });
      await validateOutputPath(resolve(output)).catch((e: Error) => {
        throw new InvalidArgumentError(`failed to export container: ${e.message}`);
      });
    }
    const deps = { ...(await containerDeps(ctx)), mounter: hostMounter };
    if (output === '') {
      await exportContainer(deps, ref, ctx.io.stdout, ctx.signal);
      return;
    }
    const { createWriteStream } = await import('node:fs');
    const { rm } = await import('node:fs/promises');
    const file = createWriteStream(output, { mode: 0o600 });
    try {
      await new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
      await exportContainer(deps, ref, file, ctx.signal);
      await new Promise<void>((resolve, reject) => file.once('error', reject).end(() => resolve()));
    } catch (e) {
      file.destroy();
      await rm(output, { force: true });
      throw e;
    }
  },
});
