/**
 * Wires `build` and `builder …`: finds buildkitd (one clear error when none answers), and builds the service's
 * ports — the buildctl adapter, containerd's UUID, tsctl's load path and the image store's tag.
 */
import type { CliContext } from '../context';
import { discoverBuildkit } from '../../build/discover';
import { buildctlAdapter, type BuildctlAdapterOptions, type BuildctlPort } from '../../build/buildctl';
import { DaemonUnavailableError } from '../../errors/index';
import type { BuildDeps } from '../../services/images/build';
import { loadImages } from '../../services/images/load';
import { tagImage } from '../../services/images/tag';
import { imageDeps } from './images';

/** The buildkitd address: --buildkit-host / $BUILDKIT_HOST, else the usual sockets. */
export async function buildkitAddress(ctx: CliContext): Promise<string> {
  const probe = await discoverBuildkit(ctx.settings.buildkitHost, ctx.settings.namespace);
  if (!probe.available || probe.host === undefined) {
    throw new DaemonUnavailableError(
      `cannot reach buildkitd: ${probe.error ?? 'no address'}. Start one with \`bash scripts/setup-host.sh --start\` ` +
        '(buildkitd with the containerd worker), or point --buildkit-host / BUILDKIT_HOST at a running buildkitd',
    );
  }
  return probe.host;
}

export function buildctlFor(ctx: CliContext, addr: string, opts: Partial<BuildctlAdapterOptions> = {}): BuildctlPort {
  return buildctlAdapter({ addr, stdout: ctx.io.stdout, stderr: ctx.io.stderr, quiet: false, signal: ctx.signal, ...opts });
}

export async function buildDeps(ctx: CliContext, buildctl: BuildctlPort): Promise<BuildDeps> {
  const client = await ctx.containerd();
  const deps = await imageDeps(ctx);
  return {
    buildctl,
    containerdUUID: () => client.serverUUID(),
    load: (archive) =>
      loadImages(
        { images: deps.images, content: deps.content, snapshots: deps.snapshots, diff: deps.diff, leases: deps.leases, now: () => new Date() },
        { snapshotter: deps.snapshotter, host: deps.host },
        archive,
      ),
    tag: async (source, target) => {
      await tagImage({ images: deps.images, content: deps.content, pick: deps.pick }, source, target);
    },
  };
}
