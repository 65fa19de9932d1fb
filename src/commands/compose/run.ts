/** `tsctl compose run SERVICE [COMMAND…]`: a one-off container of a service, its dependencies started first. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  detach?: boolean;
  name?: string;
  entrypoint?: string;
  env?: string[];
  label?: string[];
  user?: string;
  workdir?: string;
  /** -T / --no-TTY */
  tty?: boolean;
  /** -i (default true) / --interactive=false */
  interactive?: boolean;
  volume?: string[];
  publish?: string[];
  servicePorts?: boolean;
  /** --no-deps */
  deps?: boolean;
  rm?: boolean;
  pull?: string;
  build?: boolean;
  removeOrphans?: boolean;
  quietPull?: boolean;
}

export default defineCommand<Opts>({
  name: 'run',
  summary: 'Run a one-off command on a service',
  usage: '[OPTIONS] SERVICE [COMMAND] [ARGS...]',
  args: { min: 1 },
  passThrough: true,
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-d, --detach', description: 'Run container in background and print container ID' },
    { flags: '--name <string>', description: 'Assign a name to the container' },
    { flags: '--entrypoint <string>', description: 'Override the entrypoint of the image' },
    { flags: '-e, --env <string>', description: 'Set environment variables', repeatable: true },
    { flags: '-l, --label <string>', description: 'Add or override a label', repeatable: true },
    { flags: '-u, --user <string>', description: 'Run as specified username or uid' },
    { flags: '-w, --workdir <string>', description: 'Working directory inside the container' },
    { flags: '-T, --no-TTY', description: 'Disable pseudo-TTY allocation (default: auto-detected)' },
    { flags: '-i, --interactive', description: 'Keep STDIN open even if not attached (default true)' },
    { flags: '--no-interactive', description: 'Do not keep STDIN open', hidden: true },
    { flags: '-v, --volume <string>', description: 'Bind mount a volume', repeatable: true },
    { flags: '-p, --publish <string>', description: "Publish a container's port(s) to the host", repeatable: true },
    { flags: '-P, --service-ports', description: "Run command with all service's ports enabled and mapped to the host" },
    { flags: '--no-deps', description: "Don't start linked services" },
    { flags: '--rm', description: 'Automatically remove the container when it exits' },
    { flags: '--pull <string>', description: 'Pull image before running ("always"|"missing"|"never")', default: 'policy' },
    { flags: '--build', description: 'Build image before starting container' },
    { flags: '--remove-orphans', description: 'Remove containers for services not defined in the Compose file' },
    { flags: '--quiet-pull', description: 'Pull without printing progress information' },
  ],
  async run(ctx, opts, args) {
    const [engine, { planUp, selectServices }, { buildMissing }, { startCreated }, { DEFAULT_DETACH_KEYS, parseDetachKeys }, { randomBytes }] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../compose/plan'),
      import('../../cli/wiring/compose-build'),
      import('../../cli/wiring/run-start'),
      import('../../cli/opts/detach-keys'),
      import('node:crypto'),
    ]);
    const [service = '', ...cmd] = args;
    const s = await engine.openProject(ctx, opts, [service]);
    const svc = s.project.services[service]!;
    if (opts.pull !== undefined && opts.pull !== 'policy') svc.pull_policy = opts.pull;
    const deps = opts.deps === false ? [] : selectServices(s.project, [service]).filter((n) => n !== service);
    await engine.withProjectLock(s, async () => {
      await buildMissing(s, [...deps, service], { build: opts.build === true });
      const plan = planUp(s.project, await engine.observe(s), { services: [service, ...deps], removeOrphans: opts.removeOrphans === true });
      await engine.ensureNetworks(s, plan);
      await engine.ensureVolumes(s, plan);
      const depsOnly = { ...plan, services: plan.services.filter((p) => p.service !== service) };
      await engine.startServices(s, await engine.convergeContainers(s, depsOnly));
    });
    if (opts.deps !== false) await engine.waitDependencies(s, service);
    const terminal = (ctx.io.stdin as NodeJS.ReadStream).isTTY === true && ctx.io.isTTY;
    const tty = opts.tty !== false && (svc.tty === true || terminal) && !opts.detach;
    const interactive = opts.interactive !== false;
    const name = opts.name ?? `${s.project.name}-${service}-run-${randomBytes(6).toString('hex')}`;
    const attached = opts.detach !== true;
    const created = await engine.createServiceContainerFull(s, service, 1, name, {
      oneoff: true,
      attached,
      override: (run) => {
        const f = run.flags;
        if (cmd.length > 0) run.args = cmd;
        if (opts.entrypoint !== undefined) {
          delete f.entrypointArgs;
          f.entrypoint = opts.entrypoint;
        }
        f.name = name;
        f.env = [...(f.env ?? []), ...(opts.env ?? [])];
        f.label = [...(f.label ?? []), ...(opts.label ?? [])];
        if (opts.user !== undefined) f.user = opts.user;
        if (opts.workdir !== undefined) f.workdir = opts.workdir;
        f.volume = [...(f.volume ?? []), ...(opts.volume ?? [])];
        // The service's ports only with --service-ports (they would clash with the service's own containers).
        f.publish = [...(opts.servicePorts ? (f.publish ?? []) : []), ...(opts.publish ?? [])];
        f.tty = tty;
        f.interactive = interactive;
        // One-off containers have no restart policy (Compose), which also lets --rm through.
        delete f.restart;
        if (opts.rm) f.rm = true;
      },
    });
    await startCreated(ctx, s.deps, created.id, {
      attached, rm: opts.rm === true, tty, interactive, detachKeys: parseDetachKeys(DEFAULT_DETACH_KEYS), sigProxy: true, log: created.log,
      printDetached: () => `${name}\n`,
    });
  },
});
