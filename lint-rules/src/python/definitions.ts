/**
 * Definitions and the scopes they open: decorators, parameters, def, class, lambda,
 * comprehensions and call arguments (a bare generator argument is a comprehension). Statements
 * and expressions are walked by the subclass in analyze.ts.
 */
import type { SyntaxNode } from '@lezer/common';
import { CompoundWalker } from './compound';
import { NestedScope, newScope } from './scope';
import { WordOffsets } from './wordOffsets';

/**
 * A bare `@<dispatcher>.register` decorator (no arguments): functools' singledispatch (and
 * singledispatchmethod) then takes the type to dispatch on from the first parameter's annotation,
 * through `typing.get_type_hints(func)`, which evaluates every annotation of the function when
 * the `def` runs, strings of `from __future__ import annotations` too ("evaluated in the globals
 * of the function", Lib/functools.py `register`, Lib/typing.py `get_type_hints`). The other forms
 * read no annotation: `@f.register(int)` names the type, `@singledispatch` only wraps.
 */
function registersByAnnotation(
  decorators: SyntaxNode[] | null,
  text: string
): boolean {
  return (
    decorators?.some(d => {
      const last = d.lastChild;
      return (
        last?.name === 'VariableName' &&
        text.slice(last.from, last.to) === 'register' &&
        last.prevSibling?.name === '.' &&
        d.getChild('ArgList') === null
      );
    }) ?? false
  );
}

export abstract class DefinitionWalker extends CompoundWalker {
  protected abstract annotation(typeDef: SyntaxNode): void;

  protected decorators(decorators: SyntaxNode[] | null): void {
    if (!decorators) return;
    for (const d of decorators) {
      // @a.b.c(args): only `a` is a name; the rest are attributes
      let firstName = true;
      for (let c = d.firstChild; c; c = c.nextSibling) {
        if (c.name === 'VariableName') {
          if (firstName) this.read(c);
          firstName = false;
        } else if (c.name !== 'At' && c.name !== '.') this.expr(c);
      }
    }
  }

  /** Parameters: defaults and annotations run in the defining scope; names bind in `inner`. */
  protected params(list: SyntaxNode | null, inner: NestedScope): void {
    if (!list) return;
    for (let c = list.firstChild; c; c = c.nextSibling) {
      if (c.name === 'VariableName')
        inner.bound.add(this.text.slice(c.from, c.to));
      else if (c.name === 'TypeDef') this.annotation(c);
      else if (c.name === 'AssignOp') {
        const value = c.nextSibling;
        if (value) {
          this.expr(value);
          c = value;
        }
      }
    }
  }

