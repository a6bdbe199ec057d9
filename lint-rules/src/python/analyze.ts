/**
 * The scope pass: what a cell binds, reads, deletes and mutates at module level, in the spirit
 * of CPython's `symtable` (Python reference §4.2 "Naming and binding"), over the lezer tree.
 *
 * One walk over the tree. Module-level statements are followed in execution order with a small
 * flow state (names definitely / possibly bound so far), so "read before bound" is exact for
 * straight-line code and conservative under branches and loops. Nested scopes (def, lambda,
 * class, comprehension) collect their bindings and uses; when a scope closes, uses that are not
 * local travel outwards (skipping class scopes, as Python does for nested scopes) until they are
 * bound or reach the module, where they become reads of the cell. Def/lambda bodies run later, so
 * their module reads are "deferred": an input only when the cell does not bind the name itself.
 *
 * Deliberate approximations (documented in tests):
 * - a class body reads a name bound anywhere in the class as class-local (symtable does the same);
 * - `with` bodies are unconditional; loop bodies and else clauses are conditional;
 * - a name bound in a try body and in every handler is definitely bound after the statement.
 */
import type { SyntaxNode } from '@lezer/common';
import { parseCell } from './parse';
import {
  CellAnalysis,
  CellScope,
  ImportBinding,
  NameAccess,
  NameRef,
  ParsedCell,
  ParseRepair
} from './types';
import { cloneState, FlowState, mergeStates } from './flow';
import { isSorted, OrderedNames } from './names';
import { CellPositions } from './positions';
import { NestedScope, newScope, ScopeKind } from './scope';
import { EXEC_NAMES, MUTATING_METHODS, SEPARATE_PROCESS_MAGICS } from './words';

class CellScopeWalker {
  private readonly lines: CellPositions;
  private scope: NestedScope | null = null;
  private state: FlowState = { definite: new Set(), maybe: new Set() };
  /** depth of if/for/while/try/match (and conditional expressions for walrus) at cell level */
  private conditional = 0;
  /** the scopes (null = the cell) of the `try` bodies being walked whose handlers catch NameError */
  private readonly nameErrorGuards: (NestedScope | null)[] = [];

  private readonly refs: NameRef[] = [];
  private readonly binds = new OrderedNames();
  /** reads of names not definitely bound yet; `maybe`: the cell may already have bound it on some path */
  private readonly inputs: { name: string; from: number; maybe: boolean }[] =
    [];
  private readonly deferredReads: {
    name: string;
    from: number;
    definiteThen: boolean;
  }[] = [];
  private readonly deletes = new OrderedNames();
  private readonly mutates = new OrderedNames();
  private readonly imports: ImportBinding[] = [];
  private readonly globals = new OrderedNames();
  private readonly nonlocals = new OrderedNames();
  private readonly starImports: string[] = [];
  private readonly unboundAfter = new OrderedNames();
  private readonly annotatedOnly = new OrderedNames();
  private readonly definitions = new OrderedNames();
  private readonly nestedGlobalWrites = new OrderedNames();
  private usesExecEval = false;
  /** `from __future__ import annotations` seen: annotations are strings, never evaluated */
  private lazyAnnotations = false;
  private topLevelReturnOrYield = false;
  /** loops around the statement being walked, in the current function or class body */
  private loopDepth = 0;
  private breakOutsideLoop = false;

  constructor(
    private readonly text: string,
    private readonly withTargets: readonly ParseRepair[] = []
  ) {
    this.lines = new CellPositions(text);
  }

  // ---- recording -------------------------------------------------------------------------

  private ref(
    name: string,
    access: NameAccess,
    from: number,
    to: number,
    inFunction: boolean,
    guarded = false
  ): void {
    const { line, column } = this.lines.position(from);
    this.refs.push({
      name,
      access,
      line,
      column,
      endColumn: column + (to - from),
      conditional: this.conditional > 0,
      inFunction,
      ...(guarded ? { guarded: true as const } : {})
    });
  }

