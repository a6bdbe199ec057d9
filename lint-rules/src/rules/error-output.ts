import { defineRule } from '../engine/types';
import {
  expectsFailureByMagic,
  isDemonstratedFailure,
  isUnfilledExercise,
  saysFailureIsExpected
} from './support/expectedFailure';
import { locateJsonMember } from './support/fileSpan';

/** A saved traceback: the notebook as committed does not run. */
export default defineRule<Record<string, never>, 'errorOutput'>({
  meta: {
    code: 'NB108',
    id: 'error-output',
    category: 'reproducibility',
    description: 'A cell has a committed error output (traceback).',
    defaultSeverity: 'warning',
    recommended: false,
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
          expectsFailureByMagic(lc.cell) ||
          saysFailureIsExpected(context.notebook, lc.cell) ||
          isDemonstratedFailure(context.cells, lc) ||
          isUnfilledExercise(context.notebook, lc.cell)
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
              ? locateJsonMember(
                  context.notebook,
                  lc.cell,
                  'ename',
                  JSON.stringify(output.ename)
                )
              : undefined
          });
        });
      }
    };
  }
});
