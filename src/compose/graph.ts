/**
 * The service dependency graph: implicit dependencies (links, volumes_from, network_mode/ipc/pid
 * `service:x`), undefined services, cycles, and start order. Pure.
 */
import { ConfigError } from '../errors/index';
import type { ServiceConfig, ServiceDependency } from './model';

/** Services a service needs without `depends_on` naming them (compose-go adds them as service_started). */
export function implicitDependencies(s: ServiceConfig): string[] {
  const out: string[] = [];
  for (const l of (s.links as string[] | undefined) ?? []) out.push(l.split(':')[0]!);
  for (const v of (s.volumes_from as string[] | undefined) ?? []) {
    if (v.startsWith('container:')) continue;
    out.push((v.startsWith('service:') ? v.slice('service:'.length) : v).split(':')[0]!);
  }
  for (const k of ['network_mode', 'ipc', 'pid']) {
    const v = s[k];
    if (typeof v === 'string' && v.startsWith('service:')) out.push(v.slice('service:'.length));
  }
  return out;
}

/** Adds implicit dependencies to depends_on (existing entries win). */
export function addImplicitDependencies(services: Record<string, ServiceConfig>): void {
  for (const s of Object.values(services)) {
    for (const dep of implicitDependencies(s)) {
      s.depends_on[dep] ??= { condition: 'service_started', required: true } satisfies ServiceDependency;
    }
  }
}

/**
 * Fails on a required dependency that is not defined (`known` are all defined services, active or not) and on
 * cycles; returns warnings for optional (`required: false`) dependencies that are missing.
 */
export function checkDependencies(services: Record<string, ServiceConfig>, known: ReadonlySet<string> = new Set(Object.keys(services))): string[] {
  const warnings: string[] = [];
  for (const [name, s] of Object.entries(services)) {
    for (const [dep, d] of Object.entries(s.depends_on)) {
      if (known.has(dep)) continue;
      if (!d.required) {
        warnings.push(`service "${name}" depends on undefined service "${dep}" (required: false): ignored`);
        continue;
      }
      throw new ConfigError(`service "${name}" depends on undefined service "${dep}": invalid compose project`);
    }
  }
  const cycle = findCycle(services);
  if (cycle) throw new ConfigError(`dependency cycle detected: ${cycle.join(' -> ')}`);
  return warnings;
}

/** The first dependency cycle (in service-name order), as `[a, b, a]`, or undefined. */
export function findCycle(services: Record<string, ServiceConfig>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    const st = state.get(n);
    if (st === 'done') return undefined;
    if (st === 'visiting') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'visiting');
    stack.push(n);
    for (const dep of Object.keys(services[n]?.depends_on ?? {}).sort()) {
      if (!services[dep]) continue;
      const c = visit(dep);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of Object.keys(services).sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

/** Services in start order: every service after the ones it depends on; ties by name. Assumes no cycle. */
export function startOrder(services: Record<string, ServiceConfig>): string[] {
  const out: string[] = [];
  const placed = new Set<string>();
  const place = (n: string): void => {
    if (placed.has(n) || !services[n]) return;
    placed.add(n);
    for (const dep of Object.keys(services[n]!.depends_on).sort()) place(dep);
    out.push(n);
  };
  for (const n of Object.keys(services).sort()) place(n);
  return out;
}
