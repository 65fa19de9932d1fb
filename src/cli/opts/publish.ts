/**
 * `-p/--publish`, `--expose` and `-P/--publish-all`: docker/cli's convertToStandardNotation (long syntax),
 * go-connections' nat.ParsePortSpec (`[ip:][hostPort:]containerPort[/proto]`, ranges, `[::1]`), dockerd's
 * validatePortBindings, moby's ParsePortRange for `--expose`, and dockerd's -P rule (every exposed port without a
 * binding gets a random host port).
 */
import { isIP } from 'node:net';
import { InvalidOptionError } from '../../errors/index';
import { cut, daemonError, goQuote } from './common';

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One published port, as libnetwork's PortBinding. */
export interface PortMapping {
  /** `''` for all interfaces (IPv4 and IPv6); IPv6 without brackets. */
  hostIP: string;
  /** 0 = a random host port. */
  hostPort: number;
  /** Equals hostPort, except for one container port with a host range (`8000-8010:80`): pick one of the range. */
  hostPortEnd: number;
  containerPort: number;
  protocol: Protocol;
}

/** go-connections' parsePortNumber (base 10, sign allowed, 0-65535); undefined if invalid. */
function portNumber(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 0 && n <= 65535 ? n : undefined;
}

/** go-connections' parsePortRange: `80`, `8000-8010` → [start, end]; undefined if invalid. */
function portRange(s: string): [number, number] | undefined {
  if (s === '') return undefined;
  const [start, end, ok] = cut(s, '-');
  const a = portNumber(start);
  if (a === undefined) return undefined;
  if (!ok || start === end) return [a, a];
  const b = portNumber(end);
  return b === undefined || b < a ? undefined : [a, b];
}

/** Go's net.SplitHostPort(ip + ":") for a bracketed host part, with its error text. */
function unbracket(ip: string): string {
  const hostport = ip + ':';
  const close = hostport.indexOf(']');
  let why: string | undefined;
  if (close < 0) why = "missing ']' in address";
  else if (close + 1 !== hostport.length - 1) why = hostport[close + 1] === ':' ? 'too many colons in address' : 'missing port in address';
  else if (hostport.slice(1).includes('[')) why = "unexpected '[' in address";
  else if (hostport.slice(close + 1).includes(']')) why = "unexpected ']' in address";
  if (why !== undefined) throw new InvalidOptionError(`invalid IP address ${ip}: address ${hostport}: ${why}`);
  return hostport.slice(1, close);
}

/**
 * nat.ParsePortSpec for one short-syntax value: `80` (random host port), `8080:80`, `127.0.0.1:8080:80`,
 * `127.0.0.1::80`, `8080:80/udp`, `[::1]:8080:80`, `8000-8010:80-90`, `8000-8010:80`. Errors:
 * `no port specified: :<empty>`, `invalid proto: x`, `invalid IP address: x`, `invalid containerPort: x`,
 * `invalid hostPort: x`, `invalid ranges specified for container and host Ports: 80-90 and 8000-8001`.
 */
