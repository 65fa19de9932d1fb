/**
 * Image references with Docker's grammar and normalisation (github.com/distribution/reference: regexp.go,
 * normalize.go, reference.go), written from the grammar:
 *
 *   reference := name [ ":" tag ] [ "@" digest ]      name := [domain "/"] path-component ["/" path-component]*
 *
 * `parseReference` is ParseNormalizedNamed + TagNameOnly: `busybox` → `docker.io/library/busybox:latest`,
 * `index.docker.io` → `docker.io`, `user/app` → `docker.io/user/app:latest`, `name:tag@sha256:…` keeps both
 * (use `dockerRef()` for ParseDockerRef's digest-only form). The first path component is a registry domain when it
 * contains `.` or `:`, is `localhost`, or has an uppercase letter. Error texts are Docker's.
 *
 * Naming: `familiarName()` is Docker's FamiliarString (`busybox:latest`, what `images` shows);
 * `familiarRepository()` is Docker's FamiliarName (`busybox`). Pure: no I/O.
 */
import { InvalidArgumentError } from '../errors/index';
import { digestProblem } from './digest';

export const DEFAULT_DOMAIN = 'docker.io';
export const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
export const OFFICIAL_REPO_PREFIX = 'library/';
export const DEFAULT_TAG = 'latest';
export const REPOSITORY_NAME_MAX = 255;

const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';

