import { defineRule } from '../engine/types';

/** A code cell never run while others were: its effect is missing from the saved outputs. */
export default defineRule<Record<string, never>, 'neverRun'>({
  meta: {
    code: 'NB102',
    id: 'unexecuted-cell',
    category: 'reproducibility',
    description:
      'A code cell was never executed although other cells of the notebook were and their outputs are saved.',
    defaultSeverity: 'warning',
    recommended: true,
    messages: {
      neverRun:
        'Cell was never executed while other cells were; the saved results may not include its effect. Run all cells, or delete it.'
    }
  },
  create(context) {
    return {
      notebook() {
        const code = context.notebook.cells.filter(c => c.kind === 'code');
        // saved results exist only where outputs were kept: a notebook with stripped outputs
        // and a stray execution count claims nothing about what ran
        if (
          !code.some(c => c.executionCount !== null) ||
          !code.some(c => c.outputs.length > 0)
        ) {
          return;
        }
        for (const cell of code) {
          if (cell.executionCount === null && cell.source.trim() !== '') {
            context.report({ messageId: 'neverRun', cell });
          }
        }
      }
    };
  }
});
