/**
 * Compose's convergence, pure: from the project and what exists (the project's containers found by their
 * `com.docker.compose.*` labels, its networks and volumes) to the steps `up`/`create` take. Printable
 * (`formatPlan`) and unit-tested; the CLI side executes it with tsctl's services.
 */
import { createHash } from 'node:crypto';
import type { Project, ServiceConfig } from './model';
import { startOrder } from './graph';

/** A container of the project as observed. */
export interface ObservedContainer {
  id: string;
  name: string;
  service: string;
  number: number;
  /** The config-hash label. */
  hash: string;
  state: 'created' | 'running' | 'paused' | 'exited';
  exitCode: number;
  oneoff: boolean;
  /** The image ID it was created from (com.docker.compose.image). */
  imageId?: string;
}

export interface Observed {
  containers: ObservedContainer[];
  /** Names of the networks that exist. */
  networks: ReadonlySet<string>;
  /** Names of the volumes that exist. */
  volumes: ReadonlySet<string>;
  /** Each service's image ID now (when known): a container made from another image is recreated. */
  images?: ReadonlyMap<string, string>;
}

export interface UpOptions {
  /** Services named on the command line (empty = all). */
  services?: string[];
  /** `--no-deps`: only the named services, not what they depend on. */
  noDeps?: boolean;
  forceRecreate?: boolean;
  noRecreate?: boolean;
  removeOrphans?: boolean;
  /** `--scale svc=n`. */
  scale?: Record<string, number>;
}

export type ContainerStep =
  | { kind: 'create'; service: string; number: number; name: string }
  | { kind: 'recreate'; service: string; number: number; name: string; id: string }
  | { kind: 'start'; service: string; number: number; name: string; id: string }
  | { kind: 'running'; service: string; number: number; name: string; id: string }
  /** Running, but a dependency with `restart: true` is recreated: stopped here, started again after it. */
  | { kind: 'restart'; service: string; number: number; name: string; id: string }
  | { kind: 'remove'; service: string; number: number; name: string; id: string };

export interface ServicePlan {
  service: string;
  steps: ContainerStep[];
}

export interface UpPlan {
  networks: { key: string; name: string; exists: boolean; external: boolean }[];
  volumes: { key: string; name: string; exists: boolean; external: boolean }[];
  /** Services in start order (dependencies first). */
  services: ServicePlan[];
  /** Containers of services that are no longer in the project. */
  orphans: ObservedContainer[];
  removeOrphans: boolean;
}

/**
 * Compose's ServiceHash: the service's configuration without what does not change the container
 * (build, pull policy, scale/replicas, depends_on), as sha256 hex of canonical JSON.
 */
export function serviceHash(s: ServiceConfig): string {
  const copy: Record<string, unknown> = { ...s };
  for (const k of ['build', 'pull_policy', 'scale', 'depends_on', 'profiles']) delete copy[k];
  if (copy.deploy && typeof copy.deploy === 'object') {
    const d = { ...(copy.deploy as Record<string, unknown>) };
    delete d.replicas;
    copy.deploy = d;
  }
  return createHash('sha256').update(canonicalJSON(copy)).digest('hex');
}

function canonicalJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJSON).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** How many containers a service wants: `--scale`, then deploy.replicas / scale, else 1. */
export function replicas(s: ServiceConfig, scale: Record<string, number> | undefined): number {
  return scale?.[s.name] ?? s.deploy?.replicas ?? s.scale ?? 1;
}

/** `<project>-<service>-<n>`, or container_name (then only one replica). */
export function containerName(project: string, s: ServiceConfig, n: number): string {
  return s.container_name ?? `${project}-${s.name}-${n}`;
}

/** The named services and, unless noDeps, everything they depend on (transitively); all when none are named. */
export function selectServices(project: Project, names: readonly string[] | undefined, noDeps = false): string[] {
  if (!names || names.length === 0) return startOrder(project.services);
  const chosen = new Set<string>();
  const add = (n: string): void => {
    if (chosen.has(n)) return;
    chosen.add(n);
    if (noDeps) return;
    for (const d of Object.keys(project.services[n]?.depends_on ?? {})) if (project.services[d]) add(d);
  };
  for (const n of names) add(n);
  return startOrder(project.services).filter((n) => chosen.has(n));
}

/** Networks and volumes the given services use (keys), in the project's order. */
export function usedResources(project: Project, services: readonly string[]): { networks: string[]; volumes: string[] } {
  const nets = new Set<string>();
  const vols = new Set<string>();
  for (const n of services) {
    const s = project.services[n]!;
    for (const k of Object.keys(s.networks ?? {})) nets.add(k);
    for (const v of s.volumes) if (v.type === 'volume' && v.source) vols.add(v.source);
  }
  return {
    networks: Object.keys(project.networks).filter((k) => nets.has(k)),
    volumes: Object.keys(project.volumes).filter((k) => vols.has(k)),
  };
}

