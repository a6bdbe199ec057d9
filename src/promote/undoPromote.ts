/**
 * "Undo Promote": puts the cells back AND takes back the files one promotion made, in this
 * order: the cells are checked (they must still be as promote left them, or already back
 * through the notebook's own Undo), every path is asked about as promote's writes ask (a
 * link or `.git` on the way refuses the whole undo, changing nothing), the cells are put
 * back in one undoable step, and the files are rolled back by rollBack.ts (the one owner:
 * a file edited since is kept and named, `pyproject.toml` is restored only while it holds
 * what promote wrote, a folder is removed only when empty). No widgets here: the plugin
 * keeps the record of each notebook's last promotion and shows the message.
 */
import type { INotebookModel } from '@jupyterlab/notebook';

import type { Translator } from '../core/translatable';
import { type CellsUndo, cellsUndoState, undoCellChanges } from './applyCells';
import type { AskPaths } from './plannedFiles';
import {
  type ContentsAccess,
  type MadeFiles,
  refuseUndoPaths,
  type RemoveEmptyFolder,
  rollBack,
  rollBackProblems,
  type RollBackOutcome
} from './rollBack';

/** What one promotion did, kept for "Undo Promote". */
export interface PromoteRecord {
  /** `module.function`, as the success message said */
  label: string;
  cells: CellsUndo;
  made: MadeFiles;
}

export interface UndoResult {
  cells: 'restored' | 'already';
  outcome: RollBackOutcome;
  /** the files deleted or restored */
  removed: string[];
}

/** Undo `record` in `shared`; throws (nothing changed) when the cells or a path refuse. */
export async function undoPromote(
  shared: INotebookModel['sharedModel'],
  record: PromoteRecord,
  contents: ContentsAccess,
  removeEmptyFolder: RemoveEmptyFolder,
  askPaths: AskPaths
): Promise<UndoResult> {
  cellsUndoState(shared, record.cells);
  const gone = await refuseUndoPaths(askPaths, record.made);
  // checked again: the notebook may have changed while the server answered
  const cells = undoCellChanges(shared, record.cells);
  const outcome = await rollBack(
    contents,
    record.made,
    removeEmptyFolder,
    gone
  );
  const left = new Set([
    ...outcome.changedAgain,
    ...outcome.editedSince,
    ...outcome.keptWithFolder,
    ...outcome.notRestored.map(item => item.path),
    ...outcome.notDeleted.map(item => item.path)
  ]);
  const removed = [
    ...record.made.createdFiles.map(file => file.path),
    ...record.made.updates.map(update => update.path)
  ].filter(path => !left.has(path) && !gone.has(path));
  return { cells, outcome, removed };
}

/**
 * Why "Undo Promote" of `captured` (the record a notification's action was made for; none
 * from the palette, which undoes the last) may not run now, or null: nothing left to undo,
 * a later promote made since in the notebook (its own record is the last now), or an undo
 * of this notebook still running.
 */
export function undoRefusal(
  last: PromoteRecord | undefined,
  captured: PromoteRecord | undefined,
  running: boolean,
  tr: Translator
): string | null {
  if (running) {
    return tr.__(
      'Undo Promote is already running for this notebook: wait for its message.'
    );
  }
  if (captured && last !== captured) {
    return last
      ? tr.__(
          'This promote was not undone: a later promote was made in this notebook (Undo Last Promote undoes that one).'
        )
      : tr.__('Nothing to undo: this promote was undone already.');
  }
  return last
    ? null
    : tr.__('Nothing to undo: no promote was made in this notebook tab.');
}

/** The files Undo deleted: made by promote, and among `removed` (a restored file is not). */
export function deletedFiles(made: MadeFiles, result: UndoResult): string[] {
  const removed = new Set(result.removed);
  return made.createdFiles
    .map(file => file.path)
    .filter(path => removed.has(path));
}

/** A document open in the lab: its path (from the Jupyter root) and whether it is unsaved. */
export interface OpenDocument {
  path: string;
  dirty: boolean;
}

