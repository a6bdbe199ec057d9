/** Locating text of a cell's outputs in the notebook file (outputs have no cell-source positions). */
import type { Notebook, NotebookCell } from '../../notebook/types';

/**
 * Offset span in the file of the first `needle` inside the cell's own span (its JSON object in an
 * .ipynb), or undefined when the cell does not hold it: a finding never lands in another cell,
 * however large the outputs around it are.
 */
export function locateInFile(
  nb: Notebook,
  cell: NotebookCell,
  needle: string
): { from: number; to: number } | undefined {
  const { start, end } = cell.cellRange ?? cell.sourceRange;
  const at = nb.text.indexOf(needle, start);
  return at < 0 || at + needle.length > end
    ? undefined
    : { from: at, to: at + needle.length };
}
