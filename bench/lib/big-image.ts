/**
 * The image benchmark's test image: 4 gzip layers of roughly 70 MB compressed in total, made from files that are
 * already on the machine (shared libraries, CNI plugin executables, the repository's node_modules, locale and
 * documentation data), so nothing is downloaded to build it.
 *
 * Deterministic: every layer is a walk of its source directories in sorted order (lstat, symlinks kept as links,
 * hard-linked or repeated inodes taken once), entries with fixed mtime, uid/gid 0 and mode & 0o777, gzip level 6.
 * Files bigger than MAX_FILE are skipped so one binary cannot overshoot a layer. A layer takes files until their
 * compressed size (measured with a deflate stream sync-flushed after each file) reaches its share of the target.
 *
 * The candidate list of each layer (path, type, size, mtime, mode, link target; the walk stops at CANDIDATE_RAW
 * bytes) is hashed into the cache key: the built OCI layout is kept in /var/cache/tsctl-bench/image-<key>/ and
 * reused only when it is complete and every blob still matches its digest; otherwise it is rebuilt.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants as zc, createDeflateRaw, gzip as gzipCb } from 'node:zlib';
import { promisify } from 'node:util';
import tarStream from 'tar-stream';
import { blob, ociArch, OCI_CONFIG, OCI_INDEX, OCI_LAYER_GZIP, OCI_MANIFEST, type Blob } from '../../test/harness/image';

const gzip = promisify(gzipCb);

/** Bump when the layout of the generated image changes (invalidates the cache). */
const BUILDER_VERSION = 1;
const FIXED_TIME = new Date('2024-01-01T00:00:00Z');
const MAX_FILE = 12 * 1024 * 1024;
export const CACHE_ROOT = '/var/cache/tsctl-bench';

export interface LayerPlan {
  /** What the layer holds (history `created_by`). */
  what: string;
  /** [source directory on this machine, path inside the image]; missing directories are skipped. */
  sources: [string, string][];
}

const triplet = process.arch === 'arm64' ? 'aarch64-linux-gnu' : process.arch === 'x64' ? 'x86_64-linux-gnu' : `${process.arch}-linux-gnu`;

/** The four layers, each with fall-back sources for machines where the first one is small. */
export function defaultPlan(repoRoot: string): LayerPlan[] {
  const same = (...dirs: string[]): [string, string][] => dirs.map((d) => [d, d.slice(1)]);
  return [
    { what: 'shared libraries', sources: same(`/usr/lib/${triplet}`, '/usr/lib/gcc', '/usr/lib/python3', '/usr/lib') },
    { what: 'executables (CNI plugins, /usr/sbin, /usr/bin)', sources: same('/usr/lib/cni', '/opt/cni/bin', '/usr/sbin', '/usr/bin') },
    {
      what: 'JavaScript (node_modules)',
      sources: [[join(repoRoot, 'node_modules'), 'app/node_modules'], ...same('/usr/lib/node_modules', '/usr/local/lib/node_modules', '/usr/share/nodejs')],
    },
    { what: 'text and data (locales, docs)', sources: same('/usr/share/locale', '/usr/share/i18n', '/usr/share/doc', '/usr/share/man', '/usr/share/perl', '/usr/share/zoneinfo', '/usr/share') },
  ];
}

type Candidate =
  | { kind: 'dir'; name: string; mode: number }
  | { kind: 'file'; name: string; mode: number; size: number; mtimeMs: number; src: string }
  | { kind: 'symlink'; name: string; linkname: string };

