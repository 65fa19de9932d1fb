/**
 * Builds the harness's test image and pushes it to the harness registry.
 *
 * The image is a single deterministic gzip layer: Debian's static /bin/busybox, one symlink per applet (from
 * `busybox --list`), /etc/passwd + /etc/group (root, nobody, app uid 1000) and a few directories. Entries are
 * sorted and carry fixed mtimes/owners, so the digests are stable for a given busybox binary. The result is
 * written as an OCI image layout and pushed with plain Distribution API calls (POST upload + monolithic PUT,
 * then PUT manifest) — no tool of ours is involved, so tests of `tsctl pull` start from an independent source.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

const BUSYBOX = '/bin/busybox';
const FIXED_TIME = new Date('2024-01-01T00:00:00Z');
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface BuiltImage {
  /** OCI image layout directory holding the image (tag in index.json annotation). */
  layoutDir: string;
  manifestDigest: string;
  configDigest: string;
  layerDigest: string;
  manifest: Buffer;
}

export interface Blob {
  digest: string;
  bytes: Buffer;
}

type TarEntry = { name: string; mode: number; uid?: number; gid?: number } & (
  | { type: 'directory' }
  | { type: 'file'; data: Buffer }
  | { type: 'symlink'; linkname: string }
);

export const blob = (bytes: Buffer): Blob => ({ digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes });

/** OCI architecture for this Node process (x64 → amd64). */
export function ociArch(): string {
  const map: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', ppc64: 'ppc64le' };
  return map[process.arch] ?? process.arch;
}

async function tarOf(entries: TarEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of sorted) {
    const header = { name: e.name, mode: e.mode, uid: e.uid ?? 0, gid: e.gid ?? 0, uname: '', gname: '', mtime: FIXED_TIME };
    if (e.type === 'file') pack.entry({ ...header, type: 'file', size: e.data.length }, e.data);
    else if (e.type === 'symlink') pack.entry({ ...header, type: 'symlink', linkname: e.linkname });
    else pack.entry({ ...header, type: 'directory' });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

async function rootfsEntries(): Promise<TarEntry[]> {
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'busybox' && !s.includes('/'));
  const dirs = ['bin', 'etc', 'root', 'usr', 'usr/bin', 'usr/sbin', 'sbin', 'var', 'home', 'dev', 'proc', 'sys'];
  const text = (s: string): Buffer => Buffer.from(s, 'utf8');
  return [
    ...dirs.map((name): TarEntry => ({ name: `${name}/`, type: 'directory', mode: name === 'root' ? 0o700 : 0o755 })),
    { name: 'tmp/', type: 'directory', mode: 0o1777 },
    { name: 'home/app/', type: 'directory', mode: 0o755, uid: 1000, gid: 1000 },
    { name: 'bin/busybox', type: 'file', mode: 0o755, data: await readFile(BUSYBOX) },
    ...applets.map((a): TarEntry => ({ name: `bin/${a}`, type: 'symlink', mode: 0o777, linkname: 'busybox' })),
    {
      name: 'etc/passwd',
      type: 'file',
      mode: 0o644,
      data: text('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\napp:x:1000:1000:app:/home/app:/bin/sh\n'),
    },
    { name: 'etc/group', type: 'file', mode: 0o644, data: text('root:x:0:\nnogroup:x:65534:\napp:x:1000:\n') },
  ];
}

/** Builds the busybox test image as an OCI layout under `dir` (tag `latest`). */
export async function buildBusyboxImage(dir: string): Promise<BuiltImage> {
  const tar = await tarOf(await rootfsEntries());
  const diffId = blob(tar).digest;
  const layer = blob(gzipSync(tar, { level: 6 }));
  const created = FIXED_TIME.toISOString();
  const config = blob(
    Buffer.from(
      JSON.stringify({
        created,
        architecture: ociArch(),
        os: 'linux',
        config: { Env: [PATH_ENV], Cmd: ['sh'] },
        rootfs: { type: 'layers', diff_ids: [diffId] },
        history: [{ created, created_by: 'tsctl test harness: busybox-static rootfs' }],
      }),
    ),
  );
  const manifestJson = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.bytes.length },
    layers: [{ mediaType: OCI_LAYER_GZIP, digest: layer.digest, size: layer.bytes.length }],
  };
  const manifest = blob(Buffer.from(JSON.stringify(manifestJson)));

  const blobsDir = join(dir, 'blobs', 'sha256');
  await mkdir(blobsDir, { recursive: true });
  for (const b of [layer, config, manifest]) await writeFile(join(blobsDir, b.digest.slice('sha256:'.length)), b.bytes);
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const index = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      {
        mediaType: OCI_MANIFEST,
        digest: manifest.digest,
        size: manifest.bytes.length,
        annotations: { 'org.opencontainers.image.ref.name': 'latest' },
        platform: { architecture: ociArch(), os: 'linux' },
      },
    ],
  };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  return { layoutDir: dir, manifestDigest: manifest.digest, configDigest: config.digest, layerDigest: layer.digest, manifest: manifest.bytes };
}

export async function expectStatus(res: Response, want: number, what: string): Promise<void> {
  if (res.status !== want) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
}

export async function pushBlob(base: string, repo: string, b: Blob): Promise<void> {
  const head = await fetch(`${base}/v2/${repo}/blobs/${b.digest}`, { method: 'HEAD' });
  if (head.status === 200) return;
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  await expectStatus(start, 202, `start upload of ${b.digest}`);
  const location = start.headers.get('location');
  if (location === null) throw new Error('registry gave no upload Location');
  const url = new URL(location, base);
  url.searchParams.set('digest', b.digest);
  const put = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(b.bytes.length) },
    body: b.bytes,
  });
  await expectStatus(put, 201, `upload of ${b.digest}`);
}

/** Pushes the image in `img` to `http://<registryHost>/<repo>:<tag>`; returns the manifest digest. */
export async function pushImage(img: BuiltImage, registryHost: string, repo: string, tag: string): Promise<string> {
  const base = `http://${registryHost}`;
  const read = async (digest: string): Promise<Blob> =>
    blob(await readFile(join(img.layoutDir, 'blobs', 'sha256', digest.slice('sha256:'.length))));
  for (const d of [img.layerDigest, img.configDigest]) await pushBlob(base, repo, await read(d));
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': OCI_MANIFEST },
    body: img.manifest,
  });
  await expectStatus(res, 201, `push manifest ${repo}:${tag}`);
  const digest = res.headers.get('docker-content-digest');
  if (digest !== img.manifestDigest) throw new Error(`registry stored manifest ${digest}, expected ${img.manifestDigest}`);
  return digest;
}