const REFERENCE_RE = new RegExp(`^((?:${domainAndPort}/)?${remoteName})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const NAME_RE = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const TAG_RE = new RegExp(`^${tagPat}$`);
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
/** Longer input cannot be a valid reference (255-char path + domain + tag + digest); refuse before regex work. */
const MAX_INPUT = 1024;

const INVALID = 'invalid reference format';

export interface RepositoryName {
  /** Registry host[:port], e.g. `docker.io`, `127.0.0.1:5000`. */
  readonly domain: string;
  /** Repository path on that registry, e.g. `library/busybox`. */
  readonly path: string;
}

export class ImageReference implements RepositoryName {
  constructor(
    readonly domain: string,
    readonly path: string,
    readonly tag: string | undefined,
    readonly digest: string | undefined,
  ) {}

  /** `domain/path` (Docker's Name()). */
  get name(): string {
    return `${this.domain}/${this.path}`;
  }

  /** Full normalised form: `docker.io/library/busybox:latest`, `host/x:tag@sha256:…`. */
  toString(): string {
    return this.name + (this.tag !== undefined ? `:${this.tag}` : '') + (this.digest !== undefined ? `@${this.digest}` : '');
  }

  /** Docker's FamiliarName: `busybox`, `user/app`, `127.0.0.1:5000/x` (no tag or digest). */
  familiarRepository(): string {
    if (this.domain !== DEFAULT_DOMAIN) return this.name;
    if (this.path.startsWith(OFFICIAL_REPO_PREFIX)) {
      const rest = this.path.slice(OFFICIAL_REPO_PREFIX.length);
      if (!rest.includes('/')) return rest;
    }
    return this.path;
  }

  /** Docker's FamiliarString: `busybox:latest`, `user/app@sha256:…` (as `docker images` shows). */
  familiarName(): string {
    return this.familiarRepository() + (this.tag !== undefined ? `:${this.tag}` : '') + (this.digest !== undefined ? `@${this.digest}` : '');
  }

  /** ParseDockerRef: a reference with both tag and digest keeps only the digest. */
  dockerRef(): ImageReference {
    return this.digest !== undefined && this.tag !== undefined ? new ImageReference(this.domain, this.path, undefined, this.digest) : this;
  }

  withTag(tag: string): ImageReference {
    if (!TAG_RE.test(tag)) throw new InvalidArgumentError(`invalid tag format: ${JSON.stringify(tag)}`);
    return new ImageReference(this.domain, this.path, tag, undefined);
  }

  withDigest(digest: string): ImageReference {
    const problem = digestProblem(digest);
    if (problem !== undefined) throw new InvalidArgumentError(`${problem}: ${JSON.stringify(digest)}`);
    return new ImageReference(this.domain, this.path, undefined, digest);
  }

  /** The repository alone (no tag/digest). */
  repository(): ImageReference {
    return new ImageReference(this.domain, this.path, undefined, undefined);
  }

  /** What to ask the registry for: the digest when there is one, else the tag (`latest` if neither). */
  get object(): string {
    return this.digest ?? this.tag ?? DEFAULT_TAG;
  }
}

/** splitDockerDomain from normalize.go. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return [DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name];
  const maybeDomain = name.slice(0, slash);
  const maybeRemote = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === 'localhost') [domain, remote] = [maybeDomain, maybeRemote];
  else if (maybeDomain === LEGACY_DEFAULT_DOMAIN) [domain, remote] = [DEFAULT_DOMAIN, maybeRemote];
  else if (/[.:]/.test(maybeDomain)) [domain, remote] = [maybeDomain, maybeRemote];
  else if (maybeDomain.toLowerCase() !== maybeDomain) [domain, remote] = [maybeDomain, maybeRemote];
  else [domain, remote] = [DEFAULT_DOMAIN, name];
  if (domain === DEFAULT_DOMAIN && !remote.includes('/')) remote = OFFICIAL_REPO_PREFIX + remote;
  return [domain, remote];
}

/**
 * Parses a reference as Docker does for pull/run/tag (ParseNormalizedNamed), adding `latest` when the reference
 * has neither tag nor digest unless `defaultTag` is false. Throws InvalidArgumentError with Docker's text.
 */
export function parseReference(s: string, opts: { defaultTag?: boolean } = {}): ImageReference {
  const ref = parseNormalizedNamed(s);
  if (opts.defaultTag === false || ref.tag !== undefined || ref.digest !== undefined) return ref;
  return new ImageReference(ref.domain, ref.path, DEFAULT_TAG, undefined);
}

/** ParseNormalizedNamed: normalises the domain and validates, without adding a default tag. */
export function parseNormalizedNamed(s: string): ImageReference {
  if (IDENTIFIER_RE.test(s)) {
    throw new InvalidArgumentError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  if (s.length > MAX_INPUT) throw new InvalidArgumentError(INVALID);
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw new InvalidArgumentError(`${INVALID}: repository name (${remote}) must be lowercase`);
  }
  return parseCanonical(`${domain}/${remainder}`);
}

/** reference.Parse on an already-qualified string (domain included); no normalisation. */
export function parseCanonical(s: string): ImageReference {
  if (s.length > MAX_INPUT) throw new InvalidArgumentError(INVALID);
  const m = REFERENCE_RE.exec(s);
  if (m === null) {
    const lower = s.toLowerCase();
    if (lower !== s && REFERENCE_RE.test(lower)) {
      throw new InvalidArgumentError(`${INVALID}: repository name must be lowercase`);
    }
    throw new InvalidArgumentError(INVALID);
  }
  const [, name = '', tag, digest] = m;
  const nm = NAME_RE.exec(name);
  const domain = nm?.[1] ?? '';
  const path = nm?.[2] ?? name;
  if (path.length > REPOSITORY_NAME_MAX) {
    throw new InvalidArgumentError(`repository name must not be more than ${REPOSITORY_NAME_MAX} characters`);
  }
  if (domain === '') throw new InvalidArgumentError(`${INVALID}: repository name must be canonical`);
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem !== undefined) throw new InvalidArgumentError(`${INVALID}: ${problem}`);
  }
  return new ImageReference(domain, path, tag, digest);
}

/** True when `s` parses as a reference (normalised). */
export function isValidReference(s: string): boolean {
  try {
    parseNormalizedNamed(s);
    return true;
  } catch {
    return false;
  }
}

/** Validates a tag on its own (`docker tag`, push of a tag). */
export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** Familiar form of any reference string, e.g. `docker.io/library/busybox:latest` → `busybox:latest`. */
export function familiarName(ref: string | ImageReference): string {
  return (typeof ref === 'string' ? parseNormalizedNamed(ref) : ref).familiarName();
}
