import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLimited } from '../../../src/services/images/pull';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function recorder() {
  const t0 = performance.now();
  const events: string[] = [];
  let active = 0;
  let peak = 0;
  const fn = (durations: number[]) => async (_: number, i: number): Promise<void> => {
    events.push(`start ${i}`);
    active++;
    peak = Math.max(peak, active);
    await sleep(durations[i] ?? 0);
    active--;
    events.push(`end ${i}`);
  };
  return { events, fn, peak: () => peak, elapsed: () => performance.now() - t0 };
}

test('runLimited: in order, never more than the limit at once', async () => {
  const r = recorder();
  await runLimited([0, 1, 2, 3, 4], 2, r.fn([30, 10, 10, 10, 10]));
  assert.equal(r.peak(), 2);
  assert.deepEqual(r.events.filter((e) => e.startsWith('start')), ['start 0', 'start 1', 'start 2', 'start 3', 'start 4']);
});

test('runLimited with a head start: the others wait for item 0 when it is quick', async () => {
  const r = recorder();
  await runLimited([0, 1, 2, 3], 3, r.fn([40, 10, 10, 10]), true);
  assert.deepEqual(r.events.slice(0, 2), ['start 0', 'end 0'], r.events.join(', '));
  assert.equal(r.peak(), 3);
});

test('runLimited with a head start: the others join after 500 ms when item 0 is slow', async () => {
  const r = recorder();
  await runLimited([0, 1, 2], 3, r.fn([900, 10, 10]), true);
  assert.deepEqual(r.events, ['start 0', 'start 1', 'start 2', 'end 1', 'end 2', 'end 0']);
  assert.ok(r.elapsed() < 1300, `took ${r.elapsed()} ms`);
});

test('runLimited with a head start: a failing item 0 still lets the others run, and the failure surfaces', async () => {
  const started: number[] = [];
  await assert.rejects(
    runLimited([0, 1, 2], 2, async (_, i) => {
      started.push(i);
      if (i === 0) throw new Error('boom');
    }, true),
    /boom/,
  );
  await sleep(10);
  assert.deepEqual(started.sort(), [0, 1, 2]);
});
