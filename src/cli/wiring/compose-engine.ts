/**
 * Compose's execution, in-process: the project loaded, its resources observed by their `com.docker.compose.*`
 * labels, and plans (src/compose/plan.ts) carried out with tsctl's own services — the same create path as `run`
 * (serviceRunOptions → prepareRun → createContainer), the same start/stop/remove as the container verbs.
 */
import { mkdir } from 'node:fs/promises';
import type { CliContext } from '../context';
import type { ComposeProjectFlags } from './compose';
import type { ContainerDeps } from './containers';
import type { Project, ServiceConfig } from '../../compose/model';
import type { ContainerRecord } from '../../containerd/ports';
import type { ObservedContainer, Observed, UpPlan, ContainerStep } from '../../compose/plan';
import type { ComposeResource } from '../../output/views/compose-events';
import { IMAGE_LABEL, NUMBER_LABEL, ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL, CONFIG_HASH_LABEL, NETWORK_LABEL, VOLUME_LABEL, VERSION_LABEL, COMPOSE_VERSION } from '../../compose/labels';
import { CancelledError, ConflictError, FailedPreconditionError, InvalidOptionError, NotFoundError } from '../../errors/index';
import { writeFileAtomic } from '../../util/lock';

export interface ComposeSession {
  ctx: CliContext;
  deps: ContainerDeps;
  project: Project;
  /** Prints one progress event on stderr. */
  event(kind: ComposeResource, name: string, status: string): void;
}

/** Loads the project (warnings printed) and wires the container services. */
export async function openProject(ctx: CliContext, flags: ComposeProjectFlags, services: string[] = []): Promise<ComposeSession> {
  ctx.exit.plainErrors = true;
  const [{ composeHost, loadOptions, printWarnings }, { loadProject }, { containerDeps }, { composeEvent }] = await Promise.all([
    import('./compose'),
    import('../../compose/load'),
    import('./containers'),
    import('../../output/views/compose-events'),
  ]);
  const project = loadProject(loadOptions(flags, services), composeHost(ctx));
  for (const s of services) if (!project.services[s]) throw new NotFoundError(`no such service: ${s}`);
  const { unsupportedKeys } = await import('../../compose/run-options');
  const unsupported = Object.values(project.services).flatMap((s) => unsupportedKeys(s).map((k) => `service "${s.name}": \`${k}\` is not supported by tsctl and is ignored`));
  printWarnings(ctx, [...project.warnings, ...unsupported]);
  const deps = await containerDeps(ctx);
  return { ctx, deps, project, event: (kind, name, status) => void ctx.io.stderr.write(composeEvent(kind, name, status)) };
}

/** A project's containers (all, including one-off ones), by label. */
export async function projectContainers(deps: ContainerDeps, project: string): Promise<ContainerRecord[]> {
  return deps.list.list([`labels."${PROJECT_LABEL}"==${project}`]);
}

export async function observe(s: ComposeSession): Promise<Observed & { records: Map<string, ContainerRecord> }> {
  const { networkDeps } = await import('./networks');
  const [records, tasks, networks, volumes] = await Promise.all([
    projectContainers(s.deps, s.project.name),
    s.deps.taskList.list(),
    networkDeps(s.ctx).store.list(),
    s.deps.volumes.list(),
  ]);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const { containerName } = await import('../../services/containers/list');
  const containers: ObservedContainer[] = records.map((c) => {
    const t = byId.get(c.id);
    const status = t?.status;
    return {
      id: c.id,
      name: containerName(c),
      service: c.labels[SERVICE_LABEL] ?? '',
      number: Number(c.labels[NUMBER_LABEL] ?? '0'),
      hash: c.labels[CONFIG_HASH_LABEL] ?? '',
      state: status === 'running' ? 'running' : status === 'paused' || status === 'pausing' ? 'paused' : status === undefined || status === 'created' ? 'created' : 'exited',
      exitCode: t?.exitStatus ?? 0,
      oneoff: c.labels[ONEOFF_LABEL] === 'True',
      ...(c.labels[IMAGE_LABEL] ? { imageId: c.labels[IMAGE_LABEL] } : {}),
    };
  });
  return {
    containers,
    networks: new Set(networks.map((n) => n.name)),
    volumes: new Set(volumes.map((v) => v.Name)),
    records: new Map(records.map((r) => [r.id, r])),
  };
}

// ------------------------------------------------------------------------------------------- networks and volumes

