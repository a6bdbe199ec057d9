import type { SyntaxNode } from '@lezer/common';
import { firstIndexWhere } from '../../notebook/lines';
import { NEW_SCOPE } from './syntax';

/**
 * Whether a statement is reached on every path from an earlier one, read from the parse tree of
 * the cells alone (no call is followed): the questions `x = mlflow.start_run()` … `with x:` asks
 * (mlflow-run-not-ended). A place in the notebook is a node and its cell's index.
 */
export interface FlowPlace {
  node: SyntaxNode;
  cell: number;
}

/**
 * What can keep a later statement from running after an earlier one, or change what a name holds
 * on the way: a jump (`return`, `raise`, `break`, `continue`: `binds` null) or a binding of
 * `binds` (`x = ...`, `x += ...`, `a, x = ...`).
 */
export interface FlowInterruption extends FlowPlace {
  binds: string | null;
}

/**
 * The interruptions one statement makes (an `AssignStatement`, `UpdateStatement`,
 * `ReturnStatement`, `RaiseStatement`, `BreakStatement` or `ContinueStatement`): each plain name an assignment
 * binds (its direct targets, left of its last `=`), or the jump itself.
 */
export function interruptionsOf(
  node: SyntaxNode,
  cell: number,
  textOf: (n: SyntaxNode) => string
): FlowInterruption[] {
  if (node.name !== 'AssignStatement' && node.name !== 'UpdateStatement') {
    return [{ node, cell, binds: null }];
  }
  const out: FlowInterruption[] = [];
  let lastOp: SyntaxNode | null = null;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp' || c.name === 'UpdateOp') lastOp = c;
  }
  for (let c = node.firstChild; c && lastOp && c.from < lastOp.from;) {
    if (c.name === 'VariableName') {
      out.push({ node, cell, binds: textOf(c) });
    }
    c = c.nextSibling;
  }
  return out;
}

function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}

/**
 * A block every path that reaches its statement enters: a `try`'s own body, its `finally`, a
 * `with`'s body (an `if`, `elif`, `else`, loop or `except` body may be skipped)
 */
function enteredWhenReached(body: SyntaxNode): boolean {
  const keyword = body.prevSibling;
  const owner = body.parent?.name;
  if (owner === 'WithStatement') return true;
  return (
    owner === 'TryStatement' &&
    (keyword?.name === 'try' || keyword?.name === 'finally')
  );
}

/** the function or lambda around `node`, or null at a cell's top level */
function scopeOf(node: SyntaxNode): SyntaxNode | null {
  for (let p = node.parent; p; p = p.parent) {
    if (NEW_SCOPE.test(p.name)) return p;
  }
  return null;
}

function sameScope(a: FlowPlace, b: FlowPlace): boolean {
  const sa = scopeOf(a.node);
  const sb = scopeOf(b.node);
  if (sa === null || sb === null) return sa === sb;
  return a.cell === b.cell && sa.from === sb.from && sa.to === sb.to;
}

/** `a` and `b` sit in different branches of one `if` (`if`/`elif`/`else` bodies): no path runs both */
function inOtherBranches(a: SyntaxNode, b: SyntaxNode): boolean {
  for (let p = a.parent; p && !NEW_SCOPE.test(p.name); p = p.parent) {
    if (p.name === 'Body' && p.parent?.name === 'IfStatement') {
      if (contains(p.parent, b) && !contains(p, b)) return true;
    }
  }
  return false;
}

const LOOP = /^(ForStatement|WhileStatement)$/;

/**
 * A jump between `earlier` and `later` leaves the way from one to the other: a `return`; a
 * `raise` not inside a `try` that starts after `earlier` (which may catch it); a `break` or
 * `continue` of a loop that holds `earlier` too (one of a loop wholly between them only ends that
 * loop).
 */
function leavesTheWay(
  jump: SyntaxNode,
  earlier: FlowPlace,
  cell: number
): boolean {
  const after = (n: SyntaxNode) =>
    cell !== earlier.cell || n.from > earlier.node.to;
  if (jump.name === 'ReturnStatement') return true;
  for (let p = jump.parent; p && !NEW_SCOPE.test(p.name); p = p.parent) {
    if (jump.name === 'RaiseStatement') {
      if (p.name === 'TryStatement' && after(p)) return false;
    } else if (LOOP.test(p.name)) {
      return !after(p);
    }
  }
  return jump.name === 'RaiseStatement';
}

function before(a: FlowPlace, b: FlowPlace): boolean {
  return a.cell < b.cell || (a.cell === b.cell && a.node.from < b.node.from);
}

/**
 * Whether `later` runs on every path after `earlier` with `name` still holding what it held
 * there: both in one function of one cell, or both at the top level (a later cell, run after it);
 * every block around `later` holds `earlier` too or is entered whenever its statement is reached;
 * and no interruption between them, on a path from one to the other (not in another branch of an
 * `if` around `earlier`), rebinds `name` or jumps away. `interruptions` are in notebook order; the
 * scan starts at the first one after `earlier` and stops at the first that breaks the way.
 */
export function reachedOnEveryPath(
  earlier: FlowPlace,
  later: FlowPlace,
  name: string,
  interruptions: readonly FlowInterruption[]
): boolean {
  if (!before(earlier, later) || !sameScope(earlier, later)) return false;
  for (let p = later.node.parent; p && !NEW_SCOPE.test(p.name); p = p.parent) {
    if (p.name !== 'Body') continue;
    if (
      !(later.cell === earlier.cell && contains(p, earlier.node)) &&
      !enteredWhenReached(p)
    ) {
      return false;
    }
  }
  let i = firstAfter(interruptions, earlier);
  for (; i < interruptions.length && before(interruptions[i], later); i++) {
    const x = interruptions[i];
    if (!sameScope(x, earlier)) continue;
    if (x.cell === earlier.cell && contains(x.node, earlier.node)) continue;
    if (x.cell === earlier.cell && inOtherBranches(earlier.node, x.node))
      continue;
    if (
      x.binds === null
        ? leavesTheWay(x.node, earlier, x.cell)
        : x.binds === name
    ) {
      return false;
    }
  }
  return true;
}

/** the index of the first interruption after `place` (binary search: they are in notebook order) */
function firstAfter(
  list: readonly FlowInterruption[],
  place: FlowPlace
): number {
  return firstIndexWhere(
    list.length,
    i =>
      before(place, list[i]) ||
      (list[i].cell === place.cell && list[i].node.from === place.node.from)
  );
}
