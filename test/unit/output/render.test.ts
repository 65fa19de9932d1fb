/**
 * `--format` parsing (Docker's preFormat rules) and rendering of tables, json and custom templates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFormat } from '../../../src/output/format';
import { headerObject, renderOne, renderRows } from '../../../src/output/render';
import { GoTemplateError } from '../../../src/output/gotemplate/index';

const PS = 'table {{.ID}}\t{{.Image}}\t{{.Names}}';
const HEADERS = { ID: 'CONTAINER ID', Image: 'IMAGE', Names: 'NAMES' };
const ROWS = [
  { ID: 'abc', Image: 'busybox', Names: 'x', Labels: 'a=<b>' },
  { ID: '0123456789ab', Image: 'docker.io/library/nginx:latest', Names: 'web', Labels: '' },
];

test('parseFormat: default, table, json, template, escapes', () => {
  assert.deepEqual(parseFormat(undefined, PS), { kind: 'table', template: '{{.ID}}\t{{.Image}}\t{{.Names}}' });
  assert.deepEqual(parseFormat('', PS), { kind: 'table', template: '{{.ID}}\t{{.Image}}\t{{.Names}}' });
  assert.deepEqual(parseFormat('table', PS), { kind: 'table', template: '{{.ID}}\t{{.Image}}\t{{.Names}}' });
  assert.deepEqual(parseFormat('table {{.ID}}\\t{{.Names}}', PS), { kind: 'table', template: '{{.ID}}\t{{.Names}}' });
  assert.deepEqual(parseFormat('json', PS), { kind: 'json' });
  assert.deepEqual(parseFormat('  {{.ID}}\\n{{.Names}}  ', PS), { kind: 'template', template: '{{.ID}}\n{{.Names}}' });
  assert.deepEqual(parseFormat('{{json .}}', PS), { kind: 'template', template: '{{json .}}' });
  assert.deepEqual(parseFormat('\t{{.ID}}', PS), { kind: 'template', template: '\t{{.ID}}' }); // only spaces are trimmed
});

test('table: header row from the headers map, aligned by tabwriter', () => {
  assert.equal(
    renderRows(ROWS, parseFormat(undefined, PS), { headers: HEADERS }),
    'CONTAINER ID   IMAGE                            NAMES\n' +
      'abc            busybox                          x\n' +
      '0123456789ab   docker.io/library/nginx:latest   web\n',
  );
  // no rows: the header alone
  assert.equal(renderRows([], parseFormat('table {{.ID}}\t{{.Image}}', PS), { headers: HEADERS }), 'CONTAINER ID   IMAGE\n');
  // fields without an explicit header are upper-cased; header funcs leave header text intact, pad still pads
  assert.equal(
    renderRows(ROWS.slice(0, 1), parseFormat('table {{lower .ID}}\t{{.Labels}}|{{pad .Names 1 1}}|{{truncate .Image 3}}', PS), { headers: HEADERS }),
    'CONTAINER ID   LABELS| NAMES |IMAGE\nabc            a=<b>| x |bus\n',
  );
  // a header that cannot be rendered is left partial, as Docker ignores header errors
  assert.equal(renderRows([{ A: { B: 'v' } }], parseFormat('table X{{.A.B}}', PS)), 'X\nXv\n');
});

test('json: one compact object per row, keys sorted, <>& escaped as json.Marshal does (Docker row MarshalJSON)', () => {
  assert.equal(
    renderRows(ROWS, parseFormat('json', PS)),
    '{"ID":"abc","Image":"busybox","Labels":"a=\\u003cb\\u003e","Names":"x"}\n' +
      '{"ID":"0123456789ab","Image":"docker.io/library/nginx:latest","Labels":"","Names":"web"}\n',
  );
  assert.equal(renderRows([{ b: 1, a: 2 }], parseFormat('{{json .}}', PS)), '{"a":2,"b":1}\n');
  assert.equal(renderRows([{ a: '<x>' }], parseFormat('{{json .a}}', PS)), '"<x>"\n', 'a single value is not escaped');
});

test('template: each row followed by a newline; custom funcs', () => {
  assert.equal(renderRows(ROWS, parseFormat('{{.Names}}: {{.Image}}', PS)), 'x: busybox\nweb: docker.io/library/nginx:latest\n');
  assert.equal(renderRows(ROWS, parseFormat('{{short .ID}}', PS), { funcs: { short: (s: unknown) => String(s).slice(0, 2) } }), 'ab\n01\n');
  assert.equal(renderRows([], parseFormat('{{.ID}}', PS)), '');
});

test('errors are prefixed "template parsing error: " like Docker', () => {
  assert.throws(() => renderRows(ROWS, parseFormat('{{.ID}', PS)), (e: unknown) => {
    assert.ok(e instanceof GoTemplateError);
    assert.equal(e.message, "template parsing error: template: :1: bad character U+007D '}'");
    return true;
  });
  assert.throws(() => renderRows(ROWS, parseFormat('{{index .ID 99}}', PS)), {
    message: 'template parsing error: template: :1:2: executing "" at <index .ID 99>: error calling index: index out of range: 99',
  });
});

test('renderOne: single object, no trailing newline, optional missingkey=error', () => {
  const info = { Server: { Version: '1.7.0' }, Client: { Version: '0.1.0' } };
  assert.equal(renderOne(info, '{{.Server.Version}} / {{.Client.Version}}'), '1.7.0 / 0.1.0');
  assert.equal(renderOne(info, '{{json .Server}}'), '{"Version":"1.7.0"}');
  assert.equal(renderOne(info, '{{.Nope}}'), '<no value>');
  assert.throws(() => renderOne(info, '{{.Nope}}', { missingKey: 'error' }), {
    message: 'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"',
  });
});

test('headerObject', () => {
  assert.deepEqual(headerObject(['ID', 'Size', 'toString'], { ID: 'CONTAINER ID' }), { ID: 'CONTAINER ID', Size: 'SIZE', toString: 'TOSTRING' });
});

test('json of class-instance rows: fields and getters, keys sorted', () => {
  class Row {
    Zeta = 'z';
    constructor(readonly ID: string) {}
    get Alpha(): string {
      return this.ID.toUpperCase();
    }
  }
  assert.equal(renderRows([new Row('ab')], parseFormat('json', PS)), '{"Alpha":"AB","ID":"ab","Zeta":"z"}\n');
  assert.equal(renderRows([new Row('ab')], parseFormat('{{.Alpha}} {{.ID}}', PS)), 'AB ab\n');
  assert.throws(() => renderRows([new Row('ab')], parseFormat('{{.constructor}}', PS)), {
    message: 'template parsing error: template: :1:2: executing "" at <.constructor>: can\'t evaluate field constructor in type *Row',
  });
});