export async function ensureNetworks(s: ComposeSession, plan: UpPlan): Promise<void> {
  const { networkDeps } = await import('./networks');
  const store = networkDeps(s.ctx).store;
  for (const n of plan.networks) {
    if (n.external) {
      if (!n.exists) throw new NotFoundError(`network ${n.name} declared as external, but could not be found`);
      continue;
    }
    if (n.exists) continue;
    const cfg = s.project.networks[n.key]!;
    const ipam = (cfg.ipam?.config ?? []) as { subnet?: string; gateway?: string; ip_range?: string }[];
    const list = (k: 'subnet' | 'gateway' | 'ip_range'): string[] => ipam.flatMap((c) => (c[k] ? [c[k]] : []));
    s.event('Network', n.name, 'Creating');
    await store.create({
      name: n.name,
      driver: cfg.driver ?? 'bridge',
      subnets: list('subnet'),
      gateways: list('gateway'),
      ipRanges: list('ip_range'),
      internal: cfg.internal === true,
      attachable: cfg.attachable === true,
      ipv6: cfg.enable_ipv6 === true,
      labels: { ...cfg.labels, [PROJECT_LABEL]: s.project.name, [NETWORK_LABEL]: n.key, [VERSION_LABEL]: COMPOSE_VERSION },
      options: cfg.driver_opts ?? {},
    }).catch((e: unknown) => {
      // Another compose process made it meanwhile: fine.
      if (!(e instanceof ConflictError)) throw e;
    });
    s.event('Network', n.name, 'Created');
  }
}

export async function ensureVolumes(s: ComposeSession, plan: UpPlan): Promise<void> {
  const { createVolume } = await import('../../services/volumes/create');
  for (const v of plan.volumes) {
    if (v.external) {
      if (!v.exists) throw new NotFoundError(`external volume "${v.name}" not found`);
      continue;
    }
    if (v.exists) continue;
    const cfg = s.project.volumes[v.key]!;
    s.event('Volume', `"${v.name}"`, 'Creating');
    await createVolume(s.deps.volumes, {
      name: v.name,
      ...(cfg.driver !== undefined ? { driver: cfg.driver } : {}),
      labels: { ...cfg.labels, [PROJECT_LABEL]: s.project.name, [VOLUME_LABEL]: v.key, [VERSION_LABEL]: COMPOSE_VERSION },
      options: cfg.driver_opts ?? {},
    });
    s.event('Volume', `"${v.name}"`, 'Created');
  }
}

// ---------------------------------------------------------------------------------------------------- containers

/** The host file of a secret/config: its `file`, or one written under the data root for environment/content. */
async function fileObjects(s: ComposeSession, svc: ServiceConfig): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const kind of ['secrets', 'configs'] as const) {
    for (const ref of svc[kind] ?? []) {
      const def = s.project[kind][ref.source];
      if (!def) continue;
      if (def.external) throw new InvalidOptionError(`${kind.slice(0, -1)} "${ref.source}": external ${kind} are not supported by tsctl (no swarm)`);
      if (def.file !== undefined) {
        out.set(`${kind}/${ref.source}`, def.file);
        continue;
      }
      const content = def.environment !== undefined ? (s.project.environment[def.environment] ?? s.ctx.env[def.environment] ?? '') : (def.content ?? '');
      const dir = `${s.deps.paths.root}/compose/${s.deps.namespace}/${s.project.name}/${kind}`;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const path = `${dir}/${ref.source}`;
      await writeFileAtomic(path, content, 0o444);
      out.set(`${kind}/${ref.source}`, path);
    }
  }
  return out;
}

export interface CreateOptions {
  oneoff?: boolean;
  /** `compose run` attached (its `-i` stdin closes at our EOF, as `run`'s StdinOnce). */
  attached?: boolean;
  /** `compose run`: its own argv, entrypoint, env, ports… over the service's. */
  override?: (run: import('../../compose/run-options').ServiceRun) => void;
}

/** Creates container `number` of a service (pulling its image if the pull policy says so); returns its ID. */
export async function createServiceContainer(s: ComposeSession, service: string, number: number, name: string, opts: CreateOptions = {}): Promise<string> {
  return (await createServiceContainerFull(s, service, number, name, opts)).id;
}

