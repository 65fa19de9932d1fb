/**
 * `tsctl save` against the real harness. The busybox fixture is put into a namespace with `ctr images pull`
 * until `tsctl pull` lands; everything saved is loaded back (by tsctl and by containerd's own importer) and run
 * with `ctr run` as proof that the archive is complete.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import tarStream from 'tar-stream';
import { TSCTL_BIN, harnessCtr, harnessEnv, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';
import { ociArch } from '../../harness/image';
import { rawTar, sha } from '../../unit/archive/fakes';

const h = loadHarness();
const ref = h.images.busybox;

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-save-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function pullFixture(ns: string): Promise<void> {
  const r = await harnessCtr(['images', 'pull', '--plain-http', ref], ns);
  assert.equal(r.exitCode, 0, r.stderr);
}

async function tarFiles(file: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const ex = tarStream.extract();
  const data = await readFile(file);
  const feeding = (async () => {
    ex.write(data);
    ex.end(null);
  })();
  for await (const e of ex) {
    const parts: Buffer[] = [];
    for await (const c of e) parts.push(c as Buffer);
    out.set(e.header.name, Buffer.concat(parts));
  }
  await feeding;
  return out;
}

const lines = (s: string): string[] => s.split('\n').map((l) => l.trim()).filter(Boolean);
const imagesIn = async (ns: string): Promise<string[]> => lines((await harnessCtr(['images', 'ls', '-q'], ns)).stdout);
const leasesIn = async (ns: string): Promise<string[]> => lines((await harnessCtr(['leases', 'ls', '-q'], ns)).stdout);

async function runsOk(ns: string, image: string): Promise<void> {
  const r = await harnessCtr(['run', '--rm', image, uniqueName('c'), 'echo', 'ok'], ns);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.stdout.replace(/\r/g, ''), 'ok\n');
}

test('save -o writes a Docker archive + OCI layout that loads back and runs', async (t) => {
  const ns = withNamespace(t, 'save-src');
  const ns2 = withNamespace(t, 'save-dst');
  const dir = await tempDir(t);
  await pullFixture(ns);
  const file = join(dir, 'busybox.tar');
  const s = await tsctl(['-n', ns, 'save', '-o', file, ref]);
  assert.equal(s.exitCode, 0, s.stderr);
  assert.equal(s.stdout, '');
  assert.deepEqual((await readdir(dir)).sort(), ['busybox.tar'], 'no temporary file left');

  const files = await tarFiles(file);
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as { Config: string; RepoTags: string[]; Layers: string[] }[];
  assert.equal(manifest.length, 1);
  assert.deepEqual(manifest[0]!.RepoTags, [ref]);
  for (const p of [manifest[0]!.Config, ...manifest[0]!.Layers]) assert.ok(files.has(p), `${p} is in the archive`);
  const index = JSON.parse(files.get('index.json')!.toString()) as { manifests: { digest: string; annotations: Record<string, string> }[] };
  assert.deepEqual(index.manifests.map((m) => [m.digest, m.annotations]), [
    [h.imageDigests.busybox, { 'io.containerd.image.name': ref, 'org.opencontainers.image.ref.name': 'latest' }],
  ]);
  assert.deepEqual(JSON.parse(files.get('oci-layout')!.toString()), { imageLayoutVersion: '1.0.0' });
  for (const [name, data] of files) if (/^blobs\/sha256\/[0-9a-f]{64}$/.test(name)) assert.equal(sha(data), `sha256:${name.slice(13)}`);
  // Deterministic: saving again gives the same bytes.
  const again = join(dir, 'again.tar');
  assert.equal((await tsctl(['-n', ns, 'save', '-o', again, ref])).exitCode, 0);
  assert.ok((await readFile(file)).equals(await readFile(again)));

  const l = await tsctl(['-n', ns2, 'load', '-i', file]);
  assert.equal(l.exitCode, 0, l.stderr);
  assert.equal(l.stdout, `Loaded image: ${ref}\n`);
  assert.deepEqual(await imagesIn(ns2), [ref]);
  const ls = await harnessCtr(['images', 'ls'], ns2);
  assert.match(ls.stdout, new RegExp(h.imageDigests.busybox), 'same manifest digest as the registry');
  assert.deepEqual(await leasesIn(ns2), []);
  await runsOk(ns2, ref);
});

test('save to stdout piped into load (plain and gzip), and ctr images import accepts the archive', async (t) => {
  const ns = withNamespace(t, 'pipe-src');
  const ns2 = withNamespace(t, 'pipe-dst');
  const ns3 = withNamespace(t, 'pipe-gz');
  const ns4 = withNamespace(t, 'ctr-import');
  const dir = await tempDir(t);
  await pullFixture(ns);
  const bin = `"${process.execPath}" "${TSCTL_BIN}"`;
  const env = { ...process.env, ...harnessEnv() };
  const sh = (cmd: string) => execa(`set -o pipefail; ${cmd}`, { shell: '/bin/bash', env, reject: false });
  const pipe = await sh(`${bin} -n ${ns} save ${ref} | ${bin} -n ${ns2} load`);
  assert.equal(pipe.exitCode, 0, pipe.stderr);
  assert.equal(pipe.stdout, `Loaded image: ${ref}`);
  await runsOk(ns2, ref);

  const gz = await sh(`${bin} -n ${ns} save ${ref} | gzip | ${bin} -n ${ns3} load -q`);
  assert.equal(gz.exitCode, 0, gz.stderr);
  assert.equal(gz.stdout, `Loaded image: ${ref}`, 'as in Docker, -q keeps the Loaded lines');
  assert.deepEqual(await imagesIn(ns3), [ref]);

  const file = join(dir, 'x.tar');
  const out = await sh(`${bin} -n ${ns} save ${ref} > ${file}`);
  assert.equal(out.exitCode, 0, out.stderr);
  const imp = await harnessCtr(['images', 'import', file], ns4);
  assert.equal(imp.exitCode, 0, imp.stderr);
  assert.deepEqual(await imagesIn(ns4), [ref]);
  await runsOk(ns4, ref);
});

/** A second, unrelated image: one layer with /hello, imported into `ns` with ctr from an OCI archive. */
async function importSecondImage(ns: string, dir: string, name: string): Promise<void> {
  const layer = await rawTar([{ name: 'hello', type: 'file', data: 'hello\n' }]);
  const config = Buffer.from(JSON.stringify({ architecture: ociArch(), os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(layer)] }, config: {} }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(layer), size: layer.length }],
    }),
  );
  const index = {
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest), size: manifest.length, annotations: { 'io.containerd.image.name': name } }],
  };
  const blob = (b: Buffer) => ({ name: `blobs/sha256/${sha(b).slice(7)}`, type: 'file' as const, data: b });
  const tar = await rawTar([
    { name: 'oci-layout', type: 'file', data: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', type: 'file', data: JSON.stringify(index) },
    blob(layer),
    blob(config),
    blob(manifest),
  ]);
  const file = join(dir, 'second.tar');
  await writeFile(file, tar);
  const r = await harnessCtr(['images', 'import', file], ns);
  assert.equal(r.exitCode, 0, r.stderr);
}

