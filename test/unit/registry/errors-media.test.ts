import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RegistryAuthError,
  RegistryNotFoundError,
  RegistryRequestError,
  RegistryResponseError,
  goMethod,
  networkError,
  ociErrorText,
  parseOciErrors,
  responseError,
} from '../../../src/registry/errors';
import { MediaType, detectManifestType, isIndex, isLayer, isManifest, isNonDistributable, isSchema1, layerCompression } from '../../../src/oci/media-types';
import { backoffMs, retryAfterMs } from '../../../src/registry/transport';
import { appendQuery } from '../../../src/registry/upload';
import { nextLink } from '../../../src/registry/client';
import { NotFoundError, PermissionDeniedError } from '../../../src/errors/index';

const body = (code: string, message: string): string => JSON.stringify({ errors: [{ code, message, detail: { x: 1 } }] });

test('OCI error bodies print as distribution errcode does', () => {
  assert.equal(ociErrorText(parseOciErrors(body('MANIFEST_UNKNOWN', 'manifest unknown'))), 'manifest unknown: manifest unknown');
  assert.equal(ociErrorText(parseOciErrors(body('NAME_UNKNOWN', 'repository name not known to registry'))), 'name unknown: repository name not known to registry');
  assert.deepEqual(parseOciErrors('not json'), []);
  assert.deepEqual(parseOciErrors('{"details":"incorrect username or password"}'), [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }]);
  assert.equal(goMethod('HEAD'), 'Head');
});

test('status mapping', () => {
  const nf = responseError('GET', 'http://r/v2/x/manifests/nope', 404, body('MANIFEST_UNKNOWN', 'manifest unknown'), () => 'manifest for r/x:nope not found');
  assert.ok(nf instanceof RegistryNotFoundError && nf instanceof NotFoundError);
  assert.equal(nf.message, 'manifest for r/x:nope not found: manifest unknown: manifest unknown');
  assert.deepEqual(nf.info.ociCodes, ['MANIFEST_UNKNOWN']);
  const un = responseError('GET', 'u', 401, body('UNAUTHORIZED', 'authentication required'));
  assert.ok(un instanceof RegistryAuthError && un instanceof PermissionDeniedError);
  assert.equal(un.message, 'unauthorized: authentication required');
  assert.equal(responseError('GET', 'u', 401, '').message, 'unauthorized: authentication required');
  assert.equal(responseError('GET', 'u', 403, '').message, 'denied: requested access to the resource is denied');
  assert.equal(responseError('GET', 'u', 403, body('DENIED', 'requested access to the resource is denied')).message, 'denied: requested access to the resource is denied');
  const tmr = responseError('GET', 'u', 429, body('TOOMANYREQUESTS', 'You have reached your pull rate limit.'));
  assert.ok(tmr instanceof RegistryResponseError);
  assert.equal(tmr.message, 'toomanyrequests: You have reached your pull rate limit.');
  assert.equal(responseError('GET', 'u', 429, '').message, 'toomanyrequests: too many requests');
  assert.ok(responseError('PUT', 'u', 400, body('MANIFEST_INVALID', 'manifest invalid')) instanceof RegistryRequestError);
  assert.equal(responseError('GET', 'http://r/v2/', 503, '').message, 'unexpected status from GET request to http://r/v2/: 503 Service Unavailable');
});

test('socket failures read like Go net/http errors', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  assert.equal(networkError('GET', 'http://127.0.0.1:1/v2/', refused).message, 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused');
  const dns = Object.assign(new Error('getaddrinfo ENOTFOUND nope.invalid'), { code: 'ENOTFOUND' });
  assert.equal(networkError('HEAD', 'https://nope.invalid/v2/', dns).message, 'Head "https://nope.invalid/v2/": dial tcp: lookup nope.invalid: no such host');
  const tls = Object.assign(new Error('wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
  assert.equal(networkError('GET', 'https://h:5000/v2/', tls).message, 'Get "https://h:5000/v2/": http: server gave HTTP response to HTTPS client');
  const selfSigned = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  assert.match(networkError('GET', 'https://h/v2/', selfSigned).message, /^Get "https:\/\/h\/v2\/": tls: failed to verify certificate: x509: certificate signed by unknown authority$/);
  const wrapped = Object.assign(new Error('fetch failed'), { code: 'UND_ERR_SOCKET', cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
  assert.equal(networkError('GET', 'http://h:80/x', wrapped).errno, 'ECONNRESET');
  assert.ok(!networkError('GET', 'http://h/x', refused).message.includes('\n'));
});

test('media types', () => {
  assert.ok(isIndex(MediaType.ociIndex) && isIndex(MediaType.dockerManifestList));
  assert.ok(isManifest(`${MediaType.dockerManifest}; charset=utf-8`));
  assert.ok(!isManifest(MediaType.ociIndex));
  for (const l of [MediaType.ociLayer, MediaType.ociLayerGzip, MediaType.ociLayerZstd, MediaType.dockerLayerGzip, MediaType.dockerLayerForeign]) assert.ok(isLayer(l), l);
  assert.ok(!isLayer(MediaType.ociConfig));
  assert.equal(layerCompression(MediaType.dockerLayerGzip), 'gzip');
  assert.equal(layerCompression(MediaType.ociLayerZstd), 'zstd');
  assert.equal(layerCompression(MediaType.ociLayer), 'none');
  assert.ok(isNonDistributable(MediaType.dockerLayerForeign));
  assert.ok(isSchema1(MediaType.dockerSchema1Signed));
  assert.equal(detectManifestType(Buffer.from('{"schemaVersion":2,"manifests":[]}')), MediaType.ociIndex);
  assert.equal(detectManifestType(Buffer.from('{"schemaVersion":2,"config":{},"layers":[]}')), MediaType.ociManifest);
  assert.equal(detectManifestType(Buffer.from(`{"mediaType":"${MediaType.dockerManifest}"}`)), MediaType.dockerManifest);
  assert.equal(detectManifestType(Buffer.from('nope')), undefined);
});

test('Retry-After, back-off, upload locations, Link pagination', () => {
  assert.equal(retryAfterMs('3'), 3000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
  assert.equal(retryAfterMs('soon'), undefined);
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  for (let i = 0; i < 20; i++) {
    const d = backoffMs(policy, 3);
    assert.ok(d >= 300 && d <= 500, String(d));
    assert.ok(backoffMs(policy, 10) <= 1250);
  }
  assert.equal(backoffMs(policy, 1, 5000), 5000);
  assert.equal(appendQuery('http://h/v2/x/blobs/uploads/u1?_state=a%3D%3D', 'digest', 'sha256:ab'), 'http://h/v2/x/blobs/uploads/u1?_state=a%3D%3D&digest=sha256%3Aab');
  assert.equal(appendQuery('http://h/up', 'digest', 'sha256:ab'), 'http://h/up?digest=sha256%3Aab');
  assert.equal(nextLink('</v2/x/tags/list?last=b&n=2>; rel="next"'), '/v2/x/tags/list?last=b&n=2');
  assert.equal(nextLink('<a>; rel="prev", <b>; rel="next"'), 'b');
  assert.equal(nextLink(undefined), undefined);
});
