/**
 * One healthcheck probe of a running container (the `health` event of its hook): the test command run as an exec
 * with its output captured, dockerd's timeout, and the result folded into `<container dir>/health.json`.
 */
import { Writable } from 'node:stream';
import type { CliContext } from '../context';
import type { ContainerDeps } from './containers';
import { healthProbe, type HealthConfig } from '../opts/health';
import { HEALTHCHECK_LABEL } from '../../labels';
import { goDuration, MAX_OUTPUT, nextHealth, probeArgs, STARTING } from '../../services/containers/health';
import { startExec } from '../../services/containers/exec';
import { readHealth, writeHealth } from '../../state/health';
import { processStartTime } from '../../util/host';
import { execFifoIO, type ExecStdio } from './run-io';

export async function probeContainer(ctx: CliContext, deps: ContainerDeps, id: string): Promise<void> {
  const c = await deps.containers.get(id);
  const label = c?.labels[HEALTHCHECK_LABEL];
  const probe = label ? healthProbe(JSON.parse(label) as HealthConfig) : undefined;
  const task = await deps.tasks.get(id);
  if (!c || !probe || !task || task.status !== 'running') return;
  const dir = deps.paths.container(deps.namespace, id);
  let output = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
      done();
    },
  });
  const start = new Date();
  let exitCode: number;
  let stdio: ExecStdio | undefined;
  try {
    const { execId, exited } = await startExec(
      deps,
      { id, name: id, args: probeArgs(probe.test), env: [], privileged: false },
      async (execId) => {
        stdio = await execFifoIO({ stdout: sink, stderr: sink }, dir, execId, { tty: false, interactive: false });
        return stdio.io;
      },
      ctx.signal,
    );
    const timeoutMs = probe.timeout / 1e6;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), timeoutMs);
    });
    const r = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (r === 'timeout') {
      await deps.tasks.kill(id, 9, false, execId).catch(() => undefined);
      exitCode = -1;
      output = `Health check exceeded timeout (${goDuration(probe.timeout)})`;
    } else {
      exitCode = r.exitStatus;
      await Promise.race([stdio?.output, new Promise((res) => setTimeout(res, 1000))]);
    }
  } catch (e) {
    exitCode = -1;
    output = e instanceof Error ? e.message : String(e);
  } finally {
    await stdio?.cleanup();
  }
  const startedAt = await processStartTime(task.pid);
  const prev = (await readHealth(dir)) ?? STARTING;
  const result = { Start: start.toISOString(), End: new Date().toISOString(), ExitCode: exitCode, Output: output };
  await writeHealth(dir, nextHealth(prev, result, probe, startedAt));
}