/** createServiceContainer with the logger settings its start needs (`compose run`). */
export async function createServiceContainerFull(s: ComposeSession, service: string, number: number, name: string, opts: CreateOptions = {}): Promise<{ id: string; log: () => import('../opts/log').LogFileOptions }> {
  const [{ serviceRunOptions }, { serviceHash }, { prepareRun }, { createContainer }, { pullWithOutput }] = await Promise.all([
    import('../../compose/run-options'),
    import('../../compose/plan'),
    import('./run-spec'),
    import('../../services/containers/create'),
    import('./pull'),
  ]);
  const svc = s.project.services[service]!;
  const files = await fileObjects(s, svc);
  const firstContainer = await serviceContainerNames(s);
  const run = serviceRunOptions({
    project: s.project,
    service: svc,
    number,
    name,
    hash: serviceHash(svc),
    ...(opts.oneoff ? { oneoff: true } : {}),
    serviceContainer: (x) => {
      const n = firstContainer.get(x);
      if (!n) throw new NotFoundError(`service "${service}" refers to service "${x}", which has no container`);
      return n;
    },
    fileObject: (kind, src) => files.get(`${kind}/${src}`) ?? '',
  });
  opts.override?.(run);
  s.event('Container', name, 'Creating');
  const prepared = await prepareRun(s.ctx, s.deps, run.flags, run.image, run.args, opts.attached === true);
  const ctx = s.ctx;
  const created = await prepared.created(createContainer(
    {
      ...s.deps,
      spec: prepared.spec,
      imageLabels: (image) => ({ ...prepared.imageLabels(image), [IMAGE_LABEL]: image.id }),
      pull: (ref) => pullWithOutput(ctx, ref, { quiet: false, unpack: 'auto', concurrency: 3, printName: false, ...(run.flags.platform ? { platform: run.flags.platform } : {}), io: { ...ctx.io, stdout: ctx.io.stderr, isTTY: ctx.io.errIsTTY } }),
      onMessage: (line) => ctx.io.stderr.write(`${line}\n`),
    },
    prepared.request,
  ));
  s.event('Container', name, 'Created');
  return { id: created.id, log: prepared.log };
}

/** Each service's first container name (the lowest number), for `service:x` references. */
async function serviceContainerNames(s: ComposeSession): Promise<Map<string, string>> {
  const { containerName } = await import('../../services/containers/list');
  const out = new Map<string, { n: number; name: string }>();
  for (const c of await projectContainers(s.deps, s.project.name)) {
    if (c.labels[ONEOFF_LABEL] === 'True') continue;
    const svc = c.labels[SERVICE_LABEL] ?? '';
    const n = Number(c.labels[NUMBER_LABEL] ?? '0');
    const prev = out.get(svc);
    if (!prev || n < prev.n) out.set(svc, { n, name: containerName(c) });
  }
  return new Map([...out].map(([k, v]) => [k, v.name]));
}

/** Starts a container detached (its log through the shim's logger), as `tsctl start` does. */
export async function startContainer(s: ComposeSession, id: string, name: string): Promise<void> {
  const [runIO, { startTask }] = await Promise.all([import('./run-io'), import('../../services/containers/start')]);
  const stdio = await runIO.containerStdio(s.deps, id);
  s.event('Container', name, 'Starting');
  const prepared = await runIO.taskIO(s.ctx, s.deps, id, { ...stdio, attachStdin: false });
  try {
    prepared.started(await startTask(s.deps, id, prepared.io));
  } catch (e) {
    prepared.started(false);
    s.event('Container', name, 'Error');
    // A container whose network could not be set up (a port taken…) is not left behind, as with `tsctl run`.
    const { NetworkSetupStartError } = await import('../../errors/classify-start');
    if (e instanceof NetworkSetupStartError) {
      const { removeContainer } = await import('../../services/containers/remove');
      await removeContainer(s.deps, id, true, true).catch(() => undefined);
    }
    throw e;
  }
  s.event('Container', name, 'Started');
}

/** Stops a container with its stop signal and grace period (or `timeout` seconds), as `tsctl stop`. */
export async function stopContainer(s: ComposeSession, c: { id: string; name: string }, timeout?: number): Promise<void> {
  const [{ stopTask, markExplicitStop, SIGTERM }, { parseKillSignal }, labels, { releaseNetwork }] = await Promise.all([
    import('../../services/containers/stop'),
    import('../opts/signal'),
    import('../../labels'),
    import('./net'),
  ]);
  const rec = (await s.deps.list.list([`id==${c.id}`]))[0];
  if (!rec) return;
  const sig = parseKillSignal(rec.labels[labels.STOP_SIGNAL_LABEL] ?? 'SIGTERM') || SIGTERM;
  const t = timeout ?? Number(rec.labels[labels.STOP_TIMEOUT_LABEL] ?? '10');
  s.event('Container', c.name, 'Stopping');
  await markExplicitStop(s.deps.containers, c.id);
  await stopTask(s.deps.tasks, c.id, sig, t);
  await releaseNetwork(s.ctx, s.deps, c.id);
  s.event('Container', c.name, 'Stopped');
}

