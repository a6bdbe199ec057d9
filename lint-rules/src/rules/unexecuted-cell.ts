import { defineRule } from '../engine/types';
import type { NotebookCell } from '../notebook/types';
import { onlyInstallsPackages } from './support/pip';

/** blank lines and comments only (Python/shell `#`, Scala/C# `//`, SQL `--`) */
function onlyComments(source: string): boolean {
  return source
    .replace(/^%%\S*.*\n?/, '') // a cell magic's own line (`%%sql`) runs nothing by itself
    .split('\n')
    .every(line => /^\s*((#|\/\/|--).*)?$/.test(line));
}

/**
 * The execution counts around cell k leave room for the cells without one between them (4, -, 6):
 * they may well have run in that order and lost their count (cleared by hand or by the platform).
 */
function roomInCounts(code: readonly NotebookCell[], k: number): boolean {
  // the nearest cell above that ran has outputs but no count: the platform (or the author)
  // dropped the counts of that run, so a cell without outputs there may have run silently
  for (let i = k - 1; i >= 0; i--) {
    if (code[i].executionCount !== null) {
      break;
    }
    if (code[i].outputs.length > 0) {
      return true;
    }
  }
  let above = k - 1;
  while (above >= 0 && code[above].executionCount === null) {
    above--;
  }
  let below = k + 1;
  while (below < code.length && code[below].executionCount === null) {
    below++;
  }
  if (below >= code.length) {
    return true;
  }
  const from = above >= 0 ? (code[above].executionCount ?? 0) : 0;
  const to = code[below].executionCount ?? 0;
  const uncounted = below - above - 1;
  return to - from - 1 >= uncounted;
}

/** A code cell never run while others were: its effect is missing from the saved outputs. */
export default defineRule<Record<string, never>, 'neverRun'>({
  meta: {
    code: 'NB102',
    id: 'unexecuted-cell',
    category: 'reproducibility',
    description:
      'A code cell was never executed although other cells of the notebook were and their outputs are saved.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      neverRun:
        'Cell was never executed while other cells were; the saved results may not include its effect. Run all cells, or delete it.'
    }
  },
  create(context) {
    return {
      notebook() {
        // no code cell with a count, or none with outputs: nothing claims a run (the checks
        // below on the cells that are not only comments would return too; this skips reading them)
        const cells = context.notebook.cells;
        if (
          !cells.some(c => c.kind === 'code' && c.executionCount !== null) ||
          !cells.some(c => c.kind === 'code' && c.outputs.length > 0)
        ) {
          return;
        }
        // a cell of comments only (code commented out) has nothing to run
        const code = context.notebook.cells.filter(
          c => c.kind === 'code' && !onlyComments(c.source)
        );
        // outputs without a count: it ran (Fabric and Synapse save such cells)
        const ran = (c: (typeof code)[number]) =>
          c.executionCount !== null || c.outputs.length > 0;
        // saved results exist only where outputs were kept: a notebook whose outputs were
        // stripped, or cleared but for a few cells (most cells without a count), claims nothing
        // about what ran
        const runs = code.filter(ran).length;
        if (
          !code.some(c => c.executionCount !== null) ||
          !code.some(c => c.outputs.length > 0) ||
          runs * 2 <= code.length
        ) {
          return;
        }
        // a cell below the last one that ran (a clean-up step left for the reader) changed
        // none of the saved results
        let lastRun = -1;
        code.forEach((c, k) => {
          if (ran(c)) {
            lastRun = k;
          }
        });
        for (const [k, cell] of code.entries()) {
          // a cell that only installs packages was run once, in an earlier session: its effect
          // (the environment) outlives the kernel
          if (
            k < lastRun &&
            !ran(cell) &&
            !roomInCounts(code, k) &&
            !onlyInstallsPackages(cell.source)
          ) {
            context.report({ messageId: 'neverRun', cell });
          }
        }
      }
    };
  }
});
