/**
 * Compose benchmark: `compose up -d --wait` and `compose down` of a 3-service project (a health-gated chain:
 * db with a healthcheck, web depending on it healthy, a worker), on a private harness (test/harness/daemons.ts)
 * started for this run and always torn down; side by side with Docker Compose (`docker compose` v2, or
 * `docker-compose`) on a private dockerd on the same containerd when both are installed by hand.
 *
 * Metrics (N runs each, min and median): `up -d --wait` of the project from nothing (networks, containers, waits
 * for health), `up -d` again with nothing to change, `down` (stop + remove + network). The image is pulled before
 * timing starts.
 * Prints a table and writes bench/results/compose.json.
 *
 * Usage (as root): node --import tsx bench/compose.ts [--runs N] (default 5)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startHarness, stopHarness } from '../test/harness/daemons';
import { startDockerd, type PrivateDockerd } from './lib/dockerd';
import { measure, stats, type Stats } from './lib/measure';
import { benchMain, log, printLoad, writeResults, type BenchSession } from './lib/session';

const args = process.argv.slice(2);
const i = args.indexOf('--runs');
const runs = Number(i >= 0 ? args[i + 1] : '5');
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs wants a positive integer');
const repoRoot = join(import.meta.dirname, '..');

function projectYaml(image: string, networkMode?: string): string {
  const net = networkMode ? `\n    network_mode: ${networkMode}` : '';
  return `services:
  db:
    image: ${image}
    command: ["sh", "-c", "touch /ready; exec sleep 3600"]
    stop_signal: SIGKILL
    healthcheck: {test: ["CMD", "test", "-f", "/ready"], interval: 1s, timeout: 1s, retries: 30}${net}
  web:
    image: ${image}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on: {db: {condition: service_healthy}}${net}
  worker:
    image: ${image}
    command: ["sleep", "3600"]
    stop_signal: SIGKILL
    depends_on: [db]${net}
`;
}

/** The Docker Compose command available (`docker compose` or `docker-compose`), or undefined. */
function dockerComposeArgv(): string[] | undefined {
  for (const argv of [['docker', 'compose'], ['docker-compose']]) {
    try {
      execFileSync(argv[0]!, [...argv.slice(1), 'version'], { stdio: 'ignore' });
      return argv;
    } catch {
      // not this one
    }
  }
  return undefined;
}

