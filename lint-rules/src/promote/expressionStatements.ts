/**
 * Expression statements a promoted function does not need, or must not return:
 *
 * - a DEAD expression statement: a name, an attribute, a subscript or a literal whose value is
 *   thrown away (`run.info.run_id` above other code). In the notebook it only did something as
 *   the cell's displayed last line; inside the function it does nothing, so it is dropped;
 * - a trailing expression whose value is None: IPython displayed nothing for it (`print(...)`,
 *   `plt.show()`), so the function runs it as a statement instead of returning its value.
 *   Evidence, strongest first: the cell ran without error and left no `execute_result` (None),
 *   or left one (not None); else a call to `print` (not rebound by the notebook) or to a
 *   method that returns None by convention.
 */
import type { SyntaxNode } from '@lezer/common';
import type { NotebookCell } from '../notebook/types';

/** Nodes an expression may consist of and still compute nothing anyone sees. */
const PURE_NODES: ReadonlySet<string> = new Set([
  'ExpressionStatement',
  'VariableName',
  'MemberExpression',
  'PropertyName',
  'TupleExpression',
  'ParenthesizedExpression',
  'ArrayExpression',
  'Number',
  'String',
  'ContinuedString',
  'Boolean',
  'None',
  'Ellipsis',
  'UnaryExpression',
  'ArithOp',
  'Comment',
  '.',
  ',',
  ':',
  ';',
  '(',
  ')',
  '[',
  ']'
]);

/**
 * Methods that return None by convention (list/dict/set mutators whose names no common data
 * type uses for a value-returning method, matplotlib's and Spark's
 * `show`, `savefig`, seeding, sleeping, MLflow's logging calls): as a cell's last line they
 * display nothing.
 */
const NONE_METHODS: ReadonlySet<string> = new Set([
  'append',
  'extend',
  'insert',
  'remove',
  'clear',
  'sort',
  'reverse',
  'update',
  // not `add`: `set.add` returns None, but `DataFrame.add`/`Series.add` return the sum, and
  // returning a None is harmless while dropping a displayed value loses it
  'discard',
  'show',
  'savefig',
  'seed',
  'sleep',
  'log_param',
  'log_params',
  'log_metric',
  'log_metrics',
  'set_tag',
  'set_tags',
  'log_artifact',
  'log_artifacts',
  'log_dict',
  'log_text',
  'log_figure',
  'log_image',
  'log_table'
]);

/**
 * True when the expression statement computes a value and nothing else: no call, no await,
 * no assignment expression. A lone string is not dead: it reads as a comment.
 */
export function isDeadExpression(statement: SyntaxNode): boolean {
  if (statement.name === 'StatementGroup') {
    // `a;` or `a; b`: dead when every statement in it is
    let any = false;
    for (let c = statement.firstChild; c; c = c.nextSibling) {
      if (c.name === ';') continue;
      if (!isDeadExpression(c)) return false;
      any = true;
    }
    return any;
  }
  if (statement.name !== 'ExpressionStatement') return false;
  const only = statement.firstChild;
  if (!only || (only.name === 'String' && !only.nextSibling)) return false;
  const pure = (node: SyntaxNode): boolean => {
    if (node.type.isError || !PURE_NODES.has(node.name)) return false;
    for (let child = node.firstChild; child; child = child.nextSibling)
      if (!pure(child)) return false;
    return true;
  };
  return pure(statement);
}

/** The callee of a call expression statement, as `print` or `.append`; null when it is not one call. */
function calleeOf(statement: SyntaxNode, text: string): string | null {
  const call = statement.firstChild;
  if (call?.name !== 'CallExpression' || call.nextSibling) return null;
  const callee = call.firstChild;
  if (!callee) return null;
  if (callee.name === 'VariableName') return text.slice(callee.from, callee.to);
  if (callee.name === 'MemberExpression') {
    const last = callee.lastChild;
    const receiver = callee.firstChild;
    const root =
      receiver?.name === 'VariableName'
        ? text.slice(receiver.from, receiver.to)
        : '';
    if (last?.name === 'PropertyName')
      return `${root}.${text.slice(last.from, last.to)}`;
  }
  return null;
}

/** How the cell last ran, from what the notebook stored. */
function ranWithoutResult(cell: NotebookCell): boolean {
  return (
    cell.executionCount !== null &&
    !cell.outputs.some(
      o => o.outputType === 'execute_result' || o.outputType === 'error'
    )
  );
}

/** The cell ran and displayed a value: whatever the call's name suggests, it was not None. */
function ranWithResult(cell: NotebookCell): boolean {
  return (
    cell.executionCount !== null &&
    cell.outputs.some(o => o.outputType === 'execute_result')
  );
}

/**
 * True when the cell's trailing expression statement showed (or would show) nothing: its
 * value is None. `display(...)` is not asked about here: it is handled as a display.
 * @param text the masked cell text the statement node points into
 * @param shadowed whether the notebook binds the name itself (then `print` is not the builtin)
 * @param imported whether the notebook binds the name by an import (a module, not an object)
 */
export function trailingValueIsNone(
  cell: NotebookCell,
  statement: SyntaxNode,
  text: string,
  shadowed: (name: string) => boolean,
  imported: (name: string) => boolean
): boolean {
  const callee = calleeOf(statement, text);
  if (callee === 'display') return false;
  if (ranWithoutResult(cell)) return true;
  // `A.add(B, fill_value=0)` on a DataFrame displayed its result: names are only a guess
  if (ranWithResult(cell)) return false;
  if (callee === 'print') return !shadowed('print');
  if (!callee?.includes('.')) return false;
  const [receiver, method] = callee.split('.');
  // `np.sort(x)` returns an array: a module's function of that name proves nothing
  return !imported(receiver) && NONE_METHODS.has(method);
}
