/**
 * Compose's read-only verbs over what is in the namespace (Docker Compose v2.24 pkg/compose ls.go, images.go,
 * port.go, top.go): projects by their containers' labels, the images of a project's containers, a service
 * container's published port, the processes of its running containers.
 */
import type { CliContext } from '../context';
import type { ComposeProjectFlags } from './compose';
import type { ContainerDeps } from './containers';
import type { ContainerRecord } from '../../containerd/ports';
import type { ComposeImageRow, ComposeStack } from '../../output/views/compose-misc';
import { CONFIG_FILES_LABEL, CONFIG_HASH_LABEL, IMAGE_LABEL, NUMBER_LABEL, ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL } from '../../compose/labels';
import { FailedPreconditionError, InvalidArgumentError } from '../../errors/index';

/** A project by name only: what these verbs need. */
export interface ProjectRef {
  deps: ContainerDeps;
  name: string;
}

/**
 * Compose's toProjectName: `-p`, else COMPOSE_PROJECT_NAME, else the loaded project's name — so with `-p` these
 * verbs work without a compose file, as Compose's.
 */
export async function projectRef(ctx: CliContext, flags: ComposeProjectFlags): Promise<ProjectRef> {
  const given = flags.projectName || ctx.env.COMPOSE_PROJECT_NAME;
  if (given) return { deps: await (await import('./containers')).containerDeps(ctx), name: given.toLowerCase() };
  const s = await (await import('./compose-engine')).openProject(ctx, flags);
  return { deps: s.deps, name: s.project.name };
}

/** Docker's State of each container (`running`, `exited`, …), by ID. */
async function stateWords(deps: ContainerDeps): Promise<Map<string, string>> {
  const { stateWord } = await import('../../compat/status');
  return new Map((await deps.taskList.list()).map((t) => [t.id, stateWord(t.status)]));
}

const LISTED_WHEN_RUNNING = ['running', 'paused', 'restarting'];

/** Containers with Compose's project and config-hash labels; only running ones (as Docker's list) unless `all`. */
async function composeContainers(deps: ContainerDeps, all: boolean, filter: (c: ContainerRecord) => boolean = () => true): Promise<{ record: ContainerRecord; state: string }[]> {
  const [records, states] = await Promise.all([deps.list.list(), stateWords(deps)]);
  return records
    .filter((c) => c.labels[PROJECT_LABEL] !== undefined && c.labels[CONFIG_HASH_LABEL] !== undefined && filter(c))
    .map((record) => ({ record, state: states.get(record.id) ?? 'created' }))
    .filter((c) => all || LISTED_WHEN_RUNNING.includes(c.state));
}

/** `compose ls`: one stack per project label (sorted), its combined status and config files. */
export async function listProjects(deps: ContainerDeps, all: boolean): Promise<ComposeStack[]> {
  const { combinedStatus } = await import('../../output/views/compose-misc');
  const byProject = new Map<string, { record: ContainerRecord; state: string }[]>();
  for (const c of await composeContainers(deps, all)) {
    const p = c.record.labels[PROJECT_LABEL] ?? '';
    byProject.set(p, [...(byProject.get(p) ?? []), c]);
  }
  return [...byProject.keys()].sort().map((name) => {
    const cs = byProject.get(name) ?? [];
    const files: string[] = [];
    let missing = false;
    for (const c of cs) {
      const label = c.record.labels[CONFIG_FILES_LABEL];
      if (label === undefined) missing = true;
      else for (const f of label.split(',')) if (!files.includes(f)) files.push(f);
    }
    return { Name: name, Status: combinedStatus(cs.map((c) => c.state)), ConfigFiles: missing ? 'N/A' : files.join(',') };
  });
}

