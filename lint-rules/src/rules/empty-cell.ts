import { defineRule } from '../engine/types';

/** Empty cells are noise in review and in the rendered notebook. */
export default defineRule<Record<string, never>, 'empty'>({
  meta: {
    code: 'NB202',
    id: 'empty-cell',
    category: 'code-quality',
    description: 'A code or Markdown cell is empty (or only whitespace).',
    defaultSeverity: 'warning',
    recommended: true,
    scope: 'cell',
    messages: {
      empty: 'Empty {{kind}} cell; delete it.'
    }
  },
  create(context) {
    return {
      cell(lc) {
        if (lc.cell.kind !== 'raw' && lc.cell.source.trim() === '') {
          context.report({
            messageId: 'empty',
            data: { kind: lc.cell.kind === 'code' ? 'code' : 'Markdown' },
            cell: lc.cell
          });
        }
      }
    };
  }
});
