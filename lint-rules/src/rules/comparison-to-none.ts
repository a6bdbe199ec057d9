import type { SyntaxNode } from '@lezer/common';
import { defineRule, type LintCell } from '../engine/types';

/** the attributes and calls that give a TensorFlow shape: `t.shape`, `t._shape`, `t.get_shape()` */
const SHAPE_ATTRIBUTES = new Set([
  'shape',
  '_shape',
  'get_shape',
  'TensorShape'
]);

/** the name a member or call ends in: `shape` of `t.shape`, `get_shape` of `t.get_shape()` */
function lastName(node: SyntaxNode, cell: LintCell): string | null {
  const target = node.name === 'CallExpression' ? node.firstChild : node;
  const name = target?.lastChild;
  if (target?.name === 'VariableName') return cell.textOf(target);
  if (target?.name === 'MemberExpression' && name?.name === 'PropertyName')
    return cell.textOf(name);
  return null;
}

/**
 * A shape compared to None: TensorFlow's `TensorShape.__eq__` reads None as the unknown shape, so
 * `t.get_shape() == None` asks whether the shape is unknown, and `is None` is always False there.
 */
function isShape(node: SyntaxNode | null, cell: LintCell): boolean {
  if (node?.name !== 'MemberExpression' && node?.name !== 'CallExpression')
    return false;
  const name = lastName(node, cell);
  return (
    name !== null &&
    SHAPE_ATTRIBUTES.has(name) &&
    // `t.shape` is a member; `get_shape`/`TensorShape` are called
    (node.name === 'CallExpression') ===
      (name === 'get_shape' || name === 'TensorShape')
  );
}

/**
 * An elementwise comparison used as a mask: the index of a subscript (`arr[arr == None] = 0`,
 * `df[(df.a == None) & m]`, through `&`, `|`, `~` and parentheses) or the condition of a `where`
 * call (`np.where(a != None, a, 0)`). `is None` is no fix there (one bool selects nothing), and
 * the mask itself is a bug on pandas data: pandas reads None as missing, so `df.a == None` is all
 * False and `!= None` all True. Reported with its own message (pd.isna), without a fix.
 */
function usedAsMask(comparison: SyntaxNode, cell: LintCell): boolean {
  let node = comparison;
  for (let up = node.parent; up; node = up, up = up.parent) {
    if (up.name === 'ParenthesizedExpression') continue;
    if (up.name === 'UnaryExpression' && cell.textOf(up).startsWith('~'))
      continue;
    if (
      up.name === 'BinaryExpression' &&
      (node.nextSibling?.name === 'BitOp' || node.prevSibling?.name === 'BitOp')
    )
      continue;
    break;
  }
  const up = node.parent;
  if (up?.name === 'MemberExpression')
    return node.prevSibling?.name === '[' || node.prevSibling?.name === ',';
  if (up?.name === 'ArgList' && up.parent?.name === 'CallExpression')
    return (
      lastName(up.parent, cell) === 'where' && node.prevSibling?.name === '('
    );
  return false;
}

/** `x == None` calls `__eq__` (elementwise for arrays and DataFrames); identity is what is meant. */
export default defineRule<Record<string, never>, 'eq' | 'ne' | 'mask'>({
  meta: {
    code: 'NB210',
    id: 'comparison-to-none',
    category: 'code-quality',
    description:
      'A comparison to None uses == or != instead of `is` / `is not`.',
    defaultSeverity: 'warning',
    recommended: true,
    fixable: true,
    fixLabels: ['Use "{{operator}}"'],
    scope: 'cell',
    messages: {
      eq: 'Comparison "== None" calls __eq__ (elementwise on arrays and DataFrames); use "is None" (or .isna() for data).',
      ne: 'Comparison "!= None" calls __ne__ (elementwise on arrays and DataFrames); use "is not None" (or .notna() for data).',
      mask: 'Mask "{{operator}} None" selects by an elementwise comparison: pandas reads None as missing, so it is all {{value}} there; use pd.{{method}}(...) (works on NumPy arrays too).'
    }
  },
  create(context) {
    return {
      nodes: {
        CompareOp(node, cell) {
          const op = cell.textOf(node);
          if (op !== '==' && op !== '!=') {
            return;
          }
          const other =
            node.nextSibling?.name === 'None'
              ? node.prevSibling
              : node.prevSibling?.name === 'None'
                ? node.nextSibling
                : undefined;
          const comparison = node.parent;
          // the comparison is the object's own __eq__ on purpose: a shape
          if (other === undefined || isShape(other, cell)) {
            return;
          }
          if (comparison && usedAsMask(comparison, cell)) {
            context.report({
              messageId: 'mask',
              data: {
                operator: op,
                value: op === '==' ? 'False' : 'True',
                method: op === '==' ? 'isna' : 'notna'
              },
              cell: cell.cell,
              node: comparison
            });
            return;
          }
          context.report({
            messageId: op === '==' ? 'eq' : 'ne',
            cell: cell.cell,
            node: node.parent ?? node,
            // `df.col == None` is elementwise: `is None` means something else there
            fix: {
              description: `Use "${op === '==' ? 'is' : 'is not'}"`,
              edits: [
                {
                  cell: cell.cell.index,
                  from: node.from,
                  to: node.to,
                  text: op === '==' ? 'is' : 'is not'
                }
              ],
              applicability: 'unsafe'
            }
          });
        }
      }
    };
  }
});
