/**
 * Container records and tasks over gRPC: the ContainerStore and TaskControl ports. The spec travels as JSON in
 * an Any with containerd's registered type URL; the runtime is io.containerd.runc.v2 (runc defaults, no options).
 */
import type { ContainerdClient } from './client';
import { sortedMap } from './client';
import type { ContainerDetails, ContainerStore, ExecControl, MountSpec, TaskControl, TaskRecord } from './ports';
import { NotFoundError } from '../errors/index';
import { Status as TaskStatusEnum } from './gen/containerd/types/task/task';

export const SPEC_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Spec';
export const RUNTIME = 'io.containerd.runc.v2';

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}

export function containerStore(c: ContainerdClient): ContainerStore {
  return {
    create: async (n, lease) => {
      await c.containersApi.create(
        {
          container: {
            id: n.id, labels: n.labels, image: n.image, runtime: { name: RUNTIME, options: undefined },
            spec: { typeUrl: SPEC_TYPE_URL, value: Buffer.from(typeof n.spec === 'string' ? n.spec : JSON.stringify(n.spec)) },
            snapshotter: n.snapshotter, snapshotKey: n.snapshotKey, createdAt: undefined, updatedAt: undefined, extensions: {}, sandbox: '',
          },
        },
        lease === undefined ? {} : { lease },
      );
    },
    get: async (id) => {
      const r = await orUndefined(c.containersApi.get({ id }));
      const k = r?.container;
      if (!k) return undefined;
      let spec: Record<string, unknown> = {};
      try {
        spec = JSON.parse(k.spec?.value.toString('utf8') ?? '{}') as Record<string, unknown>;
      } catch {
        spec = {};
      }
      const proc = spec.process as { args?: unknown } | undefined;
      const details: ContainerDetails = {
        id: k.id, image: k.image, labels: sortedMap(k.labels), createdAt: k.createdAt, updatedAt: k.updatedAt,
        args: Array.isArray(proc?.args) ? proc.args.map(String) : [], spec, snapshotter: k.snapshotter, snapshotKey: k.snapshotKey,
        runtime: k.runtime?.name ?? '',
      };
      return details;
    },
    delete: async (id) => {
      await c.containersApi.delete({ id });
    },
    setLabels: async (id, labels) => {
      const keys = Object.keys(labels);
      if (keys.length === 0) return;
      await c.containersApi.update({
        container: { id, labels, image: '', runtime: undefined, spec: undefined, snapshotter: '', snapshotKey: '', createdAt: undefined, updatedAt: undefined, extensions: {}, sandbox: '' },
        updateMask: keys.map((k) => `labels.${k}`),
      });
    },
    rewriteSpec: async (id, edit) => {
      const { container: k } = await c.containersApi.get({ id });
      if (!k?.spec) return;
      const before = k.spec.value.toString('utf8');
      const after = edit(before);
      if (after === before) return;
      await c.containersApi.update({
        container: { ...k, spec: { typeUrl: k.spec.typeUrl, value: Buffer.from(after) } },
        updateMask: ['spec'],
      });
    },
  };
}

const STATUS: Record<number, TaskRecord['status']> = {
  [TaskStatusEnum.CREATED]: 'created', [TaskStatusEnum.RUNNING]: 'running', [TaskStatusEnum.STOPPED]: 'stopped',
  [TaskStatusEnum.PAUSED]: 'paused', [TaskStatusEnum.PAUSING]: 'pausing',
};

const pbMount = (m: MountSpec) => ({ type: m.type, source: m.source, target: m.target, options: m.options });

export function taskControl(c: ContainerdClient): TaskControl {
  return {
    create: async (id, rootfs, io) =>
      (await c.tasksApi.create(
        { containerId: id, rootfs: rootfs.map(pbMount), stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, terminal: io.terminal,
          checkpoint: undefined, options: undefined, runtimePath: '', taskApiAddress: '', taskApiVersion: 0 },
        { timeoutMs: 60_000 },
      )).pid,
    start: async (id) => (await c.tasksApi.start({ containerId: id, execId: '' }, { timeoutMs: 60_000 })).pid,
    wait: async (id, signal) => {
      const r = await c.tasksApi.wait({ containerId: id, execId: '' }, { timeoutMs: 0, ...(signal ? { signal } : {}) });
      return { exitStatus: r.exitStatus, exitedAt: r.exitedAt };
    },
    kill: async (id, signal, all = false, execId = '') => {
      await c.tasksApi.kill({ containerId: id, execId, signal, all });
    },
    delete: async (id) => {
      const r = await c.tasksApi.delete({ containerId: id }, { timeoutMs: 60_000 });
      return { exitStatus: r.exitStatus, exitedAt: r.exitedAt };
    },
    get: async (id) => {
      const r = await orUndefined(c.tasksApi.get({ containerId: id, execId: '' }));
      const p = r?.process;
      if (!p) return undefined;
      return { id: p.containerId || id, pid: p.pid, status: STATUS[p.status] ?? 'unknown', exitStatus: p.exitStatus, exitedAt: p.exitedAt };
    },
    closeStdin: async (id, execId = '') => {
      await c.tasksApi.closeIo({ containerId: id, execId, stdin: true });
    },
    resizePty: async (id, width, height, execId = '') => {
      await c.tasksApi.resizePty({ containerId: id, execId, width, height });
    },
    pause: async (id) => {
      await c.tasksApi.pause({ containerId: id });
    },
    resume: async (id) => {
      await c.tasksApi.resume({ containerId: id });
    },
    listPids: async (id) => (await c.tasksApi.listPids({ containerId: id })).processes.map((p) => p.pid),
  };
}

export const PROCESS_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Process';

export function execControl(c: ContainerdClient): ExecControl {
  return {
    start: async (id, execId, process, io) => {
      await c.tasksApi.exec(
        {
          containerId: id, execId, stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, terminal: io.terminal,
          spec: { typeUrl: PROCESS_TYPE_URL, value: Buffer.from(JSON.stringify(process)) },
        },
        { timeoutMs: 60_000 },
      );
      return (await c.tasksApi.start({ containerId: id, execId }, { timeoutMs: 60_000 })).pid;
    },
    wait: async (id, execId, signal) => {
      const r = await c.tasksApi.wait({ containerId: id, execId }, { timeoutMs: 0, ...(signal ? { signal } : {}) });
      return { exitStatus: r.exitStatus, exitedAt: r.exitedAt };
    },
    delete: async (id, execId) => {
      await c.tasksApi.deleteProcess({ containerId: id, execId });
    },
  };
}
