/**
 * `tsctl image prune`: removes dangling images (`-a`: every image no container uses) after Docker's confirmation
 * prompt on stdout, answered on stdin (`y`/`Y` goes ahead; anything else, or no input, cancels silently with exit
 * 0); `-f` skips it (docker/cli cli/command/image/prune.go, internal/prompt).
 */
import type { Readable } from 'node:stream';
import { defineCommand } from '../../cli/define';

const DANGLING_WARNING = 'WARNING! This will remove all dangling images.\nAre you sure you want to continue?';
const ALL_WARNING = 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?';

/** The first line of `input` (without its newline; what is there at EOF), like bufio.Scanner's first Scan. */
function readLine(input: Readable, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const finish = (err: unknown, line: string): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onEnd);
      signal.removeEventListener('abort', onAbort);
      input.pause();
      if (err === undefined) resolve(line);
      else reject(err instanceof Error ? err : new Error(String(err)));
    };
    const onData = (chunk: Buffer | string): void => {
      buf += chunk.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) finish(undefined, buf.slice(0, nl));
    };
    const onEnd = (): void => finish(undefined, buf);
    const onAbort = (): void => finish(signal.reason, '');
    input.on('data', onData);
    input.once('end', onEnd);
    input.once('error', onEnd);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export default defineCommand<{ all?: boolean; force?: boolean; filter?: string[] }>({
  name: 'prune',
  summary: 'Remove unused images',
  usage: '[OPTIONS]',
  args: { min: 0, max: 0 },
  flags: [
    { flags: '-a, --all', description: 'Remove all unused images, not just dangling ones' },
    { flags: '--filter <filter>', description: 'Provide filter values (e.g. "until=<timestamp>", "label=<key>[=<value>]")', repeatable: true },
    { flags: '-f, --force', description: 'Do not prompt for confirmation' },
  ],
  async run(ctx, opts) {
    const [{ pruneImages }, { parseFilterFlags }, { renderPruneReport }, stores, { platformPicker, hostPlatform }, errs] = await Promise.all([
      import('../../services/images/prune'),
      import('../../services/images/list'),
      import('../../output/views/image'),
      import('../../containerd/stores'),
      import('../../services/images/pick'),
      import('../../errors/index'),
    ]);
    let filters;
    try {
      filters = parseFilterFlags(opts.filter, '--filter');
    } catch (e) {
      if (e instanceof errs.InvalidOptionError) throw new errs.UsageError(e.message, `${ctx.commandPath} [OPTIONS]`, ctx.commandPath);
      throw e;
    }
    if (opts.force !== true) {
      ctx.io.stdout.write(`${opts.all ? ALL_WARNING : DANGLING_WARNING} [y/N] `);
      let answer: string;
      try {
        answer = await readLine(ctx.io.stdin, ctx.signal);
      } catch (e) {
        ctx.io.stdout.write('\n');
        throw e;
      }
      if (answer.trim().toLowerCase() !== 'y') return;
    }
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
