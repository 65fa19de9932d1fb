/**
 * Token navigation, error reporting and expression parsing (pipelines, commands, operands, terms)
 * for the template parser — the lower half of Go's text/template/parse/parse.go. Statements and
 * control structures are parsed by ./parser.ts, which extends this class.
 */
import type { CommandNode, Node, PipeNode, VariableNode } from './ast';
import { nodeString } from './ast';
import { ParseFailure } from './errors';
import { quote } from './fmt';
import { isKeyword, type Token, type TokenType } from './lexer';
import { parseNumber, unquote } from './literals';

const OPERAND_START: ReadonlySet<TokenType> = new Set<TokenType>([
  'bool', 'charConst', 'complex', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string',
  'variable', 'leftParen',
]);

/** How Go's parser names a token in "unexpected X in Y" errors. */
function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (isKeyword(t.type)) return `<${t.val}>`;
  const runes = [...t.val];
  return runes.length > 10 ? quote(runes.slice(0, 10).join('')) + '...' : quote(t.val);
}

export class ExprParser {
  protected i = 0;
  private seen = 0;
  protected vars: string[] = ['$'];
  protected rangeDepth = 0;
  protected actionLine = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly hasFunc: (name: string) => boolean,
  ) {}

  protected lineOf(pos: number): number {
    let n = 1;
    for (let k = this.text.indexOf('\n'); k >= 0 && k < pos; k = this.text.indexOf('\n', k + 1)) n++;
    return n;
  }

  protected errorf(msg: string): never {
    const tok = this.tokens[Math.min(this.seen, this.tokens.length - 1)];
    throw new ParseFailure(`template: :${this.lineOf(tok?.pos ?? 0)}: ${msg}`);
  }

  protected at(k: number): Token {
    const idx = Math.min(k, this.tokens.length - 1);
    this.seen = Math.max(this.seen, idx);
    return this.tokens[idx] as Token;
  }
  protected next(): Token {
    return this.at(this.i++);
  }
  protected backup(n = 1): void {
    this.i -= n;
  }
  protected peek(): Token {
    return this.at(this.i);
  }
  protected nextNonSpace(): Token {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }
  protected peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  protected unexpected(t: Token, context: string): never {
    if (t.type === 'error') {
      const line = this.lineOf(t.pos);
      let extra = this.actionLine !== 0 && this.actionLine !== line ? ` in action started at :${this.actionLine}` : '';
      if (extra !== '' && t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      this.errorf(t.val + extra);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }
  protected expect(type: TokenType, context: string, alt?: TokenType): Token {
    const t = this.nextNonSpace();
    if (t.type !== type && t.type !== alt) this.unexpected(t, context);
    return t;
  }


  protected unquoteOrFail(s: string): string {
    try {
      return unquote(s);
    } catch (e) {
      return this.errorf((e as Error).message);
    }
  }


  protected pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
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

  protected command(): CommandNode {
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

  protected operand(): Node | undefined {
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

  protected term(): Node | undefined {
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
