import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderVolumeList, renderVolumePrune } from '../../../src/output/views/volume';

const vol = (name: string, labels: Record<string, string> | null = null) => ({ CreatedAt: '2026-01-01T00:00:00Z', Driver: 'local', Labels: labels, Mountpoint: `/v/${name}/_data`, Name: name, Options: null, Scope: 'local' });

test('volume ls: Docker table sorted naturally, -q, json rows, .Label', () => {
  const vs = [vol('v10'), vol('v9', { a: '1', b: '' })];
  assert.equal(renderVolumeList(vs, {}), 'DRIVER    VOLUME NAME\nlocal     v9\nlocal     v10\n');
  assert.equal(renderVolumeList(vs, { quiet: true }), 'v9\nv10\n');
  assert.equal(
    renderVolumeList([vs[1] ?? vol('x')], { format: 'json' }),
    '{"Availability":"N/A","Driver":"local","Group":"N/A","Labels":"a=1,b=","Links":"N/A","Mountpoint":"/v/v9/_data","Name":"v9","Scope":"local","Size":"N/A","Status":"N/A"}\n',
  );
  assert.equal(renderVolumeList(vs, { format: '{{.Name}}:{{.Label "a"}}' }), 'v9:1\nv10:\n');
});

test('volume prune report', () => {
  assert.equal(renderVolumePrune({ deleted: [], reclaimed: 0 }), 'Total reclaimed space: 0B\n');
  assert.equal(renderVolumePrune({ deleted: ['a', 'b'], reclaimed: 2048 }), 'Deleted Volumes:\na\nb\n\nTotal reclaimed space: 2.048kB\n');
});
