/**
 * Expression evaluation for the template executor (a port of the eval* half of text/template's
 * exec.go): pipelines, commands, field chains (map keys, struct fields, methods), function calls
 * with Go's argument-count and argument-type checks, variables, and Go-formatted errors —
 * `template: :LINE:COL: executing "NAME" at <NODE>: MESSAGE`, COL being the node's byte offset in
 * its line, as Go reports it. Statement execution (walk, if, range, …) lives in ./exec.ts.
 */
import { nodeString, type ChainNode, type CommandNode, type FieldNode, type Node, type PipeNode, type VariableNode } from './ast';
import { ArgError, ExecFailure } from './errors';
import { builtinAnd, builtinCall, builtinOr, type FuncTable, type ParamType, type TemplateFunc } from './funcs';
import type { TreeSet } from './parser';
import { goTypeName, isTrue, kindOf, lookupField } from './values';

/** The "no final argument" marker of a pipeline's first command (Go's missingVal). */
export const MISSING: unique symbol = Symbol('missing');
type Final = unknown;

export interface Variable {
  name: string;
  value: unknown;
}

export interface ExecContext {
  readonly text: string;
  readonly trees: TreeSet;
  readonly funcs: FuncTable;
  /** Go's `missingkey` option: 'error' makes a missing map key fail instead of yielding `<no value>`. */
  readonly missingKey: 'default' | 'error';
}

export class Evaluator {
  node: Node | undefined;
  constructor(
    protected readonly ctx: ExecContext,
    protected readonly name: string,
    protected readonly vars: Variable[],
  ) {}

  protected at(n: Node): void {
    this.node = n;
  }

  errorf(msg: string): never {
    if (this.node === undefined) throw new ExecFailure(`template: ${this.name}: ${msg}`);
    const { text } = this.ctx;
    const pos = this.node.pos;
    const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
    const line = 1 + (text.slice(0, pos).match(/\n/g)?.length ?? 0);
    const col = Buffer.byteLength(text.slice(lineStart, pos), 'utf8');
    const where = `template: :${line}:${col}: executing ${JSON.stringify(this.name)} at <${nodeString(this.node)}>`;
    throw new ExecFailure(`${where}: ${msg}`);
  }

