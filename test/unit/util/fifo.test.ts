import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fifoReader, makeFifo, releaseFifoReader } from '../../../src/util/fifo';

test('releaseFifoReader completes a reader whose writer never came: it ends with EOF instead of blocking forever', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'tsctl-fifo-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'out');
  await makeFifo(path);
  const read = fifoReader(path).then(async (s) => {
    let n = 0;
    for await (const c of s) n += (c as Buffer).length;
    return n;
  });
  setTimeout(() => releaseFifoReader(path), 50);
  assert.equal(await read, 0);
  // On a FIFO nobody reads it is harmless, and a missing path is ignored.
  releaseFifoReader(path);
  releaseFifoReader(join(dir, 'missing'));
});
