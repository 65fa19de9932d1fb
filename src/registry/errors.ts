/**
 * The registry adapter's edge translation: HTTP statuses, OCI error bodies and socket failures become tsctl
 * errors with Docker's one-line texts. The classes extend the existing hierarchy (no new ErrorCode):
 *
 *   404 / MANIFEST_UNKNOWN / NAME_UNKNOWN / BLOB_UNKNOWN  → RegistryNotFoundError   (NotFoundError, NOT_FOUND)
 *   401 / 403 / UNAUTHORIZED / DENIED, token refused      → RegistryAuthError       (PermissionDeniedError)
 *   400 / *_INVALID                                       → RegistryRequestError    (InvalidArgumentError)
 *   429, 5xx, other statuses                              → RegistryResponseError   (InternalError)
 *   refused / reset / DNS / TLS / timeouts                → RegistryUnavailableError (InternalError)
 *   bytes that do not hash to the expected digest         → DigestMismatchError     (InternalError)
 *
 * OCI bodies `{errors:[{code,message}]}` print as distribution's errcode does: `manifest unknown: manifest unknown`
 * (lower-cased code, spaces for underscores, `: `, the server's message). Socket failures print as Go's
 * net/http does: `Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused`.
 */
import {
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  type ErrorOptions,
} from '../errors/index';

/** What every registry error carries besides its message, for callers that rephrase (e.g. pull denied). */
export interface RegistryErrorInfo {
  status?: number;
  /** OCI error codes from the body, e.g. ['MANIFEST_UNKNOWN']. */
  ociCodes?: string[];
  url?: string;
}

export class RegistryNotFoundError extends NotFoundError {
  readonly info: RegistryErrorInfo;
  constructor(message: string, info: RegistryErrorInfo = {}, opts: ErrorOptions = {}) {
    super(message, 'NOT_FOUND', opts);
    this.info = info;
  }
}

export class RegistryAuthError extends PermissionDeniedError {
  readonly info: RegistryErrorInfo;
  constructor(message: string, info: RegistryErrorInfo = {}, opts: ErrorOptions = {}) {
    super(message, opts);
    this.info = info;
  }
}

export class RegistryRequestError extends InvalidArgumentError {
  readonly info: RegistryErrorInfo;
  constructor(message: string, info: RegistryErrorInfo = {}, opts: ErrorOptions = {}) {
    super(message, opts);
    this.info = info;
  }
}

export class RegistryResponseError extends InternalError {
  readonly info: RegistryErrorInfo;
  constructor(message: string, info: RegistryErrorInfo = {}, opts: ErrorOptions = {}) {
    super(message, opts);
    this.info = info;
  }
}

/** The registry could not be reached or the connection failed (NOTE: a REGISTRY_UNAVAILABLE code would fit better). */
export class RegistryUnavailableError extends InternalError {
  readonly info: RegistryErrorInfo;
  /** Node/undici error code, e.g. ECONNREFUSED, UND_ERR_SOCKET, ERR_SSL_WRONG_VERSION_NUMBER. */
  readonly errno: string | undefined;
  constructor(message: string, errno: string | undefined, info: RegistryErrorInfo = {}, opts: ErrorOptions = {}) {
    super(message, opts);
    this.errno = errno;
    this.info = info;
  }
}

export class DigestMismatchError extends InternalError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    message: string,
  ) {
    super(message);
  }
}

export type AnyRegistryError =
  | RegistryNotFoundError
  | RegistryAuthError
  | RegistryRequestError
  | RegistryResponseError
  | RegistryUnavailableError;

export function isRegistryError(e: unknown): e is AnyRegistryError {
  return (
    e instanceof RegistryNotFoundError ||
    e instanceof RegistryAuthError ||
    e instanceof RegistryRequestError ||
    e instanceof RegistryResponseError ||
    e instanceof RegistryUnavailableError
  );
}

export interface OciError {
  code: string;
  message: string;
}

/** The `errors` array of an OCI error body (also accepts a token server's `{details}` / `{error}`); [] otherwise. */
export function parseOciErrors(body: string): OciError[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const o = doc as Record<string, unknown>;
  if (Array.isArray(o.errors)) {
    return o.errors
      .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      .map((e) => ({ code: typeof e.code === 'string' ? e.code : 'UNKNOWN', message: typeof e.message === 'string' ? e.message : '' }));
  }
  if (typeof o.details === 'string') return [{ code: 'UNAUTHORIZED', message: o.details }];
  if (typeof o.error_description === 'string') return [{ code: 'UNAUTHORIZED', message: o.error_description }];
  return [];
}

