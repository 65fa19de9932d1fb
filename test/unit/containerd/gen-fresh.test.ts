import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..', '..');

test('src/containerd/gen is what scripts/gen-proto.sh generates from src/containerd/proto', () => {
  const out = mkdtempSync(join(tmpdir(), 'tsctl-gen-'));
  try {
    execFileSync('bash', ['scripts/gen-proto.sh'], { cwd: repo, env: { ...process.env, OUT_DIR: out }, stdio: 'pipe' });
    const diff = execFileSync('diff', ['-r', out, join(repo, 'src/containerd/gen')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    assert.equal(diff, '');
  } catch (e) {
    const out2 = (e as { stdout?: Buffer | string }).stdout?.toString() ?? '';
    assert.fail(`generated code is stale; run "npm run gen"\n${out2.slice(0, 2000)}${(e as Error).message}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
