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
 *
 * The walker is a chain of small classes, one job each: results.ts (the facts and their
 * assembly) <- recorder.ts (recording, nested scopes, flow branches) <- targets.ts (targets and
 * patterns) <- imports.ts <- mutation.ts (mutation guesses) <- compound.ts (if/for/while/try/
 * with/match) <- this file (statements, expressions, definitions, and the entry points). The
 * semantic model they share: scope.ts, flow.ts, names.ts, positions.ts, words.ts.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { parseCell, type ParseOptions } from './parse';
import { PYLAB_NAMESPACE, pylabStarImports } from './runtimeGlobals';
import { CellAnalysis, CellScope, ParsedCell } from './types';
import { CompoundWalker } from './compound';
import { NestedScope, newScope } from './scope';
import { SEPARATE_PROCESS_MAGICS } from './words';
import { WordOffsets } from './wordOffsets';

/**
 * Punctuation and operators, by node type id: nothing below them is a name, call or scope, and
 * they are 40% of the nodes `expr` sees; the table spares each the name switch and a child search.
 */
const PUNCTUATION_OR_OPERATOR: Uint8Array = (() => {
  const names = new Set(['(', ')', ',', '.', '[', ']', '{', '}', ':']);
  for (const op of ['ArithOp', 'CompareOp', 'BitOp']) names.add(op);
  const table = new Uint8Array(parser.nodeSet.types.length);
  for (const t of parser.nodeSet.types) if (names.has(t.name)) table[t.id] = 1;
  return table;
})();

class CellScopeWalker extends CompoundWalker {
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

  protected statements(body: SyntaxNode | null): void {
    if (!body) return;
    for (let c = body.firstChild; c; c = c.nextSibling) this.statement(c);
  }

  protected statement(node: SyntaxNode): void {
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

  protected children(node: SyntaxNode): void {
    for (let c = node.firstChild; c; c = c.nextSibling) this.expr(c);
  }

  protected expr(node: SyntaxNode): void {
    const type = node.type;
    if (PUNCTUATION_OR_OPERATOR[type.id] === 1) return;
    switch (type.name) {
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

  // ---- statements ------------------------------------------------------------------------

  protected assign(node: SyntaxNode): void {
    // targets... = value, segments separated by `=`; an optional TypeDef follows the first target.
    // One flat list of the parts (no array per segment): most assignments are `name = value`.
    const parts: SyntaxNode[] = [];
    let lastOp = -1; // index in parts of the last `=`
    let annotation: SyntaxNode | null = null;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const name = c.name;
      if (name === 'AssignOp') {
        lastOp = parts.length;
        parts.push(c);
      } else if (name === 'TypeDef') annotation = c;
      else if (name !== ',') parts.push(c);
    }
    if (annotation) this.annotation(annotation); // evaluated at module and class level
    if (lastOp === -1) {
      // `x: T` binds nothing; in a function it still makes x local
      if (
        annotation &&
        parts.length === 1 &&
        parts[0].name === 'VariableName'
      ) {
        const name = this.text.slice(parts[0].from, parts[0].to);
        if (this.scope) this.scope.bound.add(name);
        else {
          this.annotatedOnly.add(name);
        }
      } else if (annotation)
        for (const t of parts)
          if (t.name !== 'VariableName') this.target(t);
          else for (const t of parts) this.expr(t); // expression statement parsed as assignment
      return;
    }
    for (let i = lastOp + 1; i < parts.length; i++) this.expr(parts[i]);
    for (let i = 0; i < lastOp; i++)
      if (parts[i].name !== 'AssignOp') this.target(parts[i]);
  }

  protected annotation(typeDef: SyntaxNode): void {
    if (!this.lazyAnnotations) this.children(typeDef);
  }

  protected scopeStatement(node: SyntaxNode): void {
    const isGlobal = node.firstChild?.name === 'global';
    for (let c = node.firstChild?.nextSibling ?? null; c; c = c.nextSibling) {
      if (c.name !== 'VariableName') continue;
      const name = this.text.slice(c.from, c.to);
      if (this.scope)
        (isGlobal ? this.scope.globals : this.scope.nonlocals).add(name);
      else (isGlobal ? this.globals : this.nonlocals).add(name);
    }
  }

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
    parsed.repairs ? parsed.repairs.filter(r => r.kind === 'with-as') : []
  );
  const magics = parsed.masked.magics;
  if (magics.length === 0) {
    walker.run(top, null); // most cells: no magic changes what they bind or read
    return walker.finish(top);
  }
  let timeit: Set<number> | 'all' | null = null;
  for (const m of magics) {
    if (m.name !== 'timeit' || !m.bodyIsPython) continue;
    if (m.kind === 'cell-magic') timeit = 'all';
    else if (timeit !== 'all') {
      const lines: Set<number> = timeit ?? new Set<number>();
      lines.add(m.line);
      timeit = lines;
    }
  }
  // %%python / %%python3 / %%pypy run the body in a separate interpreter: it neither reads nor binds notebook names
  const separate = magics.some(
    m => m.kind === 'cell-magic' && SEPARATE_PROCESS_MAGICS.has(m.name)
  );
  if (separate) return { ...walker.finish(top), trailingExpression: undefined };
  // `%pylab` imports numpy and matplotlib for the whole cell (read before the walk, so a read
  // later in its cell is bound too)
  for (const m of magics) {
    if (m.kind !== 'line-magic' || m.name !== 'pylab') continue;
    for (const name of PYLAB_NAMESPACE.names)
      walker.bindAfterCell(name, m.line, m.column);
    for (const module of pylabStarImports(m.args))
      walker.starImportByMagic(module);
  }
  walker.run(top, timeit);
  for (const m of magics) {
    if (m.kind === 'cell-magic' && m.target && m.targetColumn !== undefined)
      walker.bindAfterCell(m.target, m.line, m.targetColumn);
  }
  return walker.finish(top);
}

/** Masks, parses and analyses one cell. */
export function analyzeCell(
  source: string,
  cellMagicBodyIsPython = false,
  options: ParseOptions = {}
): CellAnalysis {
  return analyzeParsed(parseCell(source, cellMagicBodyIsPython, options));
}
