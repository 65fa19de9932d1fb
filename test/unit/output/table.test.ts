/**
 * Tabwriter port: Docker's settings (minwidth 10, tabwidth 1, padding 3, space padding). Every
 * vector's expected output was produced by Go's text/tabwriter with the same settings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayWidth, renderTabwriter } from '../../../src/output/table';

const GO_VECTORS: ReadonlyArray<readonly [string, string]> = [
  ['CONTAINER ID\tIMAGE\tNAMES\nabc\tbusybox\tx\n', 'CONTAINER ID   IMAGE     NAMES\nabc            busybox   x\n'],
  ['a\tb\tc\n', 'a         b         c\n'],
  ['a\tb\tc', 'a         b         c'],
  ['', ''],
  ['\n', '\n'],
  ['no tabs\n', 'no tabs\n'],
  ['x\ty\n\nz\tw\n', 'x         y\n\nz         w\n'],
  // the b and c cells are in different column blocks: line "a" (no tab) ends the block
  ['aaaa\tbbb\td\naa\tb\tdd\na\naa\tcccc\teee\n', 'aaaa      bbb       d\naa        b         dd\na\naa        cccc      eee\n'],
  ['a\tb\n\tc\n\t\td\n', 'a         b\n          c\n                    d\n'],
  ['short\tx\nverylongcellcontenthere\ty\nmid\tz\n', 'short                     x\nverylongcellcontenthere   y\nmid                       z\n'],
  ['a\t\t\tb\n1\t2\t3\t4\n', 'a                             b\n1         2         3         4\n'],
  // column 2 (h3/r5) is its own block: line "r1 r2" has no cell in it
  ['h1\th2\th3\nr1\tr2\nr3\tr4\tr5\tr6\n', 'h1        h2        h3\nr1        r2\nr3        r4        r5        r6\n'],
  ['a\tb\ncc\tdd\nsingle\nee\tff\n', 'a         b\ncc        dd\nsingle\nee        ff\n'],
  ['trailing\t\n\t\n', 'trailing   \n           \n'],
  ['x\fy\tz\n1\t2\n', 'x\ny         z\n1         2\n'],
  ['a\vb\tc\naaaaaaaaaaaa\vbb\tc\n', 'a              b         c\naaaaaaaaaaaa   bb        c\n'],
  [
    'NAME\tCONTAINERS\tIMAGES\tVOLUMES\tLABELS\ndefault\t3\t12\t0\t\nk8s.io\t0\t0\t0\ta=b\n',
    'NAME      CONTAINERS   IMAGES    VOLUMES   LABELS\ndefault   3            12        0         \nk8s.io    0            0         0         a=b\n',
  ],
  ['ID\n\nx\ty\n', 'ID\n\nx         y\n'],
  ['a\tb\tc\nd\n', 'a         b         c\nd\n'],
  ['\t\t\n\t\t\n', '                    \n                    \n'],
  ['col\tcol2\nlongerthanten\tv\n', 'col             col2\nlongerthanten   v\n'],
  ['exactlyseven\t.\n', 'exactlyseven   .\n'],
  ['abcdefg\tx\nabcdefgh\tx\n', 'abcdefg    x\nabcdefgh   x\n'],
];

test('matches Go text/tabwriter output for Docker settings', () => {
  for (const [input, want] of GO_VECTORS) {
    assert.equal(renderTabwriter(input), want, JSON.stringify(input));
  }
});

test('width is the display width (East Asian wide = 2, combining = 0)', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('名前'), 4);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('🐳x'), 3);
  assert.equal(renderTabwriter('名前前前前\tx\nab\ty\n'), '名前前前前   x\nab           y\n');
  assert.equal(renderTabwriter('héllo\tx\n'), 'héllo     x\n');
});

test('other tabwriter settings', () => {
  assert.equal(renderTabwriter('a\tb\nccc\td\n', { minwidth: 0, tabwidth: 8, padding: 1, padchar: '.', alignRight: true }), '...ab\n.cccd\n');
  assert.equal(renderTabwriter('a\tb\nccc\td\n', { minwidth: 0, tabwidth: 8, padding: 1, padchar: '\t' }), 'a\tb\nccc\td\n');
  assert.equal(renderTabwriter('a\tb\nccc\td\n', { minwidth: 0, tabwidth: 1, padding: 1, padchar: ' ', debug: true }), 'a   |b\nccc |d\n');
});
