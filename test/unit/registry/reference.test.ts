import { test } from 'node:test';
import assert from 'node:assert/strict';
import { familiarName, parseCanonical, parseNormalizedNamed, parseReference } from '../../../src/registry/reference';
import { digestProblem, parseDigest, sha256Of } from '../../../src/registry/digest';
import { InvalidArgumentError } from '../../../src/errors/index';

const D = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';

test('familiar names normalise as Docker does', () => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['index.docker.io/busybox', 'docker.io/library/busybox:latest'],
    ['index.docker.io/library/debian', 'docker.io/library/debian:latest'],
    ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp:latest'],
    ['docker.io/library/foo/bar', 'docker.io/library/foo/bar:latest'],
    ['127.0.0.1:5000/docker/docker', '127.0.0.1:5000/docker/docker:latest'],
    ['localhost/foo', 'localhost/foo:latest'],
    ['localhost:5000/foo:v1', 'localhost:5000/foo:v1'],
    ['example.com/private/moonbase', 'example.com/private/moonbase:latest'],
    ['test_com/foo', 'docker.io/test_com/foo:latest'],
    ['test-com:8080/foo', 'test-com:8080/foo:latest'],
    ['xn--n3h.com:18080/foo', 'xn--n3h.com:18080/foo:latest'],
    ['[fc00::1]:5000/docker/docker', '[fc00::1]:5000/docker/docker:latest'],
    ['Foo/bar', 'Foo/bar:latest'],
    ['192.168.0.1', 'docker.io/library/192.168.0.1:latest'],
    ['docker---rules/docker', 'docker.io/docker---rules/docker:latest'],
    ['dock__er/docker', 'docker.io/dock__er/docker:latest'],
  ];
  for (const [input, want] of cases) assert.equal(parseReference(input).toString(), want, input);
});

test('domain and path split', () => {
  const r = parseReference('test.com:8080/foo/bar:tag');
  assert.equal(r.domain, 'test.com:8080');
  assert.equal(r.path, 'foo/bar');
  assert.equal(r.tag, 'tag');
  assert.equal(r.digest, undefined);
  assert.equal(r.name, 'test.com:8080/foo/bar');
  assert.equal(parseReference('foo').path, 'library/foo');
});

test('digests: repo@sha256 and repo:tag@sha256 keep what was given', () => {
  const byDigest = parseReference(`redis@${D}`);
  assert.equal(byDigest.toString(), `docker.io/library/redis@${D}`);
  assert.equal(byDigest.tag, undefined);
  assert.equal(byDigest.object, D);
  const both = parseReference(`busybox:latest@${D}`);
  assert.equal(both.toString(), `docker.io/library/busybox:latest@${D}`);
  assert.equal(both.familiarName(), `busybox:latest@${D}`);
  assert.equal(both.dockerRef().toString(), `docker.io/library/busybox@${D}`);
  assert.equal(both.object, D);
});

test('familiar forms', () => {
  assert.equal(familiarName('docker.io/library/busybox:latest'), 'busybox:latest');
  assert.equal(familiarName('docker.io/dmcgowan/myapp:1'), 'dmcgowan/myapp:1');
  assert.equal(familiarName('docker.io/library/foo/bar:latest'), 'library/foo/bar:latest');
  assert.equal(familiarName('127.0.0.1:8000/private/moonbase:x'), '127.0.0.1:8000/private/moonbase:x');
  assert.equal(parseReference('ubuntu').familiarRepository(), 'ubuntu');
  assert.equal(parseReference('example.com/privatebase').familiarRepository(), 'example.com/privatebase');
  assert.equal(parseReference('ubuntu', { defaultTag: false }).toString(), 'docker.io/library/ubuntu');
});

