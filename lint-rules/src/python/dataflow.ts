/**
 * Notebook-wide dataflow in notebook order: for each Python code cell, which earlier cell defines
 * each name it reads (the most recent one), as if the notebook ran top to bottom.
 */
import { cellMagicLanguage, pythonParseOptions } from '../notebook/languages';
import type { Notebook, NotebookCell } from '../notebook/types';
import { analyzeCell } from './analyze';
import { CellAnalysis, CellDataflow, NotebookDataflow } from './types';

/** True for the cells the Python analysis applies to. */
export function isPythonCodeCell(cell: NotebookCell): boolean {
  return cell.kind === 'code' && cell.language === 'python';
}

/**
 * A Python code cell whose first-line cell magic does not by its name say its body is Python
 * (sparkmagic's `%%spark` on a session the notebook made with `-l python`): its analysis must be
 * asked for with `analyzeCell(source, true)`.
 */
export function cellMagicBodyIsPython(cell: NotebookCell): boolean {
  return (
    isPythonCodeCell(cell) &&
    cell.magic !== undefined &&
    cellMagicLanguage(cell.magic) !== 'python'
  );
}

/** Builds the dataflow from per-cell analyses (cells without a scope define and read nothing known). */
export function buildDataflow(
  analyses: { cell: number; analysis: CellAnalysis }[]
): NotebookDataflow {
  const lastDefinition = new Map<string, number>();
  const cells: CellDataflow[] = [];
  for (const { cell, analysis } of analyses) {
    const scope = analysis.scope;
    if (!scope) {
      cells.push({ cell, defines: [], reads: [] });
      continue;
    }
    // most cells have none (no Set for them)
    const maybeBound = scope.readsMaybeBound.length
      ? new Set(scope.readsMaybeBound)
      : null;
    const reads: { name: string; from: number | null }[] = [];
    for (const name of scope.readsBeforeBind) {
      const from = lastDefinition.get(name) ?? null;
      // `for i in r: ...` then `print(i)`: the cell binds i itself unless r is empty; not an undefined name
      if (from === null && maybeBound?.has(name)) continue;
      reads.push({ name, from });
    }
    // a name deleted (or an except-as target) and not bound again is gone for later cells
    for (const n of scope.deletes) lastDefinition.delete(n);
    for (const n of scope.unboundAfter) lastDefinition.delete(n);
    for (const n of scope.boundAtEnd) lastDefinition.set(n, cell);
    cells.push({ cell, defines: scope.boundAtEnd, reads });
  }
  return {
    cells,
    laterReads(selected: number[]): Set<string> {
      const chosen = new Set(selected);
      const last = selected.length ? Math.max(...selected) : -1;
      const out = new Set<string>();
      for (const d of cells) {
        if (d.cell <= last) continue;
        for (const r of d.reads)
          if (r.from !== null && chosen.has(r.from)) out.add(r.name);
      }
      return out;
    }
  };
}

export interface AnalyzeNotebookOptions {
  /**
   * Analyses by cell source, reused when a cell's text is unchanged and filled with new ones
   * (live linting re-parses only edited cells). The caller owns it and decides when to clear it.
   * A CellAnalysis depends only on the source text (and, for a cell magic whose name does not say
   * its body is Python, on the notebook saying so: those are keyed apart), so sharing entries
   * between notebooks is safe.
   */
  cache?: Map<string, CellAnalysis>;
}

/** Analyses every Python code cell of a notebook and links reads to definitions. */
export function analyzeNotebook(
  nb: Notebook,
  options: AnalyzeNotebookOptions = {}
): { perCell: Map<number, CellAnalysis>; dataflow: NotebookDataflow } {
  const perCell = new Map<number, CellAnalysis>();
  const ordered: { cell: number; analysis: CellAnalysis }[] = [];
  const cache = options.cache;
  // Python 2's syntax (`print x`) is read as such in a notebook saved on Python 2, and
  // `except A, B:` as a tuple of types on Python 3.14+
  const parseOptions = pythonParseOptions(nb);
  const prefix =
    (parseOptions.python2 ? 'python2\0' : '') +
    (parseOptions.exceptTuples ? 'except-tuples\0' : '');
  for (const cell of nb.cells) {
    if (!isPythonCodeCell(cell)) continue;
    const magicBodyIsPython = cellMagicBodyIsPython(cell);
    const key =
      prefix +
      (magicBodyIsPython ? `python-body\0${cell.source}` : cell.source);
    let analysis = cache?.get(key);
    if (!analysis) {
      analysis = analyzeCell(cell.source, magicBodyIsPython, parseOptions);
      cache?.set(key, analysis);
    }
    perCell.set(cell.index, analysis);
    ordered.push({ cell: cell.index, analysis });
  }
  return { perCell, dataflow: buildDataflow(ordered) };
}
