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
 * with/match) <- definitions.ts (def, class, lambda, comprehensions, call arguments) <- this file
 * (statements, expressions, and the entry points). The
 * semantic model they share: scope.ts, flow.ts, names.ts, positions.ts, words.ts.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { parseCell, type ParseOptions } from './parse';
import { PYLAB_NAMESPACE, pylabStarImports } from './runtimeGlobals';
import { CellAnalysis, CellScope, ParsedCell } from './types';
import { DefinitionWalker } from './definitions';
import { SEPARATE_PROCESS_MAGICS } from './words';

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

class CellScopeWalker extends DefinitionWalker {
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
    if (this.lazyAnnotations && this.evaluatedAnnotations === 0) return;
    this.inAnnotation++;
    this.children(typeDef);
    this.inAnnotation--;
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
  const walker = new CellScopeWalker(parsed.masked.text, parsed.repairs ?? []);
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