test('several images in one archive; shared blobs once; all names load', async (t) => {
  const ns = withNamespace(t, 'multi-src');
  const ns2 = withNamespace(t, 'multi-dst');
  const dir = await tempDir(t);
  await pullFixture(ns);
  const alias = `${h.registryHost}/tsctl-test/alias:v1`;
  const tag = await harnessCtr(['images', 'tag', ref, alias], ns);
  assert.equal(tag.exitCode, 0, tag.stderr);
  const second = 'docker.io/library/second:1';
  await importSecondImage(ns, dir, second);
  const file = join(dir, 'multi.tar');
  const s = await tsctl(['-n', ns, 'save', '-o', file, ref, 'second:1', alias]);
  assert.equal(s.exitCode, 0, s.stderr);
  const files = await tarFiles(file);
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as { RepoTags: string[] }[];
  assert.deepEqual(manifest.map((m) => m.RepoTags), [[ref, alias], ['second:1']]);
  const blobs = [...files.keys()].filter((n) => /^blobs\/sha256\/./.test(n));
  assert.equal(blobs.length, 3 + 3, 'busybox blobs once although saved under two names');

  const l = await tsctl(['-n', ns2, 'load', '-i', file]);
  assert.equal(l.exitCode, 0, l.stderr);
  assert.equal(l.stdout, `Loaded image: ${ref}\nLoaded image: second:1\nLoaded image: ${alias}\n`);
  assert.deepEqual((await imagesIn(ns2)).sort(), [alias, ref, second].sort());
  await runsOk(ns2, alias);
});

test('save errors: unknown image, terminal stdout, missing output directory', async (t) => {
  const ns = withNamespace(t, 'save-err');
  const dir = await tempDir(t);
  const missing = await tsctl(['-n', ns, 'save', '-o', join(dir, 'x.tar'), 'nope:1']);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr, 'Error response from daemon: No such image: nope:1\n');
  assert.deepEqual(await readdir(dir), [], 'no file for a failed save');
  const noDir = await tsctl(['-n', ns, 'save', '-o', join(dir, 'none', 'x.tar'), 'busybox']);
  assert.equal(noDir.exitCode, 1);
  assert.match(noDir.stderr, /invalid output path: directory ".*none" does not exist/);
  // `script` gives the command a pseudo-terminal as stdout.
  const tty = await execa('script', ['-qec', `"${process.execPath}" "${TSCTL_BIN}" -n ${ns} save busybox`, '/dev/null'], {
    env: { ...process.env, ...harnessEnv() },
    reject: false,
  });
  assert.equal(tty.exitCode, 1);
  assert.match(tty.stdout, /cowardly refusing to save to a terminal\. Use the -o flag or redirect/);
});
