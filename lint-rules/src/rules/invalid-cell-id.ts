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
        const cells = context.notebook.cells;
        // cells without ids, or with the empty id a tool writes in place of one, are one problem
        // of the notebook (fixed by one save): reported once, at the first such cell, with how
        // many there are. A malformed or repeated id is reported at its own cell.
        const groups = [
          {
            of: issues.filter(i => i.kind === 'missing-cell-id'),
            what: 'have no "id" (required since nbformat 4.5)'
          },
          {
            of: issues.filter(
              i => i.kind === 'invalid-cell-id' && cells[i.cell]?.id === ''
            ),
            what: 'have an empty "id"'
          }
        ];
        for (const issue of issues) {
          const group = groups.find(g => g.of.includes(issue));
          if (group && issue !== group.of[0]) {
            continue;
          }
          const message =
            group && group.of.length > 1
              ? `${group.of.length} cells ${group.what}, the first cell ${issue.cell + 1}`
              : issue.message;
          context.report({
            messageId: 'issue',
            data: { message, hint: issue.hint },
            cell: cells[issue.cell],
            fileSpan: { from: issue.from, to: issue.to }
          });
        }
      }
    };
  }
});
