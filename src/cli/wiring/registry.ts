/**
 * A RegistryClient configured from this invocation's settings: insecure hosts (--insecure-registry), containerd's
 * and Docker's certificate directories, and credentials from Docker's config.json (DOCKER_CONFIG or ~/.docker).
 */
import os from 'node:os';
import type { CliContext } from '../context';
import { RegistryClient } from '../../registry/client';
import { credentialsProvider, dockerConfigDir, type CredentialStoreOptions } from '../../registry/credentials';
import { VERSION } from '../meta';

export const CERTS_DIRS = ['/etc/containerd/certs.d', '/etc/docker/certs.d'];

export function credentialStore(ctx: CliContext): CredentialStoreOptions {
  return { configDir: dockerConfigDir(ctx.env, os.homedir()), env: ctx.env };
}

export function registryClient(ctx: CliContext): RegistryClient {
  return new RegistryClient({
    insecureHosts: ctx.settings.insecureRegistries,
    certsDir: CERTS_DIRS,
    credentials: credentialsProvider(credentialStore(ctx)),
    userAgent: `tsctl/${VERSION}`,
  });
}
