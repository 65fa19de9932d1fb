/**
 * `-v/--volume` and `--mount` as Docker parses them: first docker/cli (loader.ParseVolume for -v, opts.MountOpt
 * for --mount; CLI errors, exit 125), then dockerd's linux mount parser and validator (volume/mounts/linux_parser.go;
 * errors behind `Error response from daemon: `). The result is one shape for every user mount.
 */
import { posix } from 'node:path';
import { InvalidOptionError } from '../../errors/index';
import { daemonError, flagError } from './common';
import { parseBytes } from './bytes';
import { volumeNameProblem } from '../../services/volumes/names';
import type { UserMount } from '../../services/volumes/mounts';

/** One user mount (Docker's mount.Mount plus the -v mode); the shape the volume services take. */
export type MountRequest = UserMount;
export type MountType = UserMount['type'];

const RW_MODES = new Set(['ro', 'rw']);
const LABEL_MODES = new Set(['z', 'Z']);
const PROPAGATION_MODES = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const COPY_MODES = new Set(['nocopy']);
const CONSISTENCY_MODES = new Set(['consistent', 'cached', 'delegated']);

/** linuxValidMountMode: at most one of each kind, nothing unknown. */
export function validMountMode(mode: string): boolean {
  if (mode === '') return true;
  const counts = [0, 0, 0, 0, 0];
  for (const o of mode.split(',')) {
    const kind = [RW_MODES, LABEL_MODES, PROPAGATION_MODES, COPY_MODES, CONSISTENCY_MODES].findIndex((s) => s.has(o));
    if (kind < 0) return false;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts.every((c) => c <= 1);
}

const modeParts = (mode: string): string[] => (mode === '' ? [] : mode.split(','));


/** docker/cli loader.ParseVolume's checks (CLI side): the colon-separated sections. */
function cliSplit(spec: string): string[] {
  if (spec === '') throw new InvalidOptionError('invalid empty volume spec');
  if (spec.length <= 2) return [spec];
  const parts = spec.split(':');
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '') throw new InvalidOptionError(`invalid spec: ${spec}: empty section between colons`);
    if (i >= 3) throw new InvalidOptionError(`invalid spec: ${spec}: too many colons`);
  }
  return parts;
}

function mountConfigError(type: string, cause: string): string {
  return `invalid mount config for type "${type}": ${cause}`;
}

/** filepath.Clean for an absolute container path. */
function cleanTarget(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

function checkTarget(type: string, target: string): string | undefined {
  if (target === '') return mountConfigError(type, 'field Target must not be empty');
  if (!target.startsWith('/')) return mountConfigError(type, `invalid mount path: '${target}' mount path must be absolute`);
  if (posix.normalize(target) === '/') return 'invalid specification: destination can\'t be \'/\'';
  return undefined;
}

/**
 * `-v SPEC`. `cwd` resolves docker/cli's `./rel` and `../rel` host paths. Anonymous `-v /path` has source ''.
 */
export function parseVolumeFlag(spec: string, cwd: string): MountRequest {
  const parts = cliSplit(spec);
  let [source, target, mode] = parts.length === 1 ? ['', parts[0] ?? '', ''] : [parts[0] ?? '', parts[1] ?? '', parts[2] ?? ''];
  if (source !== '' && !source.startsWith('/') && source.startsWith('.')) source = posix.resolve(cwd, source);
  // dockerd: `/dst:ro` is a destination with a mode, which a volume cannot have.
  if (parts.length === 2 && validMountMode(parts[1] ?? '')) throw daemonError(`invalid volume specification: '${spec}'`);
  if (!validMountMode(mode)) throw daemonError(`invalid mode: ${mode}`);
  const type: MountType = source.startsWith('/') ? 'bind' : 'volume';
  const opts = modeParts(mode);
  const bad = checkTarget(type, target);
  if (bad !== undefined) throw daemonError(`invalid volume specification: '${spec}': ${bad}`);
  const problem = type === 'volume' && source !== '' ? volumeNameProblem(source) : undefined;
  if (problem !== undefined) throw daemonError(`create ${source}: ${problem}`);
  const propagation = opts.find((o) => PROPAGATION_MODES.has(o));
  if (propagation !== undefined && type !== 'bind') throw daemonError(`invalid volume specification: '${spec}': ${mountConfigError(type, 'field BindOptions must not be specified')}`);
  return {
    type,
    source,
    target: cleanTarget(target),
    readOnly: opts.includes('ro'),
    mode,
    ...(type === 'bind' ? { propagation: propagation ?? 'rprivate' } : {}),
    ...(opts.includes('nocopy') ? { noCopy: true } : {}),
    origin: '-v',
  };
}

/** Go's strconv.ParseBool. */
function parseGoBool(key: string, value: string | undefined): boolean {
  if (value === undefined) return true;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw new Error(`invalid value for '${key}': strconv.ParseBool: parsing "${value}": invalid syntax`);
}

/** Go's encoding/csv reading one record (quotes allowed, `""` inside quotes). */
function csvFields(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) throw new Error(`parse error on line 1, column ${value.length + 1}: extraneous or missing " in quoted-field`);
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += value[i++];
      }
      if (i < value.length && value[i] !== ',') throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
    } else {
      while (i < value.length && value[i] !== ',') {
        if (value[i] === '"') throw new Error(`parse error on line 1, column ${i + 1}: bare " in non-quoted-field`);
        field += value[i++];
      }
    }
    out.push(field);
    if (i >= value.length) return out;
    i++; // the comma
  }
}