export function parsePortSpec(raw: string): PortMapping[] {
  const parts = raw.split(':');
  const n = parts.length;
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const hostPort = n >= 2 ? (parts[n - 2] ?? '') : '';
  const [containerPort, protoText] = cut(parts[n - 1] ?? '', '/');
  if (containerPort === '') throw new InvalidOptionError(`no port specified: ${raw}<empty>`);
  const proto = (protoText === '' ? 'tcp' : protoText).toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') throw new InvalidOptionError(`invalid proto: ${proto}`);
  if (ip.startsWith('[')) ip = unbracket(ip);
  if (ip !== '' && (isIP(ip) === 0 || ip.includes('%'))) throw new InvalidOptionError(`invalid IP address: ${ip}`);
  const cr = portRange(containerPort);
  if (!cr) throw new InvalidOptionError(`invalid containerPort: ${containerPort}`);
  const [start, end] = cr;
  let hr: [number, number] = [0, 0];
  if (hostPort !== '') {
    const parsed = portRange(hostPort);
    if (!parsed) throw new InvalidOptionError(`invalid hostPort: ${hostPort}`);
    hr = parsed;
    if (end - start !== hr[1] - hr[0] && end !== start) {
      throw new InvalidOptionError(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
    }
  }
  const count = end - start + 1;
  return Array.from({ length: count }, (_, i): PortMapping => {
    const hp = hostPort === '' ? 0 : hr[0] + i;
    const hpEnd = hostPort !== '' && count === 1 ? hr[1] : hp;
    return { hostIP: ip, hostPort: hp, hostPortEnd: hpEnd, containerPort: start + i, protocol: proto };
  });
}

/**
 * docker/cli's convertToStandardNotation: `target=80,published=8080,protocol=udp` → `8080:80/udp` (other keys
 * ignored); short syntax unchanged. Error: `invalid publish opts format (should be name=value but got 'x')`.
 */
export function toStandardNotation(value: string): string {
  if (!value.includes('=')) return value;
  const params: Record<string, string> = { protocol: 'tcp' };
  for (const param of value.split(',')) {
    const [k, v, ok] = cut(param, '=');
    if (!ok || k === '') throw new InvalidOptionError(`invalid publish opts format (should be name=value but got '${param}')`);
    params[k] = v;
  }
  return `${params['published'] ?? ''}:${params['target'] ?? ''}/${params['protocol'] ?? ''}`;
}

/** Every `-p` value, in order, with dockerd's `invalid port specification: "0/tcp"` for container port 0. */
export function parsePublish(values: readonly string[]): PortMapping[] {
  const out = values.flatMap((v) => parsePortSpec(toStandardNotation(v)));
  const zero = out.find((m) => m.containerPort === 0);
  if (zero) throw daemonError(`invalid port specification: ${goQuote(`0/${zero.protocol}`)}`);
  return out;
}

/** `80/tcp` as Docker keys ExposedPorts and PortBindings. */
export function portKey(port: number, protocol: string): string {
  return `${port}/${protocol}`;
}

/**
 * `--expose 80`, `--expose 8000-8010/udp` → the port keys (`80/tcp`, …), by moby's ParsePortRange (the protocol is
 * lower-cased, not checked). Error: `invalid range format for --expose: invalid start port 'x': invalid syntax`.
 */
export function parseExpose(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const fail = (why: string) => new InvalidOptionError(`invalid range format for --expose: ${why}`);
    if (v === '') throw fail('invalid port range: value is empty');
    const [range, proto] = cut(v, '/');
    const [start, end, ok] = cut(range, '-');
    const num = (s: string, which: string): number => {
      const why = s === '' ? 'value is empty' : !/^[0-9]+$/.test(s) ? 'invalid syntax' : Number(s) > 65535 ? 'value out of range' : undefined;
      if (why !== undefined) throw fail(`invalid ${which} port '${s}': ${why}`);
      return Number(s);
    };
    const a = num(start, 'start');
    const b = !ok || start === end ? a : num(end, 'end');
    if (b < a) throw fail(`invalid port range: ${v}`);
    for (let p = a; p <= b; p++) out.push(portKey(p, (proto === '' ? 'tcp' : proto).toLowerCase()));
  }
  return out;
}

/** `-P`: one random-port mapping (all interfaces) for every exposed `port/proto` key that has no mapping yet. */
export function publishAll(exposed: Iterable<string>, mappings: readonly PortMapping[]): PortMapping[] {
  const bound = new Set(mappings.map((m) => portKey(m.containerPort, m.protocol)));
  const out = [...mappings];
  for (const key of new Set(exposed)) {
    const [portText, protoText] = cut(key, '/');
    const port = portNumber(portText);
    const protocol = (protoText === '' ? 'tcp' : protoText).toLowerCase();
    if (port === undefined || bound.has(portKey(port, protocol))) continue;
    if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') continue;
    out.push({ hostIP: '', hostPort: 0, hostPortEnd: 0, containerPort: port, protocol });
  }
  return out;
}

/** Docker's HostConfig.PortBindings (the rule lives in compat/ports.ts, which inspect shares). */
export { dockerPortBindings as toPortBindings } from '../../compat/ports';
