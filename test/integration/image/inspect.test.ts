/**
 * `tsctl image inspect` against the harness (image pulled with `ctr images pull` as fixture set-up): Docker's JSON
 * shape and values checked against the config and manifest ctr reads from containerd, templates, exit codes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessCtr, loadHarness, tsctl, withNamespace } from '../../harness/env';

interface Inspect {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created: string;
  Config: { Env: string[]; Cmd: string[]; Entrypoint: null; Labels: null; Hostname: string };
  Architecture: string;
  Os: string;
  Size: number;
  GraphDriver: { Data: null; Name: string };
  RootFS: { Type: string; Layers: string[] };
  Metadata: { LastTagTime: string };
  Descriptor: { digest: string; mediaType: string; size: number };
}

test('image inspect: Docker-shaped object matching containerd\'s config, templates, errors', async (t) => {
  const ns = withNamespace(t, 'img-inspect');
  const h = loadHarness();
  const ref = h.images.busybox;
  const repo = ref.replace(/:latest$/, '');
  const pull = await harnessCtr(['images', 'pull', '--plain-http', ref], ns);
  assert.equal(pull.exitCode, 0, pull.stderr);
  const manifest = JSON.parse((await harnessCtr(['content', 'get', h.imageDigests.busybox], ns)).stdout) as { config: { digest: string } };
  const id = manifest.config.digest;
  const config = JSON.parse((await harnessCtr(['content', 'get', id], ns)).stdout) as { architecture: string; rootfs: { diff_ids: string[] }; config: { Env: string[]; Cmd: string[] } };
  const run = (...a: string[]) => tsctl(['--namespace', ns, 'image', 'inspect', ...a]);

  const r = await run(ref);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^\[\n {4}\{\n {8}"Id": "sha256:/);
  const [img] = JSON.parse(r.stdout) as Inspect[];
  assert.ok(img);
  assert.deepEqual(Object.keys(img), [
    'Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Os', 'Size',
    'GraphDriver', 'RootFS', 'Metadata', 'Descriptor',
  ]);
  assert.equal(img.Id, id);
  assert.deepEqual(img.RepoTags, [ref]);
  assert.deepEqual(img.RepoDigests, [`${repo}@${h.imageDigests.busybox}`]);
  assert.equal(img.Created, '2024-01-01T00:00:00Z');
  assert.deepEqual(img.Config.Env, config.config.Env);
  assert.deepEqual(img.Config.Cmd, config.config.Cmd);
  assert.equal(img.Config.Entrypoint, null);
  assert.equal(img.Config.Hostname, '');
  assert.equal(img.Architecture, config.architecture);
  assert.equal(img.Os, 'linux');
  assert.ok(img.Size > 0);
  assert.deepEqual(img.GraphDriver, { Data: null, Name: 'overlayfs' });
  assert.deepEqual(img.RootFS, { Type: 'layers', Layers: config.rootfs.diff_ids });
  assert.match(img.Metadata.LastTagTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(img.Descriptor.digest, h.imageDigests.busybox);

  // By ID prefix and full ID: the same object.
  assert.equal((await run(id.slice(7, 19))).stdout, r.stdout);
  assert.equal((await run(id)).stdout, r.stdout);

  const f = await run('-f', '{{.Id}} {{.Os}}/{{.Architecture}} {{index .RepoTags 0}} {{.Config.Entrypoint}} [{{.Variant}}]', ref);
  assert.equal(f.stdout, `${id} linux/${config.architecture} ${ref} [] []\n`);
  assert.equal((await run('--format', '{{json .RootFS}}', ref)).stdout, `{"Type":"layers","Layers":${JSON.stringify(config.rootfs.diff_ids)}}\n`);
  const compact = await run('-f', 'json', ref, ref);
  assert.equal(compact.stdout.split('\n').length, 2);
  assert.equal((JSON.parse(compact.stdout) as Inspect[]).length, 2);

  // Found ones are printed, the missing one reported after; exit 1.
  const some = await run(ref, 'nope:1');
  assert.equal(some.exitCode, 1);
  assert.equal((JSON.parse(some.stdout) as Inspect[]).length, 1);
  assert.equal(some.stderr, 'Error response from daemon: No such image: nope:1\n');
  const none = await run('nope');
  assert.deepEqual([none.exitCode, none.stdout, none.stderr], [1, '[]\n', 'Error response from daemon: No such image: nope:latest\n']);

  // A template that does not parse: exit 64 before any lookup; one that fails at run time: exit 1.
  const parse = await run('-f', '{{.Id', ref);
  assert.equal(parse.exitCode, 64);
  assert.equal(parse.stdout, '');
  assert.match(parse.stderr, /^template parsing error: template: :1: /);
  const exec = await run('-f', '{{.Nope}}', ref);
  assert.equal(exec.exitCode, 1);
  assert.equal(exec.stdout, '\n');
  assert.equal(exec.stderr, 'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n');
});