  private moduleRead(
    name: string,
    from: number,
    to: number,
    access: 'read' | 'mutate',
    nested: boolean,
    deferred: boolean,
    guarded = false
  ): void {
    this.ref(name, 'read', from, to, nested, guarded);
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

  private read(node: SyntaxNode, access: 'read' | 'mutate' = 'read'): void {
    const name = this.text.slice(node.from, node.to);
    if (this.scope)
      this.scope.uses.push({
        name,
        from: node.from,
        to: node.to,
        access,
        fromChild: false,
        deferred: this.scope.deferred,
        guarded: this.guardedAgainstNameError()
      });
    else
      this.moduleRead(
        name,
        node.from,
        node.to,
        access,
        false,
        false,
        this.guardedAgainstNameError()
      );
  }

  /**
   * True inside the body of a `try` with an `except NameError` handler, when no def or lambda
   * lies between the `try` and here (their bodies run later, outside the `try`).
   */
  private guardedAgainstNameError(): boolean {
    for (const guard of this.nameErrorGuards) {
      let s = this.scope;
      while (s !== guard && s && s.kind !== 'function' && s.kind !== 'lambda')
        s = s.parent;
      if (s === guard) return true;
    }
    return false;
  }

  /** A name a cell magic binds once the cell has run (`%%capture out`), at its place on the magic's line. */
  bindAfterCell(name: string, line: number, column: number): void {
    let from = 0;
    for (let l = 0; l < line; l++) from = this.text.indexOf('\n', from) + 1;
    this.moduleBind(name, from + column, from + column + name.length, false);
  }

  private moduleBind(
    name: string,
    from: number,
    to: number,
    nested: boolean,
    maybeOnly = false
  ): void {
    this.ref(name, 'bind', from, to, nested);
    this.binds.add(name);
    this.state.maybe.add(name);
    if (!maybeOnly) this.state.definite.add(name);
  }

  private bindName(name: string, from: number, to: number): void {
    const s = this.scope;
    if (!s) this.moduleBind(name, from, to, false);
    else if (s.globals.has(name)) {
      this.ref(name, 'bind', from, to, true);
      this.nestedGlobalWrites.add(name);
    } else s.bound.add(name);
  }

  private bind(node: SyntaxNode): void {
    this.bindName(this.text.slice(node.from, node.to), node.from, node.to);
  }

  private del(node: SyntaxNode): void {
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
      this.state.definite.delete(name);
      if (this.conditional === 0) this.state.maybe.delete(name);
    } else if (s.globals.has(name)) {
      this.ref(name, 'del', node.from, node.to, true);
    } else s.bound.add(name);
  }

  // ---- scopes ----------------------------------------------------------------------------

  private openScope(kind: ScopeKind): NestedScope {
    const s = newScope(kind, this.scope);
    this.scope = s;
    return s;
  }

  /** No function or class scope open (a method: the scope changes under calls TS cannot see). */
  private atModuleLevel(): boolean {
    return this.scope === null;
  }

