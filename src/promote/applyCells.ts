/**
 * Put the plan into the notebook: the selected cells become the replacement cell(s) and
 * the import line goes into the notebook's import cell (and imports only the promoted code
 * used leave their cells), all in ONE shared-model
 * transaction, so one Undo restores the notebook exactly.
 */
import type { INotebookModel } from '@jupyterlab/notebook';

import type { CellEdit, ReplacementCell } from '@nbcraft/lint-rules';

import { type Say, TranslatableError } from '../core/translatable';
import { changedSpan } from './diff';
import { forgetPromote, ownStep } from './history';

type ISharedNotebook = INotebookModel['sharedModel'];
type ISharedCell = ReturnType<ISharedNotebook['getCell']>;

/**
 * Set a cell's text by replacing only the span that changes (`changedSpan`), not the whole
 * text as `setSource` does: the characters left alone keep their identity in the shared
 * model, so undoing typing made before promote (in the cell's or the notebook's history)
 * still finds them. A whole replace deleted them: the undo then did nothing, or put a
 * deleted character back at the wrong place ("a = 12" came back as "2a = 1").
 */
function setChangedText(cell: ISharedCell, text: string): void {
  const span = changedSpan(cell.getSource(), text);
  if (span !== null) {
    cell.updateSource(span.from, span.to, span.text);
  }
}

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

/** Where `applyCellChanges` put the cells, and its step in the notebook's undo history. */
export interface AppliedCells {
  /** the index of the first replacement cell */
  first: number;
  /** the undo manager's step holding the change (null: the model keeps no history) */
  step: unknown;
}

/** Apply the cell changes in one undoable transaction, one undo step of its own. */
export function applyCellChanges(
  shared: ISharedNotebook,
  changes: CellChanges
): AppliedCells {
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
  const step = ownStep(shared, () => {
    shared.transact(() => {
      // The cell edits use the original numbering: do them before indices shift.
      for (const edit of changes.cellEdits) {
        setChangedText(shared.getCell(edit.cell), edit.source);
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
  });
  return { first, step };
}

/**
 * What "Undo Promote" needs to put the notebook back: the replaced cells as they were (whole:
 * ids, outputs, metadata), the sources promote put in their place, and each edited cell's
 * source before and after. The cells are found again by their ids, not by index and count:
 * a cell added or deleted elsewhere since does not block the undo. Made before
 * `applyCellChanges`, from the same changes; `withInsertedIds` adds the inserted cells' ids
 * after it.
 */
export interface CellsUndo {
  /** where the replaced cells were (used only when promote inserted no cell) */
  first: number;
  original: Record<string, unknown>[];
  inserted: string[];
  /** the ids the inserted cells got (the model makes one for a cell without) */
  insertedIds: string[];
  /** `cell`: its index before promote; `id`: its id */
  edits: { cell: number; id: string; before: string; after: string }[];
  /** promote's step in the notebook's undo history (`AppliedCells.step`), if known */
  step?: unknown;
}

export function recordCellChanges(
  shared: ISharedNotebook,
  changes: CellChanges
): CellsUndo {
  const sorted = [...changes.replacedCells].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  return {
    first,
    original: sorted.map(index => shared.getCell(index).toJSON()),
    inserted: changes.replacementCells.map(cell =>
      cell.keep !== undefined
        ? shared.getCell(cell.keep).getSource()
        : cell.source
    ),
    insertedIds: [],
    edits: changes.cellEdits.map(edit => ({
      cell: edit.cell,
      id: shared.getCell(edit.cell).getId(),
      before: shared.getCell(edit.cell).getSource(),
      after: edit.source
    }))
  };
}

/** `undo` with the ids of the cells `applyCellChanges` inserted, and its undo step. */
export function withInsertedIds(
  shared: ISharedNotebook,
  undo: CellsUndo,
  { first, step }: AppliedCells
): CellsUndo {
  return {
    ...undo,
    step,
    insertedIds: undo.inserted.map((_, offset) =>
      shared.getCell(first + offset).getId()
    )
  };
}

/**
 * Where the run of cells with `ids` and `sources` starts, or null when it is not there
 * whole and in order. No ids: `fallback` (nothing to find; the place the cells were).
 */
function findRun(
  shared: ISharedNotebook,
  ids: string[],
  sources: string[],
  fallback: number
): number | null {
  const cells = shared.cells;
  if (ids.length === 0) {
    return fallback <= cells.length ? fallback : null;
  }
  const start = cells.findIndex(cell => cell.getId() === ids[0]);
  if (start < 0) {
    return null;
  }
  return ids.every(
    (id, offset) =>
      start + offset < cells.length &&
      cells[start + offset].getId() === id &&
      cells[start + offset].getSource() === sources[offset]
  )
    ? start
    : null;
}

/** Whether each edited cell (found by its id) holds the source `which` says. */
function editsHold(
  shared: ISharedNotebook,
  undo: CellsUndo,
  which: 'before' | 'after'
): boolean {
  return undo.edits.every(edit => {
    const cell = shared.cells.find(one => one.getId() === edit.id);
    return cell?.getSource() === edit[which];
  });
}

/**
 * Where the notebook stands against `undo`: 'promoted' (the cells hold what promote wrote),
 * 'already' (they are back as before promote: the notebook's own Undo), with where the run
 * of cells starts. Throws a StaleNotebookError when they hold anything else.
 */
function cellsAt(
  shared: ISharedNotebook,
  undo: CellsUndo
): { state: 'promoted' | 'already'; at: number } {
  const promoted = findRun(shared, undo.insertedIds, undo.inserted, undo.first);
  if (promoted !== null && editsHold(shared, undo, 'after')) {
    return { state: 'promoted', at: promoted };
  }
  const back = findRun(
    shared,
    undo.original.map(cell => (typeof cell.id === 'string' ? cell.id : '')),
    undo.original.map(cellSource),
    undo.first
  );
  if (back !== null && editsHold(shared, undo, 'before')) {
    return { state: 'already', at: back };
  }
  throw new StaleNotebookError(tr =>
    tr.__(
      'The cells promote wrote changed since; nothing was undone. Put them back as promote left them (or undo your edits), then try again.'
    )
  );
}

/** `cellsAt`'s state only: the check before anything else changes. */
export function cellsUndoState(
  shared: ISharedNotebook,
  undo: CellsUndo
): 'promoted' | 'already' {
  return cellsAt(shared, undo).state;
}

/**
 * Put the cells back as they were before promote, in one transaction: 'restored', or
 * 'already' when they are back already. Throws, changing nothing, as `cellsUndoState`.
 * Either way the notebook's undo history keeps no step that would put promote's cells back
 * (`forgetPromote`): Undo Promote deletes the module they call.
 */
export function undoCellChanges(
  shared: ISharedNotebook,
  undo: CellsUndo
): 'restored' | 'already' {
  const { state, at } = cellsAt(shared, undo);
  if (state === 'already') {
    forgetPromote(shared, undo.step ?? null, null);
    return 'already';
  }
  const step = ownStep(shared, () => {
    shared.transact(() => {
      for (const edit of undo.edits) {
        const cell = shared.cells.find(one => one.getId() === edit.id);
        if (cell) {
          setChangedText(cell, edit.before);
        }
      }
      shared.deleteCellRange(at, at + undo.inserted.length);
      shared.insertCells(at, undo.original as never);
    });
  });
  forgetPromote(shared, undo.step ?? null, step);
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
