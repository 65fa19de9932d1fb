/**
 * `docker image inspect`'s object (moby api/types/image InspectResponse as Docker 28's containerd image store fills
 * it, daemon/containerd/image_inspect.go; API 1.47 — the last shape with the full container `Config`, `Parent` and
 * `DockerVersion`, which older scripts read). Keys are in Go's struct order; map keys sorted as json.Marshal does.
 *
 * The objects play both of Go's roles: `toJSON` gives the wire JSON (omitempty fields dropped, nil slices and maps
 * as `null`), while templates see the typed struct — every field present (`{{.Variant}}` prints ""), structs
 * refuse unknown fields (Go's "can't evaluate field"), nil slices print `[]` and nil maps `map[]`.
 * Pure: callers pass the image's records, config and size.
 */
import type { Desc } from '../containerd/ports';
import type { ContainerConfig, ImageConfigFile } from '../oci/types';

/** A Go struct: unknown fields are template errors; JSON drops the `omitEmpty` fields that are zero. */
abstract class GoStruct {
  protected omitEmpty(): readonly string[] {
    return [];
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const omit = new Set(this.omitEmpty());
    for (const [k, v] of Object.entries(this)) if (!(omit.has(k) && isEmpty(v))) out[k] = v;
    return out;
  }
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** A nil Go slice: prints `[]` in templates, `null` in JSON. */
function nilSlice(): string[] {
  return Object.defineProperty([] as string[], 'toJSON', { value: () => null, enumerable: false });
}

/** A nil Go map: prints `map[]` in templates, `null` in JSON. */
function nilMap<T>(): Record<string, T> {
  return Object.defineProperty({} as Record<string, T>, 'toJSON', { value: () => null, enumerable: false });
}

const slice = (v: string[] | null | undefined): string[] => (v ? [...v] : nilSlice());

/** A Go map with json.Marshal's sorted keys (nil when absent). */
function sortedMap<T>(m: Record<string, T> | null | undefined): Record<string, T> {
  if (!m) return nilMap<T>();
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k] as T;
  return out;
}

/** api/types/container.Config (Docker ≤ 28): the image config's `config` with the container-only fields zeroed. */
export class DockerContainerConfig extends GoStruct {
  Hostname = '';
  Domainname = '';
  User: string;
  AttachStdin = false;
  AttachStdout = false;
  AttachStderr = false;
  ExposedPorts: Record<string, object>;
  Tty = false;
  OpenStdin = false;
  StdinOnce = false;
  Env: string[];
  Cmd: string[];
  Healthcheck: object | null;
  ArgsEscaped: boolean;
  Image = '';
  Volumes: Record<string, object>;
  WorkingDir: string;
  Entrypoint: string[];
  NetworkDisabled = false;
  MacAddress = '';
  OnBuild: string[];
  Labels: Record<string, string>;
  StopSignal: string;
  StopTimeout: number | null = null;
  Shell: string[];

  constructor(c: ContainerConfig & { ArgsEscaped?: boolean } = {}) {
    super();
    this.User = c.User ?? '';
    this.ExposedPorts = sortedMap(c.ExposedPorts);
    this.Env = slice(c.Env);
    this.Cmd = slice(c.Cmd);
    this.Healthcheck = c.Healthcheck ?? null;
    this.ArgsEscaped = c.ArgsEscaped === true;
    this.Volumes = sortedMap(c.Volumes);
    this.WorkingDir = c.WorkingDir ?? '';
    this.Entrypoint = slice(c.Entrypoint);
    this.OnBuild = slice(c.OnBuild);
    this.Labels = sortedMap(c.Labels);
    this.StopSignal = c.StopSignal ?? '';
    this.Shell = slice(c.Shell);
  }

  protected override omitEmpty(): readonly string[] {
    return ['ExposedPorts', 'Healthcheck', 'ArgsEscaped', 'NetworkDisabled', 'MacAddress', 'StopSignal', 'StopTimeout', 'Shell'];
  }
}

