/**
 * Mutation guesses: calls that change their receiver in place (MUTATING_METHODS, `inplace=True`,
 * `t.op_()`), calls that reach names the pass cannot see (EXEC_NAMES; `__import__` only in a cell
 * that calls `setattr` or stores into a `__dict__` or `sys.modules`), and `x += e`.
 */
import type { SyntaxNode } from '@lezer/common';
import { ImportWalker } from './imports';
import type { CellScope } from './types';
import { DYNAMIC_BINDERS, EXEC_NAMES, MUTATING_METHODS } from './words';

export abstract class MutationWalker extends ImportWalker {
  protected abstract argList(node: SyntaxNode): void;

  /** memo: does the cell's text hold `inplace` at all (most do not: no regex per call then) */
  private inplaceInCell: boolean | undefined;

  private cellMentionsInplace(): boolean {
    return (this.inplaceInCell ??= this.text.includes('inplace'));
  }

  /**
   * Whether the cell may bind what `__import__` returns under a computed name, read from the
   * parsed tree (never the text: `# no setattr() tricks` in a comment binds nothing): it calls
   * `__import__` and it calls `setattr` (DYNAMIC_BINDERS) or assigns into a namespace's dict
   * (`this.__dict__[m] = ...`, `sys.modules[m] = ...`), whatever the shape between (`mod =
   * __import__(m)` then `setattr(this, m, mod)`, `__import__(m).numpy`). `globals()`, `vars()`
   * and `locals()` are EXEC_NAMES already. Decided when the cell's walk ends (finish).
   */
  private callsImport = false;
  private storesDynamically = false;

  /** `X.__dict__[k]` or `sys.modules[k]` as an assignment target (TargetWalker's hook) */
  protected override subscriptTarget(node: SyntaxNode): void {
    const object = node.firstChild;
    if (object?.name !== 'MemberExpression') return;
    const prop = object.lastChild;
    if (prop?.name !== 'PropertyName') return;
    const name = this.text.slice(prop.from, prop.to);
    const root = object.firstChild;
    if (
      name === '__dict__' ||
      (name === 'modules' &&
        root?.name === 'VariableName' &&
        this.text.slice(root.from, root.to) === 'sys')
    )
      this.storesDynamically = true;
  }

  override finish(tree: SyntaxNode): CellScope {
    if (this.callsImport && this.storesDynamically) this.usesExecEval = true;
    return super.finish(tree);
  }

  protected call(node: SyntaxNode): void {
    const callee = node.firstChild;
    if (!callee) return;
    // the ArgList follows the callee (getChild would allocate every child of the call)
    let args: SyntaxNode | null = callee.nextSibling;
    while (args && args.name !== 'ArgList') args = args.nextSibling;
    let mutated: SyntaxNode | null = null;
    if (callee.name === 'MemberExpression') {
      const prop = callee.lastChild;
      const method =
        prop?.name === 'PropertyName'
          ? this.text.slice(prop.from, prop.to)
          : '';
      const inplace =
        args !== null &&
        args.to - args.from > 12 &&
        this.cellMentionsInplace() &&
        /\binplace\s*=\s*True\b/.test(this.text.slice(args.from, args.to));
      const underscoreInPlace =
        method.endsWith('_') && /^[a-z][a-z0-9]*(_[a-z0-9]+)*_$/.test(method);
      if (MUTATING_METHODS.has(method) || inplace || underscoreInPlace)
        mutated = this.rootName(callee.firstChild);
    } else if (callee.name === 'VariableName') {
      const name = this.text.slice(callee.from, callee.to);
      if (EXEC_NAMES.has(name)) this.usesExecEval = true;
      else if (name === '__import__') this.callsImport = true;
      else if (DYNAMIC_BINDERS.has(name)) this.storesDynamically = true;
    }
    if (mutated) {
      // the receiver chain: its root is mutated, the rest evaluated normally
      const obj = callee.firstChild;
      if (obj?.name === 'VariableName' && obj.from === mutated.from)
        this.read(obj, 'mutate');
      else if (obj) this.memberChainReads(obj, mutated);
    } else this.expr(callee);
    if (args) this.argList(args);
  }

  protected update(node: SyntaxNode): void {
    const target = node.firstChild;
    if (!target) return;
    for (let c = target.nextSibling; c; c = c.nextSibling)
      if (c.name !== 'UpdateOp') this.expr(c);
    if (target.name === 'VariableName') {
      const name = this.text.slice(target.from, target.to);
      // `x += e` reads x (an input if not bound yet: then it also changes the caller's object)
      const wasInput = !this.scope && !this.state.definite.has(name);
      this.read(target, wasInput ? 'mutate' : 'read');
      this.bind(target);
    } else this.target(target);
  }
}
