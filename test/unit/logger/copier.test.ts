import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonFileCopier, type EntrySink } from '../../../src/logger/copier';

test('container output becomes json-file entries per stream, stamped when cut', () => {
  const written: string[] = [];
  let flushes = 0;
  const sink: EntrySink = { write: (e) => written.push(Buffer.from(e).toString('utf8')), flush: () => void flushes++ };
  let n = 0;
  const c = new JsonFileCopier(sink, () => `2024-01-01T00:00:0${n++}Z`, 8);
  c.push('stdout', Buffer.from('out 1\nout'));
  c.push('stderr', Buffer.from('err <1>\n'));
  c.push('stdout', Buffer.from(' 2 and more\n'));
  c.end('stdout');
  c.push('stderr', Buffer.from('tail'));
  c.end('stderr');
  assert.deepEqual(written.map((l) => JSON.parse(l) as unknown), [
    { log: 'out 1\n', stream: 'stdout', time: '2024-01-01T00:00:00Z' },
    { log: 'err <1>\n', stream: 'stderr', time: '2024-01-01T00:00:01Z' },
    { log: 'out 2 an', stream: 'stdout', time: '2024-01-01T00:00:02Z' },
    { log: 'd more\n', stream: 'stdout', time: '2024-01-01T00:00:03Z' },
    { log: 'tail', stream: 'stderr', time: '2024-01-01T00:00:04Z' },
  ]);
  assert.ok(written[1]?.includes('err \\u003c1\\u003e\\n'));
  assert.equal(flushes, 6);
});

test('terminal mode (eager): a prompt without a newline is written at once as a partial entry', () => {
  const written: string[] = [];
  const sink: EntrySink = { write: (e) => written.push(Buffer.from(e).toString('utf8')), flush: () => undefined };
  const c = new JsonFileCopier(sink, () => 't', undefined, true);
  c.push('stdout', Buffer.from('line\r\n/ # '));
  c.push('stdout', Buffer.from('ls\r\n'));
  assert.deepEqual(written.map((l) => (JSON.parse(l) as { log: string }).log), ['line\r\n', '/ # ', 'ls\r\n']);
});

test('idle flush: a line without its newline is written as a partial entry once the stream is quiet', async () => {
  const written: string[] = [];
  const sink: EntrySink = { write: (e) => written.push(Buffer.from(e).toString('utf8')), flush: () => undefined };
  const c = new JsonFileCopier(sink, () => 't', undefined, false, 20);
  c.push('stdout', Buffer.from('a\nhal'));
  c.push('stdout', Buffer.from('f'));
  assert.deepEqual(written.map((l) => (JSON.parse(l) as { log: string }).log), ['a\n']);
  await new Promise((r) => setTimeout(r, 60));
  c.push('stdout', Buffer.from(' more\n'));
  c.end('stdout');
  assert.deepEqual(written.map((l) => (JSON.parse(l) as { log: string }).log), ['a\n', 'half', ' more\n']);
});
