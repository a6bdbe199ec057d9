/**
 * Loop-carried reads: a value one iteration of a loop leaves for the next
 * (`prev_x = x[i] - x[i-1]` at the end of the body) and the next iteration reads under a test on
 * the iteration (`if i > 1: step = momentum * prev_x`). The scope pass reads the cell in text
 * order, so the read comes before the binding and looks like an input of the cell; but the first
 * iteration skips it, and every later one reads the loop's own value. No earlier or later cell
 * is needed (use-before-define, undefined-name).
 *
 * The guard must test the iteration: the `if` (or `elif`/`else` of it) around the read, inside
 * the loop, has a test that reads the `for` loop's target or a name the loop body binds (a counter,
 * a `first = False` flag). A read under any other test (`if verbose:`), or not under an `if`
 * (`total = total + x`), runs on the first iteration and needs a value from before the loop.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import type { NameRef } from '../../python/types';
import { firstIndexWhere } from '../../notebook/lines';
import { NEW_SCOPE } from './syntax';

/** Where a cell binds each name outside functions: sorted offsets, for "does [from, to) bind it?". */
export type BindingOffsets = Map<string, number[]>;

/** The cell's binding offsets, from its scope pass's references (one pass and one sort per name). */
export function bindingOffsets(
  refs: readonly NameRef[],
  cell: Pick<LintCell, 'offsetAt'>
): BindingOffsets {
  const out: BindingOffsets = new Map();
  for (const r of refs) {
    if (r.access !== 'bind' || r.inFunction) continue;
    const at = cell.offsetAt({ line: r.line, column: r.column });
    const list = out.get(r.name);
    if (list) list.push(at);
    else out.set(r.name, [at]);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

function bindsWithin(
  bindings: BindingOffsets,
  name: string,
  from: number,
  to: number
): boolean {
  const offsets = bindings.get(name);
  if (!offsets) return false;
  // the first offset >= from (binary search: one loop may hold thousands of bindings)
  const lo = firstIndexWhere(offsets.length, i => offsets[i] >= from);
  return lo < offsets.length && offsets[lo] < to;
}

/** the plain names an expression reads (its VariableName nodes) */
function namesIn(
  node: SyntaxNode,
  textOf: (n: SyntaxNode) => string
): string[] {
  const out: string[] = [];
  const cursor = node.cursor();
  const end = node.to;
  do {
    if (cursor.from >= end) break;
    if (cursor.name === 'VariableName') out.push(textOf(cursor.node));
  } while (cursor.next());
  return out;
}

/** the names a `for` statement's target binds (`i`, `i, row`) */
function forTargets(
  loop: SyntaxNode,
  textOf: (n: SyntaxNode) => string
): string[] {
  const out: string[] = [];
  for (let c = loop.firstChild; c && c.name !== 'in'; c = c.nextSibling) {
    if (c.name !== 'for') out.push(...namesIn(c, textOf));
  }
  return out;
}

/** the test expressions of an `if` statement (of `if` and each `elif`) */
function ifTests(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if ((c.name === 'if' || c.name === 'elif') && c.nextSibling) {
      out.push(c.nextSibling);
    }
  }
  return out;
}

/**
 * Whether the read of `name` at `offset` (in the cell's parsed text) is loop-carried and guarded:
 * inside a `for`/`while` body that binds `name` (outside functions: `bindings`), under an `if`
 * inside that body whose tests read the loop's target or a name the body binds.
 */
export function isGuardedLoopCarriedRead(
  tree: Tree,
  offset: number,
  name: string,
  bindings: BindingOffsets,
  textOf: (n: SyntaxNode) => string
): boolean {
  // the `if` statements between the read and each loop around it, innermost first
  const ifs: SyntaxNode[] = [];
  for (
    let p: SyntaxNode | null = tree.resolveInner(offset, 1);
    p;
    p = p.parent
  ) {
    if (NEW_SCOPE.test(p.name)) return false;
    if (p.name === 'IfStatement') {
      ifs.push(p);
      continue;
    }
    if (p.name !== 'ForStatement' && p.name !== 'WhileStatement') continue;
    const body = p.getChild('Body');
    if (
      ifs.length > 0 &&
      body &&
      offset < body.to &&
      offset >= body.from &&
      bindsWithin(bindings, name, body.from, body.to)
    ) {
      const targets = p.name === 'ForStatement' ? forTargets(p, textOf) : [];
      const iterationTest = (n: string) =>
        targets.includes(n) || bindsWithin(bindings, n, body.from, body.to);
      if (
        ifs.some(s =>
          ifTests(s).some(
            t =>
              !(offset >= t.from && offset < t.to) &&
              namesIn(t, textOf).some(iterationTest)
          )
        )
      ) {
        return true;
      }
    }
    // an `if` outside this loop guards no iteration of an outer one
    ifs.length = 0;
  }
  return false;
}

/** A cell's top-level statements in text order: where each is and whether it is a loop. */
export type TopStatements = { from: number; to: number; loop: boolean }[];

export function topStatements(tree: Tree): TopStatements {
  const out: TopStatements = [];
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) {
    out.push({
      from: c.from,
      to: c.to,
      loop: c.name === 'ForStatement' || c.name === 'WhileStatement'
    });
  }
  return out;
}

/**
 * Whether the read of `name` at `offset` comes after the end of the top-level loop that first
 * binds `name` (`for i in …: if i == 0: p = … else: p += …` then `print(p)`): the loop's own
 * value, unbound only when the loop ran no iteration. Found by binary search on the top-level
 * statements (one search per read).
 */
export function isAfterLoopThatBinds(
  tops: TopStatements,
  offset: number,
  name: string,
  bindings: BindingOffsets
): boolean {
  const first = bindings.get(name)?.[0];
  if (first === undefined || first >= offset) return false;
  const lo = firstIndexWhere(tops.length, i => tops[i].to > first);
  // lo < tops.length: `first` binds inside some top-level statement
  const top = lo < tops.length ? tops[lo] : null;
  return !!top && top.loop && top.from <= first && top.to <= offset;
}
