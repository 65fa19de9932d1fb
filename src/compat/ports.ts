/**
 * Docker's port display rules (pure): the daemon's port map (NetworkSettings.Ports) from what tsctl set up, its
 * summary rows for `ps` (moby container/view.go), docker/cli's DisplayablePorts (formatter/container.go, v28.2.2),
 * `docker port`'s lines (cli/command/container/port.go) and the natural sort order it uses (fvbommel/sortorder).
 */

/** One host binding as Docker's inspect prints it (nat.PortBinding). */
export interface DockerPortBinding {
  HostIp: string;
  HostPort: string;
}

/** NetworkSettings.Ports: `80/tcp` → bindings, `null` for a port that is exposed only. */
export type DockerPortMap = Record<string, DockerPortBinding[] | null>;

/** A published port as set up (net-state.json's PortBinding, structurally). */
export interface BoundPort {
  hostIP: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

/** api/types/container.Port: one row of `ps`'s port list (`ip` "" and `publicPort` 0 for an exposed-only port). */
export interface PortSummary {
  ip: string;
  privatePort: number;
  publicPort: number;
  type: string;
}

/**
 * Host address a binding shows: tsctl publishes IPv4 only, so a binding on all interfaces (`''`) is `0.0.0.0`
 * (Docker adds a second `::` binding for it; docs/compat.md).
 */
export const bindingHostIP = (hostIP: string): string => (hostIP === '' ? '0.0.0.0' : hostIP);

/** Go's net.JoinHostPort: brackets around a host containing a colon (IPv6). */
export function joinHostPort(host: string, port: string | number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The port map of a container with networking: every bound port with its bindings (in set-up order), every other
 * exposed port as `null`; keys sorted as Go's json.Marshal sorts map keys.
 */
export function dockerPortMap(bound: readonly BoundPort[], exposed: readonly string[]): DockerPortMap {
  const map: DockerPortMap = {};
  for (const b of bound) {
    (map[`${b.containerPort}/${b.protocol}`] ??= []).push({ HostIp: bindingHostIP(b.hostIP), HostPort: String(b.hostPort) });
  }
  for (const key of exposed) if (!(key in map)) map[key] = null;
  const out: DockerPortMap = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k] ?? null;
  return out;
}

/** moby's container snapshot: one summary per binding, one without host side per exposed-only port. */
export function portSummaries(map: DockerPortMap): PortSummary[] {
  const out: PortSummary[] = [];
  for (const [key, bindings] of Object.entries(map)) {
    const [port = '', type = 'tcp'] = key.split('/');
    const privatePort = Number(port);
    if (!Number.isInteger(privatePort)) continue;
    if (bindings === null || bindings.length === 0) {
      out.push({ ip: '', privatePort, publicPort: 0, type });
      continue;
    }
    for (const b of bindings) out.push({ ip: b.HostIp, privatePort, publicPort: Number(b.HostPort) || 0, type });
  }
  return out;
}

/** docker/cli's comparePorts (v28.2.2): private port, host IP (as strings), public port, protocol. */
function comparePorts(a: PortSummary, b: PortSummary): number {
  if (a.privatePort !== b.privatePort) return a.privatePort - b.privatePort;
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  if (a.publicPort !== b.publicPort) return a.publicPort - b.publicPort;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

function formGroup(key: string, start: number, last: number): string {
  const parts = key.split('/');
  let type = parts[0] ?? '';
  let ip = '';
  if (parts.length > 1) {
    ip = parts[0] ?? '';
    type = parts[1] ?? '';
  }
  let group = String(start);
  if (start !== last) group = `${group}-${last}`;
  if (ip !== '') group = `${joinHostPort(ip, group)}->${group}`;
  return `${group}/${type}`;
}

/**
 * docker/cli's DisplayablePorts: runs of consecutive ports that are exposed only, or published on the same port
 * number and address, collapse into ranges (`80-81/tcp`, `0.0.0.0:8000-8001->8000-8001/tcp`); ports published on
 * another number are listed one by one after them (`0.0.0.0:8080->80/tcp`).
 */
export function displayablePorts(ports: readonly PortSummary[]): string {
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const hostMappings: string[] = [];
  for (const p of [...ports].sort(comparePorts)) {
    const current = p.privatePort;
    let key = p.type;
    if (p.ip !== '') {
      if (p.publicPort !== current) {
        hostMappings.push(`${joinHostPort(p.ip, p.publicPort)}->${p.privatePort}/${p.type}`);
        continue;
      }
      key = `${p.ip}/${p.type}`;
    }
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { first: current, last: current });
      continue;
    }
    if (current === group.last + 1) {
      group.last = current;
      continue;
    }
    result.push(formGroup(key, group.first, group.last));
    // Go re-inserts the key: its place in the final walk stays where it was first created.
    group.first = current;
    group.last = current;
  }
  for (const [key, g] of groups) result.push(formGroup(key, g.first, g.last));
  return [...result, ...hostMappings].join(', ');
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** fvbommel/sortorder NaturalLess: digit runs compare as numbers, digits sort before other bytes. */
export function naturalLess(s1: string, s2: string): boolean {
  const a = Buffer.from(s1);
  const b = Buffer.from(s2);
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c1 = a[i] as number;
    const c2 = b[j] as number;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (i < a.length && a[i] === 48) i++;
    while (j < b.length && b[j] === 48) j++;
    const nz1 = i;
    const nz2 = j;
    while (i < a.length && isDigit(a[i] as number)) i++;
    while (j < b.length && isDigit(b[j] as number)) j++;
    const len1 = i - nz1;
    const len2 = j - nz2;
    if (len1 !== len2) return len1 < len2;
    const n1 = a.subarray(nz1, i).toString('latin1');
    const n2 = b.subarray(nz2, j).toString('latin1');
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return a.length < b.length;
}

export const naturalCompare = (x: string, y: string): number => (naturalLess(x, y) ? -1 : naturalLess(y, x) ? 1 : 0);

/**
 * `docker port`'s lines: without a port `80/tcp -> 0.0.0.0:8080` for every binding, with one (`80`, `80/udp`) its
 * bindings as `host:port`; natural order. Undefined when that port has no binding (the caller's error).
 */
export function portLines(map: DockerPortMap, port?: { port: string; proto: string }): string[] | undefined {
  const out: string[] = [];
  if (port !== undefined) {
    const bindings = map[`${port.port}/${port.proto}`];
    if (!bindings || bindings.length === 0) return undefined;
    for (const b of bindings) out.push(joinHostPort(b.HostIp, b.HostPort));
  } else {
    for (const [key, bindings] of Object.entries(map)) {
      for (const b of bindings ?? []) out.push(`${key} -> ${joinHostPort(b.HostIp, b.HostPort)}`);
    }
  }
  return out.sort(naturalCompare);
}

/** A published port as `run -p` asked for it (cli/opts/publish PortMapping, structurally). */
export interface RequestedPort {
  hostIP: string;
  /** 0 = a random host port. */
  hostPort: number;
  hostPortEnd: number;
  containerPort: number;
  protocol: string;
}

/** Docker's HostConfig.PortBindings: `{"80/tcp": [{HostIp: "", HostPort: "8080"}]}` (`""` random, `8000-8010` range). */
export function dockerPortBindings(mappings: readonly RequestedPort[]): Record<string, DockerPortBinding[]> {
  const out: Record<string, DockerPortBinding[]> = {};
  for (const m of mappings) {
    const hostPort = m.hostPort === 0 ? '' : m.hostPortEnd !== m.hostPort ? `${m.hostPort}-${m.hostPortEnd}` : String(m.hostPort);
    (out[`${m.containerPort}/${m.protocol}`] ??= []).push({ HostIp: m.hostIP, HostPort: hostPort });
  }
  return out;
}
