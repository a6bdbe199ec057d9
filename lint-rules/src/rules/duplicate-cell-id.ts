import { defineRule } from '../engine/types';

/** nbformat 4.5 cell ids must be unique and match [a-zA-Z0-9-_]{1,64}; tools key comments and diffs on them. */
export default defineRule<Record<string, never>, 'duplicate' | 'invalid'>({
  meta: {
    code: 'NB307',
    id: 'duplicate-cell-id',
    category: 'structure',
    description: 'Two cells share an id, or an id breaks nbformat\'s pattern.',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      duplicate: 'Cell id "{{id}}" is also used by cell {{first}}; give each cell a unique id (re-save the notebook in JupyterLab 4).',
      invalid: 'Cell id "{{id}}" is not valid nbformat (1-64 of a-z, A-Z, 0-9, "-", "_"); re-save the notebook in JupyterLab 4.'
    }
  },
  create(context) {
    return {
      notebook() {
        const seen = new Map<string, number>();
        for (const cell of context.notebook.cells) {
          if (cell.id === undefined) {
            continue;
          }
          if (!/^[a-zA-Z0-9_-]{1,64}$/.test(cell.id)) {
            context.report({ messageId: 'invalid', data: { id: cell.id }, cell });
          } else if (seen.has(cell.id)) {
            context.report({ messageId: 'duplicate', data: { id: cell.id, first: seen.get(cell.id)! + 1 }, cell });
          } else {
            seen.set(cell.id, cell.index);
          }
        }
      }
    };
  }
});