async function main({ dir, signal, defer }: BenchSession): Promise<void> {
  defer(`harness in ${dir}`, () => stopHarness({ dir }));
  const load0 = loadavg();
  log(`starting a private harness in ${dir}`);
  const h = await startHarness(dir);
  const scratch = join(dir, 'bench');
  mkdirSync(scratch, { recursive: true });
  const env = { CONTAINERD_ADDRESS: h.containerdAddress, TSCTL_CONFIG: h.tsctlConfig, NO_COLOR: '1' };
  const tsctlDir = join(dir, 'tsctl-project');
  mkdirSync(tsctlDir, { recursive: true });
  writeFileSync(join(tsctlDir, 'compose.yaml'), projectYaml(h.images.busybox));
  const ns = 'bench-compose';
  const tsctl = (...rest: string[]): string[] => [process.execPath, join(repoRoot, 'bin', 'tsctl'), '-n', ns, 'compose', '-f', join(tsctlDir, 'compose.yaml'), '-p', 'bench', ...rest];
  execFileSync(process.execPath, [join(repoRoot, 'bin', 'tsctl'), '-n', ns, 'pull', '-q', h.images.busybox], { env: { ...process.env, ...env } });

  const tools: Record<string, Record<string, string[]>> = {
    tsctl: { 'up -d --wait (cold)': tsctl('up', '-d', '--wait'), 'up -d (nothing to do)': tsctl('up', '-d'), down: tsctl('down', '-t', '0') },
  };
  let dockerd: PrivateDockerd | undefined;
  const compose = dockerComposeArgv();
  let skip = compose ? '' : 'neither `docker compose` nor `docker-compose` is installed';
  if (compose) {
    try {
      dockerd = await startDockerd(join(dir, 'docker'), h.containerdAddress);
      const d = dockerd;
      defer('private dockerd', () => d.stop());
      const tar = join(scratch, 'busybox.tar');
      execFileSync(process.execPath, [join(repoRoot, 'bin', 'tsctl'), '-n', ns, 'save', '-o', tar, h.images.busybox], { env: { ...process.env, ...env } });
      execFileSync(d.docker('load', '-q', '-i', tar)[0]!, d.docker('load', '-q', '-i', tar).slice(1));
      const dockerDir = join(dir, 'docker-project');
      mkdirSync(dockerDir, { recursive: true });
      // Without a network on Docker's side: a project network would be a new bridge from Docker's address pools.
      writeFileSync(join(dockerDir, 'compose.yaml'), projectYaml(h.images.busybox, 'none'));
      const dc = (...rest: string[]): string[] => ['env', `DOCKER_HOST=${d.host}`, ...compose, '-f', join(dockerDir, 'compose.yaml'), '-p', 'bench', ...rest];
      // docker-compose v1 has no --wait (and exits 0 printing its help on unknown flags); its `up -d` still waits for
      // db to be healthy before starting web, which is most of what --wait adds here.
      const v1 = compose[0] === 'docker-compose';
      tools['docker compose'] = { 'up -d --wait (cold)': dc('up', '-d', ...(v1 ? [] : ['--wait'])), 'up -d (nothing to do)': dc('up', '-d'), down: dc('down', '-t', '0') };
      if (v1) log('docker-compose v1: its cold row is `up -d` (no --wait in v1)');
    } catch (e) {
      skip = (e as Error).message.split('\n')[0] ?? 'dockerd did not start';
    }
  }
  if (skip) log(`Docker Compose column stays empty: ${skip}`);
  const metrics = ['up -d --wait (cold)', 'up -d (nothing to do)', 'down'];
  const results: Array<{ metric: string; tool: string; run: number; ms: number; rssKiB?: number }> = [];
  for (let run = -1; run < runs; run++) {
    const order = Object.keys(tools);
    if (run % 2 === 1) order.reverse();
    for (const tool of order) {
      for (const metric of metrics) {
        const s = await measure(tools[tool]![metric]!, { env, scratch, signal });
        if (!s.ok) throw new Error(`${tool} ${metric} failed:\n${s.lines.slice(-10).map((l) => l.text).join('\n')}`);
        // Round -1 warms caches and is not counted.
        if (run >= 0) results.push({ metric, tool, run, ms: s.ms, ...(s.rssKiB === undefined ? {} : { rssKiB: s.rssKiB }) });
      }
    }
  }
  const load1 = loadavg();
  const rows: Array<{ metric: string; tsctl: Stats; docker?: Stats }> = metrics.map((metric) => {
    const of = (tool: string) => results.filter((r) => r.metric === metric && r.tool === tool).map((r) => r.ms);
    return { metric, tsctl: stats(of('tsctl')), ...(tools['docker compose'] ? { docker: stats(of('docker compose')) } : {}) };
  });
  printLoad(load0, load1, 'read the min columns');
  console.log(`runs: ${runs} per metric; ms; 3 services (db healthy → web, worker)`);
  console.log(`${'metric'.padEnd(24)}${'tsctl min'.padEnd(11)}${'tsctl median'.padEnd(14)}${'compose min'.padEnd(13)}${'compose median'.padEnd(16)}tsctl/compose (median)`);
  const f = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(0));
  for (const r of rows) {
    console.log(
      `${r.metric.padEnd(24)}${f(r.tsctl.min).padEnd(11)}${f(r.tsctl.median).padEnd(14)}${f(r.docker?.min).padEnd(13)}${f(r.docker?.median).padEnd(16)}` +
        `${r.docker ? `${(r.tsctl.median / r.docker.median).toFixed(2)}x` : skip ? '(no Docker Compose)' : ''}`,
    );
  }
  writeResults(repoRoot, 'compose', load0, load1, { runs, versions: { ...h.versions, dockerd: dockerd?.version }, skip: skip || undefined, rows, samples: results });
}

benchMain(repoRoot, main);
