/**
 * Applies a quick fix to a cell as ONE step of the cell editor's own undo history.
 *
 * JupyterLab 4 keeps one Yjs UndoManager per cell (unless document-wide undo is on): it records
 * only transactions whose origin is the cell itself (`cell.transact`), and the editor's Ctrl+Z
 * and Ctrl+Shift+Z walk that history. A change made inside the notebook's own transaction has
 * the notebook as its origin, so the cell's history never sees it: Ctrl+Z then undid earlier
 * typing underneath the fix and produced text that never existed. The manager also merges
 * changes less than 500 ms apart into one step; capturing stops on both sides of the fix, so
 * neither the typing before it nor the typing after it joins its step.
 */

/** The part of a cell's shared model (`ISharedCell` of `@jupyter/ydoc`) a fix needs. */
export interface FixableCell {
  transact(f: () => void, undoable?: boolean): void;
  updateSource(start: number, end: number, value?: string): void;
  /** the cell's Yjs UndoManager (YBaseCell has it; the ISharedCell interface does not declare it) */
  readonly undoManager?: { stopCapturing(): void } | null;
}

/** Replace `edits` (sorted last first, as `planFix` gives them) in one undoable step. */
export function applyCellFix(
  cell: FixableCell,
  edits: readonly { from: number; to: number; text: string }[]
): void {
  cell.undoManager?.stopCapturing();
  cell.transact(() => {
    for (const edit of edits) {
      cell.updateSource(edit.from, edit.to, edit.text);
    }
  }, true);
  cell.undoManager?.stopCapturing();
}
