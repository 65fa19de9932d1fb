import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidOptionError } from '../../../../src/errors/index';
import { collectSysctls, DEFAULT_NETWORK_SYSCTLS, parseSysctl } from '../../../../src/cli/opts/sysctl';

test('parseSysctl allows only namespaced sysctls', () => {
  const ok: [string, [string, string]][] = [
    ['net.ipv4.ip_forward=1', ['net.ipv4.ip_forward', '1']], ['kernel.msgmax=1', ['kernel.msgmax', '1']],
    ['kernel.msgmnb=1', ['kernel.msgmnb', '1']], ['kernel.msgmni=1', ['kernel.msgmni', '1']], ['kernel.sem=1 2 3 4', ['kernel.sem', '1 2 3 4']],
    ['kernel.shmall=1', ['kernel.shmall', '1']], ['kernel.shmmax=1', ['kernel.shmmax', '1']], ['kernel.shmmni=1', ['kernel.shmmni', '1']],
    ['kernel.shm_rmid_forced=1', ['kernel.shm_rmid_forced', '1']], ['fs.mqueue.msg_max=10', ['fs.mqueue.msg_max', '10']],
    ['net.core.somaxconn=', ['net.core.somaxconn', '']], ['net.a=b=c', ['net.a', 'b=c']],
  ];
  for (const [input, want] of ok) assert.deepEqual(parseSysctl(input), want, input);
  for (const bad of ['kernel.hostname=x', 'kernel.shm=1', 'vm.swappiness=1', 'fs.mqueue=1', 'net.ipv4.ip_forward', '=1', 'kernel.msgmax']) {
    assert.throws(() => parseSysctl(bad), (e: unknown) => e instanceof InvalidOptionError && e.message === `sysctl '${bad}' is not allowed`, bad);
  }
});

test('collectSysctls: map with pflag errors', () => {
  assert.deepEqual(collectSysctls(['net.ipv4.ip_forward=1', 'kernel.shmmax=5', 'net.ipv4.ip_forward=0']), {
    'net.ipv4.ip_forward': '0', 'kernel.shmmax': '5',
  });
  assert.throws(() => collectSysctls(['kernel.foo=1']), {
    message: 'invalid argument "kernel.foo=1" for "--sysctl" flag: sysctl \'kernel.foo=1\' is not allowed',
  });
  assert.equal(DEFAULT_NETWORK_SYSCTLS['net.ipv4.ip_unprivileged_port_start'], '0');
});
