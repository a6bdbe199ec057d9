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

/**
 * Offset span in the file of the JSON member `"key": <value…>` inside the cell's own span, from
 * the key's opening quote to the end of `valueStart` (`"outputs": [`): the whitespace around the
 * colon is whatever the writer put there (none in a notebook saved as one line, one space from
 * nbformat), so a fixed needle misses the minified form. A key inside a string is escaped
 * (`\"outputs\"`) and never matches.
 */
export function locateJsonMember(
  nb: Notebook,
  cell: NotebookCell,
  key: string,
  valueStart: string
): { from: number; to: number } | undefined {
  const { start, end } = cell.cellRange ?? cell.sourceRange;
  const quoted = JSON.stringify(key);
  const text = nb.text;
  for (let at = text.indexOf(quoted, start); at >= 0 && at < end;) {
    let p = at + quoted.length;
    while (p < end && /\s/.test(text[p])) p++;
    if (text[p] === ':' && text[at - 1] !== '\\') {
      p++;
      while (p < end && /\s/.test(text[p])) p++;
      if (text.startsWith(valueStart, p) && p + valueStart.length <= end) {
        return { from: at, to: p + valueStart.length };
      }
    }
    at = text.indexOf(quoted, at + 1);
  }
  return undefined;
}
