import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerName, listContainers } from '../../../src/services/containers/list';
import type { ContainerRecord } from '../../../src/containerd/ports';

const k8s = {
  'io.kubernetes.pod.namespace': 'kube-system',
  'io.kubernetes.pod.name': 'coredns-5d78c9869d-abcde',
  'io.kubernetes.container.name': 'coredns',
  'io.cri-containerd.kind': 'container',
};
const sandbox = { 'io.kubernetes.pod.namespace': 'kube-system', 'io.kubernetes.pod.name': 'coredns-5d78c9869d-abcde', 'io.cri-containerd.kind': 'sandbox' };

test('containerName: tsctl, then nerdctl, then the CRI labels as nerdctl shows them (k8s://ns/pod[/container]), then the ID', () => {
  assert.equal(containerName({ id: 'x', labels: { 'tsctl/name': 'web', 'nerdctl/name': 'other', ...k8s } }), 'web');
  assert.equal(containerName({ id: 'x', labels: { 'nerdctl/name': 'other', ...k8s } }), 'other');
  assert.equal(containerName({ id: 'x', labels: k8s }), 'k8s://kube-system/coredns-5d78c9869d-abcde/coredns');
  assert.equal(containerName({ id: 'x', labels: sandbox }), 'k8s://kube-system/coredns-5d78c9869d-abcde');
  // A pod name without its namespace (or the reverse) is not enough: the ID, as nerdctl's "" would leave it.
  assert.equal(containerName({ id: 'x', labels: { 'io.kubernetes.pod.name': 'p', 'io.kubernetes.container.name': 'c' } }), 'x');
  assert.equal(containerName({ id: 'x', labels: { 'io.kubernetes.pod.namespace': 'ns' } }), 'x');
  assert.equal(containerName({ id: 'x', labels: {} }), 'x');
});

test('ps rows of CRI containers: k8s:// names, the record\'s image, one list call each for containers and tasks', async () => {
  let calls = 0;
  const created = new Date(Date.UTC(2026, 0, 1));
  const deps = {
    containers: {
      list: async (): Promise<ContainerRecord[]> => {
        calls++;
        return [
          { id: 'sb', image: 'registry.k8s.io/pause:3.9', labels: sandbox, createdAt: created, args: ['/pause'] },
          { id: 'ct', image: 'registry.k8s.io/coredns/coredns:v1.10.1', labels: k8s, createdAt: new Date(created.getTime() + 1000), args: ['/coredns', '-conf', '/etc/coredns/Corefile'] },
        ];
      },
    },
    tasks: {
      list: async () => {
        calls++;
        return [{ id: 'ct', pid: 0, status: 'stopped' as const, exitStatus: 0, exitedAt: created }];
      },
    },
    processStart: async () => undefined,
    now: () => new Date(created.getTime() + 60_000),
  };
  const rows = await listContainers(deps, { all: true, last: 0 });
  assert.deepEqual(rows.map((r) => [r.ID, r.Names, r.Image, r.Command, r.State]), [
    ['ct', 'k8s://kube-system/coredns-5d78c9869d-abcde/coredns', 'registry.k8s.io/coredns/coredns:v1.10.1', '/coredns -conf /etc/coredns/Corefile', 'exited'],
    ['sb', 'k8s://kube-system/coredns-5d78c9869d-abcde', 'registry.k8s.io/pause:3.9', '/pause', 'created'],
  ]);
  assert.equal(calls, 2);
  const named = await listContainers(deps, { all: true, last: 0, filters: new Map([['name', ['coredns$']]]) });
  assert.deepEqual(named.map((r) => r.ID), ['ct']);
});
