/**
 * Targets and patterns: what an assignment, `for`, `with`, `del`, `:=`, `except ... as` or a
 * `case` pattern binds, deletes or changes in place (`a.b[i] = v` mutates `a`).
 */
import type { SyntaxNode } from '@lezer/common';
import { ScopeRecorder } from './recorder';

export abstract class TargetWalker extends ScopeRecorder {
  protected abstract expr(node: SyntaxNode): void;

  protected walrusBind(target: SyntaxNode): void {
    const name = this.text.slice(target.from, target.to);
    const owner = this.walrusTarget();
    if (owner === null) {
      const inComprehension = this.scope !== null;
      this.moduleBind(
        name,
        target.from,
        target.to,
        inComprehension,
        inComprehension || this.conditional > 0
      );
    } else if (owner.globals.has(name)) {
      this.nestedGlobalWrites.add(name);
    } else owner.bound.add(name);
  }

  /** an assignment target `a[i]` (`node`), before it is walked: MutationWalker's hook */
  protected subscriptTarget(_node: SyntaxNode): void {
    // nothing here: only the mutation pass reads namespace stores
  }

  /** Root variable of `a.b[c].d` (null when the chain starts with a call or literal). */
  protected rootName(node: SyntaxNode | null): SyntaxNode | null {
    let n: SyntaxNode | null = node;
    while (n?.name === 'MemberExpression') n = n.firstChild;
    return n?.name === 'VariableName' ? n : null;
  }

  /** An assignment / for / with target. */
  protected target(node: SyntaxNode): void {
    this.walkTarget(node, false);
  }

  /** `del` targets: names are deleted; members, subscripts and the rest as in `target`. */
  protected delTarget(node: SyntaxNode): void {
    this.walkTarget(node, true);
  }

  /** An assignment (or `del`) target: a name is bound (deleted), a member chain mutates its root, anything else is read. */
  private walkTarget(node: SyntaxNode, del: boolean): void {
    switch (node.name) {
      case 'VariableName': {
        if (del) this.del(node);
        else this.bind(node);
        return;
      }
      case 'MemberExpression': {
        // a.b = v / a[i] = v: evaluates a (and i) and changes a in place
        if (!del && node.lastChild?.name === ']') this.subscriptTarget(node);
        const root = this.rootName(node);
        if (root) {
          this.memberChainReads(node, root);
          return;
        }
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name !== 'PropertyName') this.expr(c);
        }
        return;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression':
        for (let c = node.firstChild; c; c = c.nextSibling)
          this.walkTarget(c, del);
        return;
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
      case '*':
        return;
      default: {
        this.expr(node);
        return;
      }
    }
  }

  /** Inner part of a mutated member chain: the root is a mutation, subscripts are reads. */
  protected memberChainReads(node: SyntaxNode, root: SyntaxNode): void {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'PropertyName') continue;
      if (c.from === root.from && c.name === 'VariableName')
        this.read(c, 'mutate');
      else if (c.name === 'MemberExpression') this.memberChainReads(c, root);
      else this.expr(c);
    }
  }

  /**
   * `except E as e`: e is bound in the handler and deleted at its end. `node` is its name's node,
   * or a repair's span with the name the repair blanked out (Python 2's `except E, e:`).
   */
  protected exceptAs(
    node: { from: number; to: number; blanked?: string },
    start: boolean
  ): void {
    const name = node.blanked ?? this.text.slice(node.from, node.to);
    if (this.scope) {
      if (start) this.bindName(name, node.from, node.to);
      return;
    }
    if (start) {
      // bound inside the handler only: recorded as a ref and in unboundAfter, not in bound
      this.ref(name, 'bind', node.from, node.to, false);
      this.state.bind(name);
    } else {
      this.state.unbind(name, true);
      this.unboundAfter.add(name);
    }
  }

  protected pattern(node: SyntaxNode): void {
    switch (node.name) {
      case 'CapturePattern': {
        const v = node.firstChild;
        if (v && this.text.slice(v.from, v.to) !== '_') this.target(v);
        return;
      }
      case 'AsPattern': {
        let asNext = false;
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === 'as') asNext = true;
          else if (asNext && c.name === 'VariableName') this.target(c);
          else this.pattern(c);
        }
        return;
      }
      case 'ClassPattern':
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === 'VariableName') this.read(c);
          else if (c.name === 'AttributePattern') this.pattern(c);
          else if (c.name === 'PatternArgList') this.pattern(c);
        }
        return;
      case 'KeywordPattern':
        // C(x=p): x is an attribute name, only p binds
        for (let c = node.firstChild?.nextSibling ?? null; c; c = c.nextSibling)
          if (c.name !== 'AssignOp' && c.name !== '=') this.pattern(c);
        return;
      case 'AttributePattern': {
        const v = node.firstChild;
        if (v?.name === 'VariableName') this.read(v);
        return;
      }
      case 'MappingPattern':
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === 'VariableName') this.read(c);
          else this.pattern(c);
        }
        return;
      case 'LiteralPattern':
        return;
      case 'VariableName': {
        this.read(node);
        return;
      }
      default:
        for (let c = node.firstChild; c; c = c.nextSibling) this.pattern(c);
    }
  }
}
