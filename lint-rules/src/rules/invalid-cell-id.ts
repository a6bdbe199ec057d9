import { defineRule } from '../engine/types';

/**
 * Cell ids that nbformat's schema forbids (missing in nbformat 4.5, malformed, or repeated).
 * Jupyter opens such a notebook and repairs the ids on its next save, so nbcraft reads it too
 * and reports the problem here instead of refusing the file.
 */
export default defineRule<Record<string, never>, 'issue'>({
  meta: {
    code: 'NB308',
    id: 'invalid-cell-id',
    category: 'structure',
    description:
      'A cell id is missing (nbformat 4.5), malformed or used by another cell.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      issue: '{{message}}; {{hint}}.'
    }
  },
  create(context) {
    return {
      notebook() {
        for (const issue of context.notebook.issues ?? []) {
          context.report({
            messageId: 'issue',
            data: { message: issue.message, hint: issue.hint },
            cell: context.notebook.cells[issue.cell],
            fileSpan: { from: issue.from, to: issue.to }
          });
        }
      }
    };
  }
});