test('uppercase repository names give Docker\'s lowercase error', () => {
  assert.throws(() => parseReference('Foo'), { message: 'invalid reference format: repository name (library/Foo) must be lowercase' });
  assert.throws(() => parseReference('docker/Docker'), { message: 'invalid reference format: repository name (docker/Docker) must be lowercase' });
  assert.throws(() => parseReference('docker.io/docker/Docker:tag'), { message: 'invalid reference format: repository name (docker/Docker) must be lowercase' });
  assert.throws(() => parseReference('Foo'), InvalidArgumentError);
});

test('invalid references give "invalid reference format"', () => {
  const bad = [
    'https://github.com/docker/docker',
    '-docker',
    '-docker/docker',
    'docker///docker',
    'docker.io/docker///docker',
    '[fc00::1]',
    '[fc00::1]:5000',
    'fc00::1:5000/debian',
    '[fe80::1%eth0]:5000/debian',
    'docker-/docker',
    '____/____',
    '_docker/_docker',
    'dock..er/docker',
    'dock_.er/docker',
    'docker/',
    '',
    'busybox:',
    'busybox:-tag',
    'busybox@sha256:abc',
    'a:b:c',
  ];
  for (const s of bad) {
    assert.throws(() => parseReference(s), (e: unknown) => e instanceof InvalidArgumentError && e.message.startsWith('invalid reference format'), s);
  }
});

test('64-hex names and too-long names', () => {
  const hex = '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a';
  assert.throws(() => parseReference(hex), { message: `invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings` });
  assert.equal(parseReference(`docker.io/${hex}`).toString(), `docker.io/library/${hex}:latest`);
  assert.equal(parseReference(hex.slice(0, 63)).path, `library/${hex.slice(0, 63)}`);
  const long = `${'a'.repeat(256)}/docker`;
  assert.throws(() => parseReference(long), { message: 'repository name must not be more than 255 characters' });
});

test('tag grammar: 128 characters max, word characters, dots and dashes', () => {
  assert.equal(parseReference(`x:${'a'.repeat(128)}`).tag?.length, 128);
  assert.throws(() => parseReference(`x:${'a'.repeat(129)}`), InvalidArgumentError);
  assert.equal(parseReference('x:V1.2_3-rc').tag, 'V1.2_3-rc');
  assert.throws(() => parseReference('x').withTag('.bad'), { message: 'invalid tag format: ".bad"' });
});

test('digest algorithms other than sha256 are rejected clearly', () => {
  const sha512 = `sha512:${'a'.repeat(128)}`;
  assert.throws(() => parseReference(`busybox@${sha512}`), { message: 'invalid reference format: unsupported digest algorithm: sha512 (tsctl supports sha256 only)' });
  assert.throws(() => parseReference(`busybox@sha256:${'a'.repeat(40)}`), { message: 'invalid reference format: invalid checksum digest length' });
  assert.throws(() => parseReference(`busybox@sha256:${'A'.repeat(64)}`), /invalid checksum digest format/);
  assert.throws(() => parseReference(`busybox@md5:${'a'.repeat(32)}`), /unsupported digest algorithm: md5/);
});

test('parseDigest / digestProblem', () => {
  assert.equal(parseDigest(D), D);
  assert.equal(digestProblem(D), undefined);
  assert.equal(digestProblem('sha256:xyz'), 'invalid checksum digest format');
  assert.equal(digestProblem('nocolon'), 'invalid checksum digest format');
  assert.equal(digestProblem(`sha256:${'0'.repeat(63)}`), 'invalid checksum digest length');
  assert.throws(() => parseDigest('sha1:abc'), InvalidArgumentError);
  assert.equal(sha256Of(''), 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('parseCanonical does not normalise; parseNormalizedNamed adds no tag', () => {
  assert.equal(parseCanonical('127.0.0.1:5000/a/b:1').toString(), '127.0.0.1:5000/a/b:1');
  assert.equal(parseNormalizedNamed('busybox').toString(), 'docker.io/library/busybox');
  assert.equal(parseReference('busybox').repository().toString(), 'docker.io/library/busybox');
  assert.equal(parseReference('busybox').withDigest(D).toString(), `docker.io/library/busybox@${D}`);
});
