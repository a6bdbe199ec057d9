import { z } from 'zod';
import { defineRule } from '../engine/types';
import { unresolvedReads } from './support/names';

const options = z.object({
  knownGlobals: z.array(z.string()).default([]).meta({
    title: 'Known globals',
    description: 'Names the runtime provides (never reported).'
  })
});

/** A name read in a cell but defined only in a cell further down: works only in the author's run order. */
export default defineRule<z.output<typeof options>, 'definedBelow'>({
  meta: {
    code: 'NB103',
    id: 'use-before-define',
    category: 'reproducibility',
    description:
      'A cell reads a name that only a later cell defines, so "Run all" fails.',
    defaultSeverity: 'error',
    recommended: true,
    messages: {
      definedBelow:
        '"{{name}}" is read here but only defined in cell {{definedIn}} below; move that definition above this cell.'
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
          if (r.definedIn !== null && !r.deferred) {
            context.report({
              messageId: 'definedBelow',
              data: { name: r.name, definedIn: r.definedIn + 1 },
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
