/**
 * Host ports for `-p`/`-P`, chosen when a container's network is set up (under the CNI lock): fixed ports must
 * be free of other tsctl containers' bindings and of host sockets; a random port (hostPort 0) or a host range
 * (`8000-8010:80`) takes the first free one, as dockerd's port allocator does (random ports from the kernel's
 * ephemeral range).
 */
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import type { PortMapping, Protocol } from '../cli/opts/publish';
import type { PortBinding } from './types';

export class PortAllocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortAllocationError';
  }
}

const ANY = ['', '0.0.0.0', '::'];
/** Two host IPs clash when equal or when one of them means every interface. */
const ipsClash = (a: string, b: string): boolean => a === b || ANY.includes(a) || ANY.includes(b);

/** Whether a host socket can be bound to ip:port now (false: something on the host holds it). */
export type PortProbe = (ip: string, port: number, protocol: Protocol) => Promise<boolean>;

export const probeHostPort: PortProbe = (ip, port, protocol) =>
  new Promise((resolve) => {
    const host = ip === '' ? '0.0.0.0' : ip;
    if (protocol === 'udp') {
      const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      s.once('error', () => resolve(false));
      s.bind({ port, address: host, exclusive: true }, () => s.close(() => resolve(true)));
      return;
    }
    if (protocol === 'sctp') return resolve(true); // Node cannot open SCTP sockets; only tsctl's own bindings count.
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });

/** The kernel's ephemeral port range (dockerd allocates random host ports there). */
export async function ephemeralRange(): Promise<[number, number]> {
  const text = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768\t60999');
  const [a, b] = text.trim().split(/\s+/).map(Number);
  return a && b && a <= b ? [a, b] : [32768, 60999];
}

const show = (ip: string, port: number): string => `${ip === '' ? '0.0.0.0' : ip.includes(':') ? `[${ip}]` : ip}:${port}`;

/**
 * Resolves every mapping to a concrete host port. `used` are the bindings of tsctl's other running containers.
 * Errors carry Docker's wording: `Bind for 0.0.0.0:8080 failed: port is already allocated` (another container) and
 * `failed to bind host port for 0.0.0.0:8080: address already in use` (a host process).
 */
export async function allocatePorts(mappings: readonly PortMapping[], used: readonly PortBinding[], probe: PortProbe = probeHostPort, range?: [number, number]): Promise<PortBinding[]> {
  const taken = [...used];
  const out: PortBinding[] = [];
  const clash = (ip: string, port: number, protocol: Protocol) => taken.some((u) => u.hostPort === port && u.protocol === protocol && ipsClash(u.hostIP, ip));
  for (const m of mappings) {
    let port: number | undefined;
    if (m.hostPort !== 0 && m.hostPortEnd === m.hostPort) {
      if (clash(m.hostIP, m.hostPort, m.protocol)) throw new PortAllocationError(`Bind for ${show(m.hostIP, m.hostPort)} failed: port is already allocated`);
      if (!(await probe(m.hostIP, m.hostPort, m.protocol))) throw new PortAllocationError(`failed to bind host port for ${show(m.hostIP, m.hostPort)}: address already in use`);
      port = m.hostPort;
    } else {
      const [lo, hi] = m.hostPort === 0 ? (range ?? (await ephemeralRange())) : [m.hostPort, m.hostPortEnd];
      const span = hi - lo + 1;
      // Random ports start at a random offset (dockerd continues from its last allocation); ranges from the start.
      const offset = m.hostPort === 0 ? Math.floor(Math.random() * span) : 0;
      for (let i = 0; i < span && port === undefined; i++) {
        const p = lo + ((offset + i) % span);
        if (!clash(m.hostIP, p, m.protocol) && (await probe(m.hostIP, p, m.protocol))) port = p;
      }
      if (port === undefined) {
        throw new PortAllocationError(m.hostPort === 0 ? 'all ports are allocated' : `Bind for ${show(m.hostIP, m.hostPort)}-${m.hostPortEnd} failed: port is already allocated`);
      }
    }
    const b: PortBinding = { hostIP: m.hostIP, hostPort: port, containerPort: m.containerPort, protocol: m.protocol };
    taken.push(b);
    out.push(b);
  }
  return out;
}

/** The CNI `portMappings` capability argument (portmap plugin). */
export function cniPortMappings(bindings: readonly PortBinding[]): { hostPort: number; containerPort: number; protocol: string; hostIP?: string }[] {
  return bindings.map((b) => ({ hostPort: b.hostPort, containerPort: b.containerPort, protocol: b.protocol, ...(b.hostIP && !ANY.includes(b.hostIP) ? { hostIP: b.hostIP } : {}) }));
}
