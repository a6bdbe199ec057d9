/**
 * Which code cells of an executed notebook were never run while others were: what NB102
 * (unexecuted-cell) reports; and which of them are pseudo-code, where NB102 and NB103
 * (use-before-define) both stay silent.
 */
import type { RuleContext } from '../../engine/types';
import { LINE_BREAK } from '../../python/literals';
import type { Notebook, NotebookCell } from '../../notebook/types';
import { unresolvedReads } from './names';

/** blank lines and comments only (Python/shell `#`, Scala/C# `//`, SQL `--`) */
function onlyComments(source: string): boolean {
  return source
    .replace(/^%%\S*.*(\r\n|\r|\n)?/, '') // a cell magic's own line (`%%sql`) runs nothing by itself
    .split(LINE_BREAK)
    .every(line => /^\s*((#|\/\/|--).*)?$/.test(line));
}

/**
 * Whether the cell was saved with a count: a kernel's, or 0 (the reader's zeroCount) in a notebook
 * where some cell of count 0 kept outputs. 0 is read as not run (no kernel numbers a run 0), yet
 * outputs beside a 0 show the tool that wrote the notebook ran its cells and numbered none, so
 * its 0s are runs, silent ones too (`df = df.dropna()`). Where no cell of count 0 kept outputs
 * (d2l's Neural_Style_Transfer: 0s without outputs below [209]), 0 is a placeholder: not run.
 */
type Counted = (c: NotebookCell) => boolean;

function countedIn(cells: readonly NotebookCell[]): Counted {
  const zerosRan = cells.some(
    c => c.kind === 'code' && c.zeroCount === true && c.outputs.length > 0
  );
  return c => c.executionCount !== null || (zerosRan && c.zeroCount === true);
}

/**
 * The execution counts around cell k leave room for the cells without one between them (4, -, 6):
 * they may well have run in that order and lost their count (cleared by hand or by the platform).
 */
function roomInCounts(
  code: readonly NotebookCell[],
  k: number,
  counted: Counted
): boolean {
  // the nearest cell above that ran has outputs but no count: the platform (or the author)
  // dropped the counts of that run, so a cell without outputs there may have run silently
  for (let i = k - 1; i >= 0; i--) {
    if (counted(code[i])) {
      break;
    }
    if (code[i].outputs.length > 0) {
      return true;
    }
  }
  let above = k - 1;
  while (above >= 0 && !counted(code[above])) {
    above--;
  }
  let below = k + 1;
  while (below < code.length && !counted(code[below])) {
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
  const counted = countedIn(cells);
  // no code cell with a count, or none with outputs: nothing claims a run (checked first: it
  // skips reading the cells that are not only comments)
  if (
    !cells.some(c => c.kind === 'code' && counted(c)) ||
    !cells.some(c => c.kind === 'code' && c.outputs.length > 0)
  ) {
    return [];
  }
  const code = cells.filter(c => c.kind === 'code' && !onlyComments(c.source));
  // outputs without a count: it ran (Fabric and Synapse save such cells)
  const ran = (c: NotebookCell) => counted(c) || c.outputs.length > 0;
  // saved results exist only where outputs were kept: a notebook whose outputs were stripped,
  // or cleared but for a few cells (most cells without a count), claims nothing about what ran
  const runs = code.filter(ran).length;
  if (
    !code.some(counted) ||
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
    (c, k) => k < lastRun && !ran(c) && !roomInCounts(code, k, counted)
  );
}

/**
 * The never-run cells (`neverRun`, from neverRunCells) that are pseudo-code or an illustration of
 * the text (`layer_output *= 0.5`, `np.mean(np.abs(preds - targets))`): the cell reads a name
 * (outside a function body) that no cell gives a value and the runtime does not provide
 * (`extraGlobals` aside), so running it raises NameError, and no later cell that ran reads a name
 * it binds. Python binds a name only when its statement completes (the language reference,
 * "Naming and binding"), so such a cell has no effect a saved result could lack, and no cell
 * order makes it run. A never-run cell that reads only names some cell defines (below it:
 * `print(model.score(X, y))` above `model = ...`) is no pseudo-code: it breaks "Run all".
 *
 * Built once per notebook in one pass over the dataflow (linear in its reads), not per cell.
 */
export function pseudoCodeCells(
  context: RuleContext,
  neverRun: readonly NotebookCell[],
  extraGlobals: readonly string[]
): Set<number> {
  const pseudo = new Set<number>();
  if (neverRun.length === 0) {
    return pseudo;
  }
  // names some cell reads before any cell binds them (outside a function body)
  const unbound = new Set<string>();
  for (const r of unresolvedReads(context, extraGlobals) ?? []) {
    if (!r.deferred) {
      unbound.add(r.name);
    }
  }
  if (unbound.size === 0) {
    return pseudo;
  }
  const skipped = new Set(neverRun.map(c => c.index));
  const { dataflow } = context.analysis;
  // names some cell gives a value: it binds the name without reading it first (the reads of a
  // cell listed in the dataflow are those that come from outside it: `layer_output *= 0.5`
  // reads before it binds, so it gives no value); a chain of never-run cells where one assigns
  // (`shap_values = ...`, then `shap.force_plot(shap_values)`) is no pseudo-code
  const given = new Set<string>();
  // cells whose bindings a later cell that ran reads: their effect is needed
  const readLater = new Set<number>();
  for (const f of dataflow.cells) {
    if (f.defines.length > 0) {
      const readHere =
        f.reads.length > 0 ? new Set(f.reads.map(r => r.name)) : null;
      for (const name of f.defines) {
        if (!readHere?.has(name)) {
          given.add(name);
        }
      }
    }
    if (!skipped.has(f.cell)) {
      for (const r of f.reads) {
        if (r.from !== null && r.from < f.cell) {
          readLater.add(r.from);
        }
      }
    }
  }
  for (const f of dataflow.cells) {
    if (
      skipped.has(f.cell) &&
      !readLater.has(f.cell) &&
      f.reads.some(r => unbound.has(r.name) && !given.has(r.name))
    ) {
      pseudo.add(f.cell);
    }
  }
  return pseudo;
}
