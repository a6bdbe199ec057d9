/**
 * Put the plan into the notebook: the selected cells become the replacement cell(s) and
 * the import line goes into the notebook's import cell (and imports only the promoted code
 * used leave their cells), all in ONE shared-model
 * transaction, so one Undo restores the notebook exactly.
 */
import type { INotebookModel } from '@jupyterlab/notebook';

import type { CellEdit, ReplacementCell } from '@nbcraft/lint-rules';

import { type Say, TranslatableError } from '../core/translatable';

type ISharedNotebook = INotebookModel['sharedModel'];

export interface CellChanges {
  /** the cells replaced (0-based, contiguous): the plan's `replacedCells` */
  replacedCells: number[];
  replacementCells: ReplacementCell[];
  /** new sources of cells outside the replaced span (the import cell, cells losing imports) */
  cellEdits: CellEdit[];
}

/** Why the notebook cannot take the plan as it stands (it changed since the preview). */
export class StaleNotebookError extends TranslatableError {
  constructor(say: Say) {
    super(say);
    this.name = 'StaleNotebookError';
  }
}

/**
 * Check that the cells the plan was made from still hold the planned-from sources;
 * the notebook may have been edited while the dialog was open.
 */
export function checkUnchanged(
  shared: ISharedNotebook,
  expected: Map<number, string>
): void {
  for (const [index, source] of expected) {
    if (
      index >= shared.cells.length ||
      shared.getCell(index).getSource() !== source
    ) {
      throw new StaleNotebookError(tr =>
        tr.__(
          'Cell %1 changed while the preview was open; nothing was written to the notebook. Open "Promote to module..." again.',
          index + 1
        )
      );
    }
  }
}

/** Apply the cell changes in one undoable transaction. Returns the index of the first replacement cell. */
export function applyCellChanges(
  shared: ISharedNotebook,
  changes: CellChanges
): number {
  const sorted = [...changes.replacedCells].sort((a, b) => a - b);
  if (sorted.length === 0) {
    throw new TranslatableError(tr => tr.__('There are no cells to replace.'));
  }
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (last - first + 1 !== sorted.length) {
    throw new TranslatableError(tr =>
      tr.__('The selected cells are not contiguous.')
    );
  }
  for (const edit of changes.cellEdits) {
    if (edit.cell >= first && edit.cell <= last) {
      throw new TranslatableError(tr =>
        tr.__('Edited cell %1 lies inside the selection.', edit.cell + 1)
      );
    }
  }
  // Kept Markdown/raw cells are carried over whole (id, attachments, metadata).
  const kept = new Map<number, Record<string, unknown>>();
  for (const cell of changes.replacementCells) {
    if (cell.keep !== undefined) {
      const keep = cell.keep;
      if (keep < first || keep > last) {
        throw new TranslatableError(tr =>
          tr.__('Kept cell %1 lies outside the replaced cells.', keep + 1)
        );
      }
      kept.set(cell.keep, shared.getCell(cell.keep).toJSON());
    }
  }
  shared.transact(() => {
    // The cell edits use the original numbering: do them before indices shift.
    for (const edit of changes.cellEdits) {
      shared.getCell(edit.cell).setSource(edit.source);
    }
    shared.deleteCellRange(first, last + 1);
    shared.insertCells(
      first,
      changes.replacementCells.map(cell => {
        if (cell.keep !== undefined) {
          return kept.get(cell.keep) as never;
        }
        return {
          cell_type: cell.kind,
          source: cell.source,
          metadata: cell.metadata as never,
          ...(cell.kind === 'code'
            ? { outputs: [], execution_count: null }
            : {}),
          ...(cell.id ? { id: cell.id } : {})
        } as never;
      })
    );
  });
  return first;
}

/**
 * What "Undo Promote" needs to put the notebook back: the replaced cells as they were (whole:
 * ids, outputs, metadata), the sources promote put in their place, and each edited cell's
 * source before and after. Made before `applyCellChanges`, from the same changes.
 */
export interface CellsUndo {
  first: number;
  /** the notebook's cell count before promote */
  countBefore: number;
  original: Record<string, unknown>[];
  inserted: string[];
  /** `cell`: its index before promote */
  edits: { cell: number; before: string; after: string }[];
}

export function recordCellChanges(
  shared: ISharedNotebook,
  changes: CellChanges
): CellsUndo {
  const sorted = [...changes.replacedCells].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  return {
    first,
    countBefore: shared.cells.length,
    original: sorted.map(index => shared.getCell(index).toJSON()),
    inserted: changes.replacementCells.map(cell =>
      cell.keep !== undefined
        ? shared.getCell(cell.keep).getSource()
        : cell.source
    ),
    edits: changes.cellEdits.map(edit => ({
      cell: edit.cell,
      before: shared.getCell(edit.cell).getSource(),
      after: edit.source
    }))
  };
}

/** Whether the notebook's cells hold `sources` at `first` and each edit's source at its index. */
function holds(
  shared: ISharedNotebook,
  count: number,
  first: number,
  sources: string[],
  edits: { index: number; source: string }[]
): boolean {
  if (shared.cells.length !== count) {
    return false;
  }
  return (
    sources.every(
      (source, offset) => shared.getCell(first + offset).getSource() === source
    ) &&
    edits.every(edit => shared.getCell(edit.index).getSource() === edit.source)
  );
}

/**
 * Where the notebook stands against `undo`: 'promoted' (the cells hold what promote wrote),
 * 'already' (they are back as before promote: the notebook's own Undo). Throws a
 * StaleNotebookError when they hold anything else.
 */
export function cellsUndoState(
  shared: ISharedNotebook,
  undo: CellsUndo
): 'promoted' | 'already' {
  const shift = undo.inserted.length - undo.original.length;
  const after = (cell: number) => (cell < undo.first ? cell : cell + shift);
  if (
    holds(
      shared,
      undo.countBefore + shift,
      undo.first,
      undo.inserted,
      undo.edits.map(edit => ({ index: after(edit.cell), source: edit.after }))
    )
  ) {
    return 'promoted';
  }
  if (
    holds(
      shared,
      undo.countBefore,
      undo.first,
      undo.original.map(cellSource),
      undo.edits.map(edit => ({ index: edit.cell, source: edit.before }))
    )
  ) {
    return 'already';
  }
  throw new StaleNotebookError(tr =>
    tr.__(
      'The cells promote wrote changed since; nothing was undone. Put them back as promote left them (or undo your edits), then try again.'
    )
  );
}

/**
 * Put the cells back as they were before promote, in one undoable transaction: 'restored',
 * or 'already' when they are back already. Throws, changing nothing, as `cellsUndoState`.
 */
export function undoCellChanges(
  shared: ISharedNotebook,
  undo: CellsUndo
): 'restored' | 'already' {
  if (cellsUndoState(shared, undo) === 'already') {
    return 'already';
  }
  const shift = undo.inserted.length - undo.original.length;
  shared.transact(() => {
    for (const edit of undo.edits) {
      shared
        .getCell(edit.cell < undo.first ? edit.cell : edit.cell + shift)
        .setSource(edit.before);
    }
    shared.deleteCellRange(undo.first, undo.first + undo.inserted.length);
    shared.insertCells(undo.first, undo.original as never);
  });
  return 'restored';
}

/** A cell's source from its JSON (a string, or nbformat's list of lines). */
function cellSource(cell: Record<string, unknown>): string {
  const source = cell.source;
  if (Array.isArray(source)) {
    return source.join('');
  }
  return typeof source === 'string' ? source : '';
}
