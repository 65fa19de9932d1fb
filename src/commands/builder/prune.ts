/**
 * `tsctl builder prune`: removes BuildKit's build cache (`buildctl prune`; `-a` includes internal and frontend
 * records; `--keep-storage` keeps that much). Docker's confirmation prompt unless `-f`.
 */
import { defineCommand } from '../../cli/define';

const DANGLING_WARNING = 'WARNING! This will remove all dangling build cache.\nAre you sure you want to continue?';
const ALL_WARNING = 'WARNING! This will remove all build cache.\nAre you sure you want to continue?';

export default defineCommand<{ all?: boolean; force?: boolean; keepStorage?: string }>({
  name: 'prune',
  summary: 'Remove build cache',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-a, --all', description: 'Remove all unused build cache, not just dangling ones' },
    { flags: '-f, --force', description: 'Do not prompt for confirmation' },
    { flags: '--keep-storage <bytes>', description: 'Amount of disk space to keep for cache' },
  ],
  async run(ctx, opts) {
    const [wiring, view, { confirm }, { buildctlPruneArgs, parseBytes }] = await Promise.all([
      import('../../cli/wiring/build'),
      import('../../output/views/builder'),
      import('../../cli/prompt'),
      import('../../build/args'),
    ]);
    const keep = opts.keepStorage === undefined ? undefined : parseBytes(opts.keepStorage) / 1e6;
    const addr = await wiring.buildkitAddress(ctx);
    if (opts.force !== true && !(await confirm(ctx.io, ctx.signal, opts.all === true ? ALL_WARNING : DANGLING_WARNING))) return;
    const out = await wiring.buildctlFor(ctx, addr).run(buildctlPruneArgs(addr, { all: opts.all === true, keepStorageMB: keep }));
    ctx.io.stdout.write(view.renderBuilderPrune(view.parseCacheRecords(out)));
  },
});
