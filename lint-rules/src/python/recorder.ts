/**
 * Recording of the scope pass: binds, reads, deletes and mutations of names, at module level
 * (with the flow state) or into the open nested scope, which resolves its uses when it closes.
 */
import type { SyntaxNode } from '@lezer/common';
import { CellFacts } from './results';
import { NestedScope, newScope, ScopeKind } from './scope';
import { NameAccess, NameRef } from './types';

export class ScopeRecorder extends CellFacts {
  protected scope: NestedScope | null = null;
  /** depth of if/for/while/try/match (and conditional expressions for walrus) at cell level */
  protected conditional = 0;
  /** the scopes (null = the cell) of the `try` bodies being walked whose handlers catch NameError */
  protected readonly nameErrorGuards: (NestedScope | null)[] = [];
  /** `from __future__ import annotations` seen: annotations are strings, never evaluated */
  protected lazyAnnotations = false;
  /** annotations being walked (their reads are marked `annotation`) */
  protected inAnnotation = 0;
  /**
   * annotations of a function registered by a bare `@f.register` being walked: singledispatch
   * evaluates them when the `def` runs, future import or not (definitions.ts, registersByAnnotation)
   */
  protected evaluatedAnnotations = 0;
  /**
   * in a pydantic model's annotations: the names pydantic resolves later than the class body
   * runs (the model's own name, a name the cell binds below it), read as lazily as a string
   * annotation (definitions.ts, classDefinition)
   */
  protected resolvedLater: ((name: string) => boolean) | null = null;
  /** loops around the statement being walked, in the current function or class body */
  protected loopDepth = 0;

  protected ref(
    name: string,
    access: NameAccess,
    from: number,
    to: number,
    inFunction: boolean,
    guarded = false,
    annotation = false
  ): void {
    const { line, column } = this.lines.position(from);
    const ref: NameRef = {
      name,
      access,
      line,
      column,
      endColumn: column + (to - from),
      conditional: this.conditional > 0,
      inFunction
    };
    if (guarded) ref.guarded = true; // set only when true, and last, as before (no spread per ref)
    if (annotation) ref.annotation = true;
    this.refs.push(ref);
  }

  protected moduleRead(
    name: string,
    from: number,
    to: number,
    access: 'read' | 'mutate',
    nested: boolean,
    deferred: boolean,
    guarded = false,
    annotation = false
  ): void {
    this.ref(name, 'read', from, to, nested, guarded, annotation);
    if (access === 'mutate') {
      this.ref(name, 'mutate', from, to, nested, guarded);
      this.mutates.add(name);
    }
    if (deferred)
      this.deferredReads.push({
        name,
        from,
        definiteThen: this.state.definite.has(name)
      });
    else if (!this.state.definite.has(name))
      this.inputs.push({ name, from, maybe: this.state.maybe.has(name) });
  }

  protected read(node: SyntaxNode, access: 'read' | 'mutate' = 'read'): void {
    const name = this.text.slice(node.from, node.to);
    if (this.scope)
      this.scope.uses.push({
        name,
        from: node.from,
        to: node.to,
        access,
        fromChild: false,
        deferred: this.scope.deferred,
        guarded: this.guardedAgainstNameError(),
        annotation: this.lazyAnnotationRead(name)
      });
    else
      this.moduleRead(
        name,
        node.from,
        node.to,
        access,
        false,
        false,
        this.guardedAgainstNameError(),
        this.lazyAnnotationRead(name)
      );
  }

  /** a read in an annotation that nothing evaluates when the statement runs */
  private lazyAnnotationRead(name: string): boolean {
    return (
      this.inAnnotation > 0 &&
      (this.evaluatedAnnotations === 0 || this.resolvedLater?.(name) === true)
    );
  }

  /**
   * True inside the body of a `try` with an `except NameError` handler, when no def or lambda
   * lies between the `try` and here (their bodies run later, outside the `try`).
   */
  protected guardedAgainstNameError(): boolean {
    // asked for every name read; most reads are outside any such `try` (no loop set up then)
    if (this.nameErrorGuards.length === 0) return false;
    for (const guard of this.nameErrorGuards) {
      let s = this.scope;
      while (s !== guard && s && s.kind !== 'function' && s.kind !== 'lambda')
        s = s.parent;
      if (s === guard) return true;
    }
    return false;
  }

