import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as opts from '../../../../src/cli/opts/index';

test('index re-exports every parser', () => {
  const names = [
    'parseBytes', 'parseMemorySwap', 'validateMemoryLimits', 'bytesSize', 'parseCpus', 'parseCpuShares', 'parseCpuset',
    'validateCpuset', 'validateNanoCpus', 'parseGoDuration', 'parseDuration', 'parseDurationNs', 'formatGoDuration',
    'parseStopTimeout', 'getTimestamp', 'parseTimestamp', 'parseEnvFlag', 'parseEnvFile', 'parseKeyValueFile', 'collectEnv',
    'mergeEnv', 'parseLabelFlag', 'parseLabelFile', 'collectLabels', 'parseUlimit', 'parseUlimits', 'ulimitToRlimit',
    'parseRestartPolicy', 'validateRestartWithRm', 'parseSignal', 'parseStopSignal', 'parseKillSignal', 'signalName',
    'parseTmpfs', 'parseTmpfsList', 'mergeTmpfsOptions', 'parseShmSize', 'parseDevice', 'isCdiDeviceName',
    'parseSecurityOpts', 'compactSeccompProfile', 'normalizeCapability', 'effectiveCapAddCapDrop', 'validateCapabilities',
    'tweakCapabilities', 'parseSysctl', 'collectSysctls', 'parseHealthFlags', 'mergeHealthConfig', 'healthProbe',
    'parseUserSpec', 'resolveUser', 'parsePortSpec', 'parsePublish', 'parseExpose', 'publishAll', 'toPortBindings',
    'withFlag', 'daemonError', 'goQuote',
  ];
  const exported = opts as unknown as Record<string, unknown>;
  for (const n of names) assert.equal(typeof exported[n], 'function', n);
});

test('a run-like flow composes', () => {
  const environ = { TERM: 'xterm' };
  const env = opts.mergeEnv(['PATH=/bin', 'TERM=dumb'], opts.collectEnv([{ path: 'e', content: 'A=1\n' }], ['TERM', 'B=2'], environ));
  assert.deepEqual(env, ['PATH=/bin', 'TERM=xterm', 'A=1', 'B=2']);
  const ports = opts.publishAll(['80/tcp', '443/tcp'], opts.parsePublish(['127.0.0.1:8080:80']));
  assert.deepEqual(Object.keys(opts.toPortBindings(ports)), ['80/tcp', '443/tcp']);
  assert.equal(opts.withFlag('-m, --memory', '256m', opts.parseBytes), 268435456);
});
