import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, InvalidOptionError } from '../../../../src/errors/index';
import { bytesSize, MIN_MEMORY, parseBytes, parseMemorySwap, validateMemoryLimits } from '../../../../src/cli/opts/bytes';
import { withFlag } from '../../../../src/cli/opts/common';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const TiB = 1024 * GiB;
const PiB = 1024 * TiB;

test('parseBytes accepts go-units RAMInBytes forms (binary multiples)', () => {
  const cases: [string, number][] = [
    ['32', 32], ['32b', 32], ['32B', 32], ['32k', 32 * KiB], ['32K', 32 * KiB], ['32kb', 32 * KiB], ['32Kb', 32 * KiB],
    ['32Kib', 32 * KiB], ['32KIB', 32 * KiB], ['32Mb', 32 * MiB], ['32Gb', 32 * GiB], ['32Tb', 32 * TiB], ['8Pb', 8 * PiB],
    ['512m', 512 * MiB], ['512MiB', 512 * MiB], ['1.5g', 1.5 * GiB], ['32.3', 32], ['32.3 mb', Math.trunc(32.3 * MiB)],
    ['0.3 mb', Math.trunc(0.3 * MiB)], ['1 GiB', GiB], ['0', 0], ['1e3', 1000], ['1.', 1], ['.5k', 512], ['7 ', 7],
  ];
  for (const [input, want] of cases) assert.equal(parseBytes(input), want, input);
});

test('parseBytes errors read as go-units and strconv', () => {
  const cases: [string, string][] = [
    ['', "invalid size: ''"],
    ['hello', "invalid size: 'hello'"],
    ['abc', "invalid size: 'abc'"],
    ['-32', "invalid size: '-32'"],
    [' 32 ', 'strconv.ParseFloat: parsing " 32": invalid syntax'],
    ['32m b', 'strconv.ParseFloat: parsing "32m": invalid syntax'],
    ['1.2.3m', 'strconv.ParseFloat: parsing "1.2.3": invalid syntax'],
    ['m1', 'strconv.ParseFloat: parsing "m1": invalid syntax'],
    ['1e400', 'strconv.ParseFloat: parsing "1e400": value out of range'],
    ['32bm', "invalid suffix: 'bm'"],
    ['32x', "invalid suffix: 'x'"],
    ['32MX', "invalid suffix: 'mx'"],
    ['32kbx', "invalid suffix: 'kbx'"],
    ['32KiBs', "invalid suffix: 'KiBs'"],
  ];
  for (const [input, msg] of cases) {
    assert.throws(() => parseBytes(input), (e: unknown) => e instanceof InvalidOptionError && e.message === msg, input);
  }
});

test('parseBytes under withFlag gives the pflag message docker prints for -m', () => {
  assert.throws(() => withFlag('-m, --memory', 'abc', parseBytes), {
    message: 'invalid argument "abc" for "-m, --memory" flag: invalid size: \'abc\'',
  });
});

test('parseMemorySwap: -1 is unlimited, else a size', () => {
  assert.equal(parseMemorySwap('-1'), -1);
  assert.equal(parseMemorySwap('1g'), GiB);
  assert.throws(() => parseMemorySwap('-2'), { message: "invalid size: '-2'" });
});

test('validateMemoryLimits applies dockerd rules in order', () => {
  validateMemoryLimits({});
  validateMemoryLimits({ memory: MIN_MEMORY, memorySwap: -1 });
  validateMemoryLimits({ memory: 512 * MiB, memorySwap: GiB, memoryReservation: 256 * MiB });
  const bad: [Parameters<typeof validateMemoryLimits>[0], string][] = [
    [{ memory: MiB }, 'Minimum memory limit allowed is 6MB'],
    [{ memory: GiB, memorySwap: 512 * MiB }, 'Minimum memoryswap limit should be larger than memory limit, see usage'],
    [{ memorySwap: GiB }, 'You should always set the Memory limit when using Memoryswap limit, see usage'],
    [{ memoryReservation: MiB }, 'Minimum memory reservation allowed is 6MB'],
    [{ memory: 64 * MiB, memoryReservation: 128 * MiB }, 'Minimum memory limit can not be less than memory reservation limit, see usage'],
  ];
  for (const [limits, msg] of bad) {
    assert.throws(() => validateMemoryLimits(limits), (e: unknown) =>
      e instanceof InvalidArgumentError && e.message === `Error response from daemon: ${msg}`);
  }
});

test('bytesSize prints as go-units BytesSize', () => {
  assert.equal(bytesSize(0), '0B');
  assert.equal(bytesSize(1023), '1023B');
  assert.equal(bytesSize(1024), '1KiB');
  assert.equal(bytesSize(512 * MiB), '512MiB');
  assert.equal(bytesSize(1.5 * GiB), '1.5GiB');
  assert.equal(bytesSize(64 * MiB), '64MiB');
  assert.equal(bytesSize(1234567), '1.177MiB');
  assert.equal(bytesSize(1023.99 * KiB), '1024KiB');
});