function setOnMap(map: Record<string, string> | undefined, kv: string): Record<string, string> {
  const eq = kv.indexOf('=');
  return { ...map, [eq < 0 ? kv : kv.slice(0, eq)]: eq < 0 ? '' : kv.slice(eq + 1) };
}

/** docker/cli's MountOpt.Set: the CLI-side reading of one `--mount` value (errors are bare causes). */
function mountOptSet(raw: string, cwd: string): MountRequest & { typeRaw: string; bindOpts: boolean; volumeOpts: boolean; tmpfsOpts: boolean } {
  const value = raw.trim();
  if (value === '') throw new Error('value is empty');
  const m: MountRequest & { typeRaw: string; bindOpts: boolean; volumeOpts: boolean; tmpfsOpts: boolean } = {
    type: 'volume', typeRaw: 'volume', source: '', target: '', readOnly: false, mode: '', origin: '--mount', bindOpts: false, volumeOpts: false, tmpfsOpts: false,
  };
  for (const field of csvFields(value)) {
    const eq = field.indexOf('=');
    const hasValue = eq >= 0;
    let key = hasValue ? field.slice(0, eq) : field;
    const val = hasValue ? field.slice(eq + 1) : undefined;
    if (key.trim() !== key) throw new Error(`invalid option '${key.trim()}' in '${field}': option should not have whitespace`);
    if (val !== undefined && val.trim() !== val) throw new Error(`invalid value for '${key}': value should not have whitespace`);
    key = key.toLowerCase();
    if (!hasValue && !['readonly', 'ro', 'volume-nocopy', 'bind-nonrecursive'].includes(key)) throw new Error(`invalid field '${field}' must be a key=value pair`);
    const v = val ?? '';
    switch (key) {
      case 'type':
        m.typeRaw = v.toLowerCase();
        break;
      case 'source':
      case 'src':
        m.source = !v.startsWith('/') && v.startsWith('.') ? posix.resolve(cwd, v) : v;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        m.target = v;
        break;
      case 'readonly':
      case 'ro':
        m.readOnly = parseGoBool(key, val);
        break;
      case 'consistency':
        break;
      case 'bind-propagation':
        m.bindOpts = true;
        m.propagation = v.toLowerCase();
        break;
      case 'bind-nonrecursive':
        m.bindOpts = true;
        parseGoBool(key, val);
        break;
      case 'volume-nocopy':
        m.volumeOpts = true;
        m.noCopy = parseGoBool(key, val);
        break;
      case 'volume-label':
        m.volumeOpts = true;
        m.volumeLabels = setOnMap(m.volumeLabels, v);
        break;
      case 'volume-driver':
        m.volumeOpts = true;
        m.volumeDriver = v;
        break;
      case 'volume-opt':
        m.volumeOpts = true;
        m.volumeOptions = setOnMap(m.volumeOptions, v);
        break;
      case 'tmpfs-size':
        m.tmpfsOpts = true;
        try {
          m.tmpfsSize = parseBytes(v);
        } catch {
          throw new Error(`invalid value for ${key}: ${v}`);
        }
        break;
      case 'tmpfs-mode': {
        if (!/^[0-7]+$/.test(v) || parseInt(v, 8) > 0xffffffff) throw new Error(`invalid value for ${key}: ${v}`);
        m.tmpfsOpts = true;
        m.tmpfsMode = parseInt(v, 8);
        break;
      }
      default:
        throw new Error(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (m.typeRaw === '') throw new Error('type is required');
  if (m.target === '') throw new Error('target is required');
  if (m.volumeOpts && m.typeRaw !== 'volume') throw new Error(`cannot mix 'volume-*' options with mount type '${m.typeRaw}'`);
  if (m.bindOpts && m.typeRaw !== 'bind') throw new Error(`cannot mix 'bind-*' options with mount type '${m.typeRaw}'`);
  if (m.tmpfsOpts && m.typeRaw !== 'tmpfs') throw new Error(`cannot mix 'tmpfs-*' options with mount type '${m.typeRaw}'`);
  return m;
}

/** `--mount VALUE`: docker/cli's parsing, then dockerd's validation of the mount. */
export function parseMountFlag(raw: string, cwd: string): MountRequest {
  let m: ReturnType<typeof mountOptSet>;
  try {
    m = mountOptSet(raw, cwd);
  } catch (e) {
    throw flagError('--mount', raw, (e as Error).message);
  }
  const type = m.typeRaw;
  const fail = (cause: string): never => {
    throw daemonError(mountConfigError(type, cause));
  };
  if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs') fail('mount type unknown');
  const bad = checkTarget(type, m.target);
  if (bad !== undefined) throw daemonError(bad.startsWith('invalid mount config') ? bad : mountConfigError(type, bad));
  if (type === 'bind') {
    if (m.source === '') fail('field Source must not be empty');
    if (!m.source.startsWith('/')) fail(`invalid mount path: '${m.source}' mount path must be absolute`);
    if (m.propagation !== undefined && !PROPAGATION_MODES.has(m.propagation)) fail(`invalid propagation mode: ${m.propagation}`);
  } else if (type === 'volume') {
    const problem = m.source !== '' ? volumeNameProblem(m.source) : undefined;
    if (problem !== undefined) throw daemonError(`create ${m.source}: ${problem}`);
  } else if (m.source !== '') {
    fail('field Source must not be specified');
  }
  const out: MountRequest = {
    type: type as MountType,
    source: m.source,
    target: cleanTarget(m.target),
    readOnly: m.readOnly,
    mode: '',
    origin: '--mount',
  };
  if (type === 'bind') out.propagation = m.propagation ?? 'rprivate';
  if (m.noCopy) out.noCopy = true;
  if (m.volumeDriver !== undefined) out.volumeDriver = m.volumeDriver;
  if (m.volumeOptions) out.volumeOptions = m.volumeOptions;
  if (m.volumeLabels) out.volumeLabels = m.volumeLabels;
  if (m.tmpfsSize !== undefined) out.tmpfsSize = m.tmpfsSize;
  if (m.tmpfsMode !== undefined) out.tmpfsMode = m.tmpfsMode;
  return out;
}

/**
 * `--volumes-from CONTAINER[:MODE]` (dockerd's parseVolumesFrom): any valid mode without propagation or copy
 * options; only `ro` matters (the mounts stay read-write only where they were and the mode is not `ro`).
 */
export function parseVolumesFrom(spec: string): { container: string; readOnly: boolean } {
  const colon = spec.indexOf(':');
  if (colon < 0) return { container: spec, readOnly: false };
  const mode = spec.slice(colon + 1);
  const opts = modeParts(mode);
  if (!validMountMode(mode) || opts.some((o) => PROPAGATION_MODES.has(o) || COPY_MODES.has(o))) throw daemonError(`invalid mode: ${mode}`);
  return { container: spec.slice(0, colon), readOnly: opts.includes('ro') };
}
