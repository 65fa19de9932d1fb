/** `tsctl compose config` end to end through main() (no daemon needed): flags before/after the verb, output, exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURES } from './host';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

function tsctl(cwd: string, args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const script = `import(${JSON.stringify(MAIN)}).then(async (m) => { process.exitCode = await m.main(${JSON.stringify(args)}); })`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: '/root', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('compose config: project flags before or after the verb, --services / --profiles / --volumes / -q', () => {
  const before = tsctl(FIXTURES, ['compose', '-f', 'profiles/compose.yaml', '--profile', 'dev', 'config', '--services']);
  assert.equal(before.stderr, '');
  assert.equal(before.stdout, 'db\nmock\nweb\n');
  assert.equal(before.status, 0);
  const after = tsctl(`${FIXTURES}/profiles`, ['compose', 'config', '--profiles']);
  assert.equal(after.stdout, 'debug\ndev\ntools\n');
  assert.equal(tsctl(`${FIXTURES}/include`, ['compose', 'config', '--volumes']).stdout, 'dbdata\n');
  const quiet = tsctl(`${FIXTURES}/basic`, ['compose', 'config', '-q']);
  assert.equal(quiet.stdout, '');
  assert.equal(quiet.status, 0);
});

test('compose config: the YAML document, JSON, warnings on stderr, errors exit 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsctl-compose-'));
  try {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: "busybox:${TAG}"\n');
    const f = join(dir, 'compose.yaml');
    // (cwd in the repo so that tsx resolves; the project is the temporary one)
    const r = tsctl(FIXTURES, ['compose', '-p', 'demo', '-f', f, 'config']);
    assert.equal(r.stderr, 'WARN[0000] The "TAG" variable is not set. Defaulting to a blank string.\n');
    assert.equal(r.stdout, 'name: demo\nservices:\n  app:\n    image: "busybox:"\n    networks:\n      default: null\nnetworks:\n  default:\n    name: demo_default\n');
    const json = tsctl(FIXTURES, ['compose', 'config', '-f', f, '--format', 'json'], { TAG: '1' });
    assert.deepEqual(JSON.parse(json.stdout).services.app.image, 'busybox:1');
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  app:\n    image: busybox\n    bogus: 1\n');
    const bad = tsctl(FIXTURES, ['compose', 'config', '--file', f]);
    assert.equal(bad.stderr, `validating ${dir}/compose.yaml: services.app additional properties 'bogus' not allowed\n`);
    assert.equal(bad.status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
