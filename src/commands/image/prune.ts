/**
 * `tsctl image prune`: removes dangling images (`-a`: every image no container uses) after Docker's confirmation
 * prompt on stdout, answered on stdin (`y`/`Y` goes ahead; anything else, or no input, cancels silently with exit
 * 0); `-f` skips it (docker/cli cli/command/image/prune.go, internal/prompt).
 */
import { defineCommand } from '../../cli/define';
import { FORCE_FLAG, pruneFilterFlag } from '../../cli/prune';

const DANGLING_WARNING = 'WARNING! This will remove all dangling images.\nAre you sure you want to continue?';
const ALL_WARNING = 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?';

export default defineCommand<{ all?: boolean; force?: boolean; filter?: string[] }>({
  name: 'prune',
  summary: 'Remove unused images',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-a, --all', description: 'Remove all unused images, not just dangling ones' },
    pruneFilterFlag('"until=<timestamp>", "label=<key>[=<value>]"'),
    FORCE_FLAG,
  ],
  async run(ctx, opts) {
    const [{ pruneImages }, { confirmPrune }, { renderPruneReport }, stores, { platformPicker, hostPlatform }] = await Promise.all([
      import('../../services/images/prune'),
      import('../../cli/prune'),
      import('../../output/views/image'),
      import('../../containerd/stores'),
      import('../../services/images/pick'),
    ]);
    const filters = await confirmPrune(ctx, opts, opts.all ? ALL_WARNING : DANGLING_WARNING);
    if (!filters) return;
    const client = await ctx.containerd();
    const report = await pruneImages(
      {
        images: stores.imagesPort(client),
        content: stores.contentPort(client),
        snapshots: stores.snapshotsPort(client),
        snapshotter: ctx.settings.snapshotter,
        pick: platformPicker(hostPlatform(process.arch)),
        containers: client.containers,
      },
      { all: opts.all === true, filters, now: new Date() },
    );
    ctx.io.stdout.write(renderPruneReport(report));
  },
});
