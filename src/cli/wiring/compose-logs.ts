/**
 * The merged log stream of several containers, as `compose logs` and attached `compose up` print it: each line
 * prefixed with `service-1  | ` (coloured on a terminal unless --no-color / NO_COLOR), from each container's
 * json-file log, following while the containers run.
 */
import type { ComposeSession } from './compose-engine';

export interface LogTarget {
  id: string;
  /** Container name without the project prefix (`web-1`), as Compose prefixes lines. */
  prefix: string;
  /** Only output from now on (attached `up` joining a container that was already running). */
  newOnly?: boolean;
}

export interface StreamOptions {
  follow: boolean;
  tail?: number | 'all';
  timestamps?: boolean;
  noColor?: boolean;
  noPrefix?: boolean;
  since?: Date;
  until?: Date;
  /** Called when a followed container's task exits. */
  onExit?: (t: LogTarget, status: number) => void;
  /** Ends the stream early (abort-on-container-exit). */
  signal?: AbortSignal;
}

/** `demo-web-1` → `web-1` (Compose's getContainerNameWithoutProject); container_name stays as it is. */
export function prefixName(project: string, name: string): string {
  return name.startsWith(`${project}-`) ? name.slice(project.length + 1) : name;
}

export async function streamLogs(s: ComposeSession, targets: readonly LogTarget[], opts: StreamOptions): Promise<void> {
  const [logs, { logPathFor }, { logPrefix, colourPrefix }] = await Promise.all([
    import('../../services/containers/logs'),
    import('./run-spec'),
    import('../../output/views/compose-events'),
  ]);
  const width = Math.max(0, ...targets.map((t) => t.prefix.length));
  const colour = opts.noColor !== true && s.ctx.io.isTTY && s.ctx.env.NO_COLOR === undefined;
  const signal = opts.signal ? AbortSignal.any([opts.signal, s.ctx.signal]) : s.ctx.signal;
  await Promise.all(targets.map(async (t, i) => {
    const plain = logPrefix(t.prefix, width);
    const prefix = opts.noPrefix ? '' : colour ? colourPrefix(plain, i) : plain;
    const task = await s.deps.tasks.get(t.id);
    const running = task !== undefined && task.status !== 'stopped';
    const follow = opts.follow && running;
    let exit: number | undefined = task?.status === 'stopped' ? task.exitStatus : undefined;
    const stopped = follow
      ? s.deps.tasks.wait(t.id, signal).then((e) => void (exit = e.exitStatus), () => undefined)
      : Promise.resolve();
    for await (const e of logs.readLogs(logs.nodeLogFiles(), logPathFor(s.deps, t.id), {
      follow,
      tail: t.newOnly ? 0 : (opts.tail ?? 'all'),
      ...(opts.since ? { since: opts.since } : {}),
      ...(opts.until ? { until: opts.until } : {}),
      stopped,
      signal,
      pollMs: 200,
    })) {
      // Compose writes every service's lines to stdout.
      s.ctx.io.stdout.write(`${prefix}${logs.formatLogEntry(e, { timestamps: opts.timestamps === true })}`);
    }
    // After the container's last lines, as Compose prints `web-1 exited with code 0`.
    if (opts.follow && exit !== undefined) opts.onExit?.(t, exit);
  }));
}
