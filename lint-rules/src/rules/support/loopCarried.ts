/**
 * Loop-carried reads: a value one iteration of a loop leaves for the next
 * (`prev_x = x[i] - x[i-1]` at the end of the body) and the next iteration reads under a test on
 * the iteration (`if i > 1: step = momentum * prev_x`). The scope pass reads the cell in text
 * order, so the read comes before the binding and looks like an input of the cell; but the first
 * iteration skips it, and every later one reads the loop's own value. No earlier or later cell
 * is needed (use-before-define, undefined-name).
 *
 * The guard must skip the first iteration: the branch of the `if` (or `elif`/`else`) around the
 * read, inside the loop, is not taken then, decided from the `for` target's first value
 * (`range(1, n)` under `if i > 1:`, `enumerate` under `if i > 0:`) or a flag set just before the
 * loop (`first = True` under `if not first:`, `prev = None` under `if prev is not None:`;
 * firstIteration.ts). A read under a test true on the first iteration (`if step % 10 == 0:`,
 * `if i == 0:`), one it cannot decide (`if verbose:`, a value the iteration computed), or not
 * under an `if` (`total = total + x`) runs on the first iteration and needs a value from before
 * the loop (session 21's review: any test naming the target used to count).
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import type { NameRef } from '../../python/types';
import { firstIndexWhere } from '../../notebook/lines';
import { NEW_SCOPE } from './syntax';
import {
  firstTargetValue,
  literalValue,
  truth,
  type Value
} from './firstIteration';

/** Where a cell binds each name outside functions: sorted offsets, for "does [from, to) bind it?". */
export type BindingOffsets = Map<string, number[]>;

/**
 * The cell's binding offsets, from its scope pass's references (one pass and one sort per name).
 * An `except ... as err` target carries nothing to the next iteration: Python deletes it when the
 * handler ends.
 */
