/**
 * Builtin functions (Go's and Docker's), header functions, printf verbs and the Go-compatible JSON
 * encoder. Expected strings were checked against Go 1.26 (fmt, text/template, encoding/json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goJSON, headerFuncs, parseTemplate } from '../../../src/output/gotemplate/index';

const D = {
  Name: 'web', ID: 'abcdef0123456789', N: 42, T: true, E: '', Z: 0, List: ['a', 'b', 'c'], Nums: [3, 1, 2],
  M: { b: 2, a: 1 }, Html: "<a href='x'>&\"</a>", Uni: 'héllo wörld ☃', Words: 'hello big_world foo-bar',
};
const run = (t: string, data: unknown = D): string => parseTemplate(t).execute(data);
const execErr = (t: string, data: unknown = D): string => parseTemplate(t).executePartial(data).error?.goMessage ?? '(no error)';

test('and / or / not (short-circuit, return operands)', () => {
  assert.equal(run('{{not .T}} {{not .E}} {{and .T .N}} {{and .T .E .N}} {{or .E .Z .Name}} {{or .E .Z}}'), 'false true 42  web 0');
  assert.equal(run('{{and .Z (index .Missing 3)}} {{or .Name (index .Missing 3)}}'), '0 web');
  assert.equal(execErr('{{and}}'), 'template: :1:2: executing "" at <and>: wrong number of args for and: want at least 1 got 0');
  assert.equal(execErr('{{not 1 2}}'), 'template: :1:2: executing "" at <not>: wrong number of args for not: want 1 got 2');
});

test('comparisons', () => {
  assert.equal(run('{{eq .N 42}} {{eq .Name "web"}} {{eq .Name "x" "web"}} {{ne .N 1}} {{lt .N 50}} {{le .N 42}} {{gt .N 42}} {{ge .N 42}} {{lt "a" "b"}}'), 'true true true true true true false true true');
  assert.equal(run('{{eq .Missing nil}} {{eq .List nil}} {{eq nil nil}}'), 'true false true');
  assert.equal(execErr('{{eq .N "42"}}'), 'template: :1:2: executing "" at <eq .N "42">: error calling eq: incompatible types for comparison: int and string');
  assert.equal(execErr('{{lt .T .T}}'), 'template: :1:2: executing "" at <lt .T .T>: error calling lt: invalid type for comparison');
  assert.equal(execErr('{{eq .List .List}}'), 'template: :1:2: executing "" at <eq .List .List>: error calling eq: non-comparable type [a b c]: []interface {}');
});

test('len, index, slice', () => {
  assert.equal(run('{{len .List}} {{len .Name}} {{len .M}} {{len .Uni}}'), '3 3 2 17');
  assert.equal(run('{{index .M "a"}} {{index .M "zz"}} {{index .List 1}} {{index .Name 1}}'), '1 <no value> b 101');
  assert.equal(run('{{slice .List 1}} {{slice .List 1 2}} {{slice .Name 1 3}} {{slice .List}}'), '[b c] [b] eb [a b c]');
  assert.equal(execErr('{{index .List 5}}'), 'template: :1:2: executing "" at <index .List 5>: error calling index: index out of range: 5');
  assert.equal(execErr('{{index .List "x"}}'), 'template: :1:2: executing "" at <index .List "x">: error calling index: cannot index slice/array with type string');
  assert.equal(execErr('{{index .Missing 1}}'), 'template: :1:2: executing "" at <index .Missing 1>: error calling index: index of untyped nil');
  assert.equal(execErr('{{slice .List 2 1}}'), 'template: :1:2: executing "" at <slice .List 2 1>: error calling slice: invalid slice index: 2 > 1');
  assert.equal(execErr('{{len .N}}'), 'template: :1:2: executing "" at <len .N>: error calling len: len of type int');
});

test('print, println, html, js, urlquery, call', () => {
  assert.equal(run('{{print .N 1.5 "s" .T .List}}|{{print "a" "b"}}|{{println .N "x"}}|{{print .Missing}}'), '42 1.5strue [a b c]|ab|42 x\n|<nil>');
  assert.equal(run('{{html .Html}}'), '&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;');
  assert.equal(run('{{js .Html}}'), '\\u003Ca href\\u003D\\\'x\\\'\\u003E\\u0026\\"\\u003C/a\\u003E');
  assert.equal(run('{{urlquery "a b&c/é~_.-"}}'), 'a+b%26c%2F%C3%A9~_.-');
  assert.equal(run('{{html .N .Name}} {{html .Missing}}'), '42web &lt;no value&gt;');
  assert.equal(run('{{call .F 2}}', { F: (x: unknown) => Number(x) * 10 }), '20');
  assert.equal(execErr('{{call .Name}}'), 'template: :1:2: executing "" at <call .Name>: error calling call: non-function .Name of type string');
});

test('printf: strings, ints, quoting, widths', () => {
  assert.equal(run('{{printf "%s|%v|%d|%q|%x|%X|%5s|%-5s|%.2s|%t" .Name .List .N .Name .N .Name .Name .Name .Uni .T}}'), 'web|[a b c]|42|"web"|2a|776562|  web|web  |hé|true');
  assert.equal(run('{{printf "%5d|%-5d|%05d|%+d|% d|%x|%#x|%o|%#o|%b|%c|%U|%q" .N .N .N .N .N 255 255 8 8 5 65 9731 65}}'), '   42|42   |00042|+42| 42|ff|0xff|10|010|101|A|U+2603|\'A\'');
  assert.equal(run('{{printf "%q %+q %#q %x % x %X" .Uni .Uni "ab" "hé" "hé" "hé"}}'), '"héllo wörld ☃" "h\\u00e9llo w\\u00f6rld \\u2603" `ab` 68c3a9 68 c3 a9 68C3A9');
  assert.equal(run('{{printf "%*s|%-*s|%.*f|%[1]d" 6 "x" 4 "y" 2 3.14159}}'), '     x|y   |3.14|6');
  assert.equal(run('{{printf "%v|%+v|%s|%d" .M .M .M .Nums}}'), 'map[a:1 b:2]|map[a:1 b:2]|map[a:%!s(int=1) b:%!s(int=2)]|[3 1 2]');
  assert.equal(run('{{printf "%T %T %T %T %T %T" .N 1.5 .Name .List .M .T}}'), 'int float64 string []interface {} map[string]interface {} bool');
});

test('printf: floats', () => {
  assert.equal(run('{{printf "%f|%.2f|%8.3f|%-8.2f|%e|%.3e|%g|%.3g|%G|%E" 3.14159 3.14159 3.14159 3.14159 1234.5678 1234.5678 0.00001234 1234.5678 1e-7 1e21}}'),
    '3.141590|3.14|   3.142|3.14    |1.234568e+03|1.235e+03|1.234e-05|1.23e+03|1E-07|1.000000E+21');
  assert.equal(run('{{printf "%.2f %.0f %.0f %.1f %.1f %.3f" 0.125 0.5 2.5 0.25 0.35 1.0005}}'), '0.12 0 2 0.2 0.3 1.000');
  assert.equal(run('{{printf "%08.3f|%+.1e|%+08.2f|%x|%6.2v" -3.14159 12345.0 3.5 -255 3.14159}}'), '-003.142|+1.2e+04|+0003.50|-ff|   3.1');
  assert.equal(run('{{.X}} {{.Y}} {{.Z}} {{.W}}', { X: 1234567.5, Y: 0.00001234, Z: 123456.7, W: -0.5 }), '1.2345675e+06 1.234e-05 123456.7 -0.5');
});

test('printf: bad verbs, missing and extra operands', () => {
  assert.equal(run('{{printf "%d" .Name}} {{printf "%s" .N}} {{printf "%d %d" 1}} {{printf "%d" 1 2 "x"}} {{printf "100%%"}} {{printf "%"}}'),
    '%!d(string=web) %!s(int=42) 1 %!d(MISSING) 1%!(EXTRA int=2, string=x) 100% %!(NOVERB)');
  assert.equal(run('{{printf "%s" nil}} {{printf "%v" nil}} {{printf "%d" nil}} {{printf "%z" 1}}'), '%!s(<nil>) <nil> %!d(<nil>) %!z(int=1)');
  assert.equal(execErr('{{printf 1}}'), 'template: :1:9: executing "" at <1>: expected string; found 1');
});

test('docker funcs: json split join title lower upper pad truncate', () => {
  assert.equal(run('{{split "a,b,c" ","}} {{len (split "" ",")}} {{split "abc" ""}} {{join .List ", "}}'), '[a b c] 1 [a b c] a, b, c');
  assert.equal(run('{{title .Words}}|{{lower "ÀBC"}}|{{upper .Uni}}|{{upper "straße"}}'), 'Hello Big_world Foo-Bar|àbc|HÉLLO WÖRLD ☃|STRAßE');
  assert.equal(run('[{{pad .Name 2 3}}] [{{pad .E 2 3}}] {{truncate .ID 12}} {{truncate .Name 10}} [{{truncate .Name 0}}]'), '[  web   ] [] abcdef012345 web []');
  assert.equal(run('{{json .Name}} {{json .N}} {{json .List}} {{json .M}} {{json .Html}} {{json .Missing}}'), '"web" 42 ["a","b","c"] {"b":2,"a":1} "<a href=\'x\'>&\\"</a>" null');
  assert.equal(execErr('{{lower .N}}'), 'template: :1:8: executing "" at <.N>: wrong type for value; expected string; got int');
  assert.equal(execErr('{{truncate .Name 1.5}}'), 'template: :1:17: executing "" at <1.5>: expected integer; found 1.5');
  assert.equal(execErr('{{pad .Name 1}}'), 'template: :1:2: executing "" at <pad>: wrong number of args for pad: want 3 got 2');
  assert.equal(execErr('{{.N | lower}}'), 'template: :1:7: executing "" at <lower>: wrong type for value; expected string; got int');
});

test('header funcs keep header text (pad is not overridden, as in Docker)', () => {
  const t = parseTemplate('{{json .A}}|{{upper .B}}|{{lower .A}}|{{title .A}}|{{split .A ","}}|{{join .A ","}}|{{truncate .A 2}}|{{pad .A 1 1}}');
  const h = t.withFuncs(headerFuncs);
  assert.equal(h.execute({ A: 'CONTAINER ID', B: 'Image' }), 'CONTAINER ID|Image|CONTAINER ID|CONTAINER ID|CONTAINER ID|CONTAINER ID|CONTAINER ID| CONTAINER ID ');
  // without header funcs, join wants a list (Go: []string)
  assert.equal(t.executePartial({ A: 'a,b', B: 'x' }).output, '"a,b"|X|a,b|A,B|[a b]|');
  assert.equal(t.executePartial({ A: 'a,b', B: 'x' }).error?.goMessage, 'template: :1:75: executing "" at <.A>: wrong type for value; expected []string; got string');
});

test('goJSON: Go escaping rules and numbers', () => {
  assert.equal(goJSON('<&>'), '"<&>"'); // Docker's json func: SetEscapeHTML(false)
  assert.equal(goJSON('<&>', { escapeHTML: true }), '"\\u003c\\u0026\\u003e"'); // json.Marshal
  assert.equal(goJSON('\u2028\u2029\b\f\u0001\n\t"\\'), '"\\u2028\\u2029\\b\\f\\u0001\\n\\t\\"\\\\"');
  assert.equal(goJSON([0.00001234, 1234567.5, 1e21, 1e-7, 0.000001, 12n, NaN]), '[0.00001234,1234567.5,1e+21,1e-7,0.000001,12,null]');
  assert.equal(goJSON({ b: 1, a: undefined, c: [undefined, null] }), '{"b":1,"c":[null,null]}');
  assert.equal(goJSON({ b: 1, a: 2 }, { sortKeys: true }), '{"a":2,"b":1}');
  assert.equal(goJSON(new Map<string, number>([['z', 1], ['a', 2]])), '{"a":2,"z":1}');
  class V {
    x = 1;
    get Y(): number {
      return 2;
    }
    m(): number {
      return 3;
    }
  }
  assert.equal(goJSON(new V()), '{"x":1,"Y":2}');
  assert.equal(goJSON(new Date(0)), '"1970-01-01T00:00:00.000Z"');
  assert.equal(goJSON(undefined), 'null');
});