interface Listing {
  plan: LayerPlan;
  candidates: Candidate[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted pre-order walk of the layer's sources, up to `rawLimit` bytes of regular files. */
async function listLayer(plan: LayerPlan, seen: Set<string>, rawLimit: number): Promise<Candidate[]> {
  const out: Candidate[] = [];
  let raw = 0;
  const walk = async (src: string, name: string): Promise<void> => {
    if (raw >= rawLimit) return;
    let st: Stats;
    try {
      st = await lstat(src);
    } catch {
      return;
    }
    const ino = `${st.dev}:${st.ino}`;
    if (seen.has(ino)) return;
    seen.add(ino);
    if (st.isDirectory()) {
      out.push({ kind: 'dir', name: `${name}/`, mode: st.mode & 0o777 });
      let names: string[];
      try {
        names = (await readdir(src)).sort(byName);
      } catch {
        return;
      }
      for (const n of names) await walk(join(src, n), `${name}/${n}`);
    } else if (st.isSymbolicLink()) {
      out.push({ kind: 'symlink', name, linkname: await readlink(src) });
    } else if (st.isFile() && st.size <= MAX_FILE) {
      out.push({ kind: 'file', name, mode: st.mode & 0o777, size: st.size, mtimeMs: st.mtimeMs, src });
      raw += st.size;
    }
  };
  for (const [src, name] of plan.sources) await walk(src, name);
  return out;
}

/** Picks candidates until their compressed size reaches `target` bytes; returns the entries and the estimate. */
async function select(candidates: Candidate[], target: number): Promise<{ entries: Candidate[]; estimate: number }> {
  const deflate = createDeflateRaw({ level: 6 });
  let compressed = 0;
  deflate.on('data', (c: Buffer) => (compressed += c.length));
  // After the flush callback, one macrotask turn lets every output chunk of that flush reach the counter.
  const flush = (): Promise<void> =>
    new Promise((resolve) => deflate.flush(zc.Z_SYNC_FLUSH, () => setImmediate(resolve)));
  const entries: Candidate[] = [];
  for (const c of candidates) {
    if (compressed >= target) break;
    if (c.kind === 'file') {
      try {
        for await (const chunk of createReadStream(c.src, { highWaterMark: 1 << 20 })) {
          if (!deflate.write(chunk as Buffer)) await new Promise((r) => deflate.once('drain', r));
        }
      } catch {
        continue; // vanished or unreadable since the walk: leave it out
      } finally {
        await flush();
      }
    }
    entries.push(c);
  }
  deflate.end();
  await new Promise((r) => deflate.once('end', r).resume());
  // Drop directories after the last file (they would only add empty dirs).
  let last = entries.length;
  while (last > 0 && entries[last - 1]?.kind === 'dir') last--;
  return { entries: entries.slice(0, last), estimate: compressed };
}

async function tarOf(entries: Candidate[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on('data', (c: unknown) => chunks.push(Buffer.from(c as Uint8Array)));
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const base = { uid: 0, gid: 0, uname: '', gname: '', mtime: FIXED_TIME };
  for (const e of entries) {
    if (e.kind === 'dir') pack.entry({ ...base, name: e.name, mode: e.mode, type: 'directory' });
    else if (e.kind === 'symlink') pack.entry({ ...base, name: e.name, mode: 0o777, type: 'symlink', linkname: e.linkname });
    else {
      const data = await readFile(e.src);
      // A file that changed size since the walk would corrupt the header: take what was listed.
      const exact = data.length === e.size ? data : Buffer.concat([data, Buffer.alloc(Math.max(0, e.size - data.length))]).subarray(0, e.size);
      pack.entry({ ...base, name: e.name, mode: e.mode, type: 'file', size: e.size }, exact);
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export interface BigImage {
  /** OCI image layout directory (tag `latest`). */
  layoutDir: string;
  manifestDigest: string;
  configDigest: string;
  layers: { digest: string; size: number; uncompressed: number; files: number; what: string }[];
  /** Sum of the compressed layer sizes. */
  compressedBytes: number;
  uncompressedBytes: number;
  cacheKey: string;
  fromCache: boolean;
  buildMs: number;
}

interface BuildRecord extends Omit<BigImage, 'layoutDir' | 'fromCache' | 'buildMs'> {
  blobs: string[];
}

const blobPath = (layout: string, digest: string): string => join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length));

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return `sha256:${h.digest('hex')}`;
}

/** The cached layout when complete and intact (every blob re-hashed), else undefined. */
async function loadCached(dir: string): Promise<BuildRecord | undefined> {
  try {
    const rec = JSON.parse(await readFile(join(dir, 'build.json'), 'utf8')) as BuildRecord;
    for (const d of rec.blobs) if ((await sha256File(blobPath(dir, d))) !== d) return undefined;
    return rec;
  } catch {
    return undefined;
  }
}

/**
 * Builds (or takes from the cache) the image as an OCI layout. `totalTarget` is the wanted sum of compressed
 * layer sizes in bytes. The returned layout lives in the cache, or in `fallbackDir` when the cache is not writable.
 */
export async function buildBigImage(opts: { repoRoot: string; fallbackDir: string; totalTarget?: number; log?: (s: string) => void }): Promise<BigImage> {
  const t0 = performance.now();
  const log = opts.log ?? (() => undefined);
  const target = opts.totalTarget ?? 70_000_000;
  const plans = defaultPlan(opts.repoRoot);
  const perLayer = Math.ceil(target / plans.length);
  const seen = new Set<string>();
  const listings: Listing[] = [];
  for (const plan of plans) listings.push({ plan, candidates: await listLayer(plan, seen, perLayer * 12) });

  const keyInput = JSON.stringify({ v: BUILDER_VERSION, arch: ociArch(), target, maxFile: MAX_FILE, listings: listings.map((l) => [l.plan, l.candidates]) });
  const cacheKey = createHash('sha256').update(keyInput).digest('hex').slice(0, 24);
  const cacheDir = join(CACHE_ROOT, `image-${cacheKey}`);
  const cached = await loadCached(cacheDir);
  if (cached) {
    const { blobs: _blobs, ...rec } = cached;
    return { ...rec, layoutDir: cacheDir, fromCache: true, buildMs: performance.now() - t0 };
  }

  log(`building the ${plans.length}-layer benchmark image (~${(target / 1e6).toFixed(0)} MB gzip) from local files; cache key ${cacheKey}`);
  const built = await Promise.all(
    listings.map(async (l) => {
      const { entries, estimate } = await select(l.candidates, perLayer);
      if (estimate < perLayer * 0.8) log(`warning: layer "${l.plan.what}" reaches only ${(estimate / 1e6).toFixed(1)} MB (sources exhausted)`);
      const tar = await tarOf(entries);
      const gz = blob(await gzip(tar, { level: 6 }));
      return { gz, diffId: blob(tar).digest, uncompressed: tar.length, files: entries.filter((e) => e.kind === 'file').length, what: l.plan.what };
    }),
  );
  const created = FIXED_TIME.toISOString();
  const config = blob(
    Buffer.from(
      JSON.stringify({
        created,
        architecture: ociArch(),
        os: 'linux',
        config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'], WorkingDir: '/app' },
        rootfs: { type: 'layers', diff_ids: built.map((b) => b.diffId) },
        history: built.map((b) => ({ created, created_by: `tsctl bench: ${b.what}` })),
      }),
    ),
  );
  const manifest = blob(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: OCI_CONFIG, digest: config.digest, size: config.bytes.length },
        layers: built.map((b) => ({ mediaType: OCI_LAYER_GZIP, digest: b.gz.digest, size: b.gz.bytes.length })),
      }),
    ),
  );
  const rec: BuildRecord = {
    manifestDigest: manifest.digest,
    configDigest: config.digest,
    layers: built.map((b) => ({ digest: b.gz.digest, size: b.gz.bytes.length, uncompressed: b.uncompressed, files: b.files, what: b.what })),
    compressedBytes: built.reduce((n, b) => n + b.gz.bytes.length, 0),
    uncompressedBytes: built.reduce((n, b) => n + b.uncompressed, 0),
    cacheKey,
    blobs: [...built.map((b) => b.gz.digest), config.digest, manifest.digest],
  };
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
  const write = async (dir: string): Promise<void> => {
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    const blobs: Blob[] = [...built.map((b) => b.gz), config, manifest];
    for (const b of blobs) await writeFile(blobPath(dir, b.digest), b.bytes);
    await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await writeFile(join(dir, 'index.json'), JSON.stringify(index));
    await writeFile(join(dir, 'build.json'), `${JSON.stringify(rec, null, 2)}\n`);
  };
  const { blobs: _blobs, ...result } = rec;
  const tmp = `${cacheDir}.tmp-${process.pid}`;
  try {
    await write(tmp);
    await rm(cacheDir, { recursive: true, force: true });
    await rename(tmp, cacheDir);
    return { ...result, layoutDir: cacheDir, fromCache: false, buildMs: performance.now() - t0 };
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    log(`cannot cache in ${CACHE_ROOT} (${e instanceof Error ? e.message : String(e)}): using ${opts.fallbackDir}`);
    await write(opts.fallbackDir);
    return { ...result, layoutDir: opts.fallbackDir, fromCache: false, buildMs: performance.now() - t0 };
  }
}

/** Reads one blob of the layout. */
export async function readBlob(layoutDir: string, digest: string): Promise<Blob> {
  return blob(await readFile(blobPath(layoutDir, digest)));
}
