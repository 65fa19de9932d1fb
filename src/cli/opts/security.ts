/**
 * `--security-opt`: docker/cli's parseSecurityOpts (format check, seccomp profile files) and parseSystemPaths
 * (`systempaths=unconfined`), then dockerd's parseSecurityOpt (`label=…`, `apparmor=…`, `seccomp=…`,
 * `no-new-privileges[=bool]`, `writable-cgroups=bool`). SELinux labels are accepted and ignored by tsctl.
 */
import { InvalidOptionError } from '../../errors/index';
import { cut, daemonError, goParseBool, goQuote } from './common';

export type SeccompProfile = { kind: 'builtin' } | { kind: 'unconfined' } | { kind: 'file'; path: string };

export interface SecurityOptions {
  /** HostConfig.SecurityOpt as the CLI sends it (`systempaths=unconfined` removed; a profile file still as its path). */
  securityOpt: string[];
  /** The last `seccomp=` given; undefined means Docker's default profile. */
  seccomp: SeccompProfile | undefined;
  /** The last `apparmor=` profile name (`unconfined` included); undefined means the default. */
  apparmor: string | undefined;
  noNewPrivileges: boolean;
  /** `label=…` values (SELinux), in order; tsctl does not apply them. */
  labels: string[];
  writableCgroups: boolean | undefined;
  /** `systempaths=unconfined`: no masked or read-only /proc and /sys paths. */
  systemPathsUnconfined: boolean;
}

/** The option's key and value, split at `=` or (deprecated) `:`, as dockerd does; undefined when neither is present. */
function splitOption(opt: string): [string, string] | undefined {
  const sep = opt.includes('=') ? '=' : opt.includes(':') ? ':' : undefined;
  if (sep === undefined) return undefined;
  const [k, v] = cut(opt, sep);
  return [k, v];
}

/**
 * Parses every `--security-opt`. CLI error: `invalid --security-opt: "foo"` (a value is required, except for
 * `no-new-privileges`); daemon errors: `invalid --security-opt 1: "…"`, `invalid --security-opt 2: "foo=bar"`
 * (unknown key, or a value ParseBool rejects for no-new-privileges / writable-cgroups).
 */
export function parseSecurityOpts(values: readonly string[]): SecurityOptions {
  const out: SecurityOptions = {
    securityOpt: [], seccomp: undefined, apparmor: undefined, noNewPrivileges: false, labels: [],
    writableCgroups: undefined, systemPathsUnconfined: false,
  };
  for (const opt of values) {
    let [k, v, ok] = cut(opt, '=');
    if (!ok && k !== 'no-new-privileges') [k, v, ok] = cut(opt, ':');
    if ((!ok || v === '') && k !== 'no-new-privileges') throw new InvalidOptionError(`invalid --security-opt: ${goQuote(opt)}`);
    if (opt === 'systempaths=unconfined') out.systemPathsUnconfined = true;
    else out.securityOpt.push(opt);
  }
  for (const opt of out.securityOpt) {
    if (opt === 'no-new-privileges') {
      out.noNewPrivileges = true;
      continue;
    }
    const kv = splitOption(opt);
    if (!kv) throw daemonError(`invalid --security-opt 1: ${goQuote(opt)}`);
    const [k, v] = kv;
    const bool = () => {
      const b = goParseBool(v);
      if (b === undefined) throw daemonError(`invalid --security-opt 2: ${goQuote(opt)}`);
      return b;
    };
    switch (k) {
      case 'label':
        out.labels.push(v);
        break;
      case 'apparmor':
        out.apparmor = v;
        break;
      case 'seccomp':
        out.seccomp = v === 'builtin' || v === 'unconfined' ? { kind: v } : { kind: 'file', path: v };
        break;
      case 'no-new-privileges':
        out.noNewPrivileges = bool();
        break;
      case 'writable-cgroups':
        out.writableCgroups = bool();
        break;
      default:
        throw daemonError(`invalid --security-opt 2: ${goQuote(opt)}`);
    }
  }
  return out;
}

/**
 * docker/cli reads a `seccomp=<file>` profile and sends it compacted: returns the compact JSON, or fails with
 * `compacting json for seccomp profile (f.json) failed: <reason>`.
 */
export function compactSeccompProfile(path: string, content: string): string {
  try {
    return JSON.stringify(JSON.parse(content) as unknown);
  } catch (e) {
    const reason = content.trim() === '' ? 'unexpected end of JSON input' : (e as Error).message;
    throw new InvalidOptionError(`compacting json for seccomp profile (${path}) failed: ${reason}`, { cause: e });
  }
}

/** A profile file that could not be read: `opening seccomp profile (f.json) failed: open f.json: no such file or directory`. */
export function seccompReadError(path: string, err: unknown): InvalidOptionError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const text = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
  return new InvalidOptionError(`opening seccomp profile (${path}) failed: open ${path}: ${text}`, { cause: err });
}
