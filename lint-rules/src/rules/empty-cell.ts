import { defineRule, LintCell } from '../engine/types';

const blank = (source: string) => !/\S/.test(source);

/**
 * Answer cells: the empty code cells right after a Markdown cell with text, when the notebook has
 * at least `ANSWER_CELLS` of them. An exercise notebook leaves one under each prompt ("## 6.
 * Visualize at least 5 samples", "### Step 7. Merge ...") for the reader; that is its content.
 * One or two such cells in a notebook are strays (a blank cell left under the closing words).
 */
const ANSWER_CELLS = 3;

function answerCells(cells: readonly LintCell[]): Set<number> {
  const found = new Set<number>();
  for (let i = 1; i < cells.length; i++) {
    const above = cells[i - 1].cell;
    const cell = cells[i].cell;
    if (
      cell.kind === 'code' &&
      blank(cell.source) &&
      above.kind === 'markdown' &&
      !blank(above.source)
    ) {
      found.add(i);
    }
  }
  return found.size >= ANSWER_CELLS ? found : new Set();
}

/** Empty cells are noise in review and in the rendered notebook. */
export default defineRule<Record<string, never>, 'empty'>({
  meta: {
    code: 'NB202',
    id: 'empty-cell',
    category: 'code-quality',
    description: 'A code or Markdown cell is empty (or only whitespace).',
    defaultSeverity: 'warning',
    recommended: false,
    fixable: true,
    fixLabels: ['Delete the empty cell'],
    messages: {
      empty: 'Empty {{kind}} cell; delete it.'
    },
    dataTerms: { kind: ['code', 'Markdown'] }
  },
  create(context) {
    const deletable = context.notebook.format === 'ipynb';
    let answers: Set<number> | undefined;
    return {
      cell(lc) {
        const cell = lc.cell;
        // `\S` is a character that trim() keeps: whitespace-only, as trim() === '' says, without the copy
        if (cell.kind === 'raw' || !blank(cell.source)) {
          return;
        }
        // an empty code cell that kept its outputs shows a result whose code was removed on
        // purpose (an exercise's solution, the expected output): deleting it loses the output
        if (cell.kind === 'code' && cell.outputs.length > 0) {
          return;
        }
        answers ??= answerCells(context.cells);
        if (answers.has(cell.index)) {
          return;
        }
        // an empty cell that carries tags (papermill's `parameters`) is kept: deleting it would
        // lose more than whitespace
        const bare = cell.tags.length === 0;
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
