/**
 * tsctl's on-disk layout under the data root (docs/dir.md): state is kept per containerd address, so two
 * containerd instances never share names, networks or volumes: <data-root>/<8 hex of sha256(address)>/...
 */
import { createHash } from 'node:crypto';

export function addressHash(address: string): string {
  return createHash('sha256').update(address).digest('hex').slice(0, 8);
}

export interface StatePaths {
  /** <data-root>/<addrhash> */
  root: string;
  /** Volumes of a namespace: <root>/volumes/<namespace> */
  volumes(namespace: string): string;
  /** Per-container state: <root>/containers/<namespace>/<id> */
  container(namespace: string, id: string): string;
  /** Name reservations: <root>/names/<namespace> */
  names(namespace: string): string;
  /** Lock files: <root>/locks */
  locks: string;
}

export function statePaths(dataRoot: string, address: string): StatePaths {
  const root = `${dataRoot.replace(/\/+$/, '')}/${addressHash(address)}`;
  return {
    root,
    volumes: (ns) => `${root}/volumes/${ns}`,
    container: (ns, id) => `${root}/containers/${ns}/${id}`,
    names: (ns) => `${root}/names/${ns}`,
    locks: `${root}/locks`,
  };
}
