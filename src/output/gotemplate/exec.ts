/**
 * Executes a parsed template tree (the walk half of text/template's exec.go; expressions are
 * evaluated by ./eval.ts). Text is copied, actions print their value as fmt.Fprint does
 * (`<no value>` for a missing one), `if`/`with` use Go truth, `range` walks arrays, maps (sorted
 * keys) and integers (`range 5`) with `break`/`continue` and `else`, and `{{template}}`/`{{block}}`
 * run named trees with a fresh `$`.
 */
import { nodeString, type BranchNode, type ListNode, type Node, type TemplateNode } from './ast';
import { ExecFailure } from './errors';
import { Evaluator, type ExecContext, type Variable } from './eval';
import { formatValue } from './fmt';
import { entriesOf, isTrue, kindOf } from './values';

export type { ExecContext } from './eval';

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
const MAX_DEPTH = 1000;

class State extends Evaluator {
  constructor(
    ctx: ExecContext,
    name: string,
    vars: Variable[],
    private readonly out: string[],
    private readonly depth: number,
  ) {
    super(ctx, name, vars);
  }

  walk(dot: unknown, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'if':
      case 'with':
        return this.walkIfOrWith(node, dot);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(node, dot);
      case 'template':
        return this.walkTemplate(node, dot);
      case 'text':
        this.out.push(node.text);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private printValue(node: Node, v: unknown): void {
    this.at(node);
    if (typeof v === 'function') this.errorf(`can't print ${nodeString(node)} of type func()`);
    this.out.push(formatValue(v));
  }

  private walkIfOrWith(n: BranchNode, dot: unknown): void {
    const mark = this.vars.length;
    try {
      const val = this.evalPipeline(dot, n.pipe);
      if (isTrue(val)) this.walk(n.type === 'with' ? val : dot, n.list);
      else if (n.elseList !== undefined) this.walk(dot, n.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(r: BranchNode, dot: unknown): void {
    this.at(r);
    const outer = this.vars.length;
    try {
      const val = this.evalPipeline(dot, r.pipe);
      const mark = this.vars.length;
      const { decl, isAssign } = r.pipe;
      const one = (index: unknown, elem: unknown): void => {
        const [d0, d1] = decl;
        if (d0 !== undefined) {
          if (isAssign) this.setVar(d0.ident[0] ?? '', d1 !== undefined ? index : elem);
          else this.setTopVar(1, elem);
        }
        if (d1 !== undefined) {
          if (isAssign) this.setVar(d1.ident[0] ?? '', elem);
          else this.setTopVar(2, index);
        }
        try {
          this.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          this.vars.length = mark;
        }
      };
      let ran = false;
      try {
        const k = kindOf(val);
        if (k === 'slice') {
          (val as unknown[]).forEach((e, i) => one(i, e));
          ran = (val as unknown[]).length > 0;
        } else if (k === 'map') {
          const entries = entriesOf(val);
          for (const [key, e] of entries) one(key, e);
          ran = entries.length > 0;
        } else if (k === 'int') {
          if (decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
          const n = Number(val);
          for (let i = 0; i < n; i++) one(undefined, i);
          ran = n > 0;
        } else if (k !== 'invalid' && k !== 'nil') {
          this.errorf(`range can't iterate over ${formatValue(val)}`);
        }
      } catch (e) {
        if (e !== BREAK) throw e;
        ran = true;
      }
      if (!ran && r.elseList !== undefined) this.walk(dot, r.elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  private walkTemplate(t: TemplateNode, dot: unknown): void {
    this.at(t);
    const tree = this.ctx.trees.get(t.name);
    if (tree === undefined) this.errorf(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_DEPTH})`);
    const newDot = this.evalPipeline(dot, t.pipe);
    new State(this.ctx, t.name, [{ name: '$', value: newDot }], this.out, this.depth + 1).walk(newDot, tree);
  }

}


/** Runs tree `name`; returns everything written, plus the error that stopped execution, if any. */
export function run(ctx: ExecContext, name: string, data: unknown): { output: string; error: ExecFailure | undefined } {
  const out: string[] = [];
  const state = new State(ctx, name, [{ name: '$', value: data }], out, 0);
  try {
    const tree: ListNode | undefined = ctx.trees.get(name);
    if (tree === undefined) return state.errorf(`${JSON.stringify(name)} is an incomplete or empty template`);
    state.walk(data, tree);
    return { output: out.join(''), error: undefined };
  } catch (e) {
    if (e instanceof ExecFailure) return { output: out.join(''), error: e };
    throw e;
  }
}
