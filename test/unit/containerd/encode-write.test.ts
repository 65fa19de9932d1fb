import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWrite } from '../../../src/containerd/content';
import { WriteAction, WriteContentRequest } from '../../../src/containerd/gen/containerd/services/content/v1/content';

test('encodeWrite gathers pieces into a WRITE request the generated decoder reads back', () => {
  const pieces = [Buffer.from('hello '), new Uint8Array([1, 2, 3]), Buffer.alloc(300, 7)];
  const size = pieces.reduce((n, p) => n + p.length, 0);
  const msg = encodeWrite('layer-sha256:abc', 5_000_000_000, pieces, size);
  const back = WriteContentRequest.decode(msg);
  assert.equal(back.action, WriteAction.WRITE);
  assert.equal(back.ref, 'layer-sha256:abc');
  assert.equal(back.offset, 5_000_000_000n);
  assert.equal(back.total, 0n);
  assert.deepEqual(Buffer.from(back.data), Buffer.concat(pieces));
  // Same bytes as the generated encoder would produce.
  const ref = WriteContentRequest.encode({ action: WriteAction.WRITE, ref: 'layer-sha256:abc', offset: 5_000_000_000n, total: 0n, expected: '', data: Buffer.concat(pieces), labels: {} }).finish();
  assert.deepEqual(msg, Buffer.from(ref));
});

test('encodeWrite: lengths that need multi-byte varints, and an empty first offset', () => {
  for (const size of [0, 127, 128, 16_383, 16_384, 1 << 20]) {
    const msg = encodeWrite('r', 0, [Buffer.alloc(size, 1)], size);
    const back = WriteContentRequest.decode(msg);
    assert.equal(back.data.length, size);
    assert.equal(back.offset, 0n);
  }
});