  /** Closes the current scope: its non-local uses go to the enclosing scope (or the module). */
  private closeScope(): void {
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
        u.guarded
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
  private walrusTarget(): NestedScope | null {
    let s = this.scope;
    while (s?.kind === 'comprehension') s = s.parent;
    return s;
  }

  // ---- flow helpers ----------------------------------------------------------------------

  /** Runs several alternative paths from the current state and merges them. */
  private branches(paths: (() => void)[], fallThrough: boolean): void {
    if (this.scope) {
      this.conditional++;
      for (const p of paths) p();
      this.conditional--;
      return;
    }
    const start = this.state;
    const results: FlowState[] = [];
    this.conditional++;
    for (const p of paths) {
      this.state = cloneState(start);
      p();
      results.push(this.state);
    }
    this.conditional--;
    if (fallThrough || results.length === 0) results.push(start);
    this.state = mergeStates(results);
  }

  // ---- the walk --------------------------------------------------------------------------

  /**
   * `timeitLines`: lines run by %timeit / %%timeit, which execute their statement inside a
   * function IPython generates: they read the notebook's names but bind nothing in it.
   */
  run(top: SyntaxNode, timeitLines: ReadonlySet<number> | 'all' | null): void {
    const isolated = () => (this.openScope('function').deferred = false);
    if (timeitLines === 'all') isolated();
    for (let c = top.firstChild; c; c = c.nextSibling) {
      const wrap =
        timeitLines !== null &&
        timeitLines !== 'all' &&
        timeitLines.has(this.lines.position(c.from).line);
      if (wrap) isolated();
      this.statement(c);
      if (wrap) this.closeScope();
    }
    if (timeitLines === 'all') this.closeScope();
  }

  private statements(body: SyntaxNode | null): void {
    if (!body) return;
    for (let c = body.firstChild; c; c = c.nextSibling) this.statement(c);
  }

  private statement(node: SyntaxNode): void {
    switch (node.name) {
      case 'AssignStatement': {
        this.assign(node);
        return;
      }
      case 'UpdateStatement': {
        this.update(node);
        return;
      }
      case 'DeleteStatement':
        for (let c = node.firstChild; c; c = c.nextSibling)
          if (c.name !== 'del' && c.name !== ',') this.delTarget(c);
        return;
      case 'ImportStatement': {
        this.importStatement(node);
        return;
      }
      case 'ScopeStatement': {
        this.scopeStatement(node);
        return;
      }
      case 'FunctionDefinition': {
        this.functionDefinition(node, null);
        return;
      }
      case 'ClassDefinition': {
        this.classDefinition(node, null);
        return;
      }
      case 'DecoratedStatement': {
        const decorators: SyntaxNode[] = [];
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === 'Decorator') decorators.push(c);
          else if (c.name === 'FunctionDefinition')
            this.functionDefinition(c, decorators);
          else if (c.name === 'ClassDefinition')
            this.classDefinition(c, decorators);
        }
        return;
      }
      case 'IfStatement': {
        this.ifStatement(node);
        return;
      }
      case 'WhileStatement':
      case 'ForStatement': {
        this.loop(node);
        return;
      }
      case 'TryStatement': {
        this.tryStatement(node);
        return;
      }
      case 'WithStatement': {
        this.withStatement(node);
        return;
      }
      case 'MatchStatement': {
        this.matchStatement(node);
        return;
      }
      case 'ReturnStatement':
      case 'YieldStatement':
        if (!this.scope) this.topLevelReturnOrYield = true;
        {
          this.children(node);
          return;
        }
      case 'TypeDefinition': {
        // `type X = expr`: X binds now, the value is evaluated lazily (like a function body)
        const name = node.getChild('VariableName');
        this.openScope('function');
        for (let c = node.firstChild; c; c = c.nextSibling)
          if (c !== name && c.name !== 'type') this.expr(c);
        this.closeScope();
        if (name) this.bind(name);
        return;
      }
      case 'StatementGroup':
        for (let c = node.firstChild; c; c = c.nextSibling) this.statement(c);
        return;
      case 'Body': {
        this.statements(node);
        return;
      }
      case 'BreakStatement':
      case 'ContinueStatement':
        if (this.loopDepth === 0) this.breakOutsideLoop = true;
        return;
      case 'PassStatement':
      case 'Comment':
        return;
      default: {
        this.expr(node);
        return;
      }
    }
  }

  private children(node: SyntaxNode): void {
    for (let c = node.firstChild; c; c = c.nextSibling) this.expr(c);
  }

  private expr(node: SyntaxNode): void {
    switch (node.name) {
      case 'VariableName': {
        this.read(node);
        return;
      }
      case 'String':
      case 'Number':
      case 'PropertyName':
      case 'Comment':
      case 'Boolean':
      case 'None':
        return;
      case 'MemberExpression': {
        // only the object is evaluated as a name; `.attr` is not; `[...]` is
        for (let c = node.firstChild; c; c = c.nextSibling)
          if (c.name !== 'PropertyName') this.expr(c);
        return;
      }
      case 'CallExpression': {
        this.call(node);
        return;
      }
      case 'ArgList': {
        this.argList(node);
        return;
      }
      case 'NamedExpression': {
        const target = node.firstChild;
        for (let c = target?.nextSibling ?? null; c; c = c.nextSibling)
          this.expr(c);
        if (target?.name === 'VariableName') this.walrusBind(target);
        return;
      }
      case 'LambdaExpression': {
        this.lambda(node);
        return;
      }
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'DictionaryComprehensionExpression':
      case 'ComprehensionExpression': {
        this.comprehension(
          node.firstChild?.nextSibling ?? null,
          node.lastChild
        );
        return;
      }
      case 'ConditionalExpression': {
        // a if cond else b: only cond always runs
        let k = 0;
        for (let c = node.firstChild; c; c = c.nextSibling) {
          if (c.name === 'if' || c.name === 'else') continue;
          if (k++ === 1) this.expr(c);
          else {
            this.conditional++;
            this.expr(c);
            this.conditional--;
          }
        }
        return;
      }
      case 'BinaryExpression': {
        const left = node.firstChild;
        const op = left?.nextSibling;
        if (left && op && (op.name === 'and' || op.name === 'or')) {
          this.expr(left);
          this.conditional++;
          for (let c = op.nextSibling; c; c = c.nextSibling) this.expr(c);
          this.conditional--;
          return;
        }
        this.children(node);
        return;
      }
      case 'YieldExpression':
      case 'AwaitExpression':
        if (!this.scope && node.name === 'YieldExpression')
          this.topLevelReturnOrYield = true;
        {
          this.children(node);
          return;
        }
      default: {
        this.children(node);
        return;
      }
    }
  }

  private walrusBind(target: SyntaxNode): void {
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

  // ---- targets ---------------------------------------------------------------------------

  /** Root variable of `a.b[c].d` (null when the chain starts with a call or literal). */
  private rootName(node: SyntaxNode | null): SyntaxNode | null {
    let n: SyntaxNode | null = node;
    while (n?.name === 'MemberExpression') n = n.firstChild;
    return n?.name === 'VariableName' ? n : null;
  }

  /** An assignment / for / with target. */
  private target(node: SyntaxNode): void {
    switch (node.name) {
      case 'VariableName': {
        this.bind(node);
        return;
      }
      case 'MemberExpression': {
        // a.b = v / a[i] = v: evaluates a (and i) and changes a in place
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
        for (let c = node.firstChild; c; c = c.nextSibling) this.target(c);
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
  private memberChainReads(node: SyntaxNode, root: SyntaxNode): void {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'PropertyName') continue;
      if (c.from === root.from && c.name === 'VariableName')
        this.read(c, 'mutate');
      else if (c.name === 'MemberExpression') this.memberChainReads(c, root);
      else this.expr(c);
    }
  }

  private delTarget(node: SyntaxNode): void {
    switch (node.name) {
      case 'VariableName': {
        this.del(node);
        return;
      }
      case 'MemberExpression': {
        this.target(node);
        return;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'ParenthesizedExpression':
        for (let c = node.firstChild; c; c = c.nextSibling) this.delTarget(c);
        return;
      case '(':
      case ')':
      case '[':
      case ']':
      case ',':
        return;
      default: {
        this.expr(node);
        return;
      }
    }
  }

  // ---- statements ------------------------------------------------------------------------

  private assign(node: SyntaxNode): void {
    // segments separated by `=`: targets... = value; an optional TypeDef follows the first target
    const segments: SyntaxNode[][] = [[]];
    let annotation: SyntaxNode | null = null;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'AssignOp') segments.push([]);
      else if (c.name === 'TypeDef') annotation = c;
      else if (c.name !== ',') segments[segments.length - 1].push(c);
    }
    if (annotation) this.annotation(annotation); // evaluated at module and class level
    if (segments.length === 1) {
      // `x: T` binds nothing; in a function it still makes x local
      const only = segments[0];
      if (annotation && only.length === 1 && only[0].name === 'VariableName') {
        const name = this.text.slice(only[0].from, only[0].to);
        if (this.scope) this.scope.bound.add(name);
        else {
          this.annotatedOnly.add(name);
        }
      } else if (annotation)
        for (const t of only)
          if (t.name !== 'VariableName') this.target(t);
          else for (const t of only) this.expr(t); // expression statement parsed as assignment
      return;
    }
    for (const v of segments[segments.length - 1]) this.expr(v);
    for (let i = 0; i < segments.length - 1; i++)
      for (const t of segments[i]) this.target(t);
  }

  private update(node: SyntaxNode): void {
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

  private annotation(typeDef: SyntaxNode): void {
    if (!this.lazyAnnotations) this.children(typeDef);
  }

  private scopeStatement(node: SyntaxNode): void {
    const isGlobal = node.firstChild?.name === 'global';
    for (let c = node.firstChild?.nextSibling ?? null; c; c = c.nextSibling) {
      if (c.name !== 'VariableName') continue;
      const name = this.text.slice(c.from, c.to);
      if (this.scope)
        (isGlobal ? this.scope.globals : this.scope.nonlocals).add(name);
      else (isGlobal ? this.globals : this.nonlocals).add(name);
    }
  }

  private importStatement(node: SyntaxNode): void {
    const statementText = this.text.slice(node.from, node.to);
    const line = this.lines.position(node.from).line;
    const conditional = this.conditional > 0;
    const first = node.firstChild;
    if (!first) return;
    const add = (
      bound: SyntaxNode,
      module: string,
      name?: string,
      asName?: string
    ) => {
      if (module === '__future__' && name === 'annotations')
        this.lazyAnnotations = true;
      this.bind(bound);
      if (!this.scope) {
        this.imports.push({
          bound: this.text.slice(bound.from, bound.to),
          module,
          name,
          asName,
          statementText,
          line,
          isFuture: module === '__future__',
          conditional
        });
      }
    };
    if (first.name === 'import') {
      // import a.b.c [as d], e
      let dotted: SyntaxNode[] = [];
      let asNext = false;
      const flush = (asNode: SyntaxNode | null) => {
        if (!dotted.length) return;
        const module = dotted.map(n => this.text.slice(n.from, n.to)).join('.');
        if (asNode)
          add(
            asNode,
            module,
            undefined,
            this.text.slice(asNode.from, asNode.to)
          );
        else add(dotted[0], module);
        dotted = [];
      };
      for (let c = first.nextSibling; c; c = c.nextSibling) {
        if (c.name === 'as') asNext = true;
        else if (c.name === 'VariableName') {
          if (asNext) {
            flush(c);
            asNext = false;
          } else dotted.push(c);
        } else if (c.name === ',') flush(null);
      }
      flush(null);
      return;
    }
    // from [.]module import names
    let c: SyntaxNode | null = first.nextSibling;
    let moduleText = '';
    for (; c && c.name !== 'import'; c = c.nextSibling)
      moduleText += this.text.slice(c.from, c.to);
    for (c = c ? c.nextSibling : null; c; c = c.nextSibling) {
      if (c.name === '*') {
        if (!this.scope) this.starImports.push(moduleText);
        continue;
      }
      if (c.name !== 'VariableName') continue;
      const next = c.nextSibling;
      if (next?.name === 'as' && next.nextSibling?.name === 'VariableName') {
        const asNode = next.nextSibling;
        add(
          asNode,
          moduleText,
          this.text.slice(c.from, c.to),
          this.text.slice(asNode.from, asNode.to)
        );
        c = asNode;
      } else add(c, moduleText, this.text.slice(c.from, c.to));
    }
  }

  private decorators(decorators: SyntaxNode[] | null): void {
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
  private params(list: SyntaxNode | null, inner: NestedScope): void {
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

  private functionDefinition(
    node: SyntaxNode,
    decorators: SyntaxNode[] | null
  ): void {
    this.decorators(decorators);
    const name = node.getChild('VariableName');
    const outer = this.scope;
    const inner = newScope('function', outer);
    let body: SyntaxNode | null = null;
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
    this.scope = inner;
    this.outsideLoops(() => {
      this.statements(body);
    });
    this.closeScope();
    if (name) {
      this.bind(name);
      if (this.atModuleLevel())
        this.definitions.add(this.text.slice(name.from, name.to));
    }
  }

  private classDefinition(
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
        this.definitions.add(this.text.slice(name.from, name.to));
    }
  }

  private lambda(node: SyntaxNode): void {
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
  private comprehension(
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

  private call(node: SyntaxNode): void {
    const callee = node.firstChild;
    if (!callee) return;
    const args = node.getChild('ArgList');
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
        /\binplace\s*=\s*True\b/.test(this.text.slice(args.from, args.to));
      const underscoreInPlace =
        method.endsWith('_') && /^[a-z][a-z0-9]*(_[a-z0-9]+)*_$/.test(method);
      if (MUTATING_METHODS.has(method) || inplace || underscoreInPlace)
        mutated = this.rootName(callee.firstChild);
    } else if (
      callee.name === 'VariableName' &&
      EXEC_NAMES.has(this.text.slice(callee.from, callee.to))
    ) {
      this.usesExecEval = true;
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

  private argList(node: SyntaxNode): void {
    // a bare generator argument: f(x for x in y)
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'for' || c.name === 'async') {
        this.comprehension(
          node.firstChild?.nextSibling ?? null,
          node.lastChild
        );
        return;
      }
    }
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'VariableName' && c.nextSibling?.name === 'AssignOp') {
        const op = c.nextSibling;
        const isWalrus = this.text.slice(op.from, op.to) === ':=';
        const value = op.nextSibling;
        if (value) this.expr(value);
        if (isWalrus) this.walrusBind(c); // f(x := 1) binds x; f(x=1) names a parameter
        c = value ?? op;
        continue;
      }
      this.expr(c);
    }
  }

  // ---- compound statements ---------------------------------------------------------------

  private ifStatement(node: SyntaxNode): void {
    // if c1: b1 elif c2: b2 else: b3 -- c1 always runs; c2 only when c1 is false, and so on
    const conds: SyntaxNode[] = [];
    const bodies: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Body') bodies.push(c);
      else if (c.name !== 'if' && c.name !== 'elif' && c.name !== 'else')
        conds.push(c);
    }
    const branchAt = (i: number): void => {
      const rest = i + 1 < bodies.length;
      const paths: (() => void)[] = [
        () => {
          this.statements(bodies[i]);
        }
      ];
      if (rest) {
        paths.push(() => {
          if (i + 1 < conds.length) {
            this.expr(conds[i + 1]);
            branchAt(i + 1);
          } else this.statements(bodies[i + 1]); // else
        });
      }
      // with no elif/else left, the condition may be false and nothing runs
      this.branches(paths, !rest);
    };
    if (conds.length) this.expr(conds[0]);
    if (bodies.length) branchAt(0);
  }

  /** A def or class body: the loops around its definition are not loops around its statements. */
  private outsideLoops(walk: () => void): void {
    const depth = this.loopDepth;
    this.loopDepth = 0;
    walk();
    this.loopDepth = depth;
  }

  private loop(node: SyntaxNode): void {
    const isFor = node.name === 'ForStatement';
    const targets: SyntaxNode[] = [];
    const bodies: SyntaxNode[] = [];
    let cond: SyntaxNode | null = null;
    let phase = isFor ? 0 : 1; // for: 0 targets, 1 iter; while: 1 condition
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Body') bodies.push(c);
      else if (
        c.name === 'for' ||
        c.name === 'while' ||
        c.name === 'async' ||
        c.name === 'else' ||
        c.name === ','
      )
        continue;
      else if (c.name === 'in' && isFor && phase === 0) phase = 1;
      else if (phase === 0) targets.push(c);
      else if (!bodies.length) {
        if (isFor)
          this.expr(c); // the iterables run once, unconditionally
        else cond = c;
      }
    }
    if (cond) this.expr(cond); // the first test always runs
    this.branches(
      [
        () => {
          for (const t of targets) this.target(t);
          this.loopDepth++;
          this.statements(bodies[0] ?? null);
          this.loopDepth--;
          // the else clause is not inside the loop: a `break` there leaves an outer loop
          if (bodies[1]) this.statements(bodies[1]);
        }
      ],
      true
    );
  }

  private tryStatement(node: SyntaxNode): void {
    let body: SyntaxNode | null = null;
    const handlers: {
      type: SyntaxNode[];
      as: SyntaxNode | null;
      body: SyntaxNode;
    }[] = [];
    let elseBody: SyntaxNode | null = null;
    let finallyBody: SyntaxNode | null = null;
    let mode: 'try' | 'except' | 'else' | 'finally' = 'try';
    let pending: { type: SyntaxNode[]; as: SyntaxNode | null } = {
      type: [],
      as: null
    };
    let asNext = false;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      switch (c.name) {
        case 'try':
          mode = 'try';
          break;
        case 'except':
          mode = 'except';
          pending = { type: [], as: null };
          asNext = false;
          break;
        case 'else':
          mode = 'else';
          break;
        case 'finally':
          mode = 'finally';
          break;
        case 'as':
          asNext = true;
          break;
        case 'Body':
          if (mode === 'try') body = c;
          else if (mode === 'except') handlers.push({ ...pending, body: c });
          else if (mode === 'else') elseBody = c;
          else finallyBody = c;
          break;
        default:
          if (mode === 'except') {
            if (asNext && c.name === 'VariableName') pending.as = c;
            else if (c.name !== '*' && c.name !== ',') pending.type.push(c);
          }
      }
    }
    const module = !this.scope;
    const start = this.state;
    // the try body may stop anywhere: its bindings are definite only if every handler binds them too
    this.conditional++;
    // `try: x  except NameError: ...` (or a bare `except:`) is how notebooks test whether a name exists
    const guards = handlers.some(
      h =>
        h.type.length === 0 ||
        h.type.some(t => /\bNameError\b/.test(this.text.slice(t.from, t.to)))
    );
    if (guards) this.nameErrorGuards.push(this.scope);
    this.statements(body);
    if (guards) this.nameErrorGuards.pop();
    if (elseBody) this.statements(elseBody);
    this.conditional--;
    const afterTry = this.state;
    const results: FlowState[] = [afterTry];
    for (const h of handlers) {
      if (module)
        this.state = {
          definite: new Set(start.definite),
          maybe: new Set(afterTry.maybe)
        };
      this.conditional++;
      for (const t of h.type) this.expr(t);
      if (h.as) this.exceptAs(h.as, true);
      this.statements(h.body);
      if (h.as) this.exceptAs(h.as, false);
      this.conditional--;
      if (module) results.push(this.state);
    }
    if (module) this.state = handlers.length ? mergeStates(results) : afterTry;
    this.statements(finallyBody);
  }

  /** `except E as e`: e is bound in the handler and deleted at its end. */
  private exceptAs(node: SyntaxNode, start: boolean): void {
    const name = this.text.slice(node.from, node.to);
    if (this.scope) {
      if (start) this.bind(node);
      return;
    }
    if (start) {
      // bound inside the handler only: recorded as a ref and in unboundAfter, not in binds
      this.ref(name, 'bind', node.from, node.to, false);
      this.state.definite.add(name);
      this.state.maybe.add(name);
    } else {
      this.state.definite.delete(name);
      this.state.maybe.delete(name);
      this.unboundAfter.add(name);
    }
  }

  private withStatement(node: SyntaxNode): void {
    let asNext = false;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'as') asNext = true;
      else if (c.name === 'Body') {
        // `with (a as f, b as g):` was parsed without its `as NAME` parts: bind them here
        for (const t of this.withTargets) {
          if (t.name !== undefined && t.from > node.from && t.from < c.from)
            this.bindName(t.name, t.from, t.to);
        }
        this.statements(c);
      } else if (c.name === 'with' || c.name === 'async' || c.name === ',')
        continue;
      else if (asNext) {
        this.target(c);
        asNext = false;
      } else this.expr(c);
    }
  }

  private matchStatement(node: SyntaxNode): void {
    let clauses: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'MatchBody') clauses = c.getChildren('MatchClause');
      else if (c.name !== 'match' && c.name !== '*') this.expr(c);
    }
    const paths = clauses.map(clause => () => {
      const guard = clause.getChild('Guard');
      for (let c = clause.firstChild; c; c = c.nextSibling) {
        if (
          c.name === 'case' ||
          c.name === ',' ||
          c.name === 'Guard' ||
          c.name === 'Body'
        )
          continue;
        this.pattern(c);
      }
      if (guard) this.children(guard);
      this.statements(clause.getChild('Body'));
    });
    // a `case _:` / `case x:` without a guard makes the match exhaustive: no path skips every case
    const exhaustive = clauses.some(
      cl => !cl.getChild('Guard') && cl.getChildren('CapturePattern').length > 0
    );
    this.branches(paths, !exhaustive);
  }

  private pattern(node: SyntaxNode): void {
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

  // ---- result ----------------------------------------------------------------------------

  finish(tree: SyntaxNode): CellScope {
    const end = this.state;
    const inputs = this.inputs.slice();
    for (const d of this.deferredReads) {
      // a function body runs later: it needs the name from outside only if the cell does not bind it
      if (!d.definiteThen && !end.definite.has(d.name))
        inputs.push({
          name: d.name,
          from: d.from,
          maybe: end.maybe.has(d.name)
        });
    }
    if (!isSorted(inputs, (a, b) => a.from - b.from))
      inputs.sort((a, b) => a.from - b.from);
    const readsBeforeBind = new OrderedNames();
    const readsMaybeBound = new OrderedNames();
    for (const i of inputs) {
      // the first read decides: was the name possibly bound by this cell already?
      if (!readsBeforeBind.has(i.name) && i.maybe) readsMaybeBound.add(i.name);
      readsBeforeBind.add(i.name);
    }
    const byPosition = (a: NameRef, b: NameRef) =>
      a.line - b.line || a.column - b.column;
    if (!isSorted(this.refs, byPosition)) this.refs.sort(byPosition);
    const reads = new OrderedNames();
    for (const r of this.refs) if (r.access === 'read') reads.add(r.name);
    const binds = this.binds.list();
    const conditionallyBound = binds.filter(
      n => end.maybe.has(n) && !end.definite.has(n)
    );
    return {
      binds,
      readsBeforeBind: readsBeforeBind.list(),
      readsMaybeBound: readsMaybeBound.list(),
      reads: reads.list(),
      conditionallyBound,
      deletes: this.deletes.list(),
      mutates: this.mutates.list(),
      imports: this.imports,
      globals: this.globals.list(),
      nonlocals: this.nonlocals.list(),
      refs: this.refs,
      starImports: this.starImports,
      usesExecEval: this.usesExecEval,
      topLevelReturnOrYield: this.topLevelReturnOrYield,
      ...(this.breakOutsideLoop ? { breakOutsideLoop: true as const } : {}),
      unboundAfter: this.unboundAfter.list(),
      annotatedOnly: this.annotatedOnly.list().filter(n => !this.binds.has(n)),
      trailingExpression: this.trailingExpression(tree),
      definitions: this.definitions.list(),
      nestedGlobalWrites: this.nestedGlobalWrites.list(),
      defined: binds.filter(n => end.maybe.has(n))
    };
  }

  private trailingExpression(
    tree: SyntaxNode
  ): CellScope['trailingExpression'] {
    let last = tree.lastChild;
    while (last?.name === 'Comment') last = last.prevSibling;
    if (!last) return undefined;
    if (last.name === 'StatementGroup') {
      // `expr;` suppresses the display
      if (/;\s*$/.test(this.text.slice(last.from, last.to).replace(/#.*$/, '')))
        return undefined;
      last = last.lastChild;
    }
    if (last?.name !== 'ExpressionStatement') return undefined;
    const text = this.text.slice(last.from, last.to);
    if (text === '0' || text === 'pass') return undefined; // filler of a masked magic
    const a = this.lines.position(last.from);
    const b = this.lines.position(last.to);
    return {
      line: a.line,
      column: a.column,
      endLine: b.line,
      endColumn: b.column,
      text
    };
  }
}

/** Scope facts of an already parsed cell (null when it does not parse or is not Python). */
export function analyzeParsed(parsed: ParsedCell): CellAnalysis {
  if (!parsed.ok || !parsed.tree) return { parsed, scope: null };
  try {
    return { parsed, scope: walkScope(parsed) };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    // lezer caps nesting well below the stack limit, but a pathological cell must not crash a lint run
    return {
      parsed: {
        ...parsed,
        ok: false,
        syntaxError: {
          line: 0,
          column: 0,
          message: 'the cell is nested too deeply to analyse'
        }
      },
      scope: null
    };
  }
}

function walkScope(parsed: ParsedCell): CellScope {
  const tree = parsed.tree;
  if (!tree) throw new Error('the scope pass needs a parsed tree');
  const top = tree.topNode;
  const walker = new CellScopeWalker(
    parsed.masked.text,
    (parsed.repairs ?? []).filter(r => r.kind === 'with-as')
  );
  let timeit: Set<number> | 'all' | null = null;
  for (const m of parsed.masked.magics) {
    if (m.name !== 'timeit' || !m.bodyIsPython) continue;
    if (m.kind === 'cell-magic') timeit = 'all';
    else if (timeit !== 'all') {
      const lines: Set<number> = timeit ?? new Set<number>();
      lines.add(m.line);
      timeit = lines;
    }
  }
  // %%python / %%python3 / %%pypy run the body in a separate interpreter: it neither reads nor binds notebook names
  const separate = parsed.masked.magics.some(
    m => m.kind === 'cell-magic' && SEPARATE_PROCESS_MAGICS.has(m.name)
  );
  if (separate) return { ...walker.finish(top), trailingExpression: undefined };
  walker.run(top, timeit);
  for (const m of parsed.masked.magics) {
    if (m.kind === 'cell-magic' && m.target && m.targetColumn !== undefined)
      walker.bindAfterCell(m.target, m.line, m.targetColumn);
  }
  return walker.finish(top);
}

/** Masks, parses and analyses one cell. */
export function analyzeCell(source: string): CellAnalysis {
  return analyzeParsed(parseCell(source));
}
