/**
 * Environment variables: `-e KEY=VAL` / `-e KEY` (docker/cli opts.ValidateEnv), `--env-file` (docker/cli
 * pkg/kvfile: `#` comments, blank lines, no quote processing, `KEY` alone taken from the caller's environment or
 * dropped), and dockerd's merge of the user's variables over the image's (ReplaceOrAppendEnvValues).
 */
import { InvalidOptionError } from '../../errors/index';
import { cut, withFlag } from './common';

/** The caller's environment (e.g. `process.env`). */
export type Environ = Readonly<Record<string, string | undefined>>;

/** bufio.MaxScanTokenSize: longer lines fail with `bufio.Scanner: token too long`. */
const MAX_LINE = 64 * 1024;
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * docker/cli's ValidateEnv for one `-e` value: `K=V` is kept as given; `K` becomes `K=<value>` when the caller's
 * environment has it, else stays `K` (which unsets K in mergeEnv, as dockerd does). `-e =x`:
 * `invalid environment variable: =x` (pflag wraps it: use `collectEnv`, or `withFlag('-e, --env', …)`).
 */
export function parseEnvFlag(value: string, environ: Environ): string {
  const [key, , hasValue] = cut(value, '=');
  if (key === '') throw new InvalidOptionError(`invalid environment variable: ${value}`);
  if (hasValue) return value;
  const found = Object.prototype.hasOwnProperty.call(environ, key) ? environ[key] : undefined;
  return found === undefined ? value : `${key}=${found}`;
}

function fileLines(content: string | Uint8Array): string[] {
  if (typeof content === 'string') return content.split('\n');
  const lines: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let i = 0; i <= content.length; i++) {
    if (i < content.length && content[i] !== 0x0a) continue;
    const bytes = content.subarray(start, i);
    try {
      lines.push(decoder.decode(bytes));
    } catch {
      throw new InvalidOptionError(`invalid utf8 bytes at line ${lines.length + 1}: [${[...bytes].join(' ')}]`);
    }
    start = i + 1;
  }
  return lines;
}

/**
 * pkg/kvfile's parser: one `KEY=VALUE` per line, kept verbatim (no quote stripping, no interpolation, trailing
 * spaces kept); leading whitespace, blank lines and `#` lines skipped; a UTF-8 BOM on line 1 ignored; a bare
 * `KEY` is replaced by `KEY=<lookup(KEY)>`, or dropped when lookup is absent or finds nothing.
 * Errors (bare, see parseEnvFile): `no variable name on line '=x'`, `variable 'a b' contains whitespaces`,
 * `bufio.Scanner: token too long` (a line of 64 KiB or more).
 */
export function parseKeyValueFile(content: string | Uint8Array, lookup?: (key: string) => string | undefined): string[] {
  const out: string[] = [];
  fileLines(content).forEach((raw, index) => {
    if (raw.length >= MAX_LINE / 3 && new TextEncoder().encode(raw).length >= MAX_LINE) {
      throw new InvalidOptionError('bufio.Scanner: token too long');
    }
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && text.startsWith('\ufeff')) text = text.slice(1);
    const line = text.replace(GO_SPACE, '');
    if (line.length === 0 || line.startsWith('#')) return;
    const [key, , hasValue] = cut(line, '=');
    if (key.length === 0) throw new InvalidOptionError(`no variable name on line '${line}'`);
    if (/[ \t]/.test(key)) throw new InvalidOptionError(`variable '${key}' contains whitespaces`);
    if (hasValue) out.push(line);
    else if (lookup) {
      const value = lookup(line);
      if (value !== undefined) out.push(`${key}=${value}`);
    }
  });
  return out;
}

/** kvfile.Parse's wrapping plus the flag's prefix: `--env-file: invalid env file (f.env): <cause>`. */
export function kvFileError(flag: string, path: string, cause: string): InvalidOptionError {
  return new InvalidOptionError(`${flag}: invalid env file (${path}): ${cause}`);
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** A file the flag names could not be read, worded as Go's os.Open error: `--env-file: open x: no such file or directory`. */
export function fileReadError(flag: string, path: string, err: unknown): InvalidOptionError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const op = code === 'EISDIR' ? 'read' : 'open';
  const text = ERRNO_TEXT[code] ?? (err instanceof Error ? err.message : String(err));
  return new InvalidOptionError(`${flag}: ${op} ${path}: ${text}`, { cause: err });
}

/** One `--env-file`'s content parsed with the caller's environment; errors carry Docker's two prefixes. */
export function parseEnvFile(content: string | Uint8Array, environ: Environ, path: string): string[] {
  try {
    return parseKeyValueFile(content, (k) => (Object.prototype.hasOwnProperty.call(environ, k) ? environ[k] : undefined));
  } catch (e) {
    if (e instanceof InvalidOptionError) throw kvFileError('--env-file', path, e.message);
    throw e;
  }
}

export interface EnvFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * docker/cli's ReadKVEnvStrings: every `--env-file` in order, then every `-e` (validated as pflag does:
 * `invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x`). The result is the
 * container's Config.Env as the CLI sends it; apply it to the image's with mergeEnv.
 */
export function collectEnv(envFiles: readonly EnvFile[], envFlags: readonly string[], environ: Environ): string[] {
  const flags = envFlags.map((v) => withFlag('-e, --env', v, (x) => parseEnvFlag(x, environ)));
  const fromFiles = envFiles.flatMap((f) => parseEnvFile(f.content, environ, f.path));
  return [...fromFiles, ...flags];
}

/**
 * dockerd's ReplaceOrAppendEnvValues: each `K=V` of `overrides` replaces the entry with the same key in place
 * (keeping the image's order) or is appended; a bare `K` removes the image's K. As in dockerd, only keys of
 * `defaults` are tracked: `-e A=1 -e A=2` with no A in the image appends both. Neither input is modified.
 */
export function mergeEnv(defaults: readonly string[], overrides: readonly string[]): string[] {
  const out: (string | undefined)[] = [...defaults];
  const index = new Map<string, number>();
  out.forEach((e, i) => index.set(cut(e ?? '', '=')[0], i));
  for (const value of overrides) {
    const [key, , ok] = cut(value, '=');
    const at = index.get(ok ? key : value);
    if (!ok) {
      if (at !== undefined) out[at] = undefined;
      continue;
    }
    if (at !== undefined) out[at] = value;
    else out.push(value);
  }
  return out.filter((e): e is string => e !== undefined && e !== '');
}

/** Config.Env as a lookup: the last `K=V` wins; bare `K` entries are skipped. */
export function envToMap(env: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of env) {
    const [k, v, ok] = cut(e, '=');
    if (ok) out.set(k, v);
  }
  return out;
}
