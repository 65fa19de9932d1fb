/**
 * Harness self-test: proves the daemons the integration suite runs against are real and wired as described in
 * harness.json (containerd answers, runs the test image with runc on overlayfs; the registry serves the pushed
 * manifest; buildkitd has the chosen worker and can build FROM the registry and push back). No tsctl involved.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { ctrList, removeNamespace } from '../harness/ctr';
import { harnessCtr, loadHarness, uniqueName, withNamespace } from '../harness/env';
import { OCI_INDEX, OCI_MANIFEST } from '../harness/image';

const h = loadHarness();
const ACCEPT = [OCI_MANIFEST, OCI_INDEX, 'application/vnd.docker.distribution.manifest.v2+json'].join(', ');

const buildctl = (args: string[]) =>
  execa('buildctl', ['--addr', h.buildkitHost, ...args], { reject: false, timeout: 180_000, stdin: 'ignore' });

test('containerd answers on the harness socket', async () => {
  const r = await harnessCtr(['version']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /Server:\s*\n\s*Version:\s+1\.\d+/);
});

test('registry serves the pushed busybox manifest', async () => {
  const url = `http://${h.registryHost}/v2/tsctl-test/busybox/manifests/latest`;
  const head = await fetch(url, { method: 'HEAD', headers: { accept: ACCEPT } });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('docker-content-digest'), h.imageDigests.busybox);
  const get = await fetch(url, { headers: { accept: ACCEPT } });
  assert.equal(get.status, 200);
  assert.equal(get.headers.get('content-type'), OCI_MANIFEST);
  const body = Buffer.from(await get.arrayBuffer());
  assert.equal(`sha256:${createHash('sha256').update(body).digest('hex')}`, h.imageDigests.busybox);
});

test('containerd pulls the test image and runs it with runc on overlayfs', async (t) => {
  const ns = withNamespace(t, 'harness');
  const pull = await harnessCtr(['images', 'pull', '--plain-http', h.images.busybox], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const id = uniqueName('harness-run');
  const run = await harnessCtr(
    ['run', '--rm', '--snapshotter', 'overlayfs', h.images.busybox, id, 'sh', '-c', 'echo hello from $(id -un); grep ^app: /etc/passwd'],
    ns,
  );
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout.replace(/\r/g, ''), 'hello from root\napp:x:1000:1000:app:/home/app:/bin/sh\n');
});

test('buildkitd answers with the chosen worker', async () => {
  const r = await buildctl(['debug', 'workers', '--verbose']);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^ID:\s+\S+/m);
  assert.match(r.stdout, new RegExp(`org\\.mobyproject\\.buildkit\\.worker\\.executor:\\s+${h.buildkitWorker}`));
  if (h.buildkitWorker === 'containerd') {
    assert.match(r.stdout, new RegExp(`worker\\.containerd\\.namespace:\\s+${h.buildkitNamespace}\\b`));
  }
});

test('buildkitd builds FROM the harness registry and pushes back over HTTP', async (t) => {
  const ctx = await mkdtemp(join(tmpdir(), 'tsctl-harness-build-'));
  const tag = uniqueName('build');
  const ref = `${h.registryHost}/tsctl-test/built:${tag}`;
  t.after(async () => {
    await rm(ctx, { recursive: true, force: true });
    if (h.buildkitWorker === 'containerd') await harnessCtr(['images', 'rm', ref], h.buildkitNamespace);
  });
  await writeFile(join(ctx, 'Dockerfile'), `FROM ${h.images.busybox}\nRUN echo built > /built && cat /built\n`);
  const r = await buildctl([
    'build', '--progress=plain', '--frontend', 'dockerfile.v0', '--local', `context=${ctx}`, '--local', `dockerfile=${ctx}`,
    '--output', `type=image,name=${ref},push=true,registry.insecure=true`,
  ]);
  assert.equal(r.exitCode, 0, r.stderr);
  const head = await fetch(`http://${h.registryHost}/v2/tsctl-test/built/manifests/${tag}`, { method: 'HEAD', headers: { accept: ACCEPT } });
  assert.equal(head.status, 200);
});

test('removeNamespace (the clean-up helper) empties and removes a namespace with a running task', async () => {
  const ns = uniqueName('harness-rm');
  assert.equal((await harnessCtr(['images', 'pull', '--plain-http', h.images.busybox], ns)).exitCode, 0);
  const run = await harnessCtr(['run', '-d', h.images.busybox, uniqueName('sleeper'), 'sleep', '600'], ns);
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal((await harnessCtr(['containers', 'create', h.images.busybox, uniqueName('created')], ns)).exitCode, 0);
  await removeNamespace(h.containerdAddress, ns);
  assert.ok(!(await ctrList(h.containerdAddress, ['namespaces', 'ls'])).includes(ns));
});
