import { defineRule } from '../engine/types';

/**
 * A line of a cell that only sets up or reports the environment: an import, a print of what is
 * installed (`print(tf.__version__)`, `print("pandas", pd.__version__)`), a comment, a blank, or
 * an IPython set-up magic. Re-running such a cell changes no result below it.
 */
const SETUP_LINE =
  /^\s*(#.*|import [\w., ]+|from [\w.]+ import [\w., ()*]+|print\((?=[^\n]*(__version__|version))[^\n]*\)|%(load_ext|reload_ext|autoreload|matplotlib)\b.*)?\s*$/;

/** a cell of imports and version prints only (see SETUP_LINE), with at least one import */
function onlyImportsOrVersions(source: string): boolean {
  const lines = source.split('\n');
  return (
    lines.some(l => /^\s*(import|from) /.test(l)) &&
    lines.every(l => SETUP_LINE.test(l))
  );
}

/**
 * Execution counts that go down in cell order: the saved outputs came from an out-of-order run.
 * A cell of imports and version prints re-run last is not the reference the cells below are
 * measured against: the results below did not depend on that re-run.
 */
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
          } else if (!onlyImportsOrVersions(cell.source)) {
            maxCount = cell.executionCount;
            maxCell = cell.index;
          }
        }
      }
    };
  }
});
