/** `image inspect`: Docker's object (field order, omitempty, typed template view) and inspect output rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerImageInspect, rfc3339Nano, type ImageInspectInput } from '../../../src/compat/inspect-image';
import { renderImageInspect } from '../../../src/output/views/image';
import { parseTemplate } from '../../../src/output/gotemplate/index';
import { NotFoundError } from '../../../src/errors/index';

const ID = 'sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741';
const input: ImageInspectInput = {
  id: ID,
  repoTags: ['busybox:latest'],
  repoDigests: ['busybox@sha256:aaa'],
  config: {
    architecture: 'amd64',
    os: 'linux',
    created: '2024-01-01T00:00:00.120000000Z',
    config: { Env: ['PATH=/bin'], Cmd: ['sh', '-c', 'a && b'], Labels: { z: '1', a: '<2>' }, ExposedPorts: { '80/tcp': {} } },
    rootfs: { type: 'layers', diff_ids: ['sha256:d1'] },
    history: [{ created_by: 'x', comment: 'first' }, { created_by: 'y', comment: 'buildkit.dockerfile.v0' }],
  },
  size: 4261000,
  snapshotter: 'overlayfs',
  lastTagTime: new Date('2024-02-03T04:05:06.700Z'),
  descriptor: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:aaa', size: 400 },
};

test('rfc3339Nano formats like Go (fraction trimmed, UTC as Z)', () => {
  assert.equal(rfc3339Nano('2024-01-01T00:00:00Z'), '2024-01-01T00:00:00Z');
  assert.equal(rfc3339Nano('2024-01-01T00:00:00.120000000Z'), '2024-01-01T00:00:00.12Z');
  assert.equal(rfc3339Nano('2024-01-01T00:00:00.000+00:00'), '2024-01-01T00:00:00Z');
  assert.equal(rfc3339Nano('2024-01-01T00:00:00.1234567891+02:00'), '2024-01-01T00:00:00.123456789+02:00');
  assert.equal(rfc3339Nano('yesterday'), undefined);
});

test('JSON: Docker 28 field order, omitempty, nil slices as null, sorted maps', () => {
  const obj = JSON.parse(JSON.stringify(new DockerImageInspect(input))) as Record<string, unknown>;
  assert.deepEqual(Object.keys(obj), [
    'Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Os',
    'Size', 'GraphDriver', 'RootFS', 'Metadata', 'Descriptor',
  ]);
  assert.equal(obj.Comment, 'buildkit.dockerfile.v0');
  assert.equal(obj.Created, '2024-01-01T00:00:00.12Z');
  assert.deepEqual(obj.GraphDriver, { Data: null, Name: 'overlayfs' });
  assert.deepEqual(obj.RootFS, { Type: 'layers', Layers: ['sha256:d1'] });
  assert.deepEqual(obj.Metadata, { LastTagTime: '2024-02-03T04:05:06.7Z' });
  const cfg = obj.Config as Record<string, unknown>;
  assert.deepEqual(Object.keys(cfg), [
    'Hostname', 'Domainname', 'User', 'AttachStdin', 'AttachStdout', 'AttachStderr', 'ExposedPorts', 'Tty', 'OpenStdin', 'StdinOnce',
    'Env', 'Cmd', 'Image', 'Volumes', 'WorkingDir', 'Entrypoint', 'OnBuild', 'Labels',
  ]);
  assert.equal(cfg.Entrypoint, null);
  assert.equal(cfg.Volumes, null);
  assert.deepEqual(Object.keys(cfg.Labels as object), ['a', 'z']);
  const bare = JSON.parse(JSON.stringify(new DockerImageInspect({ ...input, config: { architecture: 'arm64', variant: 'v8', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } } })));
  assert.equal(bare.Created, undefined);
  assert.equal(bare.Variant, 'v8');
  assert.deepEqual(bare.RootFS, { Type: 'layers' });
  assert.equal(bare.Config.ExposedPorts, undefined);
  assert.equal(bare.Config.Cmd, null);
});

const ok = (i = input) => ({ ok: new DockerImageInspect(i) });
const missing = { error: new NotFoundError('Error response from daemon: No such image: nope:latest') };

test('renderImageInspect: indented array with Go escapes, compact json, empty results', () => {
  const { output, errors } = renderImageInspect([ok(), missing], undefined, undefined);
  assert.equal(errors.length, 1);
  assert.match(output, /^\[\n {4}\{\n {8}"Id": "sha256:3f57/);
  assert.ok(output.includes('"a \\u0026\\u0026 b"'), output); // json.Marshal escapes &, <, >
  assert.ok(output.includes('"a": "\\u003c2\\u003e"'), output);
  assert.ok(output.endsWith('}\n]\n'));
  const compact = renderImageInspect([ok()], 'json', undefined).output;
  assert.ok(compact.startsWith('[{"Id":"sha256:3f57') && compact.endsWith('}]\n') && !compact.includes('\n['), compact);
  assert.equal(renderImageInspect([missing], undefined, undefined).output, '[]\n');
  assert.equal(renderImageInspect([missing], 'json', undefined).output, '[]\n');
});

test('renderImageInspect templates: typed view first, then the JSON with missingkey=error', () => {
  type Results = Parameters<typeof renderImageInspect>[0];
  const run = (f: string, results: Results = [ok()]) => renderImageInspect(results, f, parseTemplate(f));
  assert.deepEqual(run('{{.Id}} {{.Os}}/{{.Architecture}}'), { output: `${ID} linux/amd64\n`, errors: [] });
  assert.equal(run('[{{.Variant}}]').output, '[]\n'); // omitempty field, still a struct field
  assert.equal(run('{{.Config.Entrypoint}} {{.Config.Volumes}} {{json .Config.Entrypoint}}').output, '[] map[] null\n');
  assert.equal(run('{{.Config.Labels.z}}|{{.Config.Labels.nope}}').output, '1|<no value>\n');
  assert.equal(run('{{index .RepoTags 0}} {{.Size}}').output, 'busybox:latest 4261000\n');
  const bad = run('{{.Nope}}', [ok(), missing, ok()]);
  assert.equal(bad.output, '\n');
  assert.deepEqual(bad.errors.map((e) => e.message), [
    'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"',
    'Error response from daemon: No such image: nope:latest',
    'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"',
  ]);
});
