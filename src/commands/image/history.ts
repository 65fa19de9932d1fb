/**
 * `tsctl image history IMAGE`: the layers' history, newest first (docker/cli cli/command/image/history.go).
 * `-H/--human` is on by default; `--human=false` (or `--no-human`) prints RFC 3339 dates and byte counts.
 */
import { defineCommand } from '../../cli/define';

interface Opts {
  human?: boolean;
  noHuman?: boolean;
  'human=false'?: boolean;
  'human=true'?: boolean;
  quiet?: boolean;
  /** commander turns `--no-trunc` into trunc=false. */
  trunc?: boolean;
  format?: string;
}

export default defineCommand<Opts>({
  name: 'history',
  summary: 'Show the history of an image',
  usage: '[OPTIONS] IMAGE',
  args: { min: 1, max: 1 },
  flags: [
    { flags: '--format <string>', description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template" },
    { flags: '-H, --human', description: 'Print sizes and dates in human readable format (default true)' },
    // commander has no `--flag=false` for booleans: Docker's spellings are declared as hidden flags.
    { flags: '--human=false', description: 'Print sizes in bytes and dates in RFC 3339', hidden: true },
    { flags: '--human=true', description: 'Print sizes and dates in human readable format', hidden: true },
    { flags: '--no-human', description: 'Print sizes in bytes and dates in RFC 3339', hidden: true },
    { flags: '--no-trunc', description: "Don't truncate output" },
    { flags: '-q, --quiet', description: 'Only show image IDs' },
  ],
  async run(ctx, opts, args) {
    const [{ imageHistory }, { renderHistory }, stores, { platformPicker, hostPlatform }] = await Promise.all([
      import('../../services/images/history'),
      import('../../output/views/image'),
      import('../../containerd/stores'),
      import('../../services/images/pick'),
    ]);
    const client = await ctx.containerd();
    const items = await imageHistory(
      {
        images: stores.imagesPort(client),
        content: stores.contentPort(client),
        snapshots: stores.snapshotsPort(client),
        snapshotter: ctx.settings.snapshotter,
        pick: platformPicker(hostPlatform(process.arch)),
      },
      args[0] ?? '',
    );
    const human = !(opts['human=false'] === true || opts.noHuman === true || opts.human === false);
    ctx.io.stdout.write(renderHistory(items, { ...opts, noTrunc: opts.trunc === false, human, now: new Date() }));
  },
});
