/**
 * `ps`: the namespace's containers joined with their tasks, as Docker's `ps` rows (the fields its --format
 * templates use). Stopped containers are listed only with `all`; `last` keeps the n newest.
 */
import type { ContainerRecord, ContainersPort, TaskRecord, TasksPort } from '../../containerd/ports';
import { humanDuration, stateWord, statusText, type TaskState } from '../../compat/status';
import { IMAGE_REF_LABEL, NAME_LABEL, NERDCTL_NAME_LABEL } from '../../labels';

export interface ContainerRow {
  ID: string;
  Image: string;
  Command: string;
  CreatedAt: string;
  RunningFor: string;
  Ports: string;
  State: string;
  Status: string;
  Names: string;
  Labels: string;
}

export interface ListDeps {
  containers: ContainersPort;
  tasks: TasksPort;
  /** When a process started (from /proc); undefined if unknown. */
  processStart: (pid: number) => Promise<Date | undefined>;
  now: () => Date;
}

export interface ListRequest {
  all: boolean;
  /** Show the n most recently created (includes stopped ones, as Docker's -n). 0 = no limit. */
  last: number;
}

export function containerName(c: ContainerRecord): string {
  return c.labels[NAME_LABEL] ?? c.labels[NERDCTL_NAME_LABEL] ?? c.id;
}

/** Go's time.Time String() layout Docker prints for CreatedAt: "2006-01-02 15:04:05 -0700 MST". */
export function dockerTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000 UTC`;
}

export async function listContainers(deps: ListDeps, req: ListRequest): Promise<ContainerRow[]> {
  const [containers, tasks] = await Promise.all([deps.containers.list(), deps.tasks.list()]);
  const byId = new Map<string, TaskRecord>(tasks.map((t) => [t.id, t]));
  const now = deps.now();
  const sorted = containers.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  const rows = await Promise.all(
    sorted.map(async (c) => {
      const t = byId.get(c.id);
      const state: TaskState = t ? t.status : 'none';
      const startedAt = t && (state === 'running' || state === 'paused' || state === 'pausing') ? await deps.processStart(t.pid) : undefined;
      const created = c.createdAt ?? now;
      return {
        running: state === 'running' || state === 'paused' || state === 'pausing',
        row: {
          ID: c.id,
          // Docker shows the image as it was given to run (`busybox`), not the normalised name.
          Image: c.labels[IMAGE_REF_LABEL] ?? c.image,
          Command: c.args.join(' '),
          CreatedAt: dockerTime(created),
          RunningFor: `${humanDuration(now.getTime() - created.getTime())} ago`,
          Ports: '',
          State: stateWord(state),
          Status: statusText({ state, exitCode: t?.exitStatus ?? 0, startedAt: startedAt ?? created, exitedAt: t?.exitedAt }, now),
          Names: containerName(c),
          Labels: Object.keys(c.labels).sort().map((k) => `${k}=${c.labels[k] ?? ''}`).join(','),
        },
      };
    }),
  );
  let selected = req.all || req.last > 0 ? rows : rows.filter((r) => r.running);
  if (req.last > 0) selected = selected.slice(0, req.last);
  return selected.map((r) => r.row);
}
