import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { RotatingLogFile, rotatedNames } from '../../../src/logger/file';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsctl-logfile-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const entry = (i: number): Buffer => Buffer.from(`entry ${String(i).padStart(4, '0')}\n`); // 11 bytes

test('rotation names: file, file.1 … file.N-1', () => {
  assert.deepEqual(rotatedNames('/l/c.log', 1), ['/l/c.log']);
  assert.deepEqual(rotatedNames('/l/c.log', 3), ['/l/c.log', '/l/c.log.1', '/l/c.log.2']);
});

test('rotates before a write once the file has reached max-size; keeps max-file files (Docker rename chain)', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'sub', 'c.log');
  const f = new RotatingLogFile(path, { maxSize: 50, maxFile: 3 });
  for (let i = 0; i < 30; i++) {
    f.write(entry(i));
    if (i % 4 === 0) f.flush();
  }
  f.close();
  assert.equal(f.errors, 0);
  assert.ok(!existsSync(`${path}.3`));
  const files = [`${path}.2`, `${path}.1`, path].map((p) => readFileSync(p, 'latin1'));
  // each rotated file reached max-size with the entry that crossed it (5 entries = 55 bytes)
  assert.equal(files[0]?.length, 55);
  assert.equal(files[1]?.length, 55);
  const all = files.join('').trimEnd().split('\n');
  assert.deepEqual(all, Array.from({ length: all.length }, (_, k) => `entry ${String(30 - all.length + k).padStart(4, '0')}`));
  assert.equal(all.at(-1), 'entry 0029');
  assert.equal(statSync(path).mode & 0o777, 0o640);
});

test('max-file 1 (default) truncates in place; an existing file is appended to and counted', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'c.log');
  writeFileSync(path, 'x'.repeat(40));
  const f = new RotatingLogFile(path, { maxSize: 44 });
  f.write(entry(1)); // 40 < 44: appended → 51
  f.write(entry(2)); // 51 >= 44: rotated away first
  f.close();
  assert.equal(readFileSync(path, 'latin1'), 'entry 0002\n');
  assert.ok(!existsSync(`${path}.1`));
  const g = new RotatingLogFile(path);
  for (let i = 0; i < 10_000; i++) g.write(entry(i));
  g.close();
  assert.equal(statSync(path).size, 11 + 110_000);
});
