/** `tsctl version`: client and server versions, Docker's layout, `--format`. */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ format?: string }>({
  name: 'version',
  summary: 'Show the tsctl version information',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [FORMAT_FLAG],
  async run(ctx, opts) {
    const [{ getVersion }, { VERSION }, { runTool }, view, { renderOne }] = await Promise.all([
      import('../../services/system/version'),
      import('../../cli/meta'),
      import('../../util/proc'),
      import('../../output/views/version'),
      import('../../output/render'),
    ]);
    const { info, serverError } = await getVersion({
      clientVersion: VERSION,
      nodeVersion: process.version,
      platform: process.platform,
      arch: process.arch,
      containerdVersion: async () => (await ctx.containerd()).version(),
      toolVersion: async (tool) => {
        try {
          const r = await runTool(tool, ['--version']);
          return r.exitCode === 0 ? r.stdout : undefined;
        } catch {
          return undefined;
        }
      },
    });
    if (opts.format !== undefined) {
      ctx.io.stdout.write(renderOne(info, opts.format === 'json' ? '{{json .}}' : opts.format) + '\n');
    } else {
      ctx.io.stdout.write(view.renderClientVersion(info) + view.renderServerVersion(info));
    }
    if (serverError !== undefined) throw serverError;
  },
});
