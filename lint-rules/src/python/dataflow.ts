/**
 * Notebook-wide dataflow in notebook order: for each Python code cell, which earlier cell defines
 * each name it reads (the most recent one), as if the notebook ran top to bottom.
 */
import type { Notebook, NotebookCell } from '../notebook/types';
import { analyzeCell } from './analyze';
import { CellAnalysis, CellDataflow, NotebookDataflow } from './types';

/** True for the cells the Python analysis applies to. */
export function isPythonCodeCell(cell: NotebookCell): boolean {
  return cell.kind === 'code' && cell.language === 'python';
}

/** Builds the dataflow from per-cell analyses (cells without a scope define and read nothing known). */
export function buildDataflow(analyses: { cell: number; analysis: CellAnalysis }[]): NotebookDataflow {
  const lastDefinition = new Map<string, number>();
  const cells: CellDataflow[] = [];
  for (const { cell, analysis } of analyses) {
    const scope = analysis.scope;
    if (!scope) {
      cells.push({ cell, defines: [], reads: [] });
      continue;
    }
    const maybeBound = new Set(scope.readsMaybeBound);
    const reads: { name: string; from: number | null }[] = [];
    for (const name of scope.readsBeforeBind) {
      const from = lastDefinition.get(name) ?? null;
      // `for i in r: ...` then `print(i)`: the cell binds i itself unless r is empty; not an undefined name
      if (from === null && maybeBound.has(name)) continue;
      reads.push({ name, from });
    }
    // a name deleted (or an except-as target) and not bound again is gone for later cells
    for (const n of scope.deletes) lastDefinition.delete(n);
    for (const n of scope.unboundAfter) lastDefinition.delete(n);
    for (const n of scope.defined) lastDefinition.set(n, cell);
    cells.push({ cell, defines: scope.defined, reads });
  }
  return {
    cells,
    laterReads(selected: number[]): Set<string> {
      const chosen = new Set(selected);
      const last = selected.length ? Math.max(...selected) : -1;
      const out = new Set<string>();
      for (const d of cells) {
        if (d.cell <= last) continue;
        for (const r of d.reads) if (r.from !== null && chosen.has(r.from)) out.add(r.name);
      }
      return out;
    }
  };
}

/** Analyses every Python code cell of a notebook and links reads to definitions. */
export function analyzeNotebook(nb: Notebook): { perCell: Map<number, CellAnalysis>; dataflow: NotebookDataflow } {
  const perCell = new Map<number, CellAnalysis>();
  const ordered: { cell: number; analysis: CellAnalysis }[] = [];
  for (const cell of nb.cells) {
    if (!isPythonCodeCell(cell)) continue;
    const analysis = analyzeCell(cell.source);
    perCell.set(cell.index, analysis);
    ordered.push({ cell: cell.index, analysis });
  }
  return { perCell, dataflow: buildDataflow(ordered) };
}
