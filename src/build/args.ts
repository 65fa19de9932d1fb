/**
 * buildctl's argument list for a Dockerfile build, from parsed `build` options. Pure: no file system, no env
 * (build args given as KEY alone are resolved by `resolveBuildArgs` with the env passed in). The mapping of
 * Docker's flags to BuildKit's dockerfile.v0 frontend options follows what buildx/nerdctl send:
 *   --target → --opt target=, --build-arg K=V → --opt build-arg:K=V, --label → --opt label:K=V,
 *   --platform a,b → --opt platform=a,b, --pull → --opt image-resolve-mode=pull,
 *   --network host|none → --opt force-network-mode=… (host also needs the network.host entitlement),
 *   --add-host h:ip → --opt add-hosts=h=ip,…, --cache-from/--cache-to → --import-cache/--export-cache
 *   (a bare reference means type=registry,ref=…), -o DIR → type=local,dest=DIR, -o - → type=tar,dest=-.
 */
import { InvalidArgumentError } from '../errors/index';

export interface BuildctlBuildOptions {
  /** buildkitd address (unix://…, tcp://…). */
  addr: string;
  contextDir: string;
  /** Directory holding the Dockerfile (the `dockerfile` local). */
  dockerfileDir: string;
  /** File name of the Dockerfile inside dockerfileDir. */
  dockerfileName: string;
  target?: string | undefined;
  /** Resolved KEY=VALUE pairs. */
  buildArgs?: string[];
  /** KEY=VALUE pairs. */
  labels?: string[];
  platforms?: string[];
  noCache?: boolean;
  pull?: boolean;
  secrets?: string[];
  ssh?: string[];
  cacheFrom?: string[];
  cacheTo?: string[];
  /** buildctl --output values (already normalised by `normalizeOutput`). */
  outputs?: string[];
  network?: string | undefined;
  addHosts?: string[];
  /** The IP `host-gateway` in --add-host stands for. */
  hostGateway?: string;
  progress?: string | undefined;
  metadataFile?: string | undefined;
}

/** Docker's `--build-arg KEY` takes KEY's value from the environment, and is dropped when KEY is unset. */
export function resolveBuildArgs(args: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (a.includes('=')) {
      out.push(a);
      continue;
    }
    const v = env[a];
    if (v !== undefined) out.push(`${a}=${v}`);
  }
  return out;
}

/** Splits a comma-separated list, dropping empty items (`--platform linux/amd64,linux/arm64`). */
export function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** Docker's `-o`: `type=…,…` as is; `-` is a tar on stdout; any other value is a local directory. */
export function normalizeOutput(value: string): string {
  if (value === '-') return 'type=tar,dest=-';
  if (!value.includes('=')) return `type=local,dest=${value}`;
  return value;
}

/** The `type=` of an export/cache spec (undefined when it has none). */
export function specType(spec: string): string | undefined {
  for (const field of spec.split(',')) {
    const [k, v] = splitKV(field);
    if (k === 'type') return v;
  }
  return undefined;
}

/** A field of a `k=v,k=v` spec. */
export function specField(spec: string, key: string): string | undefined {
  for (const field of spec.split(',')) {
    const [k, v] = splitKV(field);
    if (k === key) return v;
  }
  return undefined;
}

function splitKV(field: string): [string, string | undefined] {
  const i = field.indexOf('=');
  return i < 0 ? [field.trim(), undefined] : [field.slice(0, i).trim(), field.slice(i + 1)];
}

/**
 * Outputs that mean "into the image store" in Docker (`--output type=docker` without a dest, buildx's `--load`):
 * none left, so tsctl's own store path is taken. Anything else goes to buildctl as given.
 */
export function userOutputs(values: readonly string[]): string[] {
  const outs = values.map(normalizeOutput);
  if (outs.length === 1 && specType(outs[0] ?? '') === 'docker' && specField(outs[0] ?? '', 'dest') === undefined) return [];
  return outs;
}

/** `--cache-from ref` is `type=registry,ref=ref` (Docker's shorthand). */
export function normalizeCache(value: string): string {
  return value.includes('=') ? value : `type=registry,ref=${value}`;
}

/**
 * Docker's `--add-host host:ip` → BuildKit's `host=ip` (split at the first ':' so IPv6 addresses survive);
 * `host-gateway` becomes `gateway` (the default bridge's gateway, Docker's host-gateway IP).
 */
export function addHostEntry(value: string, gateway?: string): string {
  const sep = value.includes('=') ? value.indexOf('=') : value.indexOf(':');
  if (sep <= 0 || sep === value.length - 1) throw new InvalidArgumentError(`invalid argument "${value}" for "--add-host" flag: bad format for add-host: "${value}"`);
  const host = value.slice(0, sep);
  let ip = value.slice(sep + 1);
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip === 'host-gateway') {
    if (!gateway) throw new InvalidArgumentError(`invalid argument "${value}" for "--add-host" flag: unable to derive the IP value for host-gateway`);
    ip = gateway;
  }
  return `${host}=${ip}`;
}

const NETWORK_MODES = new Set(['default', 'host', 'none']);

