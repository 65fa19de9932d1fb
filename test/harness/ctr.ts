/**
 * `ctr` (containerd's own client) as an independent observer: harness checks, assertions and clean-up only —
 * never a substitute for exercising tsctl.
 */
import { rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { RUNC_ROOT } from './procs';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `ctr --address <address> [-n ns] args...` (argv array, no shell, output kept exact, never throws on exit codes). */
export async function ctr(address: string, args: string[], opts: { namespace?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  const ns = opts.namespace === undefined ? [] : ['--namespace', opts.namespace];
  const r = await execa('ctr', ['--address', address, ...ns, ...args], {
    reject: false,
    timeout: opts.timeoutMs ?? 60_000,
    stdin: 'ignore',
    stripFinalNewline: false,
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const lines = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** `ctr ... -q` style listing; throws when ctr fails (clean-up must not silently do nothing). */
export async function ctrList(address: string, args: string[], namespace?: string): Promise<string[]> {
  const r = await ctr(address, [...args, '-q'], namespace === undefined ? {} : { namespace });
  if (r.exitCode !== 0) throw new Error(`ctr ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return lines(r.stdout);
}

/** Snapshots of the default snapshotter (`ctr snapshots ls` has no -q: KEY PARENT KIND table). */
async function snapshots(address: string, ns: string): Promise<{ key: string; parent: string }[]> {
  const r = await ctr(address, ['snapshots', 'ls'], { namespace: ns });
  if (r.exitCode !== 0) throw new Error(`ctr snapshots ls failed: ${r.stderr.trim()}`);
  return lines(r.stdout)
    .slice(1)
    .map((l) => l.split(/\s+/))
    .map(([key = '', a = '', b = '']) => ({ key, parent: b === '' ? '' : a }));
}

/**
 * Empties and removes a containerd namespace: kills and deletes tasks, removes containers, images, leases,
 * snapshots (leaves first, repeatedly) and content, then the namespace and its cgroup. Throws if it survives.
 */
export async function removeNamespace(address: string, ns: string): Promise<void> {
  const existing = await ctrList(address, ['namespaces', 'ls']);
  if (!existing.includes(ns)) return;
  const inNs = (args: string[]): Promise<RunResult> => ctr(address, args, { namespace: ns });
  for (const task of await ctrList(address, ['tasks', 'ls'], ns)) {
    await inNs(['tasks', 'kill', '--all', '--signal', 'SIGKILL', task]);
    await inNs(['tasks', 'delete', '--force', task]);
  }
  for (const c of await ctrList(address, ['containers', 'ls'], ns)) await inNs(['containers', 'delete', c]);
  const images = await ctrList(address, ['images', 'ls'], ns);
  if (images.length > 0) await inNs(['images', 'rm', '--sync', ...images]);
  const leases = await ctrList(address, ['leases', 'ls'], ns);
  if (leases.length > 0) await inNs(['leases', 'rm', ...leases]);
  for (let round = 0; round < 50; round++) {
    const snaps = await snapshots(address, ns);
    if (snaps.length === 0) break;
    const parents = new Set(snaps.map((s) => s.parent));
    const leaves = snaps.filter((s) => !parents.has(s.key)).map((s) => s.key);
    await inNs(['snapshots', 'rm', ...leaves]);
  }
  const content = await ctrList(address, ['content', 'ls'], ns);
  if (content.length > 0) await inNs(['content', 'rm', ...content]);
  const r = await ctr(address, ['namespaces', 'remove', '--cgroup', ns]);
  if (r.exitCode !== 0) throw new Error(`could not remove containerd namespace ${ns}: ${r.stderr.trim()}`);
  // NOTE: the runc shim leaves an empty per-namespace state dir under containerd's default runc root.
  await rmdir(join(RUNC_ROOT, ns)).catch(() => undefined);
}
