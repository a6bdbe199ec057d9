/**
 * Which code cells of an executed notebook were never run while others were: what NB102
 * (unexecuted-cell) reports, and where NB103 (use-before-define) stays silent (a cell never run
 * in the author's order is no statement about that order; NB102's finding is the one for it).
 */
import { LINE_BREAK } from '../../python/literals';
import type { Notebook, NotebookCell } from '../../notebook/types';

/** blank lines and comments only (Python/shell `#`, Scala/C# `//`, SQL `--`) */
function onlyComments(source: string): boolean {
  return source
    .replace(/^%%\S*.*(\r\n|\r|\n)?/, '') // a cell magic's own line (`%%sql`) runs nothing by itself
    .split(LINE_BREAK)
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

/**
 * The code cells never run in a notebook whose saved outputs claim a run: some code cell has a
 * count and some has outputs, more than half of the cells (comments-only ones aside) ran, and the
 * cell is above the last one that ran with no room for it in the counts around it. A cell of
 * comments only has nothing to run; a cell below the last one that ran (a clean-up step left for
 * the reader) changed none of the saved results.
 */
export function neverRunCells(notebook: Notebook): NotebookCell[] {
  const cells = notebook.cells;
  // no code cell with a count, or none with outputs: nothing claims a run (checked first: it
  // skips reading the cells that are not only comments)
  if (
    !cells.some(c => c.kind === 'code' && c.executionCount !== null) ||
    !cells.some(c => c.kind === 'code' && c.outputs.length > 0)
  ) {
    return [];
  }
  const code = cells.filter(c => c.kind === 'code' && !onlyComments(c.source));
  // outputs without a count: it ran (Fabric and Synapse save such cells)
  const ran = (c: NotebookCell) =>
    c.executionCount !== null || c.outputs.length > 0;
  // saved results exist only where outputs were kept: a notebook whose outputs were stripped,
  // or cleared but for a few cells (most cells without a count), claims nothing about what ran
  const runs = code.filter(ran).length;
  if (
    !code.some(c => c.executionCount !== null) ||
    !code.some(c => c.outputs.length > 0) ||
    runs * 2 <= code.length
  ) {
    return [];
  }
  let lastRun = -1;
  code.forEach((c, k) => {
    if (ran(c)) lastRun = k;
  });
  return code.filter(
    (c, k) => k < lastRun && !ran(c) && !roomInCounts(code, k)
  );
}
