/**
 * Parse-tree nodes of the Go text/template subset, mirroring text/template/parse/node.go.
 * `nodeString` reproduces Go's Node.String(), which appears in execution errors (`at <.Foo.Bar>`).
 * `pos` is the UTF-16 offset of the node in the template text.
 */

interface Base {
  readonly pos: number;
}

export interface ListNode extends Base { readonly type: 'list'; readonly nodes: Node[] }
export interface TextNode extends Base { readonly type: 'text'; readonly text: string }
export interface ActionNode extends Base { readonly type: 'action'; readonly pipe: PipeNode }
export interface PipeNode extends Base {
  readonly type: 'pipe';
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}
export interface CommandNode extends Base { readonly type: 'command'; readonly args: Node[] }
export interface FieldNode extends Base { readonly type: 'field'; readonly ident: string[] }
export interface VariableNode extends Base { readonly type: 'variable'; readonly ident: string[] }
export interface ChainNode extends Base { readonly type: 'chain'; readonly node: Node; readonly field: string[] }
export interface IdentifierNode extends Base { readonly type: 'identifier'; readonly name: string }
export interface DotNode extends Base { readonly type: 'dot' }
export interface NilNode extends Base { readonly type: 'nil' }
export interface BoolNode extends Base { readonly type: 'bool'; readonly value: boolean }
export interface NumberNode extends Base { readonly type: 'number'; readonly text: string; readonly value: number }
export interface StringNode extends Base { readonly type: 'string'; readonly quoted: string; readonly text: string }
export interface BranchNode extends Base {
  readonly type: 'if' | 'range' | 'with';
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}
export interface BreakNode extends Base { readonly type: 'break' | 'continue' }
export interface TemplateNode extends Base {
  readonly type: 'template';
  readonly name: string;
  readonly pipe: PipeNode | undefined;
}
/** Transient nodes returned by the parser for `{{end}}` / `{{else}}`; never in a finished tree. */
export interface EndNode extends Base { readonly type: 'end' | 'else' }

export type Node =
  | ListNode | TextNode | ActionNode | PipeNode | CommandNode | FieldNode | VariableNode | ChainNode
  | IdentifierNode | DotNode | NilNode | BoolNode | NumberNode | StringNode | BranchNode | BreakNode
  | TemplateNode | EndNode;

function pipeString(p: PipeNode): string {
  let s = '';
  if (p.decl.length > 0) {
    s = p.decl.map(nodeString).join(', ') + (p.isAssign ? ' = ' : ' := ');
  }
  return s + p.cmds.map(nodeString).join(' | ');
}

/** Go's Node.String(). */
export function nodeString(n: Node): string {
  switch (n.type) {
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'text':
      return n.text;
    case 'action':
      return `{{${pipeString(n.pipe)}}}`;
    case 'pipe':
      return pipeString(n);
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${pipeString(a)})` : nodeString(a))).join(' ');
    case 'field':
      return n.ident.map((id) => '.' + id).join('');
    case 'variable':
      return n.ident.join('.');
    case 'chain': {
      const head = n.node.type === 'pipe' ? `(${pipeString(n.node)})` : nodeString(n.node);
      return head + n.field.map((f) => '.' + f).join('');
    }
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.value);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'if':
    case 'range':
    case 'with': {
      const els = n.elseList === undefined ? '' : `{{else}}${nodeString(n.elseList)}`;
      return `{{${n.type} ${pipeString(n.pipe)}}}${nodeString(n.list)}${els}{{end}}`;
    }
    case 'break':
    case 'continue':
      return `{{${n.type}}}`;
    case 'template':
      return n.pipe === undefined ? `{{template ${JSON.stringify(n.name)}}}` : `{{template ${JSON.stringify(n.name)} ${pipeString(n.pipe)}}}`;
    case 'end':
    case 'else':
      return `{{${n.type}}}`;
  }
}