export async function removeServiceContainer(s: ComposeSession, c: { id: string; name: string }, volumes: boolean): Promise<void> {
  const { removeContainer } = await import('../../services/containers/remove');
  s.event('Container', c.name, 'Removing');
  await removeContainer(s.deps, c.id, true, volumes).catch((e: unknown) => {
    if (!(e instanceof NotFoundError)) throw e;
  });
  s.event('Container', c.name, 'Removed');
}

/** Runs `fn` over items with at most `limit` at a time; the first failure is rethrown after all settle. */
export async function inParallel<T>(items: readonly T[], fn: (x: T) => Promise<void>, limit = 4): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const x = items[next++]!;
      await fn(x).catch((e: unknown) => void errors.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

/**
 * Converges containers (create / recreate / scale down / orphans) service by service in dependency order;
 * returns the containers to start, by service.
 */
export async function convergeContainers(s: ComposeSession, plan: UpPlan, opts: { timeout?: number; renewAnonVolumes?: boolean } = {}): Promise<Map<string, { id: string; name: string; running: boolean }[]>> {
  const { renameContainer } = await import('../../services/containers/rename');
  if (plan.orphans.length > 0) {
    if (plan.removeOrphans) {
      await inParallel(plan.orphans, async (o) => {
        if (o.state === 'running' || o.state === 'paused') await stopContainer(s, o, opts.timeout);
        await removeServiceContainer(s, o, false);
      });
    } else {
      s.ctx.io.stderr.write(`WARN[0000] Found orphan containers ([${plan.orphans.map((o) => o.name).join(' ')}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.\n`);
    }
  }
  const out = new Map<string, { id: string; name: string; running: boolean }[]>();
  for (const sp of plan.services) {
    const list: { id: string; name: string; running: boolean }[] = [];
    await inParallel(sp.steps, async (st: ContainerStep) => {
      switch (st.kind) {
        case 'remove':
          await stopContainer(s, st, opts.timeout);
          await removeServiceContainer(s, st, false);
          return;
        case 'running':
          s.event('Container', st.name, 'Running');
          list.push({ id: st.id, name: st.name, running: true });
          return;
        case 'start':
          list.push({ id: st.id, name: st.name, running: false });
          return;
        case 'restart':
          await stopContainer(s, st, opts.timeout);
          list.push({ id: st.id, name: st.name, running: false });
          return;
        case 'create':
          list.push({ id: await createServiceContainer(s, st.service, st.number, st.name), name: st.name, running: false });
          return;
        case 'recreate': {
          s.event('Container', st.name, 'Recreate');
          const old = (await s.deps.list.list([`id==${st.id}`]))[0];
          const oldName = old ? (await import('../../services/containers/list')).containerName(old) : st.name;
          await stopContainer(s, { id: st.id, name: oldName }, opts.timeout).catch(() => undefined);
          // The old one keeps running under a temporary name until the new one exists (Compose's order).
          await renameContainer(s.deps, st.id, `${st.id.slice(0, 12)}_${oldName}`);
          // The old container's anonymous volumes move to the new one (Compose), unless -V.
          const { decodeAnonymous, decodeMounts } = await import('../../services/volumes/model');
          const { ANONYMOUS_VOLUMES_LABEL, MOUNTS_LABEL } = await import('../../labels');
          const anon = new Set(decodeAnonymous(old?.labels[ANONYMOUS_VOLUMES_LABEL]));
          const inherit = opts.renewAnonVolumes ? [] : decodeMounts(old?.labels[MOUNTS_LABEL]).flatMap((m) => (m.Name && anon.has(m.Name) ? [{ name: m.Name, destination: m.Destination }] : []));
          let id: string;
          try {
            id = await createServiceContainer(s, st.service, st.number, st.name, inherit.length > 0 ? { override: (run) => void (run.flags.inheritVolumes = inherit) } : {});
          } catch (e) {
            await renameContainer(s.deps, st.id, oldName).catch(() => undefined);
            throw e;
          }
          const { removeContainer } = await import('../../services/containers/remove');
          await removeContainer(s.deps, st.id, true, true).catch(() => undefined);
          s.event('Container', st.name, 'Recreated');
          list.push({ id, name: st.name, running: false });
          return;
        }
      }
    });
    out.set(sp.service, list.sort((a, b) => (a.name < b.name ? -1 : 1)));
  }
  return out;
}

/** Waits until every dependency of `service` meets its condition (`compose run` before its one-off container). */
export async function waitDependencies(s: ComposeSession, service: string): Promise<void> {
  const cfg = s.project.services[service]!;
  const obs = await observe(s);
  await Promise.all(Object.entries(cfg.depends_on).map(async ([dep, d]) => {
    if (!s.project.services[dep]) return;
    const cs = obs.containers.filter((c) => c.service === dep && !c.oneoff);
    await waitCondition(s, dep, d.condition, cs).catch((e: unknown) => {
      if (d.required) throw e;
    });
  }));
}

/** Waits for a dependency's condition (Compose's `Waiting` → `Healthy` / `Exited`). */
async function waitCondition(s: ComposeSession, dep: string, condition: string, containers: { id: string; name: string }[]): Promise<void> {
  if (condition === 'service_started') return;
  const { readHealth } = await import('../../state/health');
  const { HEALTHCHECK_LABEL } = await import('../../labels');
  await Promise.all(containers.map(async (c) => {
    s.event('Container', c.name, 'Waiting');
    if (condition === 'service_completed_successfully') {
      const t = await s.deps.tasks.get(c.id);
      const exit = t?.status === 'stopped' ? { exitStatus: t.exitStatus } : await s.deps.tasks.wait(c.id, s.ctx.signal);
      if (exit.exitStatus !== 0) throw new FailedPreconditionError(`service "${dep}" didn't complete successfully: exit ${exit.exitStatus}`);
      s.event('Container', c.name, 'Exited');
      return;
    }
    const rec = (await s.deps.list.list([`id==${c.id}`]))[0];
    const hc = rec?.labels[HEALTHCHECK_LABEL];
    if (!hc || (JSON.parse(hc) as { Test?: string[] }).Test?.[0] === 'NONE') throw new FailedPreconditionError(`dependency failed to start: container ${c.name} has no healthcheck configured`);
    for (;;) {
      const t = await s.deps.tasks.get(c.id);
      if (!t || t.status === 'stopped') throw new FailedPreconditionError(`dependency failed to start: container ${c.name} exited (${t?.exitStatus ?? 0})`);
      const h = await readHealth(s.deps.paths.container(s.deps.namespace, c.id));
      if (h?.Status === 'healthy') break;
      if (h?.Status === 'unhealthy') throw new FailedPreconditionError(`dependency failed to start: container ${c.name} is unhealthy`);
      await new Promise((r) => setTimeout(r, 200));
      if (s.ctx.signal.aborted) throw new CancelledError("interrupted");
    }
    s.event('Container', c.name, 'Healthy');
  }));
}

/**
 * Starts the services' containers in dependency order: a service starts once every dependency it waits for has
 * met its condition (started, healthy, completed successfully). Independent services start concurrently.
 */
export async function startServices(s: ComposeSession, byService: Map<string, { id: string; name: string; running: boolean }[]>): Promise<void> {
  const done = new Map<string, Promise<void>>();
  const containersOf = async (svc: string): Promise<{ id: string; name: string }[]> => {
    const known = byService.get(svc);
    if (known) return known;
    const obs = await observe(s);
    return obs.containers.filter((c) => c.service === svc && !c.oneoff);
  };
  const startOne = (svc: string): Promise<void> => {
    let p = done.get(svc);
    if (p) return p;
    p = (async () => {
      const cfg = s.project.services[svc]!;
      await Promise.all(Object.entries(cfg.depends_on).map(async ([dep, d]) => {
        if (!s.project.services[dep]) return;
        if (byService.has(dep)) await startOne(dep);
        await waitCondition(s, dep, d.condition, await containersOf(dep)).catch((e: unknown) => {
          if (d.required) throw e;
          s.ctx.io.stderr.write(`WARN[0000] optional dependency "${dep}" failed: ${(e as Error).message}\n`);
        });
      }));
      for (const c of byService.get(svc) ?? []) if (!c.running) await startContainer(s, c.id, c.name);
    })();
    done.set(svc, p);
    return p;
  };
  await Promise.all([...byService.keys()].map(startOne));
}

type Started = Map<string, { id: string; name: string; running: boolean }[]>;

/** `up --wait`: every container running (and healthy when it has a healthcheck), or an error naming the first that is not. */
export async function waitReady(s: ComposeSession, byService: Started, timeoutSec?: number): Promise<void> {
  const { readHealth } = await import('../../state/health');
  const { HEALTHCHECK_LABEL } = await import('../../labels');
  const deadline = timeoutSec === undefined ? Infinity : Date.now() + timeoutSec * 1000;
  const all = [...byService.entries()].flatMap(([svc, cs]) => cs.map((c) => ({ ...c, svc })));
  await Promise.all(all.map(async (c) => {
    s.event('Container', c.name, 'Waiting');
    const rec = (await s.deps.list.list([`id==${c.id}`]))[0];
    const hc = rec?.labels[HEALTHCHECK_LABEL];
    const checked = hc !== undefined && (JSON.parse(hc) as { Test?: string[] }).Test?.[0] !== 'NONE';
    for (;;) {
      const t = await s.deps.tasks.get(c.id);
      const cfg = s.project.services[c.svc];
      if (!t || t.status === 'stopped') {
        // A one-shot dependency that completed is fine (Compose: service_completed_successfully users).
        const awaited = Object.values(s.project.services).some((o) => o.depends_on[c.svc]?.condition === 'service_completed_successfully');
        if (awaited && t?.exitStatus === 0) break;
        throw new FailedPreconditionError(`container ${c.name} exited (${t?.exitStatus ?? 0})`);
      }
      if (!checked || !cfg) break;
      const h = await readHealth(s.deps.paths.container(s.deps.namespace, c.id));
      if (h?.Status === 'healthy') break;
      if (h?.Status === 'unhealthy') throw new FailedPreconditionError(`container ${c.name} is unhealthy`);
      if (Date.now() > deadline) throw new FailedPreconditionError(`timeout waiting for ${c.name} to be healthy`);
      if (s.ctx.signal.aborted) throw new CancelledError('interrupted');
      await new Promise((r) => setTimeout(r, 200));
    }
    s.event('Container', c.name, checked ? 'Healthy' : 'Running');
  }));
}

export interface AttachedUpOptions {
  abort: boolean;
  exitCodeFrom?: string;
  noColor?: boolean;
  noPrefix?: boolean;
  timeout?: number;
}

/**
 * Attached `up`: starts the services, prints every container's output with its prefix until all have exited
 * (`web-1 exited with code 0`); Ctrl-C stops them all (a second one kills them); `--abort-on-container-exit`
 * stops them all when the first exits; `--exit-code-from` returns that service's exit code.
 */
export async function runAttached(s: ComposeSession, byService: Started, opts: AttachedUpOptions): Promise<void> {
  const [{ streamLogs, prefixName }, { ContainerExit, Terminated }, { killTask }] = await Promise.all([
    import('./compose-logs'),
    import('../../errors/index'),
    import('../../services/containers/stop'),
  ]);
  const all = [...byService.entries()].flatMap(([svc, cs]) => cs.map((c) => ({ ...c, svc })));
  const targets = all.map((c) => ({ id: c.id, prefix: prefixName(s.project.name, c.name), svc: c.svc, name: c.name, newOnly: c.running })).sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
  s.ctx.io.stdout.write(`Attaching to ${targets.map((t) => t.prefix).join(', ')}\n`);
  let stopping: Promise<void> | undefined;
  let interrupted = false;
  const stopEverything = (): Promise<void> => {
    stopping ??= inParallel(all, (c) => stopContainer(s, c, opts.timeout).catch(() => undefined), all.length || 1);
    return stopping;
  };
  s.ctx.signals.forward = () => {
    if (!interrupted) {
      interrupted = true;
      s.ctx.io.stdout.write('Gracefully stopping... (press Ctrl+C again to force)\n');
      void stopEverything();
      return;
    }
    void Promise.all(all.map((c) => killTask(s.deps.tasks, c.id, c.name, 9).catch(() => undefined)));
  };
  const exits = new Map<string, number>();
  try {
    await startServices(s, byService);
    await streamLogs(s, targets, {
      follow: true,
      tail: 'all',
      noColor: opts.noColor === true,
      noPrefix: opts.noPrefix === true,
      onExit: (t, status) => {
        exits.set((t as typeof targets[number]).svc, status);
        s.ctx.io.stdout.write(`${t.prefix} exited with code ${status}\n`);
        if (opts.abort && !stopping) {
          s.ctx.io.stdout.write('Aborting on container exit...\n');
          void stopEverything();
        }
      },
    });
    if (stopping) await stopping;
  } finally {
    s.ctx.signals.forward = undefined;
  }
  if (interrupted) throw new Terminated(2);
  if (opts.exitCodeFrom !== undefined) {
    const code = exits.get(opts.exitCodeFrom) ?? 0;
    if (code !== 0) throw new ContainerExit(code);
  }
}

/**
 * The project's containers of the named services (all services when none), in start order then number;
 * one-off (`compose run`) containers only with `oneoff`.
 */
export async function serviceContainers(s: ComposeSession, services: readonly string[], opts: { oneoff?: boolean; states?: ObservedContainer['state'][] } = {}): Promise<ObservedContainer[]> {
  const { startOrder } = await import('../../compose/graph');
  const order = startOrder({ ...s.project.disabledServices, ...s.project.services });
  const obs = await observe(s);
  return obs.containers
    .filter((c) => (services.length === 0 || services.includes(c.service)) && (opts.oneoff === true || !c.oneoff) && (!opts.states || opts.states.includes(c.state)))
    .sort((a, b) => order.indexOf(a.service) - order.indexOf(b.service) || a.number - b.number);
}

/**
 * Runs `fn` on every container, a service's containers together once every service depending on it is done
 * (Compose's reverse dependency order for stop/down); unrelated services run concurrently.
 */
export async function inReverseDependencyOrder<T extends { service: string }>(s: ComposeSession, cs: readonly T[], fn: (c: T) => Promise<void>): Promise<void> {
  const groups = new Map<string, T[]>();
  for (const c of cs) groups.set(c.service, [...(groups.get(c.service) ?? []), c]);
  const all = { ...s.project.disabledServices, ...s.project.services };
  const done = new Map<string, Promise<void>>();
  const finish = (svc: string): Promise<void> => {
    let p = done.get(svc);
    if (p) return p;
    const dependents = [...groups.keys()].filter((o) => o !== svc && all[o]?.depends_on[svc] !== undefined);
    p = Promise.all(dependents.map(finish)).then(async () => {
      const group = groups.get(svc) ?? [];
      await inParallel(group, fn, group.length || 1);
    });
    done.set(svc, p);
    return p;
  };
  const results = await Promise.allSettled([...groups.keys()].map(finish));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Stops containers service by service in reverse dependency order (each service's containers in parallel). */
export async function stopInOrder(s: ComposeSession, cs: readonly ObservedContainer[], timeout?: number): Promise<void> {
  await inReverseDependencyOrder(s, cs.filter((c) => c.state === 'running' || c.state === 'paused'), (c) => stopContainer(s, c, timeout));
}

export async function removeNetworks(s: ComposeSession, names: readonly string[]): Promise<void> {
  const { networkDeps } = await import('./networks');
  const { removeNetworkRef } = await import('../../services/networks/networks');
  const deps = networkDeps(s.ctx);
  for (const n of names) {
    s.event('Network', n, 'Removing');
    await removeNetworkRef(deps, n);
    s.event('Network', n, 'Removed');
  }
}

/** `down`: the project's state under the data root (secrets/configs written for environment/content sources). */
export async function removeProjectState(s: ComposeSession): Promise<void> {
  const { rm } = await import('node:fs/promises');
  await rm(`${s.deps.paths.root}/compose/${s.deps.namespace}/${s.project.name}`, { recursive: true, force: true });
}

export async function removeVolumes(s: ComposeSession, names: readonly string[]): Promise<void> {
  const { removeVolume } = await import('../../services/volumes/remove');
  for (const n of names) {
    s.event('Volume', n, 'Removing');
    await removeVolume({ volumes: s.deps.volumes, list: s.deps.list }, n, true);
    s.event('Volume', n, 'Removed');
  }
}

/** `down --rmi`: `local` removes the images compose named itself (`<project>-<service>`), `all` every service image. */
export async function removeImages(s: ComposeSession, which: 'local' | 'all' | string): Promise<void> {
  const [{ removeImages: remove }, { serviceImage }] = await Promise.all([import('../../services/images/remove'), import('./compose-build')]);
  const images = new Set<string>();
  for (const svc of Object.values(s.project.services)) {
    if (which === 'all' || svc.image === undefined) images.add(serviceImage(s, svc));
  }
  for (const img of images) {
    s.event('Image', img, 'Removing');
    const errs = await remove({ ...s.deps, containers: s.deps.list, tasks: s.deps.taskList }, [img], { force: false }, () => undefined);
    const missing = errs.every((e) => e instanceof NotFoundError);
    if (errs.length > 0 && !missing) throw errs[0];
    s.event('Image', img, 'Removed');
  }
}

/** `compose pause` / `unpause`: the services' running (paused) containers, all at once. */
export async function setPaused(s: ComposeSession, services: readonly string[], pause: boolean): Promise<void> {
  const { pauseContainer, unpauseContainer } = await import('../../services/containers/pause');
  const cs = await serviceContainers(s, services, { states: [pause ? 'running' : 'paused'] });
  await inParallel(cs, async (c) => {
    s.event('Container', c.name, pause ? 'Pausing' : 'Unpausing');
    await (pause ? pauseContainer : unpauseContainer)(s.deps.tasks, c.id);
    s.event('Container', c.name, pause ? 'Paused' : 'Unpaused');
  }, cs.length || 1);
}

/**
 * Serialises what changes one project (`up`'s convergence, `down`) across processes: a lock file per namespace
 * and project, so two projects never wait for each other.
 */
export async function withProjectLock<T>(s: ComposeSession, fn: () => Promise<T>): Promise<T> {
  const { withLock } = await import('../../util/lock');
  return withLock(`${s.deps.paths.locks}/compose-${s.deps.namespace}-${s.project.name}.lock`, fn, { timeoutMs: 30 * 60_000 });
}

/** The current image ID of each service's image that exists locally (a rebuilt or re-pulled image recreates). */
async function serviceImageIds(s: ComposeSession, services: readonly string[]): Promise<Map<string, string>> {
  const [{ parseReference }, { resolveImage }, { serviceImage }] = await Promise.all([
    import('../../registry/reference'),
    import('../../services/images/model'),
    import('./compose-build'),
  ]);
  const out = new Map<string, string>();
  await Promise.all(services.map(async (name) => {
    const svc = s.project.services[name];
    if (!svc) return;
    try {
      const record = await s.deps.images.get(parseReference(serviceImage(s, svc)).toString());
      if (record) out.set(name, (await resolveImage(s.deps.content, record, s.deps.pick)).id);
    } catch {
      // unknown: the config hash alone decides
    }
  }));
  return out;
}

export interface ConvergeOptions {
  build?: boolean;
  noBuild?: boolean;
  noDeps?: boolean;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  removeOrphans?: boolean;
  scale?: Record<string, number>;
  timeout?: number;
  renewAnonVolumes?: boolean;
  /** `--pull` over every selected service's pull_policy (`policy`: keep theirs). */
  pull?: string;
  /** Start the containers too, still under the project lock (detached `up`). */
  start?: boolean;
}

/**
 * `up`/`create`: under the project lock, build what is missing, plan against what exists, create networks and
 * volumes, converge the containers (and start them with `start`); returns the containers by service.
 */
export async function convergeProject(s: ComposeSession, services: readonly string[], o: ConvergeOptions): Promise<Started> {
  const [{ planUp, selectServices }, { buildMissing }] = await Promise.all([import('../../compose/plan'), import('./compose-build')]);
  const selected = selectServices(s.project, services, o.noDeps === true);
  if (o.pull !== undefined && o.pull !== 'policy') for (const n of selected) s.project.services[n]!.pull_policy = o.pull;
  return withProjectLock(s, async () => {
    await buildMissing(s, selected, { build: o.build === true, noBuild: o.noBuild === true });
    // `pull_policy: always` (or `--pull always`) pulls before planning, so a new image recreates the container.
    const { pullWithOutput } = await import('./pull');
    const { serviceImage } = await import('./compose-build');
    for (const n of selected) {
      const svc = s.project.services[n]!;
      if (svc.pull_policy !== 'always' || (svc.build !== undefined && svc.image === undefined)) continue;
      s.event('Service', n, 'Pulling');
      await pullWithOutput(s.ctx, serviceImage(s, svc), { quiet: true, unpack: 'auto', concurrency: 3, printName: false, ...(svc.platform ? { platform: String(svc.platform) } : {}), io: { ...s.ctx.io, stdout: s.ctx.io.stderr, isTTY: false } });
      s.event('Service', n, 'Pulled');
      svc.pull_policy = 'missing';
    }
    const plan = planUp(s.project, { ...(await observe(s)), images: await serviceImageIds(s, selected) }, {
      services: [...services], noDeps: o.noDeps === true, forceRecreate: o.forceRecreate === true, noRecreate: o.noRecreate === true,
      removeOrphans: o.removeOrphans === true || s.ctx.env.COMPOSE_REMOVE_ORPHANS === 'true', ...(o.scale ? { scale: o.scale } : {}),
    });
    await ensureNetworks(s, plan);
    await ensureVolumes(s, plan);
    const converged = await convergeContainers(s, plan, { ...(o.timeout === undefined ? {} : { timeout: o.timeout }), renewAnonVolumes: o.renewAnonVolumes === true });
    if (o.start) await startServices(s, converged);
    return converged;
  });
}
