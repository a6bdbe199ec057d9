import { z } from 'zod';
import { defineRule } from '../engine/types';
import { forEachLine } from '../notebook/lines';

/** `text.slice(start, end).trim() === ''`, without the copy (most lines start with a visible character) */
function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) {
      // printable ASCII is not blank; anything else is judged by the regex's \s, trim()'s set
      return c > 32 && c < 127 ? false : !/\S/.test(text.slice(i, end));
    }
  }
  return true;
}

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
        const source = lc.cell.source;
        // a cell of at most `max` lines has at most `max` non-blank ones: count line ends first
        // (`\n` only when there is no `\r`, as forEachLine reads the lines; no call per line)
        if (!source.includes('\r')) {
          let breaks = 0;
          for (
            let i = source.indexOf('\n');
            i !== -1 && breaks < max;
            i = source.indexOf('\n', i + 1)
          ) {
            breaks++;
          }
          if (breaks < max) {
            return; // at most `max` lines
          }
        }
        let lines = 0;
        forEachLine(source, () => ++lines > max);
        if (lines <= max) {
          return;
        }
        let count = 0;
        let overFrom = -1;
        let overTo = -1;
        forEachLine(source, (start, end) => {
          if (!isBlankLine(source, start, end)) {
            count++;
            if (count === max + 1) {
              overFrom = start;
              overTo = end;
            }
          }
        });
        if (count > max) {
          context.report({
            messageId: 'tooLong',
            data: { lines: count, max },
            cell: lc.cell,
            from: overFrom,
            to: overTo
          });
        }
      }
    };
  }
});