/** distribution's errcode text: `manifest unknown: manifest unknown`; several joined by `; `. */
export function ociErrorText(errors: OciError[]): string {
  return errors
    .map((e) => {
      const code = e.code.toLowerCase().replace(/_/g, ' ');
      return e.message === '' ? code : `${code}: ${e.message}`;
    })
    .join('; ');
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 412: 'Precondition Failed', 413: 'Request Entity Too Large', 416: 'Requested Range Not Satisfiable',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export function statusLine(status: number): string {
  return `${status} ${STATUS_TEXT[status] ?? ''}`.trim();
}

/** Go's method spelling in url.Error texts: Get, Head, Post, Put, Patch, Delete. */
export function goMethod(method: string): string {
  const m = method.toUpperCase();
  return m.charAt(0) + m.slice(1).toLowerCase();
}

/** Default texts when a status comes without an OCI body. */
const DEFAULT_TEXT: Record<number, string> = {
  401: 'unauthorized: authentication required',
  403: 'denied: requested access to the resource is denied',
  429: 'toomanyrequests: too many requests',
};

/**
 * Maps a non-success response to an error. `notFound` gives the 404 message's subject (e.g. `manifest for x
 * not found`); the OCI text is appended after `: `.
 */
export function responseError(
  method: string,
  url: string,
  status: number,
  body: string,
  notFound?: (codes: string[]) => string,
): AnyRegistryError {
  const errors = parseOciErrors(body);
  const codes = errors.map((e) => e.code);
  const oci = ociErrorText(errors);
  const info: RegistryErrorInfo = { status, ociCodes: codes, url };
  if (status === 404) {
    const subject = notFound?.(codes) ?? `${goMethod(method)} "${url}": not found`;
    return new RegistryNotFoundError(oci === '' ? subject : `${subject}: ${oci}`, info);
  }
  if (status === 401 || status === 403) return new RegistryAuthError(oci === '' ? (DEFAULT_TEXT[status] ?? '') : oci, info);
  if (status === 400 || codes.some((c) => c.endsWith('_INVALID'))) {
    return new RegistryRequestError(oci === '' ? `unexpected status from ${method} request to ${url}: ${statusLine(status)}` : oci, info);
  }
  if (status === 429) return new RegistryResponseError(oci === '' ? (DEFAULT_TEXT[429] ?? '') : oci, info);
  const base = `unexpected status from ${method.toUpperCase()} request to ${url}: ${statusLine(status)}`;
  return new RegistryResponseError(oci === '' ? base : `${base}: ${oci}`, info);
}

interface ErrnoLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  socket?: { localAddress?: string; localPort?: number; remoteAddress?: string; remotePort?: number };
}

/** The innermost errno-style code of an error chain (undici wraps some socket errors). */
export function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  let found: string | undefined;
  for (let i = 0; i < 5 && typeof cur === 'object' && cur !== null; i++) {
    const c = (cur as ErrnoLike).code;
    if (typeof c === 'string' && (found === undefined || found.startsWith('UND_ERR'))) found = c;
    cur = (cur as ErrnoLike).cause;
  }
  return found;
}

const TLS_CODES = /^(ERR_SSL_|ERR_TLS_|EPROTO$|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH$)/;

export function isTlsErrorCode(code: string | undefined): boolean {
  return code !== undefined && TLS_CODES.test(code);
}

/** The Go-style detail of a socket failure toward `hostPort`, e.g. `dial tcp 127.0.0.1:1: connect: connection refused`. */
function goNetDetail(e: unknown, code: string | undefined, hostPort: string, hostname: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const sock = (e as ErrnoLike).socket;
  const pair = sock?.localAddress !== undefined ? `${sock.localAddress}:${sock.localPort ?? 0}->${hostPort}` : hostPort;
  switch (code) {
    case 'ECONNREFUSED': return `dial tcp ${hostPort}: connect: connection refused`;
    case 'ENOTFOUND': return `dial tcp: lookup ${hostname}: no such host`;
    case 'EAI_AGAIN': return `dial tcp: lookup ${hostname}: temporary failure in name resolution`;
    case 'EHOSTUNREACH': return `dial tcp ${hostPort}: connect: no route to host`;
    case 'ENETUNREACH': return `dial tcp ${hostPort}: connect: network is unreachable`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT': return `dial tcp ${hostPort}: i/o timeout`;
    case 'ECONNRESET': return `read tcp ${pair}: read: connection reset by peer`;
    case 'EPIPE': return `write tcp ${pair}: write: broken pipe`;
    case 'UND_ERR_SOCKET': return `read tcp ${pair}: ${/closed/i.test(msg) ? 'EOF' : msg}`;
    case 'UND_ERR_HEADERS_TIMEOUT': return 'net/http: timeout awaiting response headers';
    case 'UND_ERR_BODY_TIMEOUT': return 'context deadline exceeded (Client.Timeout or context cancellation while reading body)';
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO': return 'http: server gave HTTP response to HTTPS client';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY': return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'CERT_HAS_EXPIRED': return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': return `tls: failed to verify certificate: x509: ${msg}`;
    default: return msg;
  }
}

/** Wraps a socket/TLS failure of `method url` in Go's url.Error form. */
export function networkError(method: string, url: string, e: unknown): RegistryUnavailableError {
  const code = errorCode(e);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return new RegistryUnavailableError(`${goMethod(method)} "${url}": ${e instanceof Error ? e.message : String(e)}`, code, { url }, { cause: e });
  }
  const port = u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
  const hostname = u.hostname;
  const hostPort = `${hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname}:${port}`;
  const detail = goNetDetail(e, code, hostPort, hostname.replace(/^\[|\]$/g, ''));
  return new RegistryUnavailableError(`${goMethod(method)} "${url}": ${detail}`, code, { url }, { cause: e });
}
