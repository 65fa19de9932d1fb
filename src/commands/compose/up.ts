/** `tsctl compose up`: create and start the project's containers; attached, stream their logs until they end. */
import { defineCommand } from '../../cli/define';
import type { ComposeProjectFlags } from '../../cli/wiring/compose';
import { COMPOSE_VERB_FLAGS } from '../shared-flags';

interface Opts extends ComposeProjectFlags {
  detach?: boolean;
  build?: boolean;
  /** --no-build (commander's negation of --build). */
  noBuild?: boolean;
  pull?: string;
  wait?: boolean;
  waitTimeout?: string;
  forceRecreate?: boolean;
  /** --no-recreate */
  recreate?: boolean;
  removeOrphans?: boolean;
  scale?: string[];
  abortOnContainerExit?: boolean;
  exitCodeFrom?: string;
  /** --no-deps */
  deps?: boolean;
  /** --no-start */
  start?: boolean;
  renewAnonVolumes?: boolean;
  timeout?: string;
  /** --no-color / --no-log-prefix */
  color?: boolean;
  logPrefix?: boolean;
  quietPull?: boolean;
}

export default defineCommand<Opts>({
  name: 'up',
  summary: 'Create and start containers',
  usage: '[OPTIONS] [SERVICE...]',
  args: { min: 0 },
  flags: [
    ...COMPOSE_VERB_FLAGS,
    { flags: '-d, --detach', description: 'Detached mode: Run containers in the background' },
    { flags: '--build', description: 'Build images before starting containers' },
    { flags: '--no-build', description: "Don't build an image, even if it's policy" },
    { flags: '--pull <string>', description: 'Pull image before running ("always"|"missing"|"never")', default: 'policy' },
    { flags: '--wait', description: 'Wait for services to be running|healthy. Implies detached mode.' },
    { flags: '--wait-timeout <int>', description: 'Maximum duration to wait for the project to be running|healthy' },
    { flags: '--force-recreate', description: "Recreate containers even if their configuration and image haven't changed" },
    { flags: '--no-recreate', description: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
    { flags: '--remove-orphans', description: 'Remove containers for services not defined in the Compose file' },
    { flags: '--scale <scale>', description: 'Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.', repeatable: true },
    { flags: '--abort-on-container-exit', description: 'Stops all containers if any container was stopped. Incompatible with -d' },
    { flags: '--exit-code-from <string>', description: 'Return the exit code of the selected service container. Implies --abort-on-container-exit' },
    { flags: '--no-deps', description: "Don't start linked services" },
    { flags: '--no-start', description: "Don't start the services after creating them" },
    { flags: '-V, --renew-anon-volumes', description: 'Recreate anonymous volumes instead of retrieving data from the previous containers' },
    { flags: '-t, --timeout <int>', description: 'Use this timeout in seconds for container shutdown when attached or when containers are already running' },
    { flags: '--no-color', description: 'Produce monochrome output' },
    { flags: '--no-log-prefix', description: "Don't print prefix in logs" },
    { flags: '--quiet-pull', description: 'Pull without printing progress information' },
  ],
  async run(ctx, opts, args) {
    const [engine, { parseScale, upOptionsCheck }, errors] = await Promise.all([
      import('../../cli/wiring/compose-engine'),
      import('../../compose/cli-options'),
      import('../../errors/index'),
    ]);
    ctx.exit.plainErrors = true;
    const detach = opts.detach === true || opts.wait === true;
    upOptionsCheck({ detach, abort: opts.abortOnContainerExit === true || opts.exitCodeFrom !== undefined, forceRecreate: opts.forceRecreate === true, noRecreate: opts.recreate === false, build: opts.build === true, noBuild: opts.noBuild === true });
    const timeout = opts.timeout === undefined ? undefined : Number(opts.timeout);
    const s = await engine.openProject(ctx, opts, args);
    if (opts.exitCodeFrom !== undefined && !s.project.services[opts.exitCodeFrom]) throw new errors.NotFoundError(`no such service: ${opts.exitCodeFrom}`);
    const byService = await engine.convergeProject(s, args, {
      build: opts.build === true, noBuild: opts.noBuild === true, noDeps: opts.deps === false, forceRecreate: opts.forceRecreate === true,
      noRecreate: opts.recreate === false, removeOrphans: opts.removeOrphans === true, scale: parseScale(opts.scale ?? []),
      ...(timeout === undefined ? {} : { timeout }), renewAnonVolumes: opts.renewAnonVolumes === true, ...(opts.pull !== undefined ? { pull: opts.pull } : {}),
      start: opts.start !== false && detach,
    });
    if (opts.start === false) return;
    if (detach) {
      if (opts.wait) await engine.waitReady(s, byService, opts.waitTimeout === undefined ? undefined : Number(opts.waitTimeout));
      return;
    }
    await engine.runAttached(s, byService, {
      abort: opts.abortOnContainerExit === true || opts.exitCodeFrom !== undefined,
      ...(opts.exitCodeFrom !== undefined ? { exitCodeFrom: opts.exitCodeFrom } : {}),
      noColor: opts.color === false,
      noPrefix: opts.logPrefix === false,
      ...(timeout !== undefined ? { timeout } : {}),
    });
  },
});
