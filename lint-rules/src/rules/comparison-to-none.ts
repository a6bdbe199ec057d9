import { defineRule } from '../engine/types';

/** `x == None` calls `__eq__` (elementwise for arrays and DataFrames); identity is what is meant. */
export default defineRule<Record<string, never>, 'eq' | 'ne'>({
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
      ne: 'Comparison "!= None" calls __ne__ (elementwise on arrays and DataFrames); use "is not None" (or .notna() for data).'
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
          if (
            node.nextSibling?.name === 'None' ||
            node.prevSibling?.name === 'None'
          ) {
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
      }
    };
  }
});
