/**
 * Recursive-descent parser for the Go text/template subset (a port of text/template/parse/parse.go).
 *
 * Produces a tree set: '' → the main template, plus one entry per `{{define}}` / `{{block}}`.
 * Errors throw ParseFailure with Go's text, e.g. `template: :1: unexpected "}" in operand`,
 * `template: :1: function "foo" not defined`, `template: :2: unexpected EOF`. Function names are
 * checked at parse time against `hasFunc`, variables against the declared scope, as Go does.
 */
import type {
  BranchNode, CommandNode, EndNode, ListNode, Node, PipeNode, TemplateNode, VariableNode,
} from './ast';
import { nodeString } from './ast';
import { ParseFailure } from './errors';
import { quote } from './fmt';
import { isKeyword, lex, type Token, type TokenType } from './lexer';
import { parseNumber, unquote } from './literals';

export type TreeSet = Map<string, ListNode>;

const OPERAND_START: ReadonlySet<TokenType> = new Set<TokenType>([
  'bool', 'charConst', 'complex', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string',
  'variable', 'leftParen',
]);

function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (isKeyword(t.type)) return `<${t.val}>`;
  const runes = [...t.val];
  return runes.length > 10 ? quote(runes.slice(0, 10).join('')) + '...' : quote(t.val);
}

function isEmptyTree(n: Node): boolean {
  if (n.type === 'list') return n.nodes.every(isEmptyTree);
  return n.type === 'text' && n.text.trim() === '';
}

