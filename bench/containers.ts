/**
 * Container benchmark on a private harness (containerd + registry + the busybox test image, see
 * test/harness/daemons.ts), side by side with `ctr` and with Docker (a private dockerd on the same containerd,
 * bench/lib/dockerd.ts, the image `docker load`ed from a `tsctl save` tar) when dockerd starts.
 *
 * Metrics (min and median over the runs; tools alternate order run by run):
 * - `ps` with no containers: start-up and two list calls, the fixed cost inside every other figure.
 * - `run --rm <image> true`, attached: tsctl vs `ctr run --rm` vs `docker run --rm`, all without a network
 *   (`--network none`; ctr's default); and tsctl's and Docker's on their default bridge networks (tsctl: CNI
 *   bridge plugin with its iptables rules; Docker: its bridge driver on a bridge made for it, without iptables).
 * - 10 containers: `run -d … sleep` ten times (the sum, and per container), `ps` with the ten running, one
 *   `rm -f` of all ten (ctr has no rm -f: its column stays empty there; its "ps" is `ctr containers ls`).
 * - `ps -a` with 10 and with 100 created (not started) containers (`create`; ctr: `containers create`).
 * - 20 `run -d` started at once: wall time until the last of the 20 processes has exited.
 * - `logs` of a container that wrote ~100 MB to stdout (1M lines of 100 bytes), output to /dev/null (ctr has no
 *   logs: its column stays empty).
 * - The logger tsctl starts per container (`tsctl-logger`: the launcher shell and its node child, summed): RSS
 *   and private memory (Private_Clean + Private_Dirty of /proc/<pid>/smaps_rollup; RSS counts node's shared
 *   pages too) and PSS, with the runc shim
 *   of the same container for scale. Docker has no per-container logging process (dockerd copies the output):
 *   the whole dockerd with its ten containers running is reported instead.
 * Prints tables and writes bench/results/containers.json.
 *
 * Usage (as root): node --import tsx bench/containers.ts [--runs N] (default 10) [--batch-runs M] (default 3)
 */
import { execFileSync } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { removeNamespace } from '../test/harness/ctr';
import { startHarness, stopHarness } from '../test/harness/daemons';
import { startDockerd, type PrivateDockerd } from './lib/dockerd';
import { measure, stats, type Sample, type Stats } from './lib/measure';
import { benchMain, log, printLoad, writeResults, type BenchSession } from './lib/session';