  protected functionDefinition(
    node: SyntaxNode,
    decorators: SyntaxNode[] | null
  ): void {
    this.decorators(decorators);
    const name = node.getChild('VariableName');
    const outer = this.scope;
    const inner = newScope('function', outer);
    let body: SyntaxNode | null = null;
    const dispatch = registersByAnnotation(decorators, this.text);
    if (dispatch) this.evaluatedAnnotations++;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'ParamList') this.params(c, inner);
      else if (c.name === 'TypeDef')
        this.annotation(c); // return annotation
      else if (c.name === 'TypeParamList') {
        for (let t = c.firstChild; t; t = t.nextSibling)
          if (t.name === 'TypeParam') {
            const v = t.getChild('VariableName');
            if (v) inner.bound.add(this.text.slice(v.from, v.to));
          }
      } else if (c.name === 'Body') body = c;
    }
    if (dispatch) this.evaluatedAnnotations--;
    this.scope = inner;
    this.outsideLoops(() => {
      this.statements(body);
    });
    this.closeScope();
    if (name) {
      this.bind(name);
      if (this.atModuleLevel())
        this.defOrClassNames.add(this.text.slice(name.from, name.to));
    }
  }

  protected classDefinition(
    node: SyntaxNode,
    decorators: SyntaxNode[] | null
  ): void {
    this.decorators(decorators);
    const name = node.getChild('VariableName');
    const args = node.getChild('ArgList');
    if (args) this.argList(args);
    const body = node.getChild('Body');
    this.openScope('class');
    const tp = node.getChild('TypeParamList');
    if (tp)
      for (let t = tp.firstChild; t; t = t.nextSibling)
        if (t.name === 'TypeParam') {
          const v = t.getChild('VariableName');
          if (v) this.scope?.bound.add(this.text.slice(v.from, v.to));
        }
    this.outsideLoops(() => {
      this.statements(body);
    });
    this.closeScope();
    if (name) {
      this.bind(name);
      if (!this.scope)
        this.defOrClassNames.add(this.text.slice(name.from, name.to));
    }
  }

  protected lambda(node: SyntaxNode): void {
    const outer = this.scope;
    const inner = newScope('lambda', outer);
    const params = node.getChild('ParamList');
    this.params(params, inner);
    this.scope = inner;
    for (
      let c = (params ?? node.firstChild)?.nextSibling ?? null;
      c;
      c = c.nextSibling
    ) {
      if (c.name !== ':' && c.name !== 'lambda') this.expr(c);
    }
    this.closeScope();
  }

  /**
   * A comprehension given as the flat run of its parts between `first` and `last` (exclusive):
   * element(s), then `for targets in iter` and `if cond` clauses.
   */
  protected comprehension(
    first: SyntaxNode | null,
    last: SyntaxNode | null
  ): void {
    const element: SyntaxNode[] = [];
    let c = first;
    for (
      ;
      c && c !== last && c.name !== 'for' && c.name !== 'async';
      c = c.nextSibling
    )
      element.push(c);
    let firstIter = true;
    let opened = false;
    const open = () => {
      if (!opened) {
        this.openScope('comprehension');
        opened = true;
      }
    };
    while (c && c !== last) {
      if (c.name === 'async') {
        c = c.nextSibling;
        continue;
      }
      if (c.name === 'for') {
        const targets: SyntaxNode[] = [];
        for (
          c = c.nextSibling;
          c && c !== last && c.name !== 'in';
          c = c.nextSibling
        )
          targets.push(c);
        c = c && c !== last ? c.nextSibling : c; // skip `in`
        const iter = c;
        // the leftmost iterable is evaluated in the enclosing scope, before the comprehension's
        if (iter && iter !== last) {
          if (firstIter) this.expr(iter);
          open();
          if (!firstIter) this.expr(iter);
          c = iter.nextSibling;
        } else open();
        firstIter = false;
        for (const t of targets) this.target(t);
        continue;
      }
      if (c.name === 'if') {
        c = c.nextSibling;
        if (c && c !== last) {
          this.expr(c);
          c = c.nextSibling;
        }
        continue;
      }
      c = c.nextSibling;
    }
    open();
    for (const e of element)
      if (e.name !== ':' && e.name !== '**' && e.name !== '*') this.expr(e);
    this.closeScope();
  }

  /** 'for' and 'async' in the cell text, for the generator-argument test (found once per cell) */
  private forOrAsync: WordOffsets | undefined;

  protected argList(node: SyntaxNode): void {
    // a bare generator argument: f(x for x in y); a `for`/`async` child needs that word in the text
    this.forOrAsync ??= new WordOffsets(this.text, ['for', 'async']);
    if (this.forOrAsync.within(node.from, node.to))
      for (let c = node.firstChild; c; c = c.nextSibling) {
        if (c.name === 'for' || c.name === 'async') {
          this.comprehension(
            node.firstChild?.nextSibling ?? null,
            node.lastChild
          );
          return;
        }
      }
    for (let c = node.firstChild; c;) {
      const next = c.nextSibling;
      if (c.name === 'VariableName' && next?.name === 'AssignOp') {
        const isWalrus = this.text.slice(next.from, next.to) === ':=';
        const value = next.nextSibling;
        if (value) this.expr(value);
        if (isWalrus) this.walrusBind(c); // f(x := 1) binds x; f(x=1) names a parameter
        c = (value ?? next).nextSibling;
        continue;
      }
      this.expr(c);
      c = next;
    }
  }
}