  /**
   * A name a magic binds, at its place on the magic's line: called after the walk for a cell
   * magic that binds once the cell has run (`%%capture out`), before it for a line magic whose
   * names the whole cell reads (`%pylab`).
   */
  bindAfterCell(name: string, line: number, column: number): void {
    let from = 0;
    for (let l = 0; l < line; l++) from = this.text.indexOf('\n', from) + 1;
    this.moduleBind(name, from + column, from + column + name.length, false);
  }

  /**
   * A star import a line magic runs (`%pylab`'s `from numpy import *`): what it binds is unknown,
   * as for the statement.
   */
  starImportByMagic(module: string): void {
    this.starImports.push(module);
  }

  protected moduleBind(
    name: string,
    from: number,
    to: number,
    nested: boolean,
    maybeOnly = false
  ): void {
    this.ref(name, 'bind', from, to, nested);
    this.bound.add(name);
    this.state.bind(name, maybeOnly);
  }

  protected bindName(name: string, from: number, to: number): void {
    const s = this.scope;
    if (!s) this.moduleBind(name, from, to, false);
    else if (s.globals.has(name)) {
      this.ref(name, 'bind', from, to, true);
      this.nestedGlobalWrites.add(name);
    } else s.bound.add(name);
  }

  protected bind(node: SyntaxNode): void {
    this.bindName(this.text.slice(node.from, node.to), node.from, node.to);
  }

  protected del(node: SyntaxNode): void {
    const name = this.text.slice(node.from, node.to);
    const s = this.scope;
    if (!s) {
      if (!this.state.definite.has(name))
        this.inputs.push({
          name,
          from: node.from,
          maybe: this.state.maybe.has(name)
        });
      this.ref(name, 'del', node.from, node.to, false);
      this.deletes.add(name);
      this.state.unbind(name, this.conditional === 0);
    } else if (s.globals.has(name)) {
      this.ref(name, 'del', node.from, node.to, true);
    } else s.bound.add(name);
  }

  protected openScope(kind: ScopeKind): NestedScope {
    const s = newScope(kind, this.scope);
    this.scope = s;
    return s;
  }

  /** No function or class scope open (a method: the scope changes under calls TS cannot see). */
  protected atModuleLevel(): boolean {
    return this.scope === null;
  }

  /** Closes the current scope: its non-local uses go to the enclosing scope (or the module). */
  protected closeScope(): void {
    const s = this.scope;
    if (!s) return;
    this.scope = s.parent;
    const readAtModule = (u: (typeof s.uses)[number]) => {
      this.moduleRead(
        u.name,
        u.from,
        u.to,
        u.access,
        true,
        u.deferred,
        u.guarded,
        u.annotation
      );
    };
    for (const u of s.uses) {
      if (s.globals.has(u.name)) {
        readAtModule(u);
        continue;
      }
      if (s.nonlocals.has(u.name)) continue; // bound in an enclosing function by definition
      // class scopes are invisible to the scopes nested in them
      const visible = !(s.kind === 'class' && u.fromChild);
      if (visible && s.bound.has(u.name)) continue;
      if (s.parent) s.parent.uses.push({ ...u, fromChild: true });
      else readAtModule(u);
    }
  }

  /** Nearest scope that is not a comprehension (where `:=` binds); null = module. */
  protected walrusTarget(): NestedScope | null {
    let s = this.scope;
    while (s?.kind === 'comprehension') s = s.parent;
    return s;
  }

  /** Runs several alternative paths from the current state and merges them. */
  protected branches(paths: (() => void)[], fallThrough: boolean): void {
    if (this.scope) {
      this.conditional++;
      for (const p of paths) p();
      this.conditional--;
      return;
    }
    const point = this.state.branch();
    this.conditional++;
    for (const p of paths) {
      p();
      point.endPath();
    }
    this.conditional--;
    point.merge(fallThrough || paths.length === 0);
  }
}