export class DockerRootFS extends GoStruct {
  Type: string;
  Layers: string[];
  constructor(type: string, layers: string[]) {
    super();
    this.Type = type;
    this.Layers = layers;
  }

  protected override omitEmpty(): readonly string[] {
    return ['Type', 'Layers'];
  }
}

export class DockerGraphDriver extends GoStruct {
  Data = nilMap<string>();
  Name: string;
  constructor(name: string) {
    super();
    this.Name = name;
  }
}

export class DockerImageMetadata extends GoStruct {
  LastTagTime: string;
  constructor(lastTagTime: string) {
    super();
    this.LastTagTime = lastTagTime;
  }
}

export interface ImageInspectInput {
  /** Image ID (config digest). */
  id: string;
  /** Familiar `repo:tag` names (Docker's RepoTags). */
  repoTags: string[];
  /** Familiar `repo@digest` names (Docker's RepoDigests). */
  repoDigests: string[];
  config: ImageConfigFile;
  size: number;
  snapshotter: string;
  /** Newest update time of the image's records. */
  lastTagTime: Date | undefined;
  /** The inspected record's target (index or manifest). */
  descriptor: Desc;
}

export class DockerImageInspect extends GoStruct {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent = '';
  Comment: string;
  Created: string;
  DockerVersion = '';
  Author: string;
  Config: DockerContainerConfig;
  Architecture: string;
  Variant: string;
  Os: string;
  OsVersion: string;
  Size: number;
  GraphDriver: DockerGraphDriver;
  RootFS: DockerRootFS;
  Metadata: DockerImageMetadata;
  Descriptor: Desc;

  constructor(i: ImageInspectInput) {
    super();
    const c = i.config as ImageConfigFile & { 'os.version'?: string };
    this.Id = i.id;
    this.RepoTags = [...i.repoTags];
    this.RepoDigests = [...i.repoDigests];
    // Docker's containerd store reports the last history entry's comment.
    this.Comment = c.history?.at(-1)?.comment ?? '';
    this.Created = (c.created === undefined ? undefined : rfc3339Nano(c.created)) ?? '';
    this.Author = c.author ?? '';
    this.Config = new DockerContainerConfig(c.config ?? {});
    this.Architecture = c.architecture ?? '';
    this.Variant = c.variant ?? '';
    this.Os = c.os ?? '';
    this.OsVersion = c['os.version'] ?? '';
    this.Size = i.size;
    this.GraphDriver = new DockerGraphDriver(i.snapshotter);
    this.RootFS = new DockerRootFS(c.rootfs?.type ?? '', slice(c.rootfs?.diff_ids));
    this.Metadata = new DockerImageMetadata(i.lastTagTime ? rfc3339Nano(i.lastTagTime.toISOString()) ?? '' : '0001-01-01T00:00:00Z');
    this.Descriptor = descriptor(i.descriptor);
  }

  protected override omitEmpty(): readonly string[] {
    return ['Created', 'Variant', 'OsVersion'];
  }
}

/** ocispec.Descriptor's JSON field order. */
function descriptor(d: Desc): Desc {
  const out: Desc = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.annotations && Object.keys(d.annotations).length > 0) out.annotations = sortedMap(d.annotations);
  return out;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Go's `time.Format(time.RFC3339Nano)` of a parsed RFC 3339 timestamp: the zone as written (`Z` for UTC), the
 * fraction cut to nanoseconds with trailing zeros dropped. undefined when `s` is not RFC 3339.
 */
export function rfc3339Nano(s: string): string | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [, date = '', time = '', frac = '', zone = ''] = m;
  const f = frac.slice(0, 9).replace(/0+$/, '');
  const z = /^(?:[Zz]|[+-]00:00)$/.test(zone) ? 'Z' : zone;
  return `${date}T${time}${f === '' ? '' : `.${f}`}${z}`;
}
