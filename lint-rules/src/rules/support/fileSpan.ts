/** Locating text of a cell's outputs in the notebook file (outputs have no cell-source positions). */
import type { Notebook, NotebookCell } from '../../notebook/types';

/** Offset in the file of `needle` nearest to the cell's source (outputs sit beside it). */
export function locateInFile(
  nb: Notebook,
  cell: NotebookCell,
  needle: string
): { from: number; to: number } | undefined {
  const anchor = cell.sourceRange.start;
  let best = -1;
  for (
    let at = nb.text.indexOf(needle);
    at >= 0;
    at = nb.text.indexOf(needle, at + 1)
  ) {
    if (best < 0 || Math.abs(at - anchor) < Math.abs(best - anchor)) {
      best = at;
    }
    if (at > anchor) {
      break;
    }
  }
  return best < 0 ? undefined : { from: best, to: best + needle.length };
}
