/**
 * `tsctl build [OPTIONS] PATH | -` (also `image build`, `builder build`): a Dockerfile build through BuildKit's
 * buildctl; the image lands in the current namespace (services/images/build.ts says how). `-q` prints only the
 * image ID; `--iidfile` writes it. Progress is BuildKit's own on stderr (tty on a terminal, plain otherwise).
 */
import { defineCommand } from '../../cli/define';

interface BuildOpts {
  tag?: string[];
  file?: string;
  buildArg?: string[];
  target?: string;
  /** commander stores --no-cache as cache=false */
  cache?: boolean;
  pull?: boolean;
  platform?: string[];
  label?: string[];
  secret?: string[];
  ssh?: string[];
  cacheFrom?: string[];
  cacheTo?: string[];
  output?: string[];
  iidfile?: string;
  network?: string;
  addHost?: string[];
  quiet?: boolean;
  progress?: string;
}

export default defineCommand<BuildOpts>({
  name: 'build',
  summary: 'Build an image from a Dockerfile',
  usage: '[OPTIONS] PATH | URL | -',
  args: { min: 1, max: 1 },
  flags: [
    { flags: '--add-host <list>', description: 'Add a custom host-to-IP mapping ("host:ip")', repeatable: true },
    { flags: '--build-arg <list>', description: 'Set build-time variables', repeatable: true },
    { flags: '--cache-from <list>', description: 'External cache sources (e.g., "user/app:cache", "type=local,src=path/to/dir")', repeatable: true },
    { flags: '--cache-to <list>', description: 'Cache export destinations (e.g., "user/app:cache", "type=local,dest=path/to/dir")', repeatable: true },
    { flags: '-f, --file <string>', description: 'Name of the Dockerfile (default: "PATH/Dockerfile")' },
    { flags: '--iidfile <string>', description: 'Write the image ID to a file' },
    { flags: '--label <list>', description: 'Set metadata for an image', repeatable: true },
    { flags: '--network <string>', description: 'Set the networking mode for the "RUN" instructions during build', default: 'default' },
    { flags: '--no-cache', description: 'Do not use cache when building the image' },
    { flags: '-o, --output <list>', description: 'Output destination (format: "type=local,dest=path")', repeatable: true },
    { flags: '--platform <list>', description: 'Set target platform for build', repeatable: true },
    { flags: '--progress <string>', description: 'Set type of progress output ("auto", "plain", "tty"). Use plain to show container output', default: 'auto' },
    { flags: '--pull', description: 'Always attempt to pull all referenced images' },
    { flags: '-q, --quiet', description: 'Suppress the build output and print image ID on success' },
    { flags: '--secret <stringArray>', description: 'Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")', repeatable: true },
    { flags: '--ssh <stringArray>', description: 'SSH agent socket or keys to expose to the build (format: "default|<id>[=<socket>|<key>[,<key>]]")', repeatable: true },
    { flags: '-t, --tag <list>', description: 'Name and optionally a tag (format: "name:tag")', repeatable: true },
    { flags: '--target <string>', description: 'Set the target build stage to build' },
    // The classic builder's flags that BuildKit builds ignore (Docker accepts them): accepted, no effect.
    { flags: '--rm', description: 'Remove intermediate containers after a successful build', hidden: true },
    { flags: '--force-rm', description: 'Always remove intermediate containers', hidden: true },
  ],
  async run(ctx, opts, args) {
    const [{ writeFile }, wiring, { prepareInputs }, { buildImage }, a] = await Promise.all([
      import('node:fs/promises'),
      import('../../cli/wiring/build'),
      import('../../build/context'),
      import('../../services/images/build'),
      import('../../build/args'),
    ]);
    const addr = await wiring.buildkitAddress(ctx);
    const quiet = opts.quiet === true;
    const wanted = opts.progress ?? 'auto';
    // buildctl's tty display needs a console: hand it the terminal; everything else goes through the adapter.
    const tty = !quiet && (wanted === 'tty' || (wanted === 'auto' && ctx.io.errIsTTY));
    const progress = quiet ? 'quiet' : tty ? 'tty' : wanted === 'auto' ? 'plain' : wanted;
    a.validateBuildOptions({ addr, contextDir: '', dockerfileDir: '', dockerfileName: '', progress, network: opts.network });
    // host-gateway: the default bridge's gateway (Docker: the daemon's host-gateway IP, docker0's address).
    let hostGateway: string | undefined;
    if ((opts.addHost ?? []).some((h) => /[:=]\[?host-gateway\]?$/.test(h))) {
      const [{ containerDeps }, { findNetwork }] = await Promise.all([import('../../cli/wiring/containers'), import('../../cli/wiring/net')]);
      hostGateway = (await findNetwork(ctx, await containerDeps(ctx), 'bridge')).subnets[0]?.gateway;
    }
    const inputs = await prepareInputs(args[0] ?? '.', opts.file, process.cwd(), ctx.io.stdin);
    try {
      const buildctl = wiring.buildctlFor(ctx, addr, { quiet, inheritStderr: tty && ctx.io.errIsTTY });
      const result = await buildImage(await wiring.buildDeps(ctx, buildctl), {
        options: {
          addr,
          contextDir: inputs.contextDir,
          dockerfileDir: inputs.dockerfileDir,
          dockerfileName: inputs.dockerfileName,
          target: opts.target,
          buildArgs: a.resolveBuildArgs(opts.buildArg ?? [], ctx.env),
          labels: opts.label ?? [],
          platforms: opts.platform ?? [],
          noCache: opts.cache === false,
          pull: opts.pull === true,
          secrets: opts.secret ?? [],
          ssh: opts.ssh ?? [],
          cacheFrom: opts.cacheFrom ?? [],
          cacheTo: opts.cacheTo ?? [],
          network: opts.network,
          addHosts: opts.addHost ?? [],
          ...(hostGateway ? { hostGateway } : {}),
          progress,
        },
        tags: opts.tag ?? [],
        outputs: a.userOutputs(opts.output ?? []),
        namespace: ctx.settings.namespace,
        snapshotter: ctx.settings.snapshotter,
      });
      if (opts.iidfile !== undefined && opts.iidfile !== '' && result.id !== undefined) await writeFile(opts.iidfile, result.id);
      if (quiet && result.id !== undefined) ctx.io.stdout.write(`${result.id}\n`);
    } finally {
      await inputs.cleanup();
    }
  },
});
