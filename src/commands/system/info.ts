/** `tsctl info` (also `system info`): containerd, host, CNI and BuildKit facts, Docker's layout, `--format`. */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ format?: string }>({
  name: 'info',
  summary: 'Display system-wide information',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [FORMAT_FLAG],
  async run(ctx, opts) {
    const [{ getInfo }, host, { discoverBuildkit }, { findExecutable, pathDirs }, { renderInfo }, { renderOne }, { VERSION }] =
      await Promise.all([
        import('../../services/system/info'),
        import('../../util/host'),
        import('../../build/discover'),
        import('../../util/proc'),
        import('../../output/views/info'),
        import('../../output/render'),
        import('../../cli/meta'),
      ]);
    const s = ctx.settings;
    const info = await getInfo({
      containerd: await ctx.containerd(),
      namespace: s.namespace,
      address: s.address,
      snapshotter: s.snapshotter,
      dataRoot: s.dataRoot,
      cniPath: s.cniPath,
      cniNetconfPath: s.cniNetconfPath,
      host: host.hostFacts,
      cniPlugins: () => host.listFirstDir(s.cniPath),
      buildkit: () => discoverBuildkit(s.buildkitHost, s.namespace),
      runcShim: () => findExecutable('containerd-shim-runc-v2', pathDirs(ctx.env)),
    });
    if (opts.format !== undefined) {
      ctx.io.stdout.write(renderOne(info, opts.format === 'json' ? '{{json .}}' : opts.format) + '\n');
      return;
    }
    ctx.io.stdout.write(renderInfo(info, { version: VERSION, debug: s.debug }));
    for (const w of info.Warnings) ctx.io.stderr.write(`${w}\n`);
  },
});
