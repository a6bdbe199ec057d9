/**
 * What a notebook carries to say it is written for Google Colab, for the rules whose advice
 * differs there (NB102, NB111). On Colab the shell's `pip` is the kernel's Python's, and a Colab
 * notebook opens with a set-up cell (install the library, import it, show its version) that a
 * local run with the library installed skips.
 */
import type { Notebook } from '../../notebook/types';
import type { LintCell } from '../../engine/types';
import { isObject } from '../../notebook/platform';

/** Colab's name in prose, or its address (an "Open in Colab" badge links there) */
const COLAB_WORD = /\bcolab(?:oratory)?\b|colab\.research\.google\.com/i;
/** a check for Colab: `'google.colab' in sys.modules`, `import google.colab`, `if IN_COLAB:` */
// `[ \t]*`, not `\s*`, after `^`: with `m`, `\s*` would run on across blank lines from every
// line start (quadratic on a cell of blank lines)
const COLAB_CHECK =
  /\bgoogle\.colab\b|^[ \t]*if[ \t]+(?!not\b)[\w.]*colab\w*[ \t]*:/im;

/**
 * The notebook is written for Colab: Colab's `colab` metadata (Colab writes it on every save),
 * or an "Open in Colab" link in its Markdown. One pass over the Markdown cells.
 */
export function writtenForColab(
  notebook: Notebook,
  cells: readonly LintCell[]
): boolean {
  if (isObject(notebook.metadata.colab)) return true;
  return cells.some(
    lc =>
      lc.cell.kind === 'markdown' &&
      lc.cell.source.includes('colab.research.google.com')
  );
}

/**
 * A cell the notebook marks as Colab's: the nearest cell with text above it is Markdown that
 * names Colab (deepchem's "## Colab ... [Open In Colab]" section, "To run DeepChem within Colab,
 * you'll need to run the following installation commands"), or the cell checks for Colab itself.
 */
export function markedForColab(
  cells: readonly LintCell[],
  index: number
): boolean {
  if (COLAB_CHECK.test(cells[index].cell.source)) return true;
  for (let i = index - 1; i >= 0; i--) {
    const above = cells[i].cell;
    if (!/\S/.test(above.source)) continue;
    return above.kind === 'markdown' && COLAB_WORD.test(above.source);
  }
  return false;
}
