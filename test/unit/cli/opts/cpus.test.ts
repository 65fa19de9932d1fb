import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../../src/errors/index';
import { withFlag } from '../../../../src/cli/opts/common';
import { parseCpus, parseCpuset, parseCpuShares, validateCpuset, validateNanoCpus } from '../../../../src/cli/opts/cpus';

test('parseCpus converts rational CPU counts to NanoCPUs', () => {
  const cases: [string, number][] = [
    ['1.5', 1_500_000_000], ['2', 2_000_000_000], ['0.5', 500_000_000], ['.25', 250_000_000], ['3/2', 1_500_000_000],
    ['0.000000001', 1], ['1e-3', 1_000_000], ['1E1', 10_000_000_000], ['0', 0], ['-1', -1_000_000_000], ['+2.', 2_000_000_000],
  ];
  for (const [input, want] of cases) assert.equal(parseCpus(input), want, input);
});

test('parseCpus errors as docker/cli ParseCPUs', () => {
  assert.throws(() => parseCpus('abc'), { message: 'failed to parse abc as a rational number' });
  assert.throws(() => parseCpus(''), { message: 'failed to parse  as a rational number' });
  assert.throws(() => parseCpus('1/0'), { message: 'failed to parse 1/0 as a rational number' });
  assert.throws(() => parseCpus('0.0000000001'), { message: 'value is too precise' });
  assert.throws(() => parseCpus('1/3'), { message: 'value is too precise' });
  assert.throws(() => withFlag('--cpus', 'x', parseCpus), { message: 'invalid argument "x" for "--cpus" flag: failed to parse x as a rational number' });
});

test('validateNanoCpus: dockerd range check', () => {
  validateNanoCpus(0, 4);
  validateNanoCpus(4e9, 4);
  assert.throws(() => validateNanoCpus(4.5e9, 4), (e: unknown) => e instanceof InvalidArgumentError &&
    e.message === 'Error response from daemon: range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available');
  assert.throws(() => validateNanoCpus(-1, 2), /range of CPUs is from 0.01 to 2.00/);
});

test('parseCpuShares: pflag int64, negative rejected by dockerd', () => {
  assert.equal(parseCpuShares('512'), 512);
  assert.equal(parseCpuShares('0x400'), 1024);
  assert.equal(parseCpuShares('0'), 0);
  assert.throws(() => parseCpuShares('lots'), {
    message: 'invalid argument "lots" for "-c, --cpu-shares" flag: strconv.ParseInt: parsing "lots": invalid syntax',
  });
  assert.throws(() => parseCpuShares('-2'), { message: 'Error response from daemon: invalid CPU shares (-2): value must be a positive integer' });
});

test('parseCpuset parses cgroup cpu lists like dockerd', () => {
  assert.deepEqual(parseCpuset('0-2,4'), [0, 1, 2, 4]);
  assert.deepEqual(parseCpuset('7'), [7]);
  assert.deepEqual(parseCpuset('3,2,1'), [1, 2, 3]);
  assert.deepEqual(parseCpuset('0-0,0,1-7'), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(parseCpuset('03,1-3'), [1, 2, 3]);
  assert.deepEqual(parseCpuset('0-2,3,1'), [0, 1, 2, 3]);
  assert.deepEqual(parseCpuset(''), []);
  for (const bad of ['a', '1-a', '2-1', '-1', '1,', ',', '1--3', ' 1', '1.5']) {
    assert.throws(() => parseCpuset(bad), { message: `invalid format: ${bad}` }, bad);
  }
  assert.throws(() => parseCpuset('8193'), { message: 'value of out range, maximum is 8192' });
  assert.throws(() => parseCpuset('1-9223372036854775807'), { message: 'value of out range, maximum is 8192' });
});

test('validateCpuset wraps errors and checks availability', () => {
  assert.deepEqual(validateCpuset('0-2,4', 'cpus'), [0, 1, 2, 4]);
  assert.deepEqual(validateCpuset('1,3', 'cpus', '0-3'), [1, 3]);
  assert.throws(() => validateCpuset('0-a', 'cpus'), {
    message: 'Error response from daemon: Invalid value 0-a for cpuset cpus: invalid format: 0-a',
  });
  assert.throws(() => validateCpuset('9', 'cpus', '0-7'), {
    message: 'Error response from daemon: Requested CPUs are not available - requested 9, available: 0-7',
  });
  assert.throws(() => validateCpuset('1', 'mems', '0'), {
    message: 'Error response from daemon: Requested memory nodes are not available - requested 1, available: 0',
  });
});
