/**
 * A pull with Docker's output, shared by `pull` and by `run`/`create` (which pull a missing image and print the
 * progress on stderr, as Docker does).
 */
import { TsctlError } from '../../errors/index';
import type { CliContext } from '../context';
import type { IO } from '../../output/io';
import { parseNormalizedNamed, parseReference } from '../../registry/reference';
import { matchingManifests } from '../../registry/platform';
import { pullImage, type PullEvent } from '../../services/images/pull';
import { PullView } from '../../output/views/pull';
import { imageDeps, runnableHere, wantedPlatform } from './images';
import { registryClient } from './registry';

export interface PullOptions {
  quiet: boolean;
  platform?: string;
  allPlatforms?: boolean;
  unpack: 'auto' | 'true' | 'false';
  concurrency: number;
  /** Where the output goes (run prints pull progress on stderr). */
  io?: IO;
  /** Print the full reference as the last line (pull does; run's implicit pull does not). */
  printName?: boolean;
  /** Also given every pull event (compose pull prints its own progress lines). */
  onEvent?: (e: PullEvent) => void;
}

export async function pullWithOutput(ctx: CliContext, input: string, opts: PullOptions): Promise<void> {
  const ref = parseReference(input);
  const deps = await imageDeps(ctx, opts.platform);
  const want = wantedPlatform(opts.platform);
  const registry = registryClient(ctx);
  const view = new PullView(opts.io ?? ctx.io, opts.quiet);
  const given = parseNormalizedNamed(input);
  view.start({ defaultTag: given.tag === undefined && given.digest === undefined, tagOrDigest: ref.digest ?? ref.tag ?? 'latest', familiarRepo: ref.path });
  try {
    const result = await pullImage(
      {
        ...deps,
        source: {
          resolve: () => registry.resolve(ref, undefined, ctx.signal),
          fetchManifest: (d) => registry.fetchManifest(ref, d.digest, ctx.signal),
          fetchBlob: (d, offset) => registry.fetchBlob(ref, d, { offset, signal: ctx.signal }),
        },
        selectManifests: (index) => (opts.allPlatforms ? index.manifests : matchingManifests(index, want).slice(0, 1)),
        runnableHere: (p) => opts.unpack === 'true' || runnableHere(p),
      },
      { name: ref.toString(), host: ref.domain, repository: ref.path, snapshotter: deps.snapshotter, unpack: opts.unpack !== 'false', concurrency: opts.concurrency },
      (e) => {
        view.event(e);
        opts.onEvent?.(e);
      },
    );
    view.finish({ digest: result.image.target.digest, downloaded: result.downloaded, familiarName: ref.familiarName(), fullName: opts.printName === false ? undefined : ref.toString() });
  } catch (e) {
    view.abort();
    throw fromDaemon(e);
  } finally {
    await registry.close();
  }
}

const DAEMON_PREFIX = 'Error response from daemon: ';

/**
 * Docker's daemon does the pull, so its CLI prints registry failures as `Error response from daemon: …`; so do
 * we (same code and exit code; a cancelled pull stays as it is).
 */
function fromDaemon(e: unknown): unknown {
  if (!(e instanceof TsctlError) || e.code === 'TERMINATED' || e.message.startsWith(DAEMON_PREFIX)) return e;
  return new TsctlError(e.code, DAEMON_PREFIX + e.message, e.defaultExitCode, { cause: e, ...(e.hint ? { hint: e.hint } : {}) });
}