/**
 * The open documents of files Undo deleted: `close` those with nothing unsaved (their tab
 * would show a file that is gone); `keep` the paths of those with unsaved changes (closing
 * would lose them; saving writes the file again), which the message names.
 */
export function tabsOfDeleted<T extends OpenDocument>(
  deleted: string[],
  open: T[]
): { close: T[]; keep: string[] } {
  const gone = new Set(deleted);
  const close: T[] = [];
  const keep: string[] = [];
  for (const document of open) {
    if (!gone.has(document.path)) {
      continue;
    }
    if (document.dirty) {
      if (!keep.includes(document.path)) {
        keep.push(document.path);
      }
    } else {
      close.push(document);
    }
  }
  return { close, keep };
}

/** What the message says of the tabs left open on deleted files with unsaved changes. */
function keptOpenText(keptOpen: string[], tr: Translator): string[] {
  return keptOpen.length
    ? [
        tr.__(
          '%1 has unsaved changes in an open tab, which was left open: the file itself was deleted, and saving the tab writes it again.',
          keptOpen.join(', ')
        )
      ]
    : [];
}

/**
 * What the user reads after an undo, in full: what was left first (files, then tabs with
 * unsaved changes on deleted files, `keptOpen`), then what was done.
 */
export function undoMessage(
  record: PromoteRecord,
  result: UndoResult,
  tr: Translator,
  keptOpen: string[] = []
): string {
  return [
    ...rollBackProblems(result.outcome, tr),
    ...keptOpenText(keptOpen, tr),
    result.cells === 'restored'
      ? tr.__('Undid the promote to %1: the cells are back.', record.label)
      : tr.__(
          'Undid the promote to %1: the cells were back already.',
          record.label
        ),
    result.removed.length
      ? tr.__('Deleted or restored: %1.', result.removed.join(', '))
      : tr.__('No file needed deleting or restoring.')
  ].join(' ');
}

/** JupyterLab's toasts show this many characters of a message, and cut the rest. */
export const TOAST_LENGTH = 140;

/**
 * The toast's short text (the full one is `undoMessage`, behind its Details action): what
 * was left (a tab kept open with unsaved changes included), counted, when something was;
 * else that the undo was whole.
 */
export function undoToast(
  record: PromoteRecord,
  result: UndoResult,
  tr: Translator,
  keptOpen: string[] = []
): string {
  const problems =
    rollBackProblems(result.outcome, tr).length +
    keptOpenText(keptOpen, tr).length;
  const text = problems
    ? tr.__(
        'Undo Promote left something to check (%1 kind(s)): see Details.',
        problems
      )
    : tr.__('Undid the promote to %1.', record.label);
  return text.length <= TOAST_LENGTH
    ? text
    : `${text.slice(0, TOAST_LENGTH - 1)}\u2026`;
}

/** A promotion's success toast, with its "Undo Promote" action. */
export interface IPromotedToast {
  message: string;
  options: {
    autoClose: number | false;
    actions: { label: string; caption: string; callback: () => void }[];
  };
}

/**
 * The toast that says what a promotion wrote and offers to undo it. A notice to act on stays
 * until the user closes it (JupyterLab's `autoClose: false`, as for its own notices with
 * actions): after 15 s it closed while the user was still reading the new module, and the
 * Undo was then only in the notification list.
 */
export function promotedToast(
  names: { moduleName: string; functionName: string },
  written: string[],
  tr: Translator,
  undo: () => void
): IPromotedToast {
  return {
    message: written.length
      ? tr.__(
          'Promoted to %1.%2: wrote %3',
          names.moduleName,
          names.functionName,
          written.join(', ')
        )
      : tr.__(
          'Promoted to %1.%2 (the files were already up to date)',
          names.moduleName,
          names.functionName
        ),
    options: {
      autoClose: false,
      actions: [
        {
          label: tr.__('Undo Promote'),
          caption: tr.__(
            'Put the cells back and delete the files promote made, unless edited since'
          ),
          callback: undo
        }
      ]
    }
  };
}