export function bindingOffsets(
  refs: readonly NameRef[],
  cell: Pick<LintCell, 'offsetAt'>,
  tree: Tree
): BindingOffsets {
  const out: BindingOffsets = new Map();
  for (const r of refs) {
    if (r.access !== 'bind' || r.inFunction) continue;
    const at = cell.offsetAt({ line: r.line, column: r.column });
    if (isExceptTarget(tree.resolveInner(at, 1))) continue;
    const list = out.get(r.name);
    if (list) list.push(at);
    else out.set(r.name, [at]);
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

/** `err` in `except ValueError as err:` */
function isExceptTarget(node: SyntaxNode): boolean {
  return (
    node.name === 'VariableName' &&
    node.parent?.name === 'TryStatement' &&
    node.prevSibling?.name === 'as'
  );
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

/** an `if` chain's parts (each test and each body), in text order, and whether each is skipped */
type Chain = { from: number; to: number; skipped: boolean }[];

/**
 * The parts of an `if` statement and whether the first iteration skips each, with the values
 * `value` knows when the statement is reached: a body whose own test is false, or after a test
 * that is true (the `else:` after `if i == 0:`); a test after a true one is never evaluated.
 */
function chainOf(
  statement: SyntaxNode,
  value: (name: string) => Value,
  textOf: (n: SyntaxNode) => string
): Chain {
  const out: Chain = [];
  let earlierTrue = false;
  for (let c = statement.firstChild; c; c = c.nextSibling) {
    if (c.name === 'if' || c.name === 'elif') {
      const test = c.nextSibling;
      if (!test) break;
      out.push({ from: test.from, to: test.to, skipped: earlierTrue });
      const t = truth(test, value, textOf);
      const body = test.nextSibling;
      if (body?.name === 'Body') {
        out.push({
          from: body.from,
          to: body.to,
          skipped: earlierTrue || t === false
        });
      }
      earlierTrue ||= t === true;
    } else if (c.name === 'else' && c.nextSibling) {
      out.push({
        from: c.nextSibling.from,
        to: c.nextSibling.to,
        skipped: earlierTrue
      });
    }
  }
  return out;
}

/**
 * One tree's chains, by loop and `if` statement: the reads of a long `elif` chain ask about the
 * same statement, which is read once (a walk of the chain per read was quadratic)
 */
let chainsTree: Tree | null = null;
const chains = new Map<string, Chain>();

function branchSkipped(
  loop: SyntaxNode,
  statement: SyntaxNode,
  offset: number,
  value: (name: string) => Value,
  tree: Tree,
  textOf: (n: SyntaxNode) => string
): boolean {
  if (chainsTree !== tree) {
    chainsTree = tree;
    chains.clear();
  }
  const key = `${loop.from} ${statement.from}`;
  let chain = chains.get(key);
  if (!chain) {
    chain = chainOf(statement, value, textOf);
    chains.set(key, chain);
  }
  const parts = chain;
  const at = firstIndexWhere(parts.length, i => parts[i].to > offset);
  return at < parts.length && parts[at].from <= offset && parts[at].skipped;
}

/**
 * A flag's value when the loop starts: the statement just before the loop, in the same block,
 * that last binds it (outside functions) is `name = <literal>` (`first = True`, `prev = None`).
 */
function valueBefore(
  loop: SyntaxNode,
  name: string,
  bindings: BindingOffsets,
  tree: Tree,
  textOf: (n: SyntaxNode) => string
): Value {
  const offsets = bindings.get(name);
  if (!offsets) return undefined;
  const lo = firstIndexWhere(offsets.length, i => offsets[i] >= loop.from);
  if (lo === 0) return undefined;
  const target = tree.resolveInner(offsets[lo - 1], 1);
  const assign = target.parent;
  if (
    target.name !== 'VariableName' ||
    assign?.name !== 'AssignStatement' ||
    assign.firstChild?.from !== target.from ||
    target.nextSibling?.name !== 'AssignOp' ||
    textOf(target.nextSibling) !== '=' ||
    assign.parent?.from !== loop.parent?.from ||
    assign.parent?.name !== loop.parent?.name
  ) {
    return undefined;
  }
  const v = target.nextSibling.nextSibling;
  // `a = b = None` and `a = None, 1` are left unknown
  return v && !v.nextSibling ? literalValue(v, textOf) : undefined;
}

/**
 * Whether the read of `name` at `offset` (in the cell's parsed text) is loop-carried and guarded:
 * inside a `for`/`while` body that binds `name` (outside functions: `bindings`), under an `if`
 * inside that body whose branch the first iteration skips: its test is false on that iteration
 * (`if i > 1:` in `for i in range(1, n)`, `if not first:` after `first = True`, `if prev is not
 * None:` after `prev = None`), decided from the target's first value and the flags set just
 * before the loop, not rebound in the body above the read. A test true on the first iteration
 * (`if step % 10 == 0:`, `if i == 0:`, `if not i:`) or one it cannot decide (`if verbose:`, a
 * value the iteration computed) guards nothing: the read runs then, before any binding.
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
    const loop = p;
    const body = loop.getChild('Body');
    if (
      ifs.length > 0 &&
      body &&
      offset < body.to &&
      offset >= body.from &&
      bindsWithin(bindings, name, body.from, body.to)
    ) {
      const targets =
        loop.name === 'ForStatement' ? forTargets(loop, textOf) : [];
      const iterable = loop.getChild('in')?.nextSibling;
      // a name's first value where the `if` statement is reached: none when this iteration
      // rebinds it above the statement (its value there is not the first one)
      const valueAt =
        (statement: SyntaxNode) =>
        (n: string): Value => {
          if (bindsWithin(bindings, n, body.from, statement.from))
            return undefined;
          const at = targets.indexOf(n);
          return at >= 0
            ? iterable && firstTargetValue(iterable, at, targets.length, textOf)
            : valueBefore(loop, n, bindings, tree, textOf);
        };
      if (
        ifs.some(s => branchSkipped(loop, s, offset, valueAt(s), tree, textOf))
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
