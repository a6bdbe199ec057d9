/**
 * The notebook's undo history around promote and "Undo Promote" (the shared model's Yjs
 * undo manager, what the notebook's Undo and Redo walk): promote's cell change is one step
 * of its own, and once Undo Promote has deleted the module, no step that would put the
 * promoted cells back is left in either stack. The one owner of that history for promote.
 */
import type { INotebookModel } from '@jupyterlab/notebook';

type ISharedNotebook = INotebookModel['sharedModel'];

/** What promote uses of Yjs's UndoManager. */
interface IUndoHistory {
  undoStack: unknown[];
  redoStack: unknown[];
  stopCapturing(): void;
  clear(clearUndoStack?: boolean, clearRedoStack?: boolean): void;
}

/** The model's undo manager, or null (a model made without one keeps no history). */
function historyOf(shared: ISharedNotebook): IUndoHistory | null {
  const { undoManager } = shared as Partial<{
    undoManager: IUndoHistory | null;
  }>;
  return undoManager ?? null;
}

/**
 * Run `edit` (one shared-model transaction) as a step of its own in the undo history: not
 * merged with the user's typing just before it (Yjs merges changes within half a second),
 * nor with what comes after. Returns that step, or null when `edit` added none.
 */
export function ownStep(shared: ISharedNotebook, edit: () => void): unknown {
  const history = historyOf(shared);
  history?.stopCapturing();
  const before = history?.undoStack.length ?? 0;
  edit();
  history?.stopCapturing();
  return history && history.undoStack.length > before
    ? history.undoStack[history.undoStack.length - 1]
    : null;
}

/**
 * After Undo Promote put the cells back (`undoStep`, its own step) and before it deletes the
 * module: take out of the history every step that would bring the promoted cells back. The
 * two steps (promote's, `promoteStep`, and the undo's) leave the undo stack, so Undo goes on
 * to what the user did before promote; when promote's step is not there as it was made (the
 * user undid and redid it: Yjs made a new step), the whole undo history goes, as no step
 * can be told safe. The redo history always goes: after the notebook's own Undo, its Redo
 * holds promote's cells.
 */
export function forgetPromote(
  shared: ISharedNotebook,
  promoteStep: unknown,
  undoStep: unknown
): void {
  const history = historyOf(shared);
  if (!history) {
    return;
  }
  history.clear(false, true);
  if (undoStep === null) {
    return; // the cells were back already (the notebook's Undo): promote's step is a redo
  }
  const stack = history.undoStack;
  const at = promoteStep === null ? -1 : stack.indexOf(promoteStep);
  if (at < 0) {
    history.clear(true, false);
    return;
  }
  stack.splice(at, 1);
  const mine = stack.indexOf(undoStep);
  if (mine >= 0) {
    stack.splice(mine, 1);
  }
}
