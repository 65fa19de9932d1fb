/**
 * `login` / `logout`: check credentials against the registry (GET /v2/ with the token dance), then store them in
 * Docker's config.json (or its credential helper); logout erases them. Docker Hub is keyed as
 * https://index.docker.io/v1/ like Docker.
 */
import type { Credentials } from '../../registry/credentials';

export interface LoginDeps {
  /** Verifies `creds` against `host`; throws the registry's error when refused. */
  check: (host: string, creds: Credentials) => Promise<void>;
  store: (host: string, creds: Credentials) => Promise<void>;
  erase: (host: string) => Promise<boolean>;
}

/** Docker's server argument: none = Docker Hub; a URL keeps only its host. */
export function loginHost(server: string | undefined): string {
  if (!server) return 'docker.io';
  const h = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return h === 'index.docker.io' || h === 'registry-1.docker.io' ? 'docker.io' : h;
}

export async function login(deps: LoginDeps, host: string, creds: Credentials): Promise<void> {
  await deps.check(host, creds);
  await deps.store(host, creds);
}

export function logout(deps: LoginDeps, host: string): Promise<boolean> {
  return deps.erase(host);
}
