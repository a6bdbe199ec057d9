import { z } from 'zod';
import { defineRule } from '../engine/types';
import { unresolvedReads } from './support/names';

const options = z.object({
  knownGlobals: z.array(z.string()).default([]).meta({
    title: 'Known globals',
    description: 'Names the runtime provides (never reported).'
  })
});

/** A name no cell defines, no import provides and Python does not know: hidden kernel state. */
export default defineRule<z.output<typeof options>, 'undefined'>({
  meta: {
    code: 'NB104',
    id: 'undefined-name',
    category: 'reproducibility',
    description:
      'A cell reads a name that no cell of the notebook defines (hidden state from a deleted cell or another notebook).',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      undefined:
        '"{{name}}" is not defined in any cell; it only exists in the kernel that ran this notebook. Define or import it in a cell above.'
    },
    options
  },
  create(context) {
    return {
      notebookExit() {
        for (const r of unresolvedReads(
          context,
          context.options.knownGlobals
        ) ?? []) {
          if (r.definedIn === null) {
            context.report({
              messageId: 'undefined',
              data: { name: r.name },
              cell: context.notebook.cells[r.cell],
              from: r.from,
              to: r.to
            });
          }
        }
      }
    };
  }
});
