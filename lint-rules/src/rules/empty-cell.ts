import { defineRule, LintCell } from '../engine/types';

const blank = (source: string) => !/\S/.test(source);

/**
 * Answer cells: the empty code cells right after a Markdown cell with text (and any empty code
 * cells that follow those), when at least `ANSWER_PROMPTS` Markdown cells have one under them.
 * An exercise notebook leaves one under each prompt ("## 6. Visualize at least 5 samples",
 * "### Step 7. Merge ...") for the reader; a solutions notebook may keep the answer's output there
 * with its code removed. That is its content. One or two such cells in a notebook are strays (a
 * blank cell left under the closing words).
 */
const ANSWER_PROMPTS = 3;

function answerCells(cells: readonly LintCell[]): Set<number> {
  const found = new Set<number>();
  let prompts = 0;
  for (let i = 1; i < cells.length; i++) {
    const above = cells[i - 1].cell;
    const cell = cells[i].cell;
    if (cell.kind !== 'code' || !blank(cell.source)) {
      continue;
    }
    if (above.kind === 'markdown' && !blank(above.source)) {
      prompts++;
      found.add(i);
    } else if (found.has(i - 1)) {
      found.add(i);
    }
  }
  return prompts >= ANSWER_PROMPTS ? found : new Set();
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
        answers ??= answerCells(context.cells);
        if (answers.has(cell.index)) {
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
