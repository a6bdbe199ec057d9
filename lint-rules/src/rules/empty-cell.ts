import { defineRule } from '../engine/types';

/** Empty cells are noise in review and in the rendered notebook. */
export default defineRule<Record<string, never>, 'empty'>({
  meta: {
    code: 'NB202',
    id: 'empty-cell',
    category: 'code-quality',
    description: 'A code or Markdown cell is empty (or only whitespace).',
    defaultSeverity: 'warning',
    recommended: false,
    scope: 'cell',
    fixable: true,
    fixLabels: ['Delete the empty cell'],
    messages: {
      empty: 'Empty {{kind}} cell; delete it.'
    },
    dataTerms: { kind: ['code', 'Markdown'] }
  },
  create(context) {
    // a notebook's format never changes between two lints of it, so this stays a cell rule
    const deletable = context.notebook.format === 'ipynb';
    return {
      cell(lc) {
        const cell = lc.cell;
        // `\S` is a character that trim() keeps: whitespace-only, as trim() === '' says, without the copy
        if (cell.kind === 'raw' || /\S/.test(cell.source)) {
          return;
        }
        // an empty cell that carries something (outputs, tags such as papermill's `parameters`)
        // is kept: deleting it would lose more than whitespace
        const bare = cell.outputs.length === 0 && cell.tags.length === 0;
        context.report({
          messageId: 'empty',
          data: { kind: cell.kind === 'code' ? 'code' : 'Markdown' },
          cell,
          fix:
            deletable && bare
              ? {
                  description: 'Delete the empty cell',
                  edits: [
                    {
                      cell: cell.index,
                      from: 0,
                      to: cell.source.length,
                      text: '',
                      deleteCell: true
                    }
                  ]
                }
              : undefined
        });
      }
    };
  }
});