/** `compose images`: per container of the project (stopped and one-off ones too), its image. */
export async function projectImages(s: ProjectRef, services: readonly string[]): Promise<ComposeImageRow[]> {
  const [{ loadCatalog, imageSize, repoTags }, { containerName }, { parseReference }] = await Promise.all([
    import('../../services/images/inspect'),
    import('../../services/containers/list'),
    import('../../registry/reference'),
  ]);
  const cs = await composeContainers(s.deps, true, (c) => c.labels[PROJECT_LABEL] === s.name && (services.length === 0 || services.includes(c.labels[SERVICE_LABEL] ?? '')));
  const catalog = await loadCatalog(s.deps);
  const byKey = new Map<string, (typeof catalog)[number]>();
  for (const img of catalog) {
    byKey.set(img.id, img);
    for (const r of img.records) byKey.set(r.name, img);
  }
  const find = (c: ContainerRecord): (typeof catalog)[number] | undefined => {
    const byLabel = c.labels[IMAGE_LABEL];
    if (byLabel !== undefined && byKey.has(byLabel)) return byKey.get(byLabel);
    if (byKey.has(c.image)) return byKey.get(c.image);
    try {
      return byKey.get(parseReference(c.image).toString());
    } catch {
      return undefined;
    }
  };
  const sizes = new Map<string, number>();
  const rows: ComposeImageRow[] = [];
  for (const { record } of cs) {
    const img = find(record);
    if (!img) throw new FailedPreconditionError(`failed to retrieve image for container ${containerName(record)}`);
    if (!sizes.has(img.id)) sizes.set(img.id, await imageSize(s.deps, img.resolved));
    const tag = repoTags(img.records)[0] ?? '';
    const colon = tag.lastIndexOf(':');
    rows.push({ ID: img.id, ContainerName: containerName(record), Repository: colon < 0 ? '' : tag.slice(0, colon), Tag: colon < 0 ? '' : tag.slice(colon + 1), Size: sizes.get(img.id) ?? 0 });
  }
  return rows;
}

/**
 * `compose port`: the first running container of the service (by number, one-off ones last; `index` picks a
 * number) and its binding of `port/protocol`, as `ip:port`.
 */
export async function servicePort(s: ProjectRef, service: string, port: number, protocol: string, index: number): Promise<string> {
  const [{ containerName }, { psPorts }, { netFilesReader }] = await Promise.all([
    import('../../services/containers/list'),
    import('../../services/containers/network-view'),
    import('./containers'),
  ]);
  const cs = (await composeContainers(s.deps, false, (c) => c.labels[PROJECT_LABEL] === s.name && c.labels[SERVICE_LABEL] === service && (index <= 0 || c.labels[NUMBER_LABEL] === String(index))))
    .map((c) => ({ ...c, number: Number(c.record.labels[NUMBER_LABEL] ?? '0'), oneoff: c.record.labels[ONEOFF_LABEL] === 'True' }))
    .sort((a, b) => Number(a.oneoff) - Number(b.oneoff) || a.number - b.number);
  const first = cs[0];
  if (!first) throw new InvalidArgumentError(index > 0 ? `service "${service}" is not running container #${index}` : `service "${service}" is not running`);
  const ports = psPorts(await netFilesReader(s.deps)(first.record.id, { state: true }), true);
  const hit = ports.find((p) => p.privatePort === port && p.type === protocol);
  if (!hit) {
    throw new InvalidArgumentError(`no port ${port}/${protocol} for container ${containerName(first.record)}: ${ports.map((p) => `${p.publicPort}/${p.type}`).join(', ')}`);
  }
  return `${hit.ip}:${hit.publicPort}`;
}

/** `compose top`: the host's `ps -ef` over each running container of the services, sorted by name. */
export async function topServices(s: ProjectRef, services: readonly string[]): Promise<{ name: string; titles: string[]; processes: string[][] }[]> {
  const [{ containerName }, { topContainer }, { runTool }] = await Promise.all([
    import('../../services/containers/list'),
    import('../../services/containers/top'),
    import('../../util/proc'),
  ]);
  const cs = await composeContainers(s.deps, false, (c) => c.labels[PROJECT_LABEL] === s.name && c.labels[ONEOFF_LABEL] !== 'True' && (services.length === 0 || services.includes(c.labels[SERVICE_LABEL] ?? '')));
  const out = await Promise.all(cs.map(async ({ record }) => ({
    name: containerName(record),
    ...(await topContainer({ tasks: s.deps.tasks, ps: (psArgs) => runTool('ps', psArgs, 30_000) }, record.id, '')),
  })));
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
