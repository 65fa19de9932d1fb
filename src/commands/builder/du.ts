/** `tsctl builder du`: BuildKit's build cache records and their sizes (`buildctl du`), in buildx's layout. */
import { defineCommand } from '../../cli/define';

export default defineCommand({
  name: 'du',
  summary: 'Disk usage',
  usage: '',
  args: { min: 0, max: 0 },
  async run(ctx) {
    const [wiring, view] = await Promise.all([import('../../cli/wiring/build'), import('../../output/views/builder')]);
    const addr = await wiring.buildkitAddress(ctx);
    const out = await wiring.buildctlFor(ctx, addr).run(['--addr', addr, 'du', '--format', '{{json .}}']);
    ctx.io.stdout.write(view.renderDiskUsage(view.parseCacheRecords(out), new Date()));
  },
});