const args = process.argv.slice(2);
const opt = (name: string, def: string): number => {
  const i = args.indexOf(name);
  const v = Number(i >= 0 ? (args[i + 1] ?? def) : def);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} wants a positive integer`);
  return v;
};
const runs = opt('--runs', '10');
const batchRuns = opt('--batch-runs', '3');
const BATCH = 10;
const PARALLEL = 20;
const PS_COUNTS = [10, 100];
/** ~100 MB on stdout: 10^6 lines of 100 bytes. */
const LOG_BYTES = 100_000_000;
const LOG_SCRIPT = `yes ${'0123456789'.repeat(10).slice(0, 99)} | head -c ${LOG_BYTES}`;
const repoRoot = join(import.meta.dirname, '..');

type ToolName = 'tsctl' | 'ctr' | 'docker';
interface Tool {
  name: ToolName;
  env: Record<string, string>;
  runRm(i: number): string[];
  /** `run --rm` on the tool's default bridge network (tsctl: its CNI bridge; Docker: its bridge, see bench/lib/dockerd.ts). */
  runRmBridge?(): string[];
  runD(id: string): string[];
  ps(): string[];
  psA(): string[];
  create(id: string): string[];
  /** Removes stopped (created or exited) containers. */
  rm(ids: string[]): string[];
  /** undefined: the tool keeps no log. run: a detached container that writes LOG_SCRIPT's ~100 MB and exits. */
  logs?: { run(id: string): string[]; wait(id: string): string[]; read(id: string): string[] };
  /** undefined: the tool has no such command. */
  rmF?(ids: string[]): string[];
  /** The container IDs a `runD` printed (ctr prints nothing: the given id). */
  idOf(out: Sample, id: string): string;
}

interface Mem {
  pid: number;
  rssKiB: number;
  pssKiB: number;
  privateKiB: number;
}

/** VmRSS, and PSS and private memory (Private_Clean + Private_Dirty) from smaps_rollup, in KiB. */
function memoryOf(pid: number): Mem | undefined {
  try {
    const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? NaN);
    return { pid, rssKiB: rss, pssKiB: field('Pss'), privateKiB: field('Private_Clean') + field('Private_Dirty') };
  } catch {
    return undefined;
  }
}

/** Several processes' memory as one (the first pid stands for them). */
function sumMem(ms: Mem[]): Mem {
  const sum = (k: 'rssKiB' | 'pssKiB' | 'privateKiB'): number => ms.reduce((a, m) => a + m[k], 0);
  return { pid: ms[0]?.pid ?? 0, rssKiB: sum('rssKiB'), pssKiB: sum('pssKiB'), privateKiB: sum('privateKiB') };
}

/** Processes whose argv mentions `needle` and whose environment or argv holds every string of `also`. */
function processesWith(needle: string, also: string[]): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (!argv.includes(needle)) continue;
      const env = readFileSync(`/proc/${name}/environ`, 'utf8');
      if (also.every((s) => argv.includes(s) || env.includes(s))) out.push(Number(name));
    } catch {
      // raced with exit
    }
  }
  return out;
}

async function main({ dir, signal, defer }: BenchSession): Promise<void> {
  defer(`harness in ${dir}`, () => stopHarness({ dir }));
  const load0 = loadavg();
  log(`starting a private harness in ${dir}`);
  const h = await startHarness(dir);
  const address = h.containerdAddress;
  const image = h.images.busybox;
  const ns = 'bench-containers';
  defer(`namespace ${ns}`, () => removeNamespace(address, ns));
  const scratch = join(dir, 'bench');
  mkdirSync(scratch, { recursive: true });
  const tsctlEnv = { TSCTL_CONFIG: h.tsctlConfig, NO_COLOR: '1' };
  const tsctl = (...rest: string[]): string[] => [process.execPath, join(repoRoot, 'bin', 'tsctl'), '--address', address, '-n', ns, ...rest];
  const ctrCmd = (...rest: string[]): string[] => ['ctr', '--address', address, '-n', ns, ...rest];
  const untimed = async (argv: string[], env: Record<string, string> = {}): Promise<Sample> => {
    const s = await measure(argv, { env, scratch, signal });
    if (!s.ok) throw new Error(`${argv.join(' ')} exited with ${s.exitCode}:\n${s.lines.slice(-10).map((l) => l.text).join('\n')}`);
    return s;
  };
  await untimed(tsctl('pull', '-q', image), tsctlEnv);
  const firstLine = (s: Sample): string => s.lines.find((l) => !l.text.startsWith('WARNING'))?.text.trim() ?? '';

  const list: Tool[] = [
    {
      name: 'tsctl',
      env: tsctlEnv,
      // --network none like Docker's rows below; the bridge network is measured on its own row.
      runRm: () => tsctl('run', '--rm', '--network', 'none', image, 'true'),
      runRmBridge: () => tsctl('run', '--rm', image, 'true'),
      runD: () => tsctl('run', '-d', '--network', 'none', image, 'sleep', '1000'),
      ps: () => tsctl('ps'),
      psA: () => tsctl('ps', '-a'),
      create: () => tsctl('create', '--network', 'none', image, 'sleep', '1000'),
      rm: (ids) => tsctl('rm', ...ids),
      logs: {
        run: () => tsctl('run', '-d', '--network', 'none', image, 'sh', '-c', LOG_SCRIPT),
        wait: (id) => tsctl('wait', id),
        read: (id) => tsctl('logs', id),
      },
      rmF: (ids) => tsctl('rm', '-f', ...ids),
      idOf: firstLine,
    },
    {
      name: 'ctr',
      env: {},
      runRm: (i) => ctrCmd('run', '--rm', image, `bench-ctr-rm-${i}`, 'true'),
      runD: (id) => ctrCmd('run', '-d', image, id, 'sleep', '1000'),
      ps: () => ctrCmd('containers', 'ls'),
      psA: () => ctrCmd('containers', 'ls'),
      create: (id) => ctrCmd('containers', 'create', image, id, 'sleep', '1000'),
      rm: (ids) => ctrCmd('containers', 'delete', ...ids),
      idOf: (_s, id) => id,
    },
  ];

  // --- Docker: a private dockerd on the harness containerd, busybox loaded from a tsctl save tar -----------
  let dockerd: PrivateDockerd | undefined;
  let dockerSkip = '';
  try {
    dockerd = await startDockerd(join(dir, 'docker'), address);
    const stopDocker = dockerd.stop;
    defer('private dockerd', () => stopDocker());
    const tar = join(scratch, 'busybox.tar');
    await untimed(tsctl('save', '-o', tar, image), tsctlEnv);
    await untimed(dockerd.docker('load', '-q', '-i', tar));
    await untimed(dockerd.docker('tag', image, 'busybox'));
    const d = dockerd;
    list.push({
      name: 'docker',
      env: {},
      // --network none as tsctl's rows; the default bridge has a row of its own (no iptables rules on Docker's side).
      runRm: () => d.docker('run', '--rm', '--network', 'none', 'busybox', 'true'),
      runRmBridge: () => d.docker('run', '--rm', 'busybox', 'true'),
      runD: () => d.docker('run', '-d', '--network', 'none', 'busybox', 'sleep', '1000'),
      ps: () => d.docker('ps'),
      psA: () => d.docker('ps', '-a'),
      create: () => d.docker('create', '--network', 'none', 'busybox', 'sleep', '1000'),
      rm: (ids) => d.docker('rm', ...ids),
      logs: {
        run: () => d.docker('run', '-d', '--network', 'none', 'busybox', 'sh', '-c', LOG_SCRIPT),
        wait: (id) => d.docker('wait', id),
        read: (id) => d.docker('logs', id),
      },
      rmF: (ids) => d.docker('rm', '-f', ...ids),
      idOf: firstLine,
    });
    log(`private dockerd ${dockerd.version} on the harness containerd`);
  } catch (e) {
    dockerSkip = e instanceof Error ? e.message : String(e);
    log(`Docker could not be set up (dockerd start or image load), its columns stay empty: ${dockerSkip}`);
  }

  interface Run { metric: string; tool: ToolName; run: number; value: number; rssKiB?: number }
  const results: Run[] = [];
  const timed = async (tool: Tool, argv: string[]): Promise<Sample> => {
    const s = await measure(argv, { env: tool.env, scratch, signal });
    if (!s.ok) throw new Error(`${argv.join(' ')} exited with ${s.exitCode}:\n${s.lines.slice(-10).map((l) => l.text).join('\n')}`);
    return s;
  };
  const record = (metric: string, tool: ToolName, run: number, value: number, rssKiB?: number): void =>
    void results.push({ metric, tool, run, value, ...(rssKiB === undefined ? {} : { rssKiB }) });
  const order = (i: number): Tool[] => (i % 2 === 0 ? list : [...list].reverse());
  /** Untimed removal of running containers: `rm -f`, or for ctr kill + delete of each task and container. */
  const removeRunning = async (tool: Tool, ids: string[]): Promise<void> => {
    if (ids.length === 0) return;
    if (tool.rmF) {
      await untimed(tool.rmF(ids), tool.env);
      return;
    }
    for (const id of ids) {
      await untimed(ctrCmd('tasks', 'kill', '-s', 'SIGKILL', id));
      await untimed(ctrCmd('tasks', 'delete', '-f', id));
      await untimed(ctrCmd('containers', 'delete', id));
    }
  };
  /** Untimed removal of stopped containers, 50 per command. */
  const removeStopped = async (tool: Tool, ids: string[]): Promise<void> => {
    for (let k = 0; k < ids.length; k += 50) await untimed(tool.rm(ids.slice(k, k + 50)), tool.env);
  };

  // --- run --rm true, attached ------------------------------------------------------------------------
  for (const tool of list) await timed(tool, tool.runRm(runs)); // warm-up: page cache, first-use state
  for (let i = 0; i < runs; i++) {
    for (const tool of order(i)) {
      const v = await timed(tool, tool.ps());
      record('ps, no containers', tool.name, i, v.ms, v.rssKiB);
      const s = await timed(tool, tool.runRm(i));
      record('run --rm true', tool.name, i, s.ms, s.rssKiB);
      if (tool.runRmBridge) {
        const b = await timed(tool, tool.runRmBridge());
        record('run --rm true, default bridge network', tool.name, i, b.ms, b.rssKiB);
      }
    }
    log(`run --rm ${i + 1}/${runs}`);
  }

  // --- 10 containers: run -d, ps, (logger memory), rm -f -------------------------------------------------
  const loggerMem: Mem[] = [];
  const shimMem: Mem[] = [];
  const daemonMem: Mem[] = [];
  for (let i = 0; i < batchRuns; i++) {
    for (const tool of order(i)) {
      const ids: string[] = [];
      const drop = defer(`${tool.name} batch containers`, async () => {
        if (tool.rmF && ids.length > 0) await untimed(tool.rmF(ids), tool.env).then(() => undefined);
      });
      let total = 0;
      for (let k = 0; k < BATCH; k++) {
        const s = await timed(tool, tool.runD(`bench-${tool.name}-${i}-${k}`));
        total += s.ms;
        ids.push(tool.idOf(s, `bench-${tool.name}-${i}-${k}`));
        record('run -d (per container)', tool.name, i * BATCH + k, s.ms, s.rssKiB);
      }
      record(`run -d x${BATCH} (sum)`, tool.name, i, total);
      const ps = await timed(tool, tool.ps());
      record(`ps, ${BATCH} running`, tool.name, i, ps.ms, ps.rssKiB);
      if (tool.name === 'tsctl' && i === 0) {
        for (const id of ids) {
          const loggers = processesWith('tsctl-logger', [`CONTAINER_ID=${id}`, `CONTAINER_NAMESPACE=${ns}`]);
          const shims = processesWith('containerd-shim', [id]);
          // The launcher (a shell waiting for node) and node itself: one logger per container, memory summed.
          const parts = loggers.map(memoryOf).filter((m): m is Mem => m !== undefined);
          if (parts.length > 0) loggerMem.push(sumMem(parts));
          for (const p of shims) {
            const m = memoryOf(p);
            if (m) shimMem.push(m);
          }
        }
        if (loggerMem.length !== BATCH) log(`found ${loggerMem.length} tsctl-logger processes for ${BATCH} containers`);
      }
      if (tool.name === 'docker' && i === 0 && dockerd) {
        const m = memoryOf(dockerd.pid);
        if (m) daemonMem.push(m);
      }
      if (tool.rmF) {
        const s = await timed(tool, tool.rmF(ids));
        record(`rm -f of ${BATCH}`, tool.name, i, s.ms, s.rssKiB);
        ids.length = 0;
      } else {
        await removeRunning(tool, ids);
        ids.length = 0;
      }
      await drop();
    }
    log(`batch ${i + 1}/${batchRuns}`);
  }

  // --- 20 run -d at once: wall time until all 20 processes have exited ----------------------------------
  setMaxListeners(PARALLEL + 10, signal); // each measure() listens for the abort
  for (let i = 0; i < batchRuns; i++) {
    for (const tool of order(i)) {
      const names = Array.from({ length: PARALLEL }, (_, k) => `bench-par-${tool.name}-${i}-${k}`);
      const ids: string[] = [];
      const drop = defer(`${tool.name} parallel containers`, () => removeRunning(tool, ids));
      execFileSync('sync');
      const t0 = performance.now();
      const all = await Promise.all(names.map((n) => measure(tool.runD(n), { env: tool.env, scratch, signal, noSync: true })));
      const wall = performance.now() - t0;
      all.forEach((s, k) => {
        if (s.ok) ids.push(tool.idOf(s, names[k] ?? ''));
      });
      const failed = all.find((s) => !s.ok);
      if (failed) throw new Error(`${tool.name}: a parallel run -d exited with ${failed.exitCode}:\n${failed.lines.slice(-5).map((l) => l.text).join('\n')}`);
      record(`run -d x${PARALLEL} in parallel (wall)`, tool.name, i, wall, Math.max(...all.map((s) => s.rssKiB ?? NaN)));
      await removeRunning(tool, ids);
      ids.length = 0;
      await drop();
    }
    log(`parallel run -d ${i + 1}/${batchRuns}`);
  }

  // --- ps -a with 10 and 100 created containers ---------------------------------------------------------
  for (const tool of list) {
    const ids: string[] = [];
    const drop = defer(`${tool.name} created containers`, () => removeStopped(tool, ids));
    for (const count of PS_COUNTS) {
      while (ids.length < count) {
        const id = `bench-ps-${tool.name}-${ids.length}`;
        ids.push(tool.idOf(await untimed(tool.create(id), tool.env), id));
      }
      for (let i = 0; i < runs; i++) {
        const s = await timed(tool, tool.psA());
        record(`ps -a, ${count} created`, tool.name, i, s.ms, s.rssKiB);
      }
    }
    await removeStopped(tool, ids);
    ids.length = 0;
    await drop();
    log(`ps -a ${tool.name} done`);
  }

  // --- logs of a ~100 MB log -----------------------------------------------------------------------------
  for (const tool of list) {
    const lc = tool.logs;
    if (!lc) continue;
    const id0 = `bench-logs-${tool.name}`;
    const ids: string[] = [];
    const drop = defer(`${tool.name} log container`, () => removeRunning(tool, ids));
    const id = tool.idOf(await untimed(lc.run(id0), tool.env), id0);
    ids.push(id);
    await untimed(lc.wait(id), tool.env);
    for (let i = 0; i < runs; i++) {
      const s = await measure(lc.read(id), { env: tool.env, scratch, signal, discardStdout: true });
      if (!s.ok) throw new Error(`${tool.name} logs exited with ${s.exitCode}: ${s.lines.slice(-3).map((l) => l.text).join('\n')}`);
      record('logs of ~100 MB', tool.name, i, s.ms, s.rssKiB);
    }
    await removeRunning(tool, ids);
    ids.length = 0;
    await drop();
    log(`logs ${tool.name} done`);
  }
  const load1 = loadavg();

  // --- report -----------------------------------------------------------------------------------------
  const metrics = [...new Set(results.map((r) => r.metric))];
  const names = list.map((t) => t.name);
  const rows = metrics.map((metric) => {
    const byTool: Partial<Record<ToolName, Stats>> = {};
    const rss: Partial<Record<ToolName, Stats>> = {};
    for (const t of names) {
      const mine = results.filter((r) => r.metric === metric && r.tool === t);
      if (mine.length === 0) continue;
      byTool[t] = stats(mine.map((r) => r.value));
      rss[t] = stats(mine.map((r) => (r.rssKiB ?? NaN) / 1024));
    }
    return { metric, unit: 'ms', byTool, clientPeakRssMB: rss };
  });
  const fmt = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(0));
  const others = names.filter((n) => n !== 'tsctl');
  const widths = [Math.max(24, ...metrics.map((m) => m.length + 2)), 10, 13, ...others.flatMap((o) => [o.length + 6, o.length + 9, o.length + 8])];
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join('').trimEnd();
  console.log(
    `runs: ${runs} (run --rm), ${batchRuns} x ${BATCH} containers; ${cpus().length} CPUs, node ${process.version}, ` +
      `containerd ${h.versions.containerd.split(' ').slice(2, 3).join('')}${dockerd ? `, dockerd ${dockerd.version}` : ''}`,
  );
  printLoad(load0, load1, 'read the min columns');
  if (dockerSkip !== '') console.log(`docker: not measured: ${dockerSkip.split('\n')[0] ?? ''}`);
  console.log(line(['metric (ms)', 'tsctl min', 'tsctl median', ...others.flatMap((o) => [`${o} min`, `${o} median`, `tsctl/${o}`])]));
  for (const r of rows) {
    const t = r.byTool.tsctl;
    const cells = [r.metric, fmt(t?.min), fmt(t?.median)];
    for (const o of others) {
      const s = r.byTool[o];
      cells.push(fmt(s?.min), fmt(s?.median), t && s && s.median > 0 ? `${(t.median / s.median).toFixed(2)}x` : '-');
    }
    console.log(line(cells));
  }
  const tsctlRss = rows.find((r) => r.metric === 'run --rm true')?.clientPeakRssMB.tsctl;
  if (tsctlRss) console.log(`tsctl client peak RSS during run --rm: median ${tsctlRss.median.toFixed(0)} MB`);
  const memRow = (what: string, ms: Mem[]): void => {
    const s = (f: (m: Mem) => number): Stats => stats(ms.map(f));
    const [rss, priv, pss] = [s((m) => m.rssKiB / 1024), s((m) => m.privateKiB / 1024), s((m) => m.pssKiB / 1024)];
    console.log(
      `${what.padEnd(24)}n=${ms.length}  RSS median ${rss.median.toFixed(1)} MB (max ${rss.max.toFixed(1)})  ` +
        `private median ${priv.median.toFixed(1)} MB (max ${priv.max.toFixed(1)})  PSS median ${pss.median.toFixed(1)} MB`,
    );
  };
  console.log(`per-container processes (${BATCH} running tsctl containers):`);
  memRow('tsctl-logger', loggerMem);
  memRow('containerd-shim-runc-v2', shimMem);
  if (daemonMem.length > 0) memRow('dockerd (whole daemon)', daemonMem);
  writeResults(repoRoot, 'containers', load0, load1, {
    runs,
    batchRuns,
    batch: BATCH,
    versions: { ...h.versions, dockerd: dockerd?.version, docker: dockerd ? execFileSync('docker', ['--version'], { encoding: 'utf8' }).trim() : undefined },
    dockerSkipped: dockerSkip || undefined,
    rows,
    memory: { logger: loggerMem, shim: shimMem, dockerd: daemonMem },
    samples: results,
  });
}

benchMain(repoRoot, main);
