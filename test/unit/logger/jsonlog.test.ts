import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonLogEncoder } from '../../../src/logger/jsonlog';
import { formatRFC3339Nano, NanoClock } from '../../../src/logger/clock';

const T = '2017-09-01T01:01:01.000000001Z';
const enc = (log: string | Uint8Array, stream = 'stdout', time = T): string =>
  new JsonLogEncoder(16).encode(typeof log === 'string' ? Buffer.from(log, 'utf8') : log, stream, time).toString('utf8');

test('json-file line layout: log, stream, time, newline (moby JSONLogs.MarshalJSONBuf)', () => {
  assert.equal(enc('hello\n'), `{"log":"hello\\n","stream":"stdout","time":"${T}"}\n`);
  assert.equal(enc('x', 'stderr'), `{"log":"x","stream":"stderr","time":"${T}"}\n`);
  // omitempty on log and stream
  assert.equal(enc(''), `{"stream":"stdout","time":"${T}"}\n`);
  assert.equal(enc('', ''), `{"time":"${T}"}\n`);
  assert.equal(enc('a', ''), `{"log":"a","time":"${T}"}\n`);
});

test('escaping follows moby ffjsonWriteJSONBytesAsString (HTML-safe, \\u00xx for controls)', () => {
  const cases: [string | Uint8Array, string][] = [
    ['"A log line with \\"', '\\"A log line with \\\\\\"'],
    ['A log line with \r', 'A log line with \\r'],
    ['A log line with & < >', 'A log line with \\u0026 \\u003c \\u003e'],
    ['A log line with utf8 : 🚀 ψ ω β', 'A log line with utf8 : 🚀 ψ ω β'],
    ['tab\there', 'tab\\u0009here'],
    ['\u0000\u0001\u001f\b\f', '\\u0000\\u0001\\u001f\\u0008\\u000c'],
    ['\u2028 \u2029', '\\u2028 \\u2029'],
    [Uint8Array.of(0xaf), '\\ufffd'],
    [Uint8Array.of(0x7f), '\x7f'],
    // overlong, surrogate, > U+10FFFF, truncated: each bad byte → U+FFFD (Go's utf8.DecodeRune)
    [Uint8Array.of(0xc0, 0x80), '\\ufffd\\ufffd'],
    [Uint8Array.of(0xed, 0xa0, 0x80), '\\ufffd\\ufffd\\ufffd'],
    [Uint8Array.of(0xf4, 0x90, 0x80, 0x80), '\\ufffd\\ufffd\\ufffd\\ufffd'],
    [Uint8Array.of(0x61, 0xe2, 0x82), 'a\\ufffd\\ufffd'],
    [Uint8Array.of(0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80), '€😀'],
  ];
  for (const [input, want] of cases) {
    const line = enc(input);
    assert.equal(line, `{"log":"${want}","stream":"stdout","time":"${T}"}\n`, JSON.stringify(want));
    assert.doesNotThrow(() => JSON.parse(line));
  }
});

test('the encoder grows its scratch buffer and round-trips through JSON.parse', () => {
  const e = new JsonLogEncoder(8);
  const big = `${'<&>"\\\t'.repeat(5000)}€\n`;
  const parsed = JSON.parse(e.encode(Buffer.from(big), 'stdout', T).toString('utf8')) as { log: string };
  assert.equal(parsed.log, big);
  assert.equal(e.encode(Buffer.from('small\n'), 'stderr', T).toString(), `{"log":"small\\n","stream":"stderr","time":"${T}"}\n`);
});

test('RFC3339Nano like Go: trailing zeros trimmed, no fraction when zero, UTC', () => {
  assert.equal(formatRFC3339Nano(1504227661000000001n), '2017-09-01T01:01:01.000000001Z');
  assert.equal(formatRFC3339Nano(1504227661120000000n), '2017-09-01T01:01:01.12Z');
  assert.equal(formatRFC3339Nano(1504227661000000000n), '2017-09-01T01:01:01Z');
  assert.equal(formatRFC3339Nano(1504227661999999999n), '2017-09-01T01:01:01.999999999Z');
});

test('NanoClock: wall time plus hrtime digits, re-anchored when they drift apart', () => {
  let wall = 1_000_000;
  let hr = 5_000_000_000n;
  const c = new NanoClock(() => wall, () => hr);
  assert.equal(c.nowNs(), 1_000_000n * 1_000_000n);
  hr += 1_234_567n;
  wall += 1;
  assert.equal(c.nowNs(), 1_000_000n * 1_000_000n + 1_234_567n);
  // the wall clock steps forward an hour: follow it
  wall += 3_600_000;
  hr += 10n;
  assert.equal(c.nowNs(), BigInt(wall) * 1_000_000n);
  assert.equal(c.now(), '1970-01-01T01:16:40.001Z');
});
