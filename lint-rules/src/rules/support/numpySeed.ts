/**
 * NumPy's global generator as NB107 (missing-random-seed) follows it: what a
 * `np.random.seed(...)` call does to it (seeds, unseeds), and when a call runs at all (at the
 * top level now, in a function's body when that function is called, or never: a lambda, a
 * nested function, a dead branch, a loop over nothing).
 */
import type { SyntaxNode } from '@lezer/common';
import type { LintCell } from '../../engine/types';
import { LINE_BREAK } from '../../python/literals';
import { callArgs, qualify } from './syntax';

/**
 * What `np.random.seed(...)` (or `numpy.random.seed(seed=0)`) does to NumPy's global generator,
 * which a scikit-learn call with `random_state=None` draws from: 'seeds' with a value (its result
 * repeats run after run), 'unseeds' with none or None (`np.random.seed()` seeds from the OS and
 * undoes an earlier seed), undefined for any other call. A name is read through its last simple
 * assignment above (`SEED = None`), in this cell or an earlier one.
 */
export function numpySeedEffect(
  call: SyntaxNode,
  callee: string,
  cell: LintCell,
  cells: readonly LintCell[],
  aliases: Map<string, string>
): 'seeds' | 'unseeds' | undefined {
  if (qualify(callee, aliases) !== 'numpy.random.seed') {
    return undefined;
  }
  const args = callArgs(call, cell);
  const value = args.positional.at(0) ?? args.keywords.get('seed');
  if (value === undefined) {
    return 'unseeds';
  }
  let text = cell.textOf(value);
  if (value.name === 'VariableName') {
    const above = [
      ...cells.slice(0, cell.cell.index).flatMap(lc => lc.lines),
      ...cell.text.slice(0, call.from).split(LINE_BREAK)
    ];
    const assigned = new RegExp(`^${text}\\s*=(?!=)\\s*(.+?)\\s*(#.*)?$`);
    const last = above.reverse().find(line => assigned.test(line));
    text = last ? (assigned.exec(last)?.[1] ?? text) : text;
  }
  return text === 'None' ? 'unseeds' : 'seeds';
}

/** `if False:` / `if 0:` / `while False:` */
const NEVER = /^(False|0)$/;
/**
 * a `for` over an empty literal (`for s in []:`, `range(0)`): its body runs zero times, as an
 * `if False:` body never runs (a loop's body runs once per item, none for an empty iterable)
 */
const EMPTY_ITERABLE = /^(\[\s*\]|\(\s*\)|\{\s*\}|""|''|range\(\s*0\s*\))$/;

/**
 * Where a seed call runs: 'now' at the notebook's top level (a loop, a class body or a live
 * `if` included), in the body of the function `def name` ({ inFunction: name }), or never
 * (a lambda, a nested function, a dead `if False:` branch).
 */
export function whenRun(
  call: SyntaxNode,
  cell: LintCell
): 'now' | 'never' | { inFunction: string } {
  let inFunction: string | undefined;
  for (let n = call.parent; n; n = n.parent) {
    if (n.name === 'LambdaExpression') {
      return 'never';
    }
    if (
      n.name === 'Body' &&
      (n.parent?.name === 'IfStatement' || n.parent?.name === 'WhileStatement')
    ) {
      const test = n.prevSibling;
      if (test && NEVER.test(cell.textOf(test))) {
        return 'never';
      }
    }
    if (n.name === 'Body' && n.parent?.name === 'ForStatement') {
      const iterable = n.prevSibling;
      if (iterable && EMPTY_ITERABLE.test(cell.textOf(iterable))) {
        return 'never';
      }
    }
    if (n.name === 'FunctionDefinition') {
      const name = n.getChild('VariableName');
      if (inFunction !== undefined || !name) {
        return 'never';
      }
      inFunction = cell.textOf(name);
    }
  }
  return inFunction === undefined ? 'now' : { inFunction };
}

/** Whether `node` lies inside a class body (a method's, or the class's own statements). */
export function inClassBody(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.name === 'ClassDefinition') {
      return true;
    }
  }
  return false;
}
