/**
 * Registries for the image benchmark: pushing an OCI layout with plain Distribution API calls (the harness's own
 * helpers: HEAD, POST upload + monolithic PUT, PUT manifest), and throw-away Distribution registries with empty
 * storage, used as push targets that hold none of the image's blobs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expectStatus, pushBlob, OCI_MANIFEST } from '../../test/harness/image';
import { stopPid } from '../../test/harness/procs';
import { freePort, httpStatusIs, pollUntil } from '../../test/harness/wait';
import { readBlob, type BigImage } from './big-image';

/** Pushes the layout's image to `http://<host>/<repo>:<tag>`; returns the manifest digest. */
export async function pushLayout(img: BigImage, host: string, repo: string, tag: string): Promise<string> {
  const base = `http://${host}`;
  for (const d of [...img.layers.map((l) => l.digest), img.configDigest]) await pushBlob(base, repo, await readBlob(img.layoutDir, d));
  const manifest = await readBlob(img.layoutDir, img.manifestDigest);
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': OCI_MANIFEST }, body: manifest.bytes });
  await expectStatus(res, 201, `push manifest ${repo}:${tag}`);
  const digest = res.headers.get('docker-content-digest');
  if (digest !== img.manifestDigest) throw new Error(`registry stored manifest ${digest}, expected ${img.manifestDigest}`);
  return digest;
}

export interface ScratchRegistry {
  host: string;
  dir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts Debian's docker-registry on a free 127.0.0.1 port with empty storage in `dir` (removed by stop()). */
export async function startScratchRegistry(dir: string): Promise<ScratchRegistry> {
  mkdirSync(dir, { recursive: true });
  const host = `127.0.0.1:${await freePort()}`;
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    ['version: 0.1', 'log:\n  level: warn', `storage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}`, `http:\n  addr: ${host}`, ''].join('\n'),
  );
  const fd = openSync(join(dir, 'registry.log'), 'a');
  const child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.on('error', () => undefined);
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) await stopPid(child.pid, config, 5000);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await pollUntil(`scratch registry on ${host}`, () => httpStatusIs(`http://${host}/v2/`, 200), {
      timeoutMs: 20_000,
      abort: () => (child.exitCode !== null ? `docker-registry exited with ${child.exitCode} (see ${dir}/registry.log)` : undefined),
    });
  } catch (e) {
    // Keep `dir` (its registry.log says why); it lives under the benchmark's harness dir, removed at the end.
    if (child.pid !== undefined) await stopPid(child.pid, config, 5000).catch(() => undefined);
    throw e;
  }
  return { host, dir, child, stop };
}
