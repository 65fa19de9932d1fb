/** `tsctl volume ls`: DRIVER and VOLUME NAME, `-q`, `--filter dangling|name|driver|label`, `--format`. */
import { defineCommand } from '../../cli/define';
import { FORMAT_FLAG } from '../shared-flags';

export default defineCommand<{ quiet?: boolean; format?: string; filter?: string[] }>({
  name: 'ls',
  aliases: ['list'],
  summary: 'List volumes',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-q, --quiet', description: 'Only display volume names' },
    { ...FORMAT_FLAG, flags: '--format <string>' },
    { flags: '-f, --filter <filter>', description: "Provide filter values (e.g. 'dangling=true')", repeatable: true },
  ],
  async run(ctx, opts) {
    const [{ volumeDeps }, { listVolumes }, { filterOption }, { renderVolumeList }] = await Promise.all([
      import('../../cli/wiring/volumes'),
      import('../../services/volumes/list'),
      import('../../cli/filter-flag'),
      import('../../output/views/volume'),
    ]);
    const filters = filterOption(ctx, opts.filter, '--filter', '[OPTIONS]');
    const rows = await listVolumes(await volumeDeps(ctx), filters);
    ctx.io.stdout.write(renderVolumeList(rows, opts));
  },
});
