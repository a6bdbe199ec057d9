import { defineRule } from '../engine/types';

/** Execution counts that go down in cell order: the saved outputs came from an out-of-order run. */
export default defineRule<Record<string, never>, 'outOfOrder'>({
  meta: {
    code: 'NB101',
    id: 'non-linear-execution',
    category: 'reproducibility',
    description:
      'Cells were executed out of order (execution counts decrease from top to bottom).',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      outOfOrder:
        'Cell ran as [{{count}}] after cell {{previousCell}} ran as [{{previous}}] above it; restart the kernel and run all cells top to bottom before committing.'
    }
  },
  create(context) {
    return {
      notebook() {
        let maxCount = -1;
        let maxCell = -1;
        for (const cell of context.notebook.cells) {
          if (cell.kind !== 'code' || cell.executionCount === null) {
            continue;
          }
          if (cell.executionCount < maxCount) {
            context.report({
              messageId: 'outOfOrder',
              data: {
                count: cell.executionCount,
                previous: maxCount,
                previousCell: maxCell + 1
              },
              cell
            });
          } else {
            maxCount = cell.executionCount;
            maxCell = cell.index;
          }
        }
      }
    };
  }
});