  protected varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]?.name === name) return this.vars[i]?.value;
    return this.errorf(`undefined variable: ${name}`);
  }
  protected setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) {
        v.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  protected setTopVar(n: number, value: unknown): void {
    const v = this.vars[this.vars.length - n];
    if (v !== undefined) v.value = value;
  }


  protected evalPipeline(dot: unknown, pipe: PipeNode | undefined): unknown {
    if (pipe === undefined) return undefined;
    this.at(pipe);
    let value: unknown = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0] ?? '', value);
      else this.vars.push({ name: v.ident[0] ?? '', value });
    }
    return value;
  }

  protected notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING) {
      this.errorf(`can't give argument to non-function ${args[0] === undefined ? '' : nodeString(args[0])}`);
    }
  }

  protected evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0] as Node;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first.name, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
      default:
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
      case 'number':
        return first.value;
      case 'string':
        return first.text;
      case 'dot':
        return dot;
      case 'nil':
        return this.errorf('nil is not a command');
      default:
        return this.errorf(`can't evaluate command ${JSON.stringify(nodeString(first))}`);
    }
  }

  protected evalFieldNode(dot: unknown, f: FieldNode, args: Node[], final: Final, invoke = true): unknown {
    this.at(f);
    return this.evalFieldChain(dot, dot, f, f.ident, args, final, invoke);
  }

  protected evalChainNode(dot: unknown, c: ChainNode, args: Node[], final: Final, invoke = true): unknown {
    this.at(c);
    if (c.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(c)}`);
    const recv = this.evalArg(dot, c.node);
    return this.evalFieldChain(dot, recv, c, c.field, args, final, invoke);
  }

  protected evalVariableNode(dot: unknown, v: VariableNode, args: Node[], final: Final, invoke = true): unknown {
    this.at(v);
    const value = this.varValue(v.ident[0] ?? '');
    if (v.ident.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final, invoke);
  }

  protected evalFieldChain(dot: unknown, recv: unknown, node: Node, ident: string[], args: Node[], final: Final, invoke: boolean): unknown {
    let r = recv;
    let typ: string | undefined; // Go's static type: values read out of maps/slices are `interface {}`
    for (let i = 0; i < ident.length - 1; i++) {
      const k = kindOf(r);
      r = this.evalField(dot, ident[i] ?? '', node, [], MISSING, r, true, typ);
      typ = k === 'map' || k === 'slice' ? 'interface {}' : undefined;
    }
    return this.evalField(dot, ident[ident.length - 1] ?? '', node, args, final, r, invoke, typ);
  }

  protected evalField(dot: unknown, name: string, node: Node, args: Node[], final: Final, recv: unknown, invoke: boolean, typ?: string): unknown {
    if (recv === undefined) {
      if (this.ctx.missingKey === 'error') this.errorf(`nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    if (recv === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const found = lookupField(recv, name);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (hasArgs && found.kind !== 'method' && kindOf(recv) === 'map') this.errorf(`${name} is not a method but has arguments`);
    switch (found.kind) {
      case 'method':
        return invoke ? this.evalCall(dot, found.fn, name, node, args, final) : found.fn;
      case 'value':
        if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
        return found.value;
      case 'missing':
        if (this.ctx.missingKey === 'error') this.errorf(`map has no entry for key ${JSON.stringify(name)}`);
        return undefined;
      case 'nofield':
        return this.errorf(`can't evaluate field ${name} in type ${typ ?? goTypeName(recv)}`);
    }
  }

  protected evalFunction(dot: unknown, name: string, ident: Node, cmd: Node, args: Node[], final: Final): unknown {
    this.at(ident);
    const entry = this.ctx.funcs.get(name);
    if (entry === undefined) this.errorf(`${JSON.stringify(name)} is not a defined function`);
    const n = args.length - 1 + (final === MISSING ? 0 : 1);
    if (n < entry.min) {
      this.errorf(entry.max === Infinity ? `wrong number of args for ${name}: want at least ${entry.min} got ${args.length - 1}` : `wrong number of args for ${name}: want ${entry.min} got ${n}`);
    }
    if (n > entry.max) this.errorf(`wrong number of args for ${name}: want ${entry.max} got ${n}`);
    if (entry.fn === builtinAnd || entry.fn === builtinOr) {
      let v: unknown;
      for (const a of args.slice(1)) {
        v = this.evalArg(dot, a);
        if (isTrue(v) === (entry.fn === builtinOr)) return v;
      }
      return final === MISSING ? v : final;
    }
    return this.evalCall(dot, entry.fn, name, cmd, args, final, entry.params);
  }

  /** Go's evalArg/validateType checks for typed parameters. */
  protected checkParam(type: ParamType | undefined, v: unknown, node: Node | undefined): void {
    if (type === undefined || type === 'any') return;
    const want = type === 'string' ? 'string' : type === 'int' ? 'int' : '[]string';
    if (node !== undefined && ['bool', 'number', 'string', 'nil'].includes(node.type)) {
      if (node.type === 'nil') {
        if (type !== 'list') this.errorf(`cannot assign nil to ${want}`);
      } else if (type === 'string' && node.type !== 'string') this.errorf(`expected string; found ${nodeString(node)}`);
      else if (type === 'int' && !(node.type === 'number' && Number.isInteger(node.value))) this.errorf(`expected integer; found ${nodeString(node)}`);
      else if (type === 'list') this.errorf(`can't handle ${nodeString(node)} for arg of type []string`);
      return;
    }
    const k = kindOf(v);
    if (type === 'string' ? k === 'string' : type === 'int' ? k === 'int' : k === 'slice' || k === 'invalid' || k === 'nil') return;
    if (v === undefined || v === null) this.errorf(`invalid value; expected ${want}`);
    this.errorf(`wrong type for value; expected ${want}; got ${goTypeName(v)}`);
  }

  protected evalCall(dot: unknown, fn: TemplateFunc, name: string, node: Node, args: Node[], final: Final, params: readonly ParamType[] = []): unknown {
    const argNodes = args.slice(1);
    const argv = argNodes.map((a, i) => {
      const v = this.evalArg(dot, a, !(fn === builtinCall && i === 0));
      this.checkParam(params[i], v, a);
      return v;
    });
    if (final !== MISSING) {
      this.checkParam(params[argv.length], final, undefined);
      argv.push(final);
    }
    if (fn === builtinCall && argv.length > 0 && typeof argv[0] !== 'function') {
      this.at(node);
      const target = argv[0];
      const callee = argNodes[0] === undefined ? 'value' : nodeString(argNodes[0]);
      this.errorf(`error calling call: ${target === undefined || target === null ? 'call of nil' : `non-function ${callee} of type ${goTypeName(target)}`}`);
    }
    try {
      return fn(...argv);
    } catch (e) {
      if (e instanceof ExecFailure) throw e;
      this.at(node);
      if (e instanceof ArgError) return this.errorf(e.message);
      return this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  protected evalArg(dot: unknown, n: Node, invoke = true): unknown {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return dot;
      case 'nil':
        return undefined; // Go passes an invalid (zero) reflect.Value for a nil argument
      case 'field':
        return this.evalFieldNode(dot, n, [n], MISSING, invoke);
      case 'variable':
        return this.evalVariableNode(dot, n, [], MISSING, invoke);
      case 'pipe':
        return this.evalPipeline(dot, n);
      case 'identifier':
        return this.evalFunction(dot, n.name, n, n, [n], MISSING);
      case 'chain':
        return this.evalChainNode(dot, n, [], MISSING, invoke);
      case 'bool':
      case 'number':
        return n.value;
      case 'string':
        return n.text;
      default:
        return this.errorf(`can't handle ${nodeString(n)} for arg of type interface {}`);
    }
  }
}
