/**
 * Namespace use cases: list with usage counts, create, update labels, inspect and remove. Removal of a
 * namespace that still holds something fails with containerd's own reason.
 */
import type { NamespaceRecord, NamespacesPort, NamespaceUsagePort } from '../../containerd/ports';
import { InvalidArgumentError, NotFoundError, TsctlError, toTsctlError } from '../../errors/index';

export interface NamespaceRow {
  Name: string;
  Containers: number;
  Images: number;
  Volumes: number;
  Labels: string;
}

export interface NamespaceListDeps {
  namespaces: NamespacesPort;
  usage: NamespaceUsagePort;
  countVolumes: (namespace: string) => Promise<number>;
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k] ?? ''}`).join(',');
}

export async function listNamespaces(deps: NamespaceListDeps, withCounts: boolean): Promise<NamespaceRow[]> {
  const all = (await deps.namespaces.list()).sort((a, b) => a.name.localeCompare(b.name));
  return Promise.all(
    all.map(async (ns) => {
      const [Containers, Images, Volumes] = withCounts
        ? await Promise.all([deps.usage.countContainers(ns.name), deps.usage.countImages(ns.name), deps.countVolumes(ns.name)])
        : [0, 0, 0];
      return { Name: ns.name, Containers, Images, Volumes, Labels: formatLabels(ns.labels) };
    }),
  );
}

/** Parses repeated `--label k=v` (a bare `k` means an empty value, as Docker does). */
export function parseLabels(items: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    if (key === '') throw new InvalidArgumentError(`invalid label "${item}": empty key`);
    out[key] = eq < 0 ? '' : item.slice(eq + 1);
  }
  return out;
}

export function createNamespace(ns: NamespacesPort, name: string, labels: Record<string, string>): Promise<NamespaceRecord> {
  return ns.create(name, labels);
}

export async function updateNamespaceLabels(ns: NamespacesPort, name: string, labels: Record<string, string>): Promise<NamespaceRecord> {
  await getNamespace(ns, name);
  return ns.setLabels(name, labels);
}

/**
 * NOTE: containerd's Namespaces.Get answers for any name, existing or not (1.6.20 returns empty labels), so
 * existence is decided from List.
 */
async function getNamespace(ns: NamespacesPort, name: string): Promise<NamespaceRecord> {
  const found = (await ns.list()).find((n) => n.name === name);
  if (!found) throw new NotFoundError(`namespace "${name}" not found`, 'NAMESPACE_NOT_FOUND');
  return found;
}

export interface InspectResult {
  found: { Name: string; Labels: Record<string, string> }[];
  errors: TsctlError[];
}

export async function inspectNamespaces(ns: NamespacesPort, names: string[]): Promise<InspectResult> {
  const result: InspectResult = { found: [], errors: [] };
  for (const name of names) {
    try {
      const rec = await getNamespace(ns, name);
      result.found.push({ Name: rec.name, Labels: rec.labels });
    } catch (e) {
      result.errors.push(toTsctlError(e));
    }
  }
  return result;
}

/** Removes each namespace; `onRemoved` is told of each success; failures are collected and returned. */
export async function removeNamespaces(ns: NamespacesPort, names: string[], onRemoved: (name: string) => void): Promise<TsctlError[]> {
  const errors: TsctlError[] = [];
  for (const name of names) {
    try {
      await getNamespace(ns, name);
      await ns.delete(name);
      onRemoved(name);
    } catch (e) {
      errors.push(toTsctlError(e));
    }
  }
  return errors;
}
