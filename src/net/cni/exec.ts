/**
 * Running one CNI plugin binary (CNI spec 1.0.0, "Execution protocol"): the plugin is looked up in the configured
 * directories, started with the CNI_* environment and its network configuration on stdin; a non-zero exit prints
 * an error object ({code, msg, details}) on stdout, which becomes a CniError carrying the plugin's message.
 */
import { spawn } from 'node:child_process';
import { findExecutable } from '../../util/proc';
import { TsctlError } from '../../errors/index';

/** Where plugin binaries are searched after the configured directories (nerdctl's and Debian's locations). */
export const FALLBACK_PLUGIN_DIRS = ['/opt/cni/bin', '/usr/lib/cni', '/usr/libexec/cni'];

export type CniCommand = 'ADD' | 'DEL' | 'CHECK' | 'VERSION';

/** A CNI plugin failed, or could not be found. `pluginCode` is the spec's error code (0 when not from a plugin). */
export class CniError extends TsctlError {
  constructor(message: string, readonly plugin: string, readonly pluginCode = 0, readonly details = '') {
    super('INTERNAL', message, 1);
  }
}

/** The configured directories followed by the fallbacks, without duplicates. */
export function pluginSearchDirs(dirs: readonly string[]): string[] {
  return [...new Set([...dirs, ...FALLBACK_PLUGIN_DIRS].map((d) => d.replace(/\/+$/, '') || '/'))];
}

export async function findPlugin(type: string, dirs: readonly string[]): Promise<string> {
  const search = pluginSearchDirs(dirs);
  if (!/^[A-Za-z0-9._-]+$/.test(type)) throw new CniError(`invalid CNI plugin type ${JSON.stringify(type)}`, type);
  const path = await findExecutable(type, search);
  if (path === undefined) throw new CniError(`failed to find CNI plugin "${type}" in path [${search.join(' ')}]`, type);
  return path;
}

export interface PluginInvocation {
  command: CniCommand;
  containerId: string;
  netns: string;
  ifName: string;
  /** CNI_ARGS pairs (`IgnoreUnknown=1;K8S_POD_NAME=x`). */
  args: [string, string][];
  /** Directories for CNI_PATH (plugins that delegate, like IPAM, are found there). */
  dirs: readonly string[];
  signal?: AbortSignal | undefined;
  /** Kill the plugin after this long (default 2 minutes): a hung plugin must not hold the CNI lock forever. */
  timeoutMs?: number | undefined;
}

/** Runs the plugin `type` with `conf` on stdin; resolves to its parsed stdout (an empty object when it printed nothing). */
export async function execPlugin(type: string, conf: Record<string, unknown>, inv: PluginInvocation): Promise<Record<string, unknown>> {
  const path = await findPlugin(type, inv.dirs);
  const env: NodeJS.ProcessEnv = {
    // Plugins run iptables, ip and the like: keep a PATH that has them.
    PATH: process.env.PATH || '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    CNI_COMMAND: inv.command,
    CNI_CONTAINERID: inv.containerId,
    CNI_NETNS: inv.netns,
    CNI_IFNAME: inv.ifName,
    CNI_ARGS: inv.args.map(([k, v]) => `${k}=${v}`).join(';'),
    CNI_PATH: pluginSearchDirs(inv.dirs).join(':'),
  };
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(path, [], { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: inv.timeoutMs ?? 120_000, killSignal: 'SIGKILL', ...(inv.signal ? { signal: inv.signal } : {}) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // a plugin that exits without reading stdin
    child.on('close', (c, sig) =>
      resolve({
        code: c ?? (sig ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') || (sig === 'SIGKILL' ? `killed after ${(inv.timeoutMs ?? 120_000) / 1000} s` : ''),
      }),
    );
    child.stdin.end(JSON.stringify(conf));
  });
  const what = inv.command.toLowerCase();
  if (code !== 0) {
    let parsed: { code?: unknown; msg?: unknown; details?: unknown } = {};
    try {
      parsed = JSON.parse(stdout) as typeof parsed;
    } catch {
      // not an error object: fall back to stderr / stdout text
    }
    const msg = typeof parsed.msg === 'string' && parsed.msg !== '' ? parsed.msg : (stderr.trim() || stdout.trim() || `exit status ${code}`);
    const details = typeof parsed.details === 'string' ? parsed.details : '';
    const full = details && !msg.includes(details) ? `${msg}: ${details}` : msg;
    throw new CniError(`plugin type="${type}" failed (${what}): ${full}`, type, typeof parsed.code === 'number' ? parsed.code : 0, details);
  }
  if (stdout.trim() === '') return {};
  try {
    const v = JSON.parse(stdout) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // below
  }
  throw new CniError(`plugin type="${type}" failed (${what}): unparsable result: ${stdout.trim().slice(0, 200)}`, type);
}
