/**
 * Finding buildkitd: --buildkit-host / $BUILDKIT_HOST, else the usual sockets
 * (/run/buildkit-<namespace>/buildkitd.sock, then /run/buildkit/buildkitd.sock), first that accepts a connection.
 */
import { connect } from 'node:net';

export function buildkitCandidates(explicit: string | undefined, namespace: string): string[] {
  if (explicit) return [explicit];
  return [`unix:///run/buildkit-${namespace}/buildkitd.sock`, 'unix:///run/buildkit/buildkitd.sock'];
}

/** Resolves when a unix socket accepts a connection; rejects with the reason otherwise. */
export function probeUnixSocket(address: string, timeoutMs = 1000): Promise<void> {
  const path = address.replace(/^unix:\/\//, '');
  return new Promise((resolve, reject) => {
    if (!address.startsWith('unix://') && !address.startsWith('/')) {
      reject(new Error(`cannot probe non-unix address ${address}`));
      return;
    }
    const sock = connect({ path });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('timed out'));
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve();
    });
    sock.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export interface BuildkitProbe {
  host: string | undefined;
  available: boolean;
  error: string | undefined;
}

/** The first candidate that answers; for a non-unix explicit host, reports it without probing. */
export async function discoverBuildkit(explicit: string | undefined, namespace: string): Promise<BuildkitProbe> {
  const candidates = buildkitCandidates(explicit, namespace);
  const errors: string[] = [];
  for (const c of candidates) {
    if (!c.startsWith('unix://')) return { host: c, available: true, error: undefined };
    try {
      await probeUnixSocket(c);
      return { host: c, available: true, error: undefined };
    } catch (e) {
      errors.push(`${c}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { host: undefined, available: false, error: `no buildkitd answers (${errors.join('; ')})` };
}
