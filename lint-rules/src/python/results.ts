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
  protected readonly state = new FlowState();

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
    const inputs = withDeferredReads(this.inputs, this.deferredReads, end);
    const readsBeforeBind = new OrderedNames();
    const readsMaybeBound = new OrderedNames();
    for (const { name, maybe } of inputs) {
      // the first read decides: was the name possibly bound by this cell already?
      if (maybe && !readsBeforeBind.has(name)) readsMaybeBound.add(name);
      readsBeforeBind.add(name);
    }
    if (!isSorted(this.refs, byPosition)) stableSort(this.refs, byPosition);
    const bound = this.bound.list();
    const { boundAtEnd, conditionallyBound } = boundAtEndOf(bound, end);
    const annotatedOnly = this.annotatedOnly.list();
    const scope: CellScope = {
      bound,
      readsBeforeBind: readsBeforeBind.list(),
      readsMaybeBound: readsMaybeBound.list(),
      reads: readNames(this.refs),
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
      annotatedOnly: annotatedOnly.length
        ? annotatedOnly.filter(n => !this.bound.has(n))
        : annotatedOnly,
      trailingExpression: this.trailingExpression(tree),
      defOrClassNames: this.defOrClassNames.list(),
      nestedGlobalWrites: this.nestedGlobalWrites.list(),
      boundAtEnd
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

// finish()'s parts, each small: one large function of them took the compiler longer than the
// cells it then ran (a cold lint runs it once per cell)

interface Input {
  name: string;
  from: number;
  maybe: boolean;
}

/**
 * The reads of names not bound before them, in text order: a def body's reads (deferred) count
 * only when the cell does not bind the name itself (the body runs later). Extends `inputs`.
 */
function withDeferredReads(
  inputs: Input[],
  deferred: readonly { name: string; from: number; definiteThen: boolean }[],
  end: FlowState
): Input[] {
  for (const d of deferred) {
    if (!d.definiteThen && !end.definite.has(d.name))
      inputs.push({ name: d.name, from: d.from, maybe: end.maybe.has(d.name) });
  }
  if (!isSorted(inputs, byOffset)) stableSort(inputs, byOffset);
  return inputs;
}

/** The names read, each once, in the order of their first read (one Set lookup per ref). */
function readNames(refs: readonly NameRef[]): string[] {
  const reads: string[] = [];
  const seen = new Set<string>();
  for (const r of refs) {
    if (r.access === 'read' && !seen.has(r.name)) {
      seen.add(r.name);
      reads.push(r.name);
    }
  }
  return reads;
}

/** Of the names bound: those bound (on some path) at the end, and those bound on some path only. */
function boundAtEndOf(
  bound: readonly string[],
  end: FlowState
): { boundAtEnd: string[]; conditionallyBound: string[] } {
  const boundAtEnd: string[] = [];
  const conditionallyBound: string[] = [];
  for (const n of bound) {
    if (!end.maybe.has(n)) continue;
    boundAtEnd.push(n);
    if (!end.definite.has(n)) conditionallyBound.push(n);
  }
  return { boundAtEnd, conditionallyBound };
}
