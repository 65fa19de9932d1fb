/**
 * A Go text/template engine for Docker-style `--format` strings.
 *
 * Supported: text and `{{ }}` actions with `{{-`/`-}}` trimming, `{{/* comments *\/}}`, fields and
 * chains (`.A.B`, `(pipeline).A`, `$v.A`), `.`, `$`, `$x := …`, `$x = …`, pipelines, parenthesised
 * pipelines, string/raw-string/char/number/bool/nil literals, if / else if / else, range (arrays,
 * maps in sorted key order, integers; `$i, $v :=`; else; break/continue), with / else with / else,
 * define / template / block, Go's builtin functions and Docker's (json split join title lower upper
 * pad truncate), with error texts modelled on Go's.
 *
 * Values (see ./values.ts): `undefined` is Go's missing value and prints `<no value>`; `null` is nil
 * and prints `<nil>`; a missing key of a plain object or Map gives `<no value>` (Go map semantics);
 * an unknown field of a class instance is an error (Go struct semantics); a function-valued property
 * is a method, called with the action's arguments.
 *
 * Not supported: custom delimiters, complex numbers, `%[n]` printf argument indexes, Go's int vs
 * float distinction (JS numbers print as ints when integral — `{{1e6}}` gives 1000000, Go 1e+06).
 */
import { dockerFuncs, goJSON, headerFuncs, type JSONOptions } from './docker';
import { GoTemplateError, PARSE_ERROR_PREFIX, ParseFailure } from './errors';
import { run, type ExecContext } from './exec';
import { buildFuncTable, builtinFuncs, withArity, type FuncMap, type FuncTable, type TemplateFunc } from './funcs';
import type { Node } from './ast';
import { parseTrees, type TreeSet } from './parser';

export { dockerFuncs, goJSON, headerFuncs, GoTemplateError, PARSE_ERROR_PREFIX, withArity };
export type { FuncMap, JSONOptions, TemplateFunc };
export { ArgError } from './errors';
export { formatValue, sprintf } from './fmt';

export interface ExecOptions {
  /** Go's Option("missingkey=…"): 'error' fails on a missing map key (Docker's inspect fallback). */
  readonly missingKey?: 'default' | 'error';
}

export interface ExecResult {
  /** Everything written before execution finished or failed. */
  readonly output: string;
  readonly error: GoTemplateError | undefined;
}

export class Template {
  private constructor(
    /** The template source. */
    readonly text: string,
    private readonly trees: TreeSet,
    private readonly funcs: FuncTable,
    private readonly funcMaps: readonly FuncMap[],
  ) {}

  /** @internal use parseTemplate */
  static create(text: string, funcMaps: readonly FuncMap[]): Template {
    const funcs = buildFuncTable(...funcMaps);
    try {
      return new Template(text, parseTrees(text, (name) => funcs.has(name)), funcs, funcMaps);
    } catch (e) {
      if (e instanceof ParseFailure) throw new GoTemplateError(PARSE_ERROR_PREFIX + e.message, e.message);
      throw e;
    }
  }

  /** Runs the template; throws GoTemplateError with Go's bare text (`template: :1:2: executing …`). */
  execute(data: unknown, opts: ExecOptions = {}): string {
    const r = this.executePartial(data, opts);
    if (r.error !== undefined) throw r.error;
    return r.output;
  }

  /** Runs the template and reports the output produced before any error (Go leaves it written). */
  executePartial(data: unknown, opts: ExecOptions = {}): ExecResult {
    const ctx: ExecContext = { text: this.text, trees: this.trees, funcs: this.funcs, missingKey: opts.missingKey ?? 'default' };
    const { output, error } = run(ctx, '', data);
    return { output, error: error === undefined ? undefined : new GoTemplateError(error.message, error.message) };
  }

  /** The same template with functions added or replaced (Go's Template.Funcs), e.g. headerFuncs. */
  withFuncs(funcs: FuncMap): Template {
    const maps = [...this.funcMaps, funcs];
    return new Template(this.text, this.trees, buildFuncTable(...maps), maps);
  }

  /** Names of the top-level fields the template reads from dot (`.Foo.Bar` → `Foo`), in order. */
  fieldNames(): string[] {
    const names = new Set<string>();
    const visit = (n: Node | undefined): void => {
      if (n === undefined) return;
      switch (n.type) {
        case 'field':
          if (n.ident[0] !== undefined) names.add(n.ident[0]);
          return;
        case 'list':
          return n.nodes.forEach(visit);
        case 'action':
          return visit(n.pipe);
        case 'pipe':
          return n.cmds.forEach(visit);
        case 'command':
          return n.args.forEach(visit);
        case 'chain':
          return visit(n.node);
        case 'if':
        case 'range':
        case 'with':
          visit(n.pipe);
          visit(n.list);
          return visit(n.elseList);
        case 'template':
          return visit(n.pipe);
        default:
      }
    };
    for (const tree of this.trees.values()) visit(tree);
    return [...names];
  }
}

/**
 * Parses `text` with Go's builtins, Docker's template functions and `funcs` (which win on clashes).
 * Throws GoTemplateError: message `template parsing error: template: :1: …`, goMessage without prefix.
 */
export function parseTemplate(text: string, funcs: FuncMap = {}): Template {
  return Template.create(text, [builtinFuncs, dockerFuncs, funcs]);
}