export function planUp(project: Project, observed: Observed, opts: UpOptions = {}): UpPlan {
  const services = selectServices(project, opts.services, opts.noDeps);
  const used = usedResources(project, services);
  const plan: UpPlan = {
    networks: used.networks.map((key) => {
      const n = project.networks[key]!;
      return { key, name: n.name, exists: observed.networks.has(n.name), external: n.external === true };
    }),
    volumes: used.volumes.map((key) => {
      const v = project.volumes[key]!;
      return { key, name: v.name, exists: observed.volumes.has(v.name), external: v.external === true };
    }),
    services: [],
    orphans: observed.containers.filter((c) => !c.oneoff && !project.services[c.service] && !project.disabledServices[c.service]),
    removeOrphans: opts.removeOrphans === true,
  };
  for (const name of services) {
    const s = project.services[name]!;
    const hash = serviceHash(s);
    const want = replicas(s, opts.scale);
    const existing = observed.containers.filter((c) => c.service === name && !c.oneoff).sort((a, b) => a.number - b.number);
    const steps: ContainerStep[] = [];
    // Scale down: the highest numbers go (Compose removes the newest first).
    const keep = existing.slice(0, want);
    for (const c of existing.slice(want)) steps.push({ kind: 'remove', service: name, number: c.number, name: c.name, id: c.id });
    const image = observed.images?.get(name);
    for (const c of keep) {
      const changed = c.hash !== hash || (image !== undefined && c.imageId !== undefined && c.imageId !== image);
      const recreate = !opts.noRecreate && (opts.forceRecreate === true || changed);
      const base = { service: name, number: c.number, name: containerName(project.name, s, c.number), id: c.id };
      if (recreate) steps.push({ kind: 'recreate', ...base });
      else if ((c.state === 'running' || c.state === 'paused') && restartedDependency(s, plan)) steps.push({ kind: 'restart', ...base, name: c.name });
      else if (c.state === 'running' || c.state === 'paused') steps.push({ kind: 'running', ...base, name: c.name });
      else steps.push({ kind: 'start', ...base, name: c.name });
    }
    const taken = new Set(keep.map((c) => c.number));
    let next = 1;
    for (let i = keep.length; i < want; i++) {
      while (taken.has(next)) next++;
      taken.add(next);
      steps.push({ kind: 'create', service: name, number: next, name: containerName(project.name, s, next) });
    }
    plan.services.push({ service: name, steps });
  }
  return plan;
}

/** Does a `depends_on` entry with `restart: true` point at a service this plan recreates? */
function restartedDependency(s: ServiceConfig, plan: UpPlan): boolean {
  return Object.entries(s.depends_on).some(([dep, d]) => d.restart === true && plan.services.some((p) => p.service === dep && p.steps.some((st) => st.kind === 'recreate')));
}

/** One line per step, for `--dry-run`-style printing and for tests. */
export function formatPlan(plan: UpPlan): string[] {
  const out: string[] = [];
  for (const n of plan.networks) out.push(`network ${n.name}: ${n.external ? 'external' : n.exists ? 'exists' : 'create'}`);
  for (const v of plan.volumes) out.push(`volume ${v.name}: ${v.external ? 'external' : v.exists ? 'exists' : 'create'}`);
  for (const s of plan.services) for (const st of s.steps) out.push(`container ${st.name}: ${st.kind}`);
  for (const o of plan.orphans) out.push(`container ${o.name}: ${plan.removeOrphans ? 'remove orphan' : 'orphan'}`);
  return out;
}

/** `down`: containers to stop and remove (reverse start order), then networks and (with -v) volumes. */
export interface DownPlan {
  containers: ObservedContainer[];
  networks: string[];
  volumes: string[];
}

export function planDown(project: Project, observed: Observed, opts: { removeOrphans?: boolean; volumes?: boolean }): DownPlan {
  const order = startOrder({ ...project.disabledServices, ...project.services });
  const rank = (svc: string): number => {
    const i = order.indexOf(svc);
    return i < 0 ? order.length : i;
  };
  const known = (c: ObservedContainer): boolean => project.services[c.service] !== undefined || project.disabledServices[c.service] !== undefined;
  const containers = observed.containers
    .filter((c) => known(c) || opts.removeOrphans === true)
    .sort((a, b) => rank(b.service) - rank(a.service) || b.number - a.number);
  return {
    containers,
    networks: Object.values(project.networks).filter((n) => !n.external && observed.networks.has(n.name)).map((n) => n.name),
    volumes: opts.volumes ? Object.values(project.volumes).filter((v) => !v.external && observed.volumes.has(v.name)).map((v) => v.name) : [],
  };
}
