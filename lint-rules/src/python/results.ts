/**
 * What the scope pass found in one cell, and its assembly into the `CellScope` result: the
 * base of the walker classes (recorder.ts records into these fields as the walk goes).
 */
import type { SyntaxNode } from '@lezer/common';
import { FlowState } from './flow';
import { isSorted, OrderedNames, stableSort } from './names';
import { CellPositions } from './positions';
import { CellScope, ImportBinding, NameRef } from './types';

const byOffset = (a: { from: number }, b: { from: number }) => a.from - b.from;
const byPosition = (a: NameRef, b: NameRef) =>
  a.line - b.line || a.column - b.column;

export class CellFacts {
  protected readonly lines: CellPositions;
  /** the module-level flow state so far; after the walk, the cell's end state */
  protected state: FlowState = { definite: new Set(), maybe: new Set() };

  protected readonly refs: NameRef[] = [];
  protected readonly bound = new OrderedNames();
  /** reads of names not definitely bound yet; `maybe`: the cell may already have bound it on some path */
  protected readonly inputs: { name: string; from: number; maybe: boolean }[] =
    [];
  protected readonly deferredReads: {
    name: string;
    from: number;
    definiteThen: boolean;
  }[] = [];
  protected readonly deletes = new OrderedNames();
  protected readonly mutates = new OrderedNames();
  protected readonly imports: ImportBinding[] = [];
  protected readonly globals = new OrderedNames();
  protected readonly nonlocals = new OrderedNames();
  protected readonly starImports: string[] = [];
  protected readonly unboundAfter = new OrderedNames();
  protected readonly annotatedOnly = new OrderedNames();
  protected readonly defOrClassNames = new OrderedNames();
  protected readonly nestedGlobalWrites = new OrderedNames();
  protected usesExecEval = false;
  protected topLevelReturnOrYield = false;
  protected breakOutsideLoop = false;

  constructor(protected readonly text: string) {
    this.lines = new CellPositions(text);
  }

  /** The facts as a CellScope; ends the walk (its lists are extended and sorted in place). */
  finish(tree: SyntaxNode): CellScope {
    const end = this.state;
    const inputs = this.inputs;
    for (const d of this.deferredReads) {
      // a function body runs later: it needs the name from outside only if the cell does not bind it
      if (!d.definiteThen && !end.definite.has(d.name))
        inputs.push({
          name: d.name,
          from: d.from,
          maybe: end.maybe.has(d.name)
        });
    }
    if (!isSorted(inputs, byOffset)) stableSort(inputs, byOffset);
    const readsBeforeBind = new OrderedNames();
    const readsMaybeBound = new OrderedNames();
    for (const i of inputs) {
      // the first read decides: was the name possibly bound by this cell already?
      if (!readsBeforeBind.has(i.name) && i.maybe) readsMaybeBound.add(i.name);
      readsBeforeBind.add(i.name);
    }
    if (!isSorted(this.refs, byPosition)) stableSort(this.refs, byPosition);
    // one Set lookup per ref (a cell has many refs of few names)
    const reads: string[] = [];
    const readNames = new Set<string>();
    for (const r of this.refs)
      if (r.access === 'read' && !readNames.has(r.name)) {
        readNames.add(r.name);
        reads.push(r.name);
      }
    const bound = this.bound.list();
    const conditionallyBound = bound.filter(
      n => end.maybe.has(n) && !end.definite.has(n)
    );
    const scope: CellScope = {
      bound,
      readsBeforeBind: readsBeforeBind.list(),
      readsMaybeBound: readsMaybeBound.list(),
      reads,
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
      unboundAfter: this.unboundAfter.list(),
      annotatedOnly: this.annotatedOnly.list().filter(n => !this.bound.has(n)),
      trailingExpression: this.trailingExpression(tree),
      defOrClassNames: this.defOrClassNames.list(),
      nestedGlobalWrites: this.nestedGlobalWrites.list(),
      boundAtEnd: bound.filter(n => end.maybe.has(n))
    };
    // set only when true: a spread inside the literal above made every key after it a slow
    // generic definition, in every cell
    if (this.breakOutsideLoop) scope.breakOutsideLoop = true;
    return scope;
  }

  protected trailingExpression(
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
