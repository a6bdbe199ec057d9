import { z } from 'zod';
import { defineRule } from '../engine/types';

const options = z.object({
  maxLines: z.number().int().min(1).default(40).meta({
    title: 'Maximum lines',
    description: 'Most non-blank lines a code cell may have.'
  })
});

/** Long cells hide several steps in one; they are hard to re-run, test and promote. */
export default defineRule<z.output<typeof options>, 'tooLong'>({
  meta: {
    code: 'NB203',
    id: 'cell-too-long',
    category: 'code-quality',
    description: 'A code cell has more non-blank lines than the limit.',
    defaultSeverity: 'warning',
    recommended: false,
    scope: 'cell',
    messages: {
      tooLong:
        'Cell has {{lines}} non-blank lines (limit {{max}}); split it into steps, or promote it to a function in a module.'
    },
    options
  },
  create(context) {
    const max = context.options.maxLines;
    return {
      cell(lc) {
        if (lc.cell.kind !== 'code') {
          return;
        }
        let count = 0;
        let overAt = -1;
        lc.lines.forEach((line, i) => {
          if (line.trim() !== '') {
            count++;
            if (count === max + 1) {
              overAt = i;
            }
          }
        });
        if (count > max) {
          const from = lc.offsetAt({ line: overAt, column: 0 });
          context.report({
            messageId: 'tooLong',
            data: { lines: count, max },
            cell: lc.cell,
            from,
            to: from + lc.lines[overAt].length
          });
        }
      }
    };
  }
});
