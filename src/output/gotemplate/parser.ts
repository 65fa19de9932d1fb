/**
 * Recursive-descent parser for the Go text/template subset (a port of text/template/parse/parse.go).
 *
 * Produces a tree set: '' → the main template, plus one entry per `{{define}}` / `{{block}}`.
 * Errors throw ParseFailure with Go's text, e.g. `template: :1: unexpected "}" in operand`,
 * `template: :1: function "foo" not defined`, `template: :2: unexpected EOF`. Function names are
 * checked at parse time against `hasFunc`, variables against the declared scope, as Go does.
 * Expressions are parsed by ./parse-expr.ts.
 */
import type { BranchNode, EndNode, ListNode, Node, PipeNode, TemplateNode } from './ast';
import { nodeString } from './ast';
import { lex, type Token } from './lexer';
import { ExprParser } from './parse-expr';

export type TreeSet = Map<string, ListNode>;

function isEmptyTree(n: Node): boolean {
  if (n.type === 'list') return n.nodes.every(isEmptyTree);
  return n.type === 'text' && n.text.trim() === '';
}

class Parser extends ExprParser {
  readonly trees: TreeSet = new Map();

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

}

/** Parses template text into a tree set; throws ParseFailure with Go's message. */
export function parseTrees(text: string, hasFunc: (name: string) => boolean): TreeSet {
  const parser = new Parser(lex(text), text, hasFunc);
  parser.parse();
  return parser.trees;
}
