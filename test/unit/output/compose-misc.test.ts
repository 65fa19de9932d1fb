import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combinedStatus, renderComposeImages, renderComposeLs, renderComposeTop, renderComposeVersion } from '../../../src/output/views/compose-misc';
import { composeProgress } from '../../../src/output/views/compose-events';

test('combinedStatus: states sorted, each with its count (Compose ls)', () => {
  assert.equal(combinedStatus(['running', 'exited', 'running', 'paused']), 'exited(1), paused(1), running(2)');
  assert.equal(combinedStatus([]), '');
});

test('compose top: name line, ps table (minwidth 5, padding 3; rows end in a cell), blank line per container', () => {
  const out = renderComposeTop([
    { name: 'p-web-1', titles: ['UID', 'PID', 'CMD'], processes: [['root', '12345', 'sleep 300']] },
    { name: 'p-db-1', titles: ['UID', 'PID', 'CMD'], processes: [] },
  ]);
  assert.equal(out, 'p-web-1\nUID    PID     CMD\nroot   12345   sleep 300   \n\np-db-1\nUID   PID   CMD\n\n');
});

test('compose ls / images: table with minwidth 20, json as one line, quiet, bad format', () => {
  const stacks = [{ Name: 'demo', Status: 'running(2)', ConfigFiles: '/x/compose.yaml' }];
  assert.equal(renderComposeLs(stacks, { format: 'table' }), 'NAME                STATUS              CONFIG FILES\ndemo                running(2)          /x/compose.yaml\n');
  assert.equal(renderComposeLs(stacks, { format: 'json' }), '[{"Name":"demo","Status":"running(2)","ConfigFiles":"/x/compose.yaml"}]\n');
  assert.equal(renderComposeLs(stacks, { quiet: true }), 'demo\n');
  assert.throws(() => renderComposeLs(stacks, { format: '{{.Name}}' }), /format value "\{\{.Name\}\}" could not be parsed: parsing failed/);

  const id = `sha256:${'ab'.repeat(32)}`;
  const rows = [
    { ID: id, ContainerName: 'p-web-1', Repository: 'busybox', Tag: 'latest', Size: 4_260_000 },
    { ID: id, ContainerName: 'p-db-1', Repository: '', Tag: '', Size: 999 },
  ];
  assert.equal(
    renderComposeImages(rows, {}),
    'CONTAINER           REPOSITORY          TAG                 IMAGE ID            SIZE\n' +
      'p-db-1              <none>              <none>              abababababab        999B\n' +
      'p-web-1             busybox             latest              abababababab        4.26MB\n',
  );
  assert.equal(renderComposeImages(rows, { quiet: true }), `${'ab'.repeat(32)}\n`);
});

test('compose version and plain progress lines', () => {
  const me = { bin: 'tsctl', version: '0.1.0' };
  assert.equal(renderComposeVersion('2.24.0', me, {}), 'Docker Compose version v2.24.0 (tsctl 0.1.0)\n');
  assert.equal(renderComposeVersion('2.24.0', me, { short: true }), '2.24.0\n');
  assert.equal(renderComposeVersion('2.24.0', me, { format: 'json' }), '{"version":"v2.24.0"}\n');
  assert.equal(composeProgress('web', 'Pulling'), ' web Pulling \n');
  assert.equal(composeProgress('web', 'Error', 'denied'), ' web Error denied\n');
});
