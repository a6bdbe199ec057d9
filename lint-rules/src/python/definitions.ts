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

/** pydantic's model bases (and SQLModel's): a subclass evaluates its field annotations */
const MODEL_BASES = new Set([
  'BaseModel',
  'BaseSettings',
  'RootModel',
  'SQLModel'
]);
/** pydantic's decorators that validate a call by the function's annotations */
const VALIDATING_DECORATORS = new Set(['validate_call', 'validate_arguments']);
/** FastAPI's route decorators (`@app.get("/items")`, `@router.post(...)`) */
const ROUTE_METHODS = new Set([
  'get',
  'post',
  'put',
  'delete',
  'patch',
  'options',
  'head',
  'trace',
  'api_route',
  'websocket'
]);
/** Typer's command decorators (`@app.command()`), the same shape as click's */
const COMMAND_METHODS = new Set(['command', 'callback']);
const MENTIONS_TYPER = /\btyper\b/;
/** the cell text last searched for `typer`, and the answer (one search per cell, not per decorator) */
let typerText: string | undefined;
let typerNamed = false;
function namesTyper(text: string): boolean {
  if (text !== typerText) {
    typerText = text;
    typerNamed = MENTIONS_TYPER.test(text);
  }
  return typerNamed;
}

/** the last name of a decorator or a base (`register`, `get`, `BaseModel`) and the node before it */
function lastName(
  node: SyntaxNode,
  text: string
): { name: string; object: string | null } | null {
  let last = node.lastChild;
  if (last?.name === 'ArgList') last = last.prevSibling;
  if (last?.name !== 'VariableName' && last?.name !== 'PropertyName')
    return null;
  const dot = last.prevSibling;
  const object = dot?.name === '.' ? dot.prevSibling : null;
  return {
    name: text.slice(last.from, last.to),
    object:
      object?.name === 'VariableName'
        ? text.slice(object.from, object.to)
        : null
  };
}

/**
 * A class whose bases include a pydantic model (`class Item(BaseModel)`, `pydantic.BaseModel`,
 * `BaseSettings`, `SQLModel`): pydantic builds its fields from the class's annotations, resolved
 * with `typing` in the module's globals when the class is created (or at its first use), strings
 * of `from __future__ import annotations` too; an undefined name fails there.
 */
function isPydanticModel(args: SyntaxNode | null, text: string): boolean {
  for (let c = args?.firstChild ?? null; c; c = c.nextSibling) {
    if (c.nextSibling?.name === 'AssignOp') return false; // keywords come last
    const base =
      c.name === 'VariableName'
        ? text.slice(c.from, c.to)
        : c.name === 'MemberExpression'
          ? lastName(c, text)?.name
          : undefined;
    if (base !== undefined && MODEL_BASES.has(base)) return true;
  }
  return false;
}

/**
 * Decorators that evaluate the function's annotations under `from __future__ import annotations`
 * too: a bare `@f.register` (registersByAnnotation), pydantic's `@validate_call`, a FastAPI route
 * (`@app.get("/items/{id}")`: a path string first), which reads its parameters' types when the
 * route is added, and a Typer command (`@app.command()`) in a cell that names `typer`, read with
 * `typing.get_type_hints` when the app runs (click's `@cli.command()`, the same shape, reads none).
 */
function evaluatesAnnotations(
  decorators: SyntaxNode[] | null,
  text: string
): boolean {
  if (!decorators) return false;
  if (registersByAnnotation(decorators, text)) return true;
  return decorators.some(d => {
    const last = lastName(d, text);
    if (!last) return false;
    if (VALIDATING_DECORATORS.has(last.name)) return true;
    const args = d.getChild('ArgList');
    if (!args || last.object === null) return false;
    if (ROUTE_METHODS.has(last.name)) {
      const first = args.firstChild?.nextSibling;
      return (
        first?.name === 'String' &&
        /^[rRbBuUfF]*["']{1,3}\//.test(text.slice(first.from, first.to))
      );
    }
    return (
      COMMAND_METHODS.has(last.name) &&
      last.object !== 'click' &&
      namesTyper(text)
    );
  });
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
    // a def's own decorators decide for its parameters and return (not a model class around a
    // method: pydantic reads the fields' annotations, not the methods')
    const outerEvaluated = this.evaluatedAnnotations;
    this.evaluatedAnnotations = evaluatesAnnotations(decorators, this.text)
      ? 1
      : 0;
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
    // annotations in the body are of locals, never evaluated by these (nor by CPython)
    this.evaluatedAnnotations = 0;
    this.scope = inner;
    this.outsideLoops(() => {
      this.statements(body);
    });
    this.closeScope();
    this.evaluatedAnnotations = outerEvaluated;
    if (name) {
      this.bind(name);
      if (this.atModuleLevel())
        this.defOrClassNames.add(this.text.slice(name.from, name.to));
    }
  }

  /** the cell's top-level `class`/`def`/`name = ...` bindings: name -> offset of the last one */
  private topBound: Map<string, number> | null = null;

  private topBindings(inside: SyntaxNode): Map<string, number> {
    if (this.topBound) return this.topBound;
    let root = inside;
    while (root.parent) root = root.parent;
    const out = new Map<string, number>();
    for (let c = root.firstChild; c; c = c.nextSibling) {
      const statement =
        c.name === 'DecoratedStatement'
          ? (c.getChild('ClassDefinition') ?? c.getChild('FunctionDefinition'))
          : c;
      if (
        statement?.name === 'ClassDefinition' ||
        statement?.name === 'FunctionDefinition'
      ) {
        const v = statement.getChild('VariableName');
        if (v) out.set(this.text.slice(v.from, v.to), v.from);
      } else if (statement?.name === 'AssignStatement') {
        for (let t = statement.firstChild; t; t = t.nextSibling) {
          if (t.name === 'VariableName' && t.nextSibling?.name === 'AssignOp')
            out.set(this.text.slice(t.from, t.to), t.from);
        }
      }
    }
    this.topBound = out;
    return out;
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
    const outerEvaluated = this.evaluatedAnnotations;
    const outerLater = this.resolvedLater;
    const model = isPydanticModel(args, this.text);
    this.evaluatedAnnotations = model ? 1 : 0;
    // pydantic resolves a field's annotation that names the model itself (`children:
    // list[Tree]`) when the class is complete, and one naming a class or alias the cell binds
    // below at model_rebuild() or the model's first use: no read when the class body runs,
    // under the future import (the reads stay `annotation`: without it they are evaluated)
    if (model) {
      const own = name ? this.text.slice(name.from, name.to) : null;
      const below = this.topBindings(node);
      this.resolvedLater = n => n === own || (below.get(n) ?? -1) > node.to;
    }
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
    this.evaluatedAnnotations = outerEvaluated;
    this.resolvedLater = outerLater;
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
