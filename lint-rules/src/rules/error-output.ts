import { defineRule } from '../engine/types';
import type { Notebook, NotebookCell } from '../notebook/types';
import { locateInFile } from './support/fileSpan';

/**
 * Words that say a failure is shown on purpose ("# Attempt to vacuum with the default retention",
 * "this will fail", "raises an error", "intentionally"): a tutorial keeps such a traceback to
 * teach, and clearing it would lose the lesson.
 */
const EXPECTED_FAILURE =
  /\b(attempt(s|ing)? to|(will|should|would|is expected to|is going to|must) (fail|error|raise|throw)|(expect(ed)?|intentional(ly)?|on purpose)\b.{0,40}\b(error|exception|fail(ure|s)?)|raises? an? (error|exception)|this (fails|errors|raises|throws))/i;

/** the cell's own comments and the Markdown cell right above it */
function saysFailureIsExpected(nb: Notebook, cell: NotebookCell): boolean {
  const comments = cell.source
    .split('\n')
    .filter(line => /^\s*(#|\/\/|--)/.test(line))
    .join('\n');
  const above: NotebookCell | undefined =
    cell.index > 0 ? nb.cells[cell.index - 1] : undefined;
  const markdown = above?.kind === 'markdown' ? above.source : '';
  return EXPECTED_FAILURE.test(comments) || EXPECTED_FAILURE.test(markdown);
}

/** A saved traceback: the notebook as committed does not run. */
export default defineRule<Record<string, never>, 'errorOutput'>({
  meta: {
    code: 'NB108',
    id: 'error-output',
    category: 'reproducibility',
    description: 'A cell has a committed error output (traceback).',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      errorOutput:
        'Cell has a committed error output ({{error}}); fix the cell and re-run it, or clear its outputs.'
    }
  },
  create(context) {
    return {
      cell(lc) {
        // the comments are read only for a cell with a traceback (most cells have none)
        if (
          !lc.cell.outputs.some(o => o.outputType === 'error') ||
          saysFailureIsExpected(context.notebook, lc.cell)
        ) {
          return;
        }
        lc.cell.outputs.forEach((output, k) => {
          if (output.outputType !== 'error') {
            return;
          }
          const error =
            [output.ename, output.evalue]
              .filter(Boolean)
              .join(': ')
              .split('\n')[0]
              .slice(0, 120) || 'error';
          context.report({
            messageId: 'errorOutput',
            data: { error },
            cell: lc.cell,
            output: k,
            fileSpan: output.ename
              ? locateInFile(
                  context.notebook,
                  lc.cell,
                  `"ename": ${JSON.stringify(output.ename)}`
                )
              : undefined
          });
        });
      }
    };
  }
});
