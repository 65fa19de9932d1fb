/**
 * Start-up benchmark: wall time of `tsctl --help` and `tsctl version` next to `node -e 0` and `ctr` (and docker /
 * nerdctl when installed), repeated, min and median. Prints a table and writes bench/results/startup.json.
 * Usage: node --import tsx bench/startup.ts [--runs N] [--address /run/containerd/containerd.sock]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const runs = Number(opt('--runs', '20'));
const address = opt('--address', '/run/containerd/containerd.sock');
const repo = join(import.meta.dirname, '..');
const tsctl = [process.execPath, join(repo, 'bin', 'tsctl')];

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function time(argv: string[]): { min: number; median: number; ok: boolean } {
  const samples: number[] = [];
  let ok = true;
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    const r = spawnSync(argv[0] ?? '', argv.slice(1), { stdio: 'ignore' });
    const dt = performance.now() - t0;
    if (r.status !== 0) ok = false;
    if (i >= 2) samples.push(dt); // two warm-up runs fill the page cache
  }
  samples.sort((a, b) => a - b);
  return { min: samples[0] ?? NaN, median: samples[Math.floor(samples.length / 2)] ?? NaN, ok };
}

interface Row { metric: string; subject: string; min: number; median: number; ok: boolean }
const rows: Row[] = [];
const measure = (metric: string, subject: string, argv: string[]) => rows.push({ metric, subject, ...time(argv) });

measure('baseline', 'node -e 0', [process.execPath, '-e', '0']);
measure('--help', 'tsctl', [...tsctl, '--help']);
measure('--help', 'ctr', ['ctr', '--help']);
const daemon = existsSync(address);
if (daemon) {
  measure('version', 'tsctl', [...tsctl, '--address', address, 'version']);
  measure('version', 'ctr', ['ctr', '--address', address, 'version']);
  measure('namespace ls', 'tsctl', [...tsctl, '--address', address, 'namespace', 'ls']);
  measure('namespace ls', 'ctr', ['ctr', '--address', address, 'namespaces', 'ls']);
}
if (which('docker')) measure('--help', 'docker', ['docker', '--help']);
if (which('nerdctl')) measure('--help', 'nerdctl', ['nerdctl', '--help']);

const base = rows[0]?.median ?? NaN;
const tsctlHelp = rows.find((r) => r.metric === '--help' && r.subject === 'tsctl');
console.log(`runs: ${runs} (+2 warm-up), machine: ${process.arch}, node ${process.version}, load ${(await import('node:os')).loadavg()[0]?.toFixed(2)}`);
console.log(['metric', 'subject', 'min ms', 'median ms', 'vs node -e 0'].map((s) => s.padEnd(14)).join(''));
for (const r of rows) {
  console.log([r.metric, r.subject, r.min.toFixed(1), r.median.toFixed(1), `${(r.median / base).toFixed(2)}x${r.ok ? '' : ' (failed)'}`].map((s) => s.padEnd(14)).join(''));
}
if (!daemon) console.log(`(no containerd at ${address}: version/ls rows skipped; start one with scripts/setup-host.sh --start)`);
if (tsctlHelp) console.log(`start-up budget: tsctl --help = ${(tsctlHelp.median / base).toFixed(2)}x node -e 0 (target <= 2x)`);
mkdirSync(join(repo, 'bench', 'results'), { recursive: true });
writeFileSync(join(repo, 'bench', 'results', 'startup.json'), JSON.stringify({ date: new Date().toISOString(), runs, rows }, null, 2));
