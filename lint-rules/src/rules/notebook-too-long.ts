import { z } from 'zod';
import { defineRule } from '../engine/types';

const options = z.object({
  maxCodeCells: z.number().int().min(1).default(60).meta({
    title: 'Maximum code cells',
    description: 'Most code cells a notebook may have.'
  })
});

/** Very long notebooks mix several jobs; they are hard to re-run and review. */
export default defineRule<z.output<typeof options>, 'tooLong'>({
  meta: {
    code: 'NB306',
    id: 'notebook-too-long',
    category: 'structure',
    description: 'The notebook has more code cells than the limit.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      tooLong:
        'Notebook has {{count}} code cells (limit {{max}}); split it into notebooks per step, or promote stable parts to modules.'
    },
    options
  },
  create(context) {
    return {
      notebook() {
        const code = context.notebook.cells.filter(c => c.kind === 'code');
        const max = context.options.maxCodeCells;
        if (code.length > max) {
          context.report({
            messageId: 'tooLong',
            data: { count: code.length, max },
            cell: code[max]
          });
        }
      }
    };
  }
});
