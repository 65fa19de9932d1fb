/**
 * Go text/template engine: fields, missing values, pipelines, variables, control structures,
 * trimming, define/template, parse and execution errors. Expected strings were checked against
 * Go 1.26's text/template with Docker's function map.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoTemplateError, parseTemplate } from '../../../src/output/gotemplate/index';
import { TemplateError } from '../../../src/errors/index';

const D = {
  Name: 'web', N: 42, F: 1.5, T: true, E: '', Z: 0,
  List: ['a', 'b', 'c'], Empty: [], M: { b: 2, a: 1 }, EM: {},
  Nested: { Inner: { Deep: 'yes' }, L: [{ K: 'v1' }, { K: 'v2' }] },
};
const run = (t: string, data: unknown = D): string => parseTemplate(t).execute(data);
const execErr = (t: string, data: unknown = D): string => {
  const r = parseTemplate(t).executePartial(data);
  assert.ok(r.error, `expected an execution error for ${t}`);
  return r.error.goMessage;
};
const parseErr = (t: string): string => {
  try {
    parseTemplate(t);
  } catch (e) {
    assert.ok(e instanceof GoTemplateError);
    assert.ok(e instanceof TemplateError);
    assert.ok(e.message.startsWith('template parsing error: '), e.message);
    return e.goMessage;
  }
  throw new Error(`expected a parse error for ${t}`);
};

test('fields, nested fields, dot and $', () => {
  assert.equal(run('{{.Name}} {{.N}} {{.F}} {{.T}} [{{.E}}] {{.Z}}'), 'web 42 1.5 true [] 0');
  assert.equal(run('{{.Nested.Inner.Deep}} {{$.Name}} {{$}}', { Nested: { Inner: { Deep: 'yes' } }, Name: 'n' }), 'yes n map[Name:n Nested:map[Inner:map[Deep:yes]]]');
  assert.equal(run('{{.}}', 'str'), 'str');
  assert.equal(run('{{.List}} {{.Empty}} {{.M}} {{.EM}}'), '[a b c] [] map[a:1 b:2] map[]');
  assert.equal(run('{{.Nested.L}}'), '[map[K:v1] map[K:v2]]');
});

test('missing keys print <no value>; null prints <nil>; fields of null fail', () => {
  assert.equal(run('{{.Missing}} {{.Missing.Deeper}} {{.M.zz}}'), '<no value> <no value> <no value>');
  assert.equal(parseTemplate('{{.}}').execute(undefined), '<no value>');
  assert.equal(run('{{.X}}', { X: null }), '<nil>');
  assert.equal(execErr('{{.X.Y}}', { X: null }), 'template: :1:4: executing "" at <.X.Y>: nil pointer evaluating interface {}.Y');
  assert.equal(execErr('{{.Name.Foo}}'), 'template: :1:7: executing "" at <.Name.Foo>: can\'t evaluate field Foo in type interface {}');
  assert.equal(execErr('{{.Foo}}', 'str'), 'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type string');
});

test('missingkey=error (docker inspect fallback)', () => {
  const t = parseTemplate('{{.Foo}}');
  assert.throws(() => t.execute({}, { missingKey: 'error' }), { message: 'template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"' });
  assert.equal(t.execute({}), '<no value>');
});

class View {
  readonly id = 'abcdef0123456789';
  hidden: string | undefined = undefined;
  get ShortID(): string {
    return this.id.slice(0, 4);
  }
  Greet(who: unknown = 'you'): string {
    return `hi ${String(who)}`;
  }
}

test('class instances behave like Go structs: getters and methods', () => {
  assert.equal(run('{{.ShortID}} {{.Greet}} {{.Greet "bob"}} {{"ann" | .Greet}} {{.hidden}}', new View()), 'abcd hi you hi bob hi ann <no value>');
  assert.equal(execErr('{{.Nope}}', new View()), 'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *View');
  assert.equal(execErr('{{.ShortID 1}}', new View()), 'template: :1:2: executing "" at <.ShortID>: ShortID has arguments but cannot be invoked as function');
  assert.equal(run('{{printf "%v|%+v" . .}}', new View()), '{abcdef0123456789 <nil> abcd}|{id:abcdef0123456789 hidden:<nil> ShortID:abcd}');
  // a function-valued property of a plain object is a method too
  assert.equal(run('{{.Up "x"}}', { Up: (s: unknown) => String(s).toUpperCase() }), 'X');
  assert.equal(execErr('{{.Boom}}', { Boom: () => { throw new Error('kaput'); } }), 'template: :1:2: executing "" at <.Boom>: error calling Boom: kaput');
});

test('pipelines and parenthesised pipelines', () => {
  assert.equal(run('{{.Name | printf "%s!"}}'), 'web!');
  assert.equal(run('{{.N | printf "%d-%d" 1}}'), '1-42');
  assert.equal(run('{{"s" | printf "%s-%s" "x"}}'), 'x-s');
  assert.equal(run('{{(.Nested).Inner.Deep}} {{(index .Nested.L 1).K}}'), 'yes v2');
  assert.equal(run('{{.Name | printf "%s" | printf "%s!" | len}}'), '4');
});

test('if / else if / else, with / else with', () => {
  assert.equal(run('{{if .T}}yes{{else}}no{{end}}'), 'yes');
  assert.equal(run('{{if .E}}e{{else if .Z}}z{{else if .N}}n{{else}}no{{end}}'), 'n');
  assert.equal(run('{{if .Empty}}a{{else}}b{{end}}{{if .EM}}a{{else}}b{{end}}{{if .Missing}}a{{else}}b{{end}}{{if .M}}c{{end}}'), 'bbbc');
  assert.equal(run('{{with .Nested.Inner}}{{.Deep}}{{end}}'), 'yes');
  assert.equal(run('{{with .E}}x{{else}}empty{{end}}'), 'empty');
  assert.equal(run('{{with .E}}x{{else with .Name}}{{.}}{{end}}'), 'web');
  assert.equal(run('{{with $x := .N}}{{$x}}{{.}}{{end}}'), '4242');
});

test('range over arrays, maps (sorted), integers; else, break, continue', () => {
  assert.equal(run('{{range .List}}[{{.}}]{{end}}'), '[a][b][c]');
  assert.equal(run('{{range $i, $e := .List}}{{$i}}={{$e}},{{end}}'), '0=a,1=b,2=c,');
  assert.equal(run('{{range $k, $v := .}}{{$k}}:{{$v}};{{end}}', { z: 1, a: 2, m: 3 }), 'a:2;m:3;z:1;');
  assert.equal(run('{{range .}}{{.}},{{end}}', new Map<string, number>([['b', 1], ['a', 2]])), '2,1,');
  assert.equal(run('{{range .Empty}}x{{else}}empty{{end}} {{range .Missing}}x{{else}}none{{end}}'), 'empty none');
  assert.equal(run('{{range 3}}{{.}}{{end}}'), '012');
  assert.equal(run('{{range .List}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}'), 'ac');
  assert.equal(run('{{range .List}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}'), 'a');
  assert.equal(run('{{range .List}}{{range $.Nested.L}}{{.K}}{{end}}|{{end}}'), 'v1v2|v1v2|v1v2|');
  assert.equal(execErr('{{range .Name}}{{end}}'), 'template: :1:8: executing "" at <.Name>: range can\'t iterate over web');
});

test('variables: declare, assign, scope', () => {
  assert.equal(run('{{$x := .N}}{{$x}} {{$x = 7}}{{$x}}'), '42 7');
  assert.equal(run('{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}'), '2');
  assert.equal(run('{{$i := 9}}{{$v := 9}}{{range $i, $v = .List}}{{end}}{{$i}}{{$v}}'), '2c');
  assert.equal(run('{{$m := .M}}{{$m.a}}'), '1');
  assert.equal(parseErr('{{if true}}{{$y := 3}}{{end}}{{$y}}'), 'template: :1: undefined variable "$y"');
});

test('whitespace trimming and comments', () => {
  assert.equal(run('a  {{- .Name -}}  b'), 'awebb');
  assert.equal(run('a {{- .Name}} b'), 'aweb b');
  assert.equal(run('x\n  {{- /* c */ -}}\n  y'), 'xy');
  assert.equal(run('{{/* comment */}}z'), 'z');
  assert.equal(run('{{- 3}}{{-3}}{{3 -}} {{3}}'), '3-333');
});

