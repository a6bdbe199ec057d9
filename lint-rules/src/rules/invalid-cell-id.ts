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
        const issues = context.notebook.issues ?? [];
        // cells without ids are one problem of the notebook (saved by a tool that writes none),
        // fixed by one save: reported once, at the first such cell, with how many there are
        const missing = issues.filter(i => i.kind === 'missing-cell-id');
        for (const issue of issues) {
          if (issue.kind === 'missing-cell-id' && issue !== missing[0]) {
            continue;
          }
          const message =
            issue.kind === 'missing-cell-id' && missing.length > 1
              ? `${missing.length} cells have no "id" (required since nbformat 4.5), the first cell ${issue.cell + 1}`
              : issue.message;
          context.report({
            messageId: 'issue',
            data: { message, hint: issue.hint },
            cell: context.notebook.cells[issue.cell],
            fileSpan: { from: issue.from, to: issue.to }
          });
        }
      }
    };
  }
});