class Parser {
  private i = 0;
  private seen = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly hasFunc: (name: string) => boolean,
    readonly trees: TreeSet,
  ) {}

  private lineOf(pos: number): number {
    let n = 1;
    for (let k = this.text.indexOf('\n'); k >= 0 && k < pos; k = this.text.indexOf('\n', k + 1)) n++;
    return n;
  }

  private errorf(msg: string): never {
    const tok = this.tokens[Math.min(this.seen, this.tokens.length - 1)];
    throw new ParseFailure(`template: :${this.lineOf(tok?.pos ?? 0)}: ${msg}`);
  }

  private at(k: number): Token {
    const idx = Math.min(k, this.tokens.length - 1);
    this.seen = Math.max(this.seen, idx);
    return this.tokens[idx] as Token;
  }
  private next(): Token {
    return this.at(this.i++);
  }
  private backup(n = 1): void {
    this.i -= n;
  }
  private peek(): Token {
    return this.at(this.i);
  }
  private nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private unexpected(t: Token, context: string): never {
    if (t.type === 'error') {
      const line = this.lineOf(t.pos);
      let extra = this.actionLine !== 0 && this.actionLine !== line ? ` in action started at :${this.actionLine}` : '';
      if (extra !== '' && t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      this.errorf(t.val + extra);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }
  private expect(type: TokenType, context: string, alt?: TokenType): Token {
    const t = this.nextNonSpace();
    if (t.type !== type && t.type !== alt) this.unexpected(t, context);
    return t;
  }

  private add(name: string, list: ListNode): void {
    const existing = this.trees.get(name);
    if (existing === undefined || isEmptyTree(existing)) this.trees.set(name, list);
    else if (!isEmptyTree(list)) this.errorf(`template: multiple definition of template ${JSON.stringify(name)}`);
  }

  parse(): void {
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const save = this.i;
        this.next();
        if (this.nextNonSpace().type === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.add('', root);
  }

  /** Parses a nested template body ({{define}} / {{block}}) with its own variable scope. */
  private subTree(name: string, context: string): void {
    const [vars, depth] = [this.vars, this.rangeDepth];
    [this.vars, this.rangeDepth] = [['$'], 0];
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.add(name, list);
    [this.vars, this.rangeDepth] = [vars, depth];
  }

  private templateName(t: Token, context: string): string {
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    return this.unquoteOrFail(t.val);
  }
  private unquoteOrFail(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }

  private parseDefinition(): void {
    const name = this.templateName(this.nextNonSpace(), 'define clause');
    this.expect('rightDelim', 'define clause');
    this.subTree(name, 'define clause');
  }

  private itemList(): [ListNode, EndNode] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    return this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { type: 'text', pos: t.pos, text: t.val };
    if (t.type !== 'leftDelim') this.unexpected(t, 'input');
    this.actionLine = this.lineOf(t.pos);
    try {
      return this.action();
    } finally {
      this.actionLine = 0;
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block': {
        const nameTok = this.nextNonSpace();
        const name = this.templateName(nameTok, 'block clause');
        const pipe = this.pipeline('block clause', 'rightDelim');
        this.subTree(name, 'block clause');
        return { type: 'template', pos: nameTok.pos, name, pipe } satisfies TemplateNode;
      }
      case 'break':
      case 'continue': {
        const close = this.nextNonSpace();
        if (close.type !== 'rightDelim') this.unexpected(close, `{{${t.type}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${t.type}}} outside {{range}}`);
        return { type: t.type, pos: t.pos };
      }
      case 'else': {
        const p = this.peekNonSpace();
        if (p.type === 'if' || p.type === 'with') return { type: 'else', pos: p.pos };
        return { type: 'else', pos: this.expect('rightDelim', 'else').pos };
      }
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
      case 'range':
      case 'with':
        return this.control(t.type);
      case 'template': {
        const nameTok = this.nextNonSpace();
        const name = this.templateName(nameTok, 'template clause');
        let pipe: PipeNode | undefined;
        if (this.nextNonSpace().type !== 'rightDelim') {
          this.backup();
          pipe = this.pipeline('template clause', 'rightDelim');
        }
        return { type: 'template', pos: nameTok.pos, name, pipe };
      }
      default: {
        this.backup();
        const pos = this.peek().pos;
        return { type: 'action', pos, pipe: this.pipeline('command', 'rightDelim') };
      }
    }
  }

  private control(context: 'if' | 'range' | 'with'): BranchNode {
    const nvars = this.vars.length;
    const pipe = this.pipeline(context, 'rightDelim');
    if (context === 'range') this.rangeDepth++;
    const [list, first] = this.itemList();
    let next = first;
    if (context === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    if (next.type === 'else') {
      const p = this.peek();
      if ((context === 'if' && p.type === 'if') || (context === 'with' && p.type === 'with')) {
        this.next();
        elseList = { type: 'list', pos: next.pos, nodes: [this.control(context)] };
      } else {
        [elseList, next] = this.itemList();
        if (next.type !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
      }
    }
    this.vars.length = nvars;
    return { type: context, pos: pipe.pos, pipe, list, elseList };
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = { type: 'pipe', pos: this.peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const save = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      const decl = (): void => {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
      };
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        decl();
        break;
      }
      if (next.type === 'char' && next.val === ',') {
        decl();
        if (context === 'range' && pipe.decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = save;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, k) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0]?.type ?? '')) {
            this.errorf(`non executable command in pipeline stage ${k + 2}`);
          }
        });
        return pipe;
      }
      if (!OPERAND_START.has(t.type)) this.unexpected(t, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== undefined) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | undefined {
    const node = this.term();
    if (node === undefined || this.peek().type !== 'field') return node;
    const chainPos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { type: 'variable', pos: chainPos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      default:
        return { type: 'chain', pos: chainPos, node, field: fields };
    }
  }

  private term(): Node | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunc(t.val)) this.errorf(`function ${JSON.stringify(t.val)} not defined`);
        return { type: 'identifier', pos: t.pos, name: t.val };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable': {
        const v: VariableNode = { type: 'variable', pos: t.pos, ident: t.val.split('.') };
        if (!this.vars.includes(v.ident[0] ?? '')) this.errorf(`undefined variable ${JSON.stringify(v.ident[0])}`);
        return v;
      }
      case 'field':
        return { type: 'field', pos: t.pos, ident: [t.val.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'number':
      case 'charConst':
      case 'complex':
        try {
          return { type: 'number', pos: t.pos, text: t.val, value: parseNumber(t.val, t.type) };
        } catch (e) {
          return this.errorf((e as Error).message);
        }
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { type: 'string', pos: t.pos, quoted: t.val, text: this.unquoteOrFail(t.val) };
      default:
        this.backup();
        return undefined;
    }
  }
}

/** Parses template text into a tree set; throws ParseFailure with Go's message. */
export function parseTrees(text: string, hasFunc: (name: string) => boolean): TreeSet {
  const parser = new Parser(lex(text), text, hasFunc, new Map());
  parser.parse();
  return parser.trees;
}
