/** A service's `build:` through the build issue's BuildKit path; the image is named `image:` or `<project>-<service>`. */
import type { ComposeSession } from './compose-engine';
import type { ServiceConfig } from '../../compose/model';

export interface ServiceBuildOptions {
  noCache?: boolean;
  pull?: boolean;
  quiet?: boolean;
  /** `--build-arg` from the command line, over the file's args. */
  buildArgs?: string[];
}

export function serviceImage(s: ComposeSession, svc: ServiceConfig): string {
  return svc.image ?? `${s.project.name}-${svc.name}`;
}

/** Does the service's image exist in the store? */
export async function hasImage(s: ComposeSession, svc: ServiceConfig): Promise<boolean> {
  const { parseReference } = await import('../../registry/reference');
  return (await s.deps.images.get(parseReference(serviceImage(s, svc)).toString())) !== undefined;
}

export async function buildService(s: ComposeSession, svc: ServiceConfig, opts: ServiceBuildOptions = {}): Promise<void> {
  const b = svc.build;
  if (!b) return;
  const [wiring, { prepareInputs }, { buildImage }, a, { InvalidOptionError }] = await Promise.all([
    import('./build'),
    import('../../build/context'),
    import('../../services/images/build'),
    import('../../build/args'),
    import('../../errors/index'),
  ]);
  for (const k of ['ssh', 'cache_to', 'additional_contexts', 'platforms', 'tags', 'secrets']) {
    if (b[k] !== undefined) throw new InvalidOptionError(`service "${svc.name}": build.${k} is not supported by tsctl`);
  }
  const image = serviceImage(s, svc);
  s.event('Service', svc.name, 'Building');
  const addr = await wiring.buildkitAddress(s.ctx);
  const inline = b.dockerfile_inline;
  async function* inlineStdin(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(inline ?? '');
  }
  const dockerfile = inline !== undefined ? '-' : b.dockerfile !== undefined ? (b.dockerfile.startsWith('/') ? b.dockerfile : `${b.context}/${b.dockerfile}`) : undefined;
  const inputs = await prepareInputs(b.context, dockerfile, s.project.workingDir, inlineStdin());
  try {
    const progress = opts.quiet ? 'quiet' : 'plain';
    const buildctl = wiring.buildctlFor(s.ctx, addr, { quiet: opts.quiet === true, stdout: s.ctx.io.stderr });
    const fileArgs = Object.entries(b.args ?? {}).map(([k, v]) => (v === null ? k : `${k}=${v}`));
    await buildImage(await wiring.buildDeps(s.ctx, buildctl), {
      options: {
        addr,
        contextDir: inputs.contextDir,
        dockerfileDir: inputs.dockerfileDir,
        dockerfileName: inputs.dockerfileName,
        target: b.target,
        buildArgs: a.resolveBuildArgs([...fileArgs, ...(opts.buildArgs ?? [])], { ...s.project.environment, ...s.ctx.env }),
        labels: Object.entries(b.labels ?? {}).map(([k, v]) => `${k}=${v}`),
        platforms: svc.platform ? [String(svc.platform)] : [],
        noCache: opts.noCache === true || b.no_cache === true,
        pull: opts.pull === true || b.pull === true,
        secrets: [],
        ssh: [],
        cacheFrom: (b.cache_from as string[] | undefined) ?? [],
        cacheTo: [],
        network: b.network as string | undefined,
        addHosts: ((b.extra_hosts as string[] | undefined) ?? []),
        progress,
      },
      tags: [image],
      outputs: [],
      namespace: s.ctx.settings.namespace,
      snapshotter: s.ctx.settings.snapshotter,
    });
  } finally {
    await inputs.cleanup();
  }
  s.event('Service', svc.name, 'Built');
}

/** `up`/`create`: builds what has a build section and no image yet (or everything buildable with `--build`). */
export async function buildMissing(s: ComposeSession, services: readonly string[], opts: { build?: boolean; noBuild?: boolean }): Promise<void> {
  if (opts.noBuild) return;
  for (const name of services) {
    const svc = s.project.services[name]!;
    if (!svc.build) continue;
    if (opts.build || svc.pull_policy === 'build' || !(await hasImage(s, svc))) await buildService(s, svc);
  }
}
