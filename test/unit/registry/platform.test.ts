import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatPlatform,
  hostPlatform,
  matchPlatform,
  matchingManifests,
  normalizePlatform,
  parsePlatform,
  pickManifest,
  platformVector,
} from '../../../src/registry/platform';
import type { Descriptor, Platform } from '../../../src/oci/media-types';
import { InvalidArgumentError } from '../../../src/errors/index';

const amd64Host = hostPlatform('x64');
const p = (s: string): Platform => parsePlatform(s, amd64Host);

test('host platform from process.arch values', () => {
  assert.deepEqual(hostPlatform('x64'), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(hostPlatform('arm64'), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(hostPlatform('arm', 'linux', 6), { os: 'linux', architecture: 'arm', variant: 'v6' });
  assert.deepEqual(hostPlatform('arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
  assert.deepEqual(hostPlatform('ia32'), { os: 'linux', architecture: '386' });
});

test('parse and normalise --platform values', () => {
  assert.equal(formatPlatform(p('linux/amd64')), 'linux/amd64');
  assert.equal(formatPlatform(p('linux/x86_64')), 'linux/amd64');
  assert.equal(formatPlatform(p('linux/arm64/v8')), 'linux/arm64');
  assert.equal(formatPlatform(p('linux/aarch64')), 'linux/arm64');
  assert.equal(formatPlatform(p('linux/arm64/v8.2')), 'linux/arm64/v8.2');
  assert.equal(formatPlatform(p('linux/arm/v7')), 'linux/arm/v7');
  assert.equal(formatPlatform(p('linux/arm')), 'linux/arm/v7');
  assert.equal(formatPlatform(p('linux/armhf')), 'linux/arm/v7');
  assert.equal(formatPlatform(p('linux/armel')), 'linux/arm/v6');
  assert.equal(formatPlatform(p('linux/i386')), 'linux/386');
  assert.equal(formatPlatform(p('amd64')), 'linux/amd64');
  assert.equal(formatPlatform(p('arm64')), 'linux/arm64');
  assert.equal(formatPlatform(p('linux')), 'linux/amd64');
  assert.equal(formatPlatform(p('LINUX/AMD64')), 'linux/amd64');
  assert.equal(formatPlatform(p('macos/arm64')), 'darwin/arm64');
  assert.equal(formatPlatform(parsePlatform('linux', hostPlatform('arm64'))), 'linux/arm64');
});

test('invalid platforms', () => {
  assert.throws(() => p('foo'), { message: '"foo": unknown operating system or architecture: invalid argument' });
  assert.throws(() => p('linux/*'), InvalidArgumentError);
  assert.throws(() => p('linux/amd64/v2/x'), /cannot parse platform specifier/);
  assert.throws(() => p('linux/am d64'), /invalid component/);
  assert.throws(() => p(''), InvalidArgumentError);
});

test('normalisation makes equivalent spellings equal', () => {
  assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'aarch64', variant: 'v8' }), { os: 'linux', architecture: 'arm64' });
  assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'amd64', variant: 'v1' }), { os: 'linux', architecture: 'amd64' });
  assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'arm' }), { os: 'linux', architecture: 'arm', variant: 'v7' });
});

test('platform vectors follow containerd ordering', () => {
  const fmt = (s: string): string[] => platformVector(p(s)).map(formatPlatform);
  assert.deepEqual(fmt('linux/arm/v7'), ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
  assert.deepEqual(fmt('linux/arm/v5'), ['linux/arm/v5']);
  assert.deepEqual(fmt('linux/arm64'), ['linux/arm64', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
  assert.deepEqual(fmt('linux/arm64/v8.2'), ['linux/arm64/v8.2', 'linux/arm64/v8.1', 'linux/arm64', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5']);
  assert.deepEqual(fmt('linux/arm64/v9.1').slice(0, 4), ['linux/arm64/v9.1', 'linux/arm64/v9', 'linux/arm64/v8.6', 'linux/arm64/v8.5']);
  assert.deepEqual(fmt('linux/amd64'), ['linux/amd64', 'linux/386']);
  assert.deepEqual(fmt('linux/amd64/v3'), ['linux/amd64/v3', 'linux/amd64/v2', 'linux/amd64', 'linux/386']);
});

test('matchPlatform: exact, compatible older, never newer', () => {
  assert.ok(matchPlatform(p('linux/amd64'), { os: 'linux', architecture: 'amd64' }));
  assert.ok(matchPlatform(p('linux/amd64'), { os: 'linux', architecture: 'x86_64' }));
  assert.ok(matchPlatform(p('linux/arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8' }));
  assert.ok(matchPlatform(p('linux/arm64/v8'), { os: 'linux', architecture: 'arm64' }));
  assert.ok(matchPlatform(p('linux/arm/v7'), { os: 'linux', architecture: 'arm', variant: 'v6' }));
  assert.ok(!matchPlatform(p('linux/arm/v6'), { os: 'linux', architecture: 'arm', variant: 'v7' }));
  assert.ok(!matchPlatform(p('linux/arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8.1' }));
  assert.ok(!matchPlatform(p('linux/amd64'), { os: 'linux', architecture: 'arm64' }));
  assert.ok(!matchPlatform(p('linux/amd64'), { os: 'windows', architecture: 'amd64' }));
  assert.ok(!matchPlatform(p('linux/amd64'), { os: 'unknown', architecture: 'unknown' }));
});

const desc = (digest: string, platform?: Platform): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 1,
  ...(platform !== undefined ? { platform } : {}),
});

test('pickManifest prefers the exact variant, then compatible ones, skips attestations', () => {
  const index = {
    manifests: [
      desc('att', { os: 'unknown', architecture: 'unknown' }),
      desc('v5', { os: 'linux', architecture: 'arm', variant: 'v5' }),
      desc('v6', { os: 'linux', architecture: 'arm', variant: 'v6' }),
      desc('amd', { os: 'linux', architecture: 'amd64' }),
      desc('v7', { os: 'linux', architecture: 'arm', variant: 'v7' }),
      desc('arm64', { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    ],
  };
  assert.equal(pickManifest(index, p('linux/arm/v7'))?.digest, 'v7');
  assert.equal(pickManifest(index, p('linux/arm/v6'))?.digest, 'v6');
  assert.equal(pickManifest(index, p('linux/arm64'))?.digest, 'arm64');
  assert.equal(pickManifest(index, p('linux/amd64'))?.digest, 'amd');
  assert.deepEqual(matchingManifests(index, p('linux/arm/v7')).map((d) => d.digest), ['v7', 'v6', 'v5']);
  const armOnly = { manifests: index.manifests.filter((d) => d.digest.startsWith('v')) };
  assert.equal(pickManifest(armOnly, p('linux/arm64'))?.digest, 'v7');
  assert.equal(pickManifest({ manifests: [desc('amd', { os: 'linux', architecture: 'amd64' })] }, p('linux/s390x')), undefined);
});

test('entries without a platform are accepted after platform matches', () => {
  const index = { manifests: [desc('none'), desc('amd', { os: 'linux', architecture: 'amd64' })] };
  assert.deepEqual(matchingManifests(index, p('linux/amd64')).map((d) => d.digest), ['amd', 'none']);
  assert.equal(pickManifest({ manifests: [desc('none')] }, p('linux/arm64'))?.digest, 'none');
});
