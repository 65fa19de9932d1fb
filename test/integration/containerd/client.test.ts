import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { ContainerdClient } from '../../../src/containerd/client';
import { NotFoundError } from '../../../src/errors/index';
import { ctrList } from '../../harness/ctr';
import { harnessCtr, loadHarness, tsctl, uniqueName, withNamespace } from '../../harness/env';

function client(namespace: string): ContainerdClient {
  return new ContainerdClient({ address: loadHarness().containerdAddress, namespace });
}

async function* chunks(buf: Buffer, from: number, size = 300_000): AsyncGenerator<Buffer> {
  for (let i = from; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

test('content write (lockstep stream, under a lease) and read back; ctr sees the blob', async (t) => {
  const ns = withNamespace(t, 'content');
  const c = client(ns);
  t.after(() => c.close());
  const blob = randomBytes(3 * 1024 * 1024 + 123);
  const digest = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
  const written = await c.leases.with(async (lease) => {
    const r = await c.content.write({ ref: `test-${digest}`, expected: digest, total: blob.length, labels: { 'containerd.io/gc.root': 'test' } }, (off) => chunks(blob, off), { lease: lease.id });
    const leases = await ctrList(loadHarness().containerdAddress, ['leases', 'ls'], ns);
    assert.ok(leases.includes(lease.id), 'the lease is visible to ctr while held');
    return r;
  });
  assert.deepEqual(written, { digest, size: blob.length, existed: false });
  assert.deepEqual(await ctrList(loadHarness().containerdAddress, ['leases', 'ls'], ns), [], 'the lease is gone afterwards');
  const back = await c.content.readAll(digest);
  assert.ok(back.equals(blob));
  const info = await c.contentApi.info({ digest });
  assert.equal(info.info?.size, BigInt(blob.length));
  assert.equal(info.info?.labels['containerd.io/gc.root'], 'test');
  const ls = await harnessCtr(['content', 'ls', '-q'], ns);
  assert.ok(ls.stdout.includes(digest), ls.stdout);
  // Writing it again finds it and sends nothing.
  const again = await c.content.write({ ref: `test2-${digest}`, expected: digest, total: blob.length }, () => {
    throw new Error('source must not be read');
  });
  assert.equal(again.existed, true);
  // A range read.
  const parts: Buffer[] = [];
  for await (const b of c.content.read(digest, { offset: 10, size: 20 })) parts.push(b);
  const part = Buffer.concat(parts);
  assert.ok(part.equals(blob.subarray(10, 30)));
});

test('a wrong digest is refused by containerd and nothing is committed', async (t) => {
  const ns = withNamespace(t, 'baddigest');
  const c = client(ns);
  t.after(() => c.close());
  const blob = Buffer.from('hello world');
  const wrong = `sha256:${'0'.repeat(64)}`;
  await assert.rejects(c.content.write({ ref: 'bad', expected: wrong, total: blob.length }, (off) => chunks(blob, off)), (e: unknown) => e instanceof Error && /digest/i.test(e.message));
  await assert.rejects(c.contentApi.info({ digest: wrong }), NotFoundError);
  await c.contentApi.abort({ ref: 'bad' }).catch(() => undefined);
});

test('events subscribe delivers namespace events; cancelling ends the stream', async (t) => {
  const ns = uniqueName('events');
  const c = client('default');
  t.after(() => c.close());
  const abort = new AbortController();
  const stream = c.events.subscribe([`topic=="/namespaces/create"`], { signal: abort.signal });
  const first = stream.next();
  await new Promise((r) => setTimeout(r, 200)); // let the subscription reach the server before the event happens
  const created = await tsctl(['namespace', 'create', ns]);
  t.after(() => tsctl(['namespace', 'rm', ns]));
  assert.equal(created.exitCode, 0, created.stderr);
  const ev = await first;
  assert.equal(ev.done, false);
  assert.equal(ev.value?.topic, '/namespaces/create');
  assert.equal(ev.value?.event?.typeUrl, 'containerd.events.NamespaceCreate');
  abort.abort();
  await assert.rejects(stream.next(), /cancel/i);
});

test('deadlines and namespace metadata: a container list in a fresh namespace is empty, unknown container is NotFound', async (t) => {
  const ns = withNamespace(t, 'meta');
  const c = client(ns);
  t.after(() => c.close());
  assert.deepEqual(await c.containers.list(), []);
  await assert.rejects(c.containersApi.get({ id: 'nope' }, { timeoutMs: 5000 }), NotFoundError);
});