test('literals', () => {
  assert.equal(run('{{1}} {{-2}} {{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{\'a\'}} {{1.5}} {{.5}} {{-.5}} {{1e3}}'), '1 -2 31 15 15 5 1000 97 1.5 0.5 -0.5 1000');
  assert.equal(run('{{true}} {{"q\\tx"}} {{`raw\\n`}} {{"\\x41\\101\\u00e9\\U0001F600"}}'), 'true q\tx raw\\n AAé😀');
});

test('define, template and block', () => {
  assert.equal(run('{{define "x"}}X{{.}}{{end}}{{template "x" .N}} {{template "x"}}'), 'X42 X<no value>');
  assert.equal(run('{{block "b" .Name}}B{{.}}{{end}}'), 'Bweb');
  assert.equal(run('{{define "r"}}{{if .}}{{index . 0}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .List}}'), 'abc');
  assert.equal(execErr('{{template "nope"}}'), 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined');
});

test('execution errors carry Go positions and context', () => {
  assert.equal(execErr('{{nil}}'), 'template: :1:2: executing "" at <nil>: nil is not a command');
  assert.equal(execErr('{{.Name 1}}'), 'template: :1:2: executing "" at <.Name>: Name is not a method but has arguments');
  assert.equal(execErr('{{$x := 1}}{{$x 2}}'), 'template: :1:13: executing "" at <$x>: can\'t give argument to non-function $x');
  assert.equal(execErr('line1\nline2 {{index .List 5}}'), 'template: :2:8: executing "" at <index .List 5>: error calling index: index out of range: 5');
  // output written before the failure is kept by executePartial
  assert.equal(parseTemplate('ok {{.Foo.Bar}}').executePartial('s').output, 'ok ');
});

test('parse errors mirror Go', () => {
  assert.equal(parseErr('{{ .Foo } }}'), 'template: :1: unexpected "}" in operand');
  assert.equal(parseErr('{{.Foo}'), "template: :1: bad character U+007D '}'");
  assert.equal(parseErr('{{if .X}}'), 'template: :1: unexpected EOF');
  assert.equal(parseErr('{{end}}'), 'template: :1: unexpected {{end}}');
  assert.equal(parseErr('{{else}}'), 'template: :1: unexpected {{else}}');
  assert.equal(parseErr('{{nofunc .}}'), 'template: :1: function "nofunc" not defined');
  assert.equal(parseErr('{{.X | 3}}'), 'template: :1: non executable command in pipeline stage 2');
  assert.equal(parseErr('{{(.X}}'), 'template: :1: unclosed left paren');
  assert.equal(parseErr('{{}}'), 'template: :1: missing value for command');
  assert.equal(parseErr('a\n{{.X\n}}\n{{"abc}}'), 'template: :4: unterminated quoted string');
  assert.equal(parseErr('{{break}}'), 'template: :1: {{break}} outside {{range}}');
  assert.equal(parseErr('{{3x}}'), 'template: :1: bad number syntax: "3x"');
  assert.equal(parseErr('{{"\\\'"}}'), 'template: :1: invalid syntax');
  assert.throws(() => parseTemplate('{{.X}'), { message: "template parsing error: template: :1: bad character U+007D '}'" });
});

test('custom funcs and withFuncs', () => {
  const t = parseTemplate('{{shout .Name}}', { shout: (s: unknown) => `${String(s).toUpperCase()}!` });
  assert.equal(t.execute(D), 'WEB!');
  assert.equal(t.withFuncs({ shout: () => 'quiet' }).execute(D), 'quiet');
  assert.deepEqual(parseTemplate('{{.A}} {{.B.C}} {{if .D}}{{end}} {{json .A}} {{(.E).F}}').fieldNames(), ['A', 'B', 'D', 'E']);
});