/** Checks the options that buildctl would otherwise reject with a less helpful message. */
export function validateBuildOptions(o: BuildctlBuildOptions): void {
  if (o.network !== undefined && o.network !== '' && !NETWORK_MODES.has(o.network)) {
    throw new InvalidArgumentError(`network mode "${o.network}" not supported by buildkit`);
  }
  if (o.progress !== undefined && o.progress !== '' && !['auto', 'plain', 'tty', 'quiet', 'rawjson'].includes(o.progress)) {
    throw new InvalidArgumentError(`invalid progress mode "${o.progress}": use auto, plain or tty`);
  }
  for (const l of o.labels ?? []) {
    if (l.startsWith('=')) throw new InvalidArgumentError(`invalid label "${l}": empty key`);
  }
}

/** The argv of `buildctl` (without the program name). */
export function buildctlBuildArgs(o: BuildctlBuildOptions): string[] {
  validateBuildOptions(o);
  const argv = ['--addr', o.addr, 'build', '--frontend', 'dockerfile.v0'];
  argv.push('--local', `context=${o.contextDir}`, '--local', `dockerfile=${o.dockerfileDir}`);
  argv.push('--opt', `filename=${o.dockerfileName}`);
  if (o.target !== undefined && o.target !== '') argv.push('--opt', `target=${o.target}`);
  for (const a of o.buildArgs ?? []) argv.push('--opt', `build-arg:${a}`);
  for (const l of o.labels ?? []) argv.push('--opt', `label:${l.includes('=') ? l : `${l}=`}`);
  const platforms = splitList(o.platforms ?? []);
  if (platforms.length > 0) argv.push('--opt', `platform=${platforms.join(',')}`);
  if (o.pull === true) argv.push('--opt', 'image-resolve-mode=pull');
  if (o.network === 'host' || o.network === 'none') {
    argv.push('--opt', `force-network-mode=${o.network}`);
    if (o.network === 'host') argv.push('--allow', 'network.host');
  }
  const hosts = (o.addHosts ?? []).map((h) => addHostEntry(h, o.hostGateway));
  if (hosts.length > 0) argv.push('--opt', `add-hosts=${hosts.join(',')}`);
  if (o.noCache === true) argv.push('--no-cache');
  for (const s of o.secrets ?? []) argv.push('--secret', s);
  for (const s of o.ssh ?? []) argv.push('--ssh', s);
  for (const c of o.cacheFrom ?? []) argv.push('--import-cache', normalizeCache(c));
  for (const c of o.cacheTo ?? []) argv.push('--export-cache', normalizeCache(c));
  for (const out of o.outputs ?? []) argv.push('--output', out);
  if (o.progress !== undefined && o.progress !== '') argv.push('--progress', o.progress);
  if (o.metadataFile !== undefined) argv.push('--metadata-file', o.metadataFile);
  return argv;
}

/**
 * The output that puts the image into tsctl's store. `direct`: buildkitd's containerd worker shares tsctl's
 * containerd and namespace, so the image exporter writes the record and unpacks it. Otherwise a Docker archive
 * (an OCI layout for several platforms: a Docker archive holds one) on buildctl's stdout, for tsctl's load path.
 */
export function storeOutput(direct: boolean, name: string | undefined, multiPlatform: boolean): string {
  if (direct) return name === undefined ? 'type=image,unpack=true' : `type=image,name=${name},unpack=true`;
  const type = multiPlatform ? 'oci' : 'docker';
  return name === undefined ? `type=${type},dest=-` : `type=${type},name=${name},dest=-`;
}

/** Worker labels as `buildctl debug workers --format '{{json .Labels}}'` prints them, one JSON object a line. */
export interface WorkerMatch {
  namespace: string;
  /** containerd's server UUID, when known. */
  containerdUUID: string | undefined;
}

/**
 * Whether one of the workers is a containerd worker in `want.namespace` on the same containerd (by the
 * containerd UUID label when the worker reports one).
 */
export function workerSharesStore(workers: ReadonlyArray<Record<string, string>>, want: WorkerMatch): boolean {
  return workers.some((labels) => {
    if (labels['org.mobyproject.buildkit.worker.executor'] !== 'containerd') return false;
    if (labels['org.mobyproject.buildkit.worker.containerd.namespace'] !== want.namespace) return false;
    const uuid = labels['org.mobyproject.buildkit.worker.containerd.uuid'];
    if (uuid === undefined || want.containerdUUID === undefined) return false;
    return uuid === want.containerdUUID;
  });
}

/** `buildctl prune` argv for `builder prune [-a] [--keep-storage N]`. */
export function buildctlPruneArgs(addr: string, o: { all?: boolean; keepStorageMB?: number | undefined }): string[] {
  const argv = ['--addr', addr, 'prune'];
  if (o.all === true) argv.push('--all');
  if (o.keepStorageMB !== undefined && o.keepStorageMB > 0) argv.push('--keep-storage', String(o.keepStorageMB));
  argv.push('--format', '{{json .}}');
  return argv;
}

/** Docker's byte sizes (`--keep-storage 10GB`, `512mb`, `1024`) in bytes. */
export function parseBytes(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?i?b?)?\s*$/i.exec(value);
  if (!m) throw new InvalidArgumentError(`invalid size: '${value}'`);
  const unit = (m[2] ?? '').toLowerCase().replace(/i?b$/, '');
  const pow = { '': 0, k: 1, m: 2, g: 3, t: 4, p: 5 }[unit];
  if (pow === undefined) throw new InvalidArgumentError(`invalid size: '${value}'`);
  return Math.round(Number(m[1]) * 1024 ** pow);
}
