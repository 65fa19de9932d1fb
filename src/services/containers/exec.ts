/**
 * `exec`: a new process in a running container, built from the container's own process spec (env, cwd, user,
 * capabilities) with Docker's overrides (-e adds/overrides env, -w, -u numeric, --privileged all caps).
 * Output goes through the json-file logger into a per-exec log the caller follows; the exit code is returned.
 */
import { randomBytes } from 'node:crypto';
import type { ContainerStore, ExecControl, TaskControl, TaskIO, ExitInfo } from '../../containerd/ports';
import { ConflictError, NotFoundError } from '../../errors/index';
import { classifyStartError } from '../../errors/classify-start';

export interface ExecDeps {
  containers: ContainerStore;
  tasks: TaskControl;
  exec: ExecControl;
}

export interface ExecRequest {
  id: string;
  name: string;
  args: string[];
  env: string[];
  workdir?: string;
  user?: { uid: number; gid: number; additionalGids: number[] };
  privileged: boolean;
  tty?: boolean;
}

interface ProcessSpec {
  args: string[];
  env?: string[];
  cwd?: string;
  user?: { uid: number; gid: number; additionalGids?: number[] };
  terminal?: boolean;
  capabilities?: Record<string, string[]>;
  [k: string]: unknown;
}

export function execProcessSpec(base: ProcessSpec, req: ExecRequest): ProcessSpec {
  const env = [...(base.env ?? [])];
  for (const kv of req.env) {
    const key = kv.split('=')[0];
    const i = env.findIndex((e) => e.split('=')[0] === key);
    if (i >= 0) env[i] = kv;
    else env.push(kv);
  }
  // Docker sets TERM for a terminal unless the environment has one.
  if (req.tty && !env.some((e) => e.startsWith('TERM='))) env.push('TERM=xterm');
  const p: ProcessSpec = { ...base, args: req.args, env, terminal: req.tty === true };
  if (req.workdir) p.cwd = req.workdir;
  if (req.user) p.user = { uid: req.user.uid, gid: req.user.gid, additionalGids: req.user.additionalGids };
  if (req.privileged && base.capabilities) {
    const all = [...new Set(Object.values(base.capabilities).flat())];
    p.capabilities = { bounding: all, effective: all, permitted: all };
  }
  return p;
}

export function newExecId(): string {
  return randomBytes(16).toString('hex');
}

/** Starts the process; `io(execId)` gives its stdio. Returns the exec ID and a promise of its exit. */
export async function startExec(deps: ExecDeps, req: ExecRequest, io: (execId: string) => Promise<TaskIO>, signal?: AbortSignal): Promise<{ execId: string; exited: Promise<ExitInfo> }> {
  const c = await deps.containers.get(req.id);
  if (!c) throw new NotFoundError(`Error response from daemon: No such container: ${req.name}`, 'CONTAINER_NOT_FOUND');
  const t = await deps.tasks.get(req.id);
  if (!t || t.status !== 'running') {
    throw new ConflictError(`Error response from daemon: container ${req.id} is not running`);
  }
  const base = (c.spec.process ?? { args: [] }) as ProcessSpec;
  const execId = newExecId();
  const process = execProcessSpec(base, req);
  try {
    await deps.exec.start(req.id, execId, process, await io(execId));
  } catch (e) {
    await deps.exec.delete(req.id, execId).catch(() => undefined);
    throw classifyStartError(e, 'failed to exec in container');
  }
  const exited = deps.exec.wait(req.id, execId, signal).finally(() => deps.exec.delete(req.id, execId).catch(() => undefined));
  return { execId, exited };
}
