/**
 * `tsctl cp` / `tsctl container cp`: copy files/folders between a container and the host, or a tar stream with
 * `-`. Docker's argument rules (docker/cli cli/command/container/cp.go); the work is services/containers/copy.
 */
import { defineCommand } from '../../cli/define';

export default defineCommand<{ followLink?: boolean; archive?: boolean; quiet?: boolean }>({
  name: 'cp',
  summary: 'Copy files/folders between a container and the local filesystem',
  usage: '[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\ttsctl cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH',
  args: { min: 2, max: 2 },
  flags: [
    { flags: '-a, --archive', description: 'Archive mode (copy all uid/gid information)' },
    { flags: '-L, --follow-link', description: 'Always follow symlinks in SRC_PATH' },
    { flags: '-q, --quiet', description: 'Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached' },
  ],
  async run(ctx, opts, args) {
    const [source = '', destination = ''] = args;
    const [{ InvalidArgumentError }, { splitCpArg, preserveTrailingDotOrSeparator }, { copyFromContainer, copyToContainer }, { containerDeps }, { hostMounter }, { resolve }, { humanSize }] =
      await Promise.all([
        import('../../errors/index'),
        import('../../services/containers/copy/paths'),
        import('../../services/containers/copy/cp'),
        import('../../cli/wiring/containers'),
        import('../../containerd/mount'),
        import('node:path'),
        import('../../output/views/image'),
      ]);
    if (source === '') throw new InvalidArgumentError('source can not be empty');
    if (destination === '') throw new InvalidArgumentError('destination can not be empty');
    const src = splitCpArg(source);
    const dst = splitCpArg(destination);
    if (src.container !== undefined && dst.container !== undefined) throw new InvalidArgumentError('copying between containers is not supported');
    if (src.container === undefined && dst.container === undefined) throw new InvalidArgumentError('must specify at least one container source');
    const local = (p: string): string => preserveTrailingDotOrSeparator(resolve(p), p);
    const deps = { ...(await containerDeps(ctx)), mounter: hostMounter };
    const quiet = opts.quiet === true || !ctx.io.isTTY;
    const followLink = opts.followLink === true;
    if (src.container !== undefined) {
      const toStdout = dst.path === '-';
      const target = toStdout ? '-' : local(dst.path);
      const bytes = await copyFromContainer(deps, {
        ref: src.container, path: src.path, followLink, signal: ctx.signal, to: toStdout ? { kind: 'stream', out: ctx.io.stdout } : { kind: 'host', path: target },
      });
      if (!quiet && !toStdout) ctx.io.stderr.write(`Successfully copied ${humanSize(bytes)} to ${target}\n`);
      return;
    }
    const container = dst.container as string;
    const fromStdin = src.path === '-';
    const bytes = await copyToContainer(deps, {
      ref: container, path: dst.path, followLink, archive: opts.archive === true, signal: ctx.signal,
      from: fromStdin ? { kind: 'stream', input: ctx.io.stdin as AsyncIterable<Uint8Array> } : { kind: 'host', path: local(src.path) },
    });
    if (!quiet && !fromStdin) ctx.io.stderr.write(`Successfully copied ${humanSize(bytes)} to ${container}:${dst.path}\n`);
  },
});
