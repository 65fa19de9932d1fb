/**
 * Global flags (nerdctl's set) and the argv normaliser that lets them appear before or after the subcommand:
 * they are hoisted in front of the subcommand, except where the subcommand has a flag of the same name
 * (`ps -a` is "all", not "--address") and after the first positional of a pass-through command
 * (`run IMAGE CMD -n 1` belongs to CMD). `--` ends flag processing.
 */

export interface GlobalFlagDef {
  long: string;
  short?: string;
  /** Option key in commander's camelCase form. */
  key: string;
  takesValue: boolean;
  repeatable?: boolean;
  valueName?: string;
  description: string;
}

export const GLOBAL_FLAGS: GlobalFlagDef[] = [
  { long: '--address', short: '-a', key: 'address', takesValue: true, valueName: 'address', description: 'containerd address, optionally with "unix://" prefix [$CONTAINERD_ADDRESS] (default "/run/containerd/containerd.sock")' },
  { long: '--host', short: '-H', key: 'address', takesValue: true, valueName: 'address', description: 'Alias of --address' },
  { long: '--namespace', short: '-n', key: 'namespace', takesValue: true, valueName: 'namespace', description: 'containerd namespace [$CONTAINERD_NAMESPACE] (default "default")' },
  { long: '--snapshotter', key: 'snapshotter', takesValue: true, valueName: 'snapshotter', description: 'containerd snapshotter [$CONTAINERD_SNAPSHOTTER] (default "overlayfs")' },
  { long: '--data-root', key: 'dataRoot', takesValue: true, valueName: 'dir', description: 'Root directory of tsctl\'s persistent state (default "/var/lib/tsctl")' },
  { long: '--cni-path', key: 'cniPath', takesValue: true, valueName: 'dirs', description: 'Colon-separated directories of CNI plugin binaries [$CNI_PATH] (default "/opt/cni/bin:/usr/lib/cni:/usr/libexec/cni")' },
  { long: '--cni-netconfpath', key: 'cniNetconfpath', takesValue: true, valueName: 'dir', description: 'CNI network config directory [$NETCONFPATH] (default "/etc/cni/net.d")' },
  { long: '--insecure-registry', key: 'insecureRegistry', takesValue: true, repeatable: true, valueName: 'host', description: 'Registry host allowed over plain HTTP or unverified TLS (repeatable)' },
  { long: '--buildkit-host', key: 'buildkitHost', takesValue: true, valueName: 'address', description: 'BuildKit address [$BUILDKIT_HOST]' },
  { long: '--debug', key: 'debug', takesValue: false, description: 'Debug mode: verbose logs and stack traces' },
];

/** What the normaliser needs to know about a (sub)command path. */
export interface CommandShape {
  /** Is `path` a known command or group? */
  exists(path: string[]): boolean;
  /** Flags the command at `path` defines itself (long and short spellings) and whether each takes a value. */
  ownFlags(path: string[]): Map<string, boolean>;
  passThrough(path: string[]): boolean;
  /** Is `path` a group whose own flags may stand before the verb (moved after it)? */
  beforeVerb?(path: string[]): boolean;
  /** The long spelling of a group flag (`-f` → `--file`): moved after the verb, it must not meet the verb's `-f`. */
  longName?(path: string[], name: string): string;
}

function findGlobal(name: string): GlobalFlagDef | undefined {
  return GLOBAL_FLAGS.find((g) => g.long === name || g.short === name);
}

/** Returns argv with global flags moved in front of the command path. */
export function hoistGlobalFlags(argv: string[], shape: CommandShape): string[] {
  const globals: string[] = [];
  const rest: string[] = [];
  const path: string[] = [];
  // A group's flags given before the verb wait here until the verb is known.
  let deferred: string[] = [];
  let inPath = true;
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i] ?? '';
    if (tok === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (tok.startsWith('-') && tok !== '-') {
      const eq = tok.indexOf('=');
      const name = eq > 0 ? tok.slice(0, eq) : tok;
      const own = path.length > 0 ? shape.ownFlags(path) : new Map<string, boolean>();
      const g = own.has(name) ? undefined : findGlobal(name);
      const isBool = g ? !g.takesValue : own.get(name) === false;
      if (isBool && eq > 0) {
        // pflag accepts --flag=true|false (and -q=true) on booleans; commander does not.
        const value = tok.slice(eq + 1).toLowerCase();
        const target = g ? globals : rest;
        if (['true', '1', 't'].includes(value)) target.push(name);
        else if (['false', '0', 'f'].includes(value)) {
          if (name.startsWith('--') && own.has(`--no-${name.slice(2)}`)) target.push(`--no-${name.slice(2)}`);
        } else target.push(tok);
        continue;
      }
      if (g) {
        globals.push(tok);
        if (g.takesValue && eq < 0 && i + 1 < argv.length) globals.push(argv[++i] ?? '');
        continue;
      }
      const defer = inPath && own.has(name) && shape.beforeVerb?.(path) === true;
      const target = defer ? deferred : rest;
      const long = defer && !name.startsWith('--') ? (shape.longName?.(path, name) ?? name) : name;
      target.push(long === name ? tok : `${long}${eq > 0 ? tok.slice(eq) : ''}`);
      if (own.get(name) === true && eq < 0 && i + 1 < argv.length) target.push(argv[++i] ?? '');
      continue;
    }
    if (inPath && shape.exists([...path, tok])) {
      path.push(tok);
      rest.push(tok, ...deferred);
      deferred = [];
      continue;
    }
    inPath = false;
    rest.push(tok);
    if (shape.passThrough(path)) {
      rest.push(...argv.slice(i + 1));
      break;
    }
  }
  return [...globals, ...rest, ...deferred];
}
