import { z } from 'zod';
import { defineRule } from '../engine/types';
import { labExerciseStart } from './support/labExercises';
import { unresolvedReads } from './support/names';
import { neverRunCells, pseudoCodeCells } from './support/neverRun';

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
        const reads = unresolvedReads(context, context.options.knownGlobals);
        if (!reads?.some(r => r.definedIn !== null && !r.deferred)) return;
        // a never-run cell that is pseudo-code (support/neverRun: it reads a name no cell gives
        // a value, so no order of the cells runs it) is an overview or an illustration, for
        // which "move that definition above this cell" is the wrong advice; any other cell,
        // never run or not, breaks "Run all" and is reported
        const pseudoCode = pseudoCodeCells(
          context,
          neverRunCells(context.notebook),
          context.options.knownGlobals
        );
        // a course lab's emptied answers (support/labExercises): from the first on, a name read
        // before the lab's next step defines it is the student's answer to write
        const labFrom = labExerciseStart(context) ?? Infinity;
        for (const r of reads) {
          if (
            r.definedIn !== null &&
            !r.deferred &&
            !pseudoCode.has(r.cell) &&
            r.cell < labFrom
          ) {
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
