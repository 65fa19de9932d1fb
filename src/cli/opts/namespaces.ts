/** `--pid` and `--ipc` (moby's PidMode/IpcMode validation): the host's namespace, another container's, or private. */
import { daemonError } from './common';

export interface NamespaceMode {
  mode: 'private' | 'host' | 'container';
  /** The container reference of `container:<ref>`. */
  container?: string;
}

export function parseNamespaceMode(kind: 'pid' | 'ipc', value: string | undefined): NamespaceMode {
  const v = value ?? '';
  const valid = kind === 'pid' ? ['', 'host'] : ['', 'host', 'none', 'private', 'shareable'];
  if (valid.includes(v)) return { mode: v === 'host' ? 'host' : 'private' };
  if (v.startsWith('container:') && v.length > 'container:'.length) return { mode: 'container', container: v.slice('container:'.length) };
  throw daemonError(`invalid ${kind === 'pid' ? 'PID' : 'IPC'} mode: ${v}`);
}
