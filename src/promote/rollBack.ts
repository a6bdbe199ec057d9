/**
 * Taking back what one promotion wrote: the one owner of it, used both when a write is
 * refused half-way (`executeWrites`, writePlan.ts) and when the user asks for "Undo
 * Promote" afterwards (`undoWrites`). Only what promote made goes, and only as promote
 * left it: a file it created is deleted only while it still holds the text promote wrote
 * (one edited since is kept, and named); a file it updated (an existing module,
 * `pyproject.toml`) gets its previous text back only while it still holds what promote
 * wrote; a folder it made is removed only when it holds nothing (`RemoveEmptyFolder`).
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';

import { readTextOrNull } from '../core/folderReader';
import {
  errorText,
  TranslatableError,
  type Translator
} from '../core/translatable';
import { answerOf, type AskPaths, pathRefusal } from './plannedFiles';

/** The part of the contents manager promote's writes use. */
export type ContentsAccess = Pick<
  Contents.IManager,
  'get' | 'save' | 'rename' | 'delete'
>;

/**
 * Removes a folder promote made when it holds nothing, hidden names included: true when
 * removed, false when left (it holds something). `emptyInit`: an empty `__init__.py` in it
 * goes with it, and only with it. The lab's is `emptyFolderRemover` (emptyFolder.ts); the
 * contents API cannot tell (see there).
 */
export type RemoveEmptyFolder = (
  folder: string,
  emptyInit?: boolean
) => Promise<boolean>;

/** What one promotion made, as much as was done: enough to take it back. */
export interface MadeFiles {
  /** files created, with the text written */
  createdFiles: { path: string; text: string }[];
  /** existing files updated, with the text each held before and the text written */
  updates: { path: string; before: string; text: string }[];
  /** folders created, parents first */
  createdFolders: string[];
}

/** What a roll-back left, and why; every list empty when it took everything back. */
export interface RollBackOutcome {
  /** updated files that changed again since promote wrote them: not restored */
  changedAgain: string[];
  /** created files edited since promote wrote them: kept */
  editedSince: string[];
  notRestored: { path: string; error: unknown }[];
  notDeleted: { path: string; error: unknown }[];
  /** created folders left as they hold what promote did not make (or could not delete) */
  heldOthers: string[];
  /** created (empty) `__init__.py` files kept with their folder, which holds others now */
  keptWithFolder: string[];
  /** created folders left as nothing could say whether they are empty */
  notChecked: { path: string; error: unknown }[];
}

async function saveText(
  contents: ContentsAccess,
  path: string,
  text: string
): Promise<void> {
  await contents.save(path, { type: 'file', format: 'text', content: text });
}

/**
 * Put back the files promote updated, then delete what it created, newest first (a folder
 * after its files). An updated file is read just before: a save landing between that read
 * and the restore is overwritten, as Contents has no compare-and-swap; the same holds for a
 * created file's read and its delete. `gone`: the paths the server just said nothing is at,
 * which are not read.
 */
export async function rollBack(
  contents: ContentsAccess,
  made: MadeFiles,
  removeEmptyFolder: RemoveEmptyFolder,
  gone: ReadonlySet<string> = new Set()
): Promise<RollBackOutcome> {
  const outcome: RollBackOutcome = {
    changedAgain: [],
    editedSince: [],
    notRestored: [],
    notDeleted: [],
    heldOthers: [],
    keptWithFolder: [],
    notChecked: []
  };
  for (const update of [...made.updates].reverse()) {
    if (gone.has(update.path)) {
      outcome.changedAgain.push(update.path); // deleted since: nothing to put back over
      continue;
    }
    try {
      const now = await readTextOrNull(contents, update.path);
      if (now !== update.before) {
        if (now !== update.text) {
          outcome.changedAgain.push(update.path);
          continue;
        }
        await saveText(contents, update.path, update.before);
      }
    } catch (error) {
      outcome.notRestored.push({ path: update.path, error });
    }
  }
  // an empty `__init__.py` promote made goes only with its folder: every one "matches" what
  // promote wrote, and deleted alone it makes a package another module joined since a
  // namespace package
  const initOf = new Map<string, string>();
  // named when it fails: an item promote made and left behind is the user's to remove
  for (const file of [...made.createdFiles].reverse()) {
    if (gone.has(file.path)) {
      continue; // deleted since (not read: a GET of it would be a 404 in the console)
    }
    try {
      const now = await readTextOrNull(contents, file.path);
      if (now === null) {
        continue; // gone already (or no longer text, which `get` refuses as a 400)
      }
      if (now !== file.text) {
        outcome.editedSince.push(file.path);
        continue;
      }
      const folder = PathExt.dirname(file.path);
      if (
        PathExt.basename(file.path) === '__init__.py' &&
        now === '' &&
        made.createdFolders.includes(folder)
      ) {
        initOf.set(folder, file.path);
        continue;
      }
      await contents.delete(file.path);
    } catch (error) {
      outcome.notDeleted.push({ path: file.path, error });
    }
  }
  for (const folder of [...made.createdFolders].reverse()) {
    try {
      // not Contents' delete, which takes a folder with all it holds (send2trash, rmtree)
      // after a listing that leaves hidden names out: one that holds more than promote made
      // (a .gitkeep, a file another process put there) is left, and named
      const init = initOf.get(folder);
      if (!(await removeEmptyFolder(folder, init !== undefined))) {
        outcome.heldOthers.push(folder);
        if (init !== undefined) {
          outcome.keptWithFolder.push(init);
        }
      }
    } catch (error) {
      outcome.notChecked.push({ path: folder, error });
      const init = initOf.get(folder);
      if (init !== undefined) {
        outcome.keptWithFolder.push(init);
      }
    }
  }
  return outcome;
}

/**
 * What a roll-back left of `made`, for a retry that must touch only that: a file deleted
 * (or restored) is out of it, so one written again since (a later promote's same module)
 * is not the retry's to delete.
 */
export function leftToUndo(
  made: MadeFiles,
  outcome: RollBackOutcome
): MadeFiles {
  const paths = (failed: { path: string }[]) => failed.map(item => item.path);
  const files = new Set([
    ...outcome.editedSince,
    ...outcome.keptWithFolder,
    ...paths(outcome.notDeleted)
  ]);
  const updates = new Set([
    ...outcome.changedAgain,
    ...paths(outcome.notRestored)
  ]);
  const folders = new Set([
    ...outcome.heldOthers,
    ...paths(outcome.notChecked)
  ]);
  return {
    createdFiles: made.createdFiles.filter(file => files.has(file.path)),
    updates: made.updates.filter(update => updates.has(update.path)),
    createdFolders: made.createdFolders.filter(folder => folders.has(folder))
  };
}

/** Whether a roll-back took back everything. */
export function rolledBackWhole(outcome: RollBackOutcome): boolean {
  return (Object.values(outcome) as unknown[][]).every(
    list => list.length === 0
  );
}

/**
 * What a message says of the items a roll-back step failed on: their paths, and why (each
 * reason once: a server that cannot remove folders says the same of every one).
 */
function named(
  failed: { path: string; error: unknown }[],
  tr: Translator
): [string, string] {
  const reasons = failed.map(item => errorText(item.error, tr));
  return [
    failed.map(item => item.path).join(', '),
    [...new Set(reasons)].join('; ')
  ];
}

/** One sentence for each kind of item a roll-back left, naming them. */
export function rollBackProblems(
  outcome: RollBackOutcome,
  tr: Translator
): string[] {
  const {
    changedAgain,
    editedSince,
    notRestored,
    notDeleted,
    heldOthers,
    keptWithFolder,
    notChecked
  } = outcome;
  return [
    ...(changedAgain.length
      ? [
          tr.__(
            'Promote had already updated %1, which changed again since, so it was not restored: check it.',
            changedAgain.join(', ')
          )
        ]
      : []),
    ...(editedSince.length
      ? [
          tr.__(
            'Promote had created %1, which was edited since, so it was kept.',
            editedSince.join(', ')
          )
        ]
      : []),
    ...(notRestored.length
      ? [
          tr.__(
            'Promote had already updated %1 and could not put back its previous text (%2): it still holds what promote wrote.',
            ...named(notRestored, tr)
          )
        ]
      : []),
    ...(notDeleted.length
      ? [
          tr.__(
            'Promote had created %1 and could not delete it again (%2): remove it yourself.',
            ...named(notDeleted, tr)
          )
        ]
      : []),
    ...(heldOthers.length
      ? [
          tr.__(
            'Promote had created the folder %1 and left it, as it holds what promote did not make or could not delete: check it.',
            heldOthers.join(', ')
          )
        ]
      : []),
    ...(keptWithFolder.length
      ? [
          tr.__(
            'Promote had created %1 and kept it, as its folder holds other files now: without it the package would become a namespace package.',
            keptWithFolder.join(', ')
          )
        ]
      : []),
    ...(notChecked.length
      ? [
          tr.__(
            'Promote had created the folder %1 and left it, as it could not tell whether it holds anything else (%2): check it.',
            ...named(notChecked, tr)
          )
        ]
      : [])
  ];
}

/**
 * Before "Undo Promote" deletes or restores anything: every path it would touch is asked
 * about as promote's writes ask (`askPaths`: a symbolic link or a `.git` folder on the way,
 * planted since, or a path the server could not check): the first refusal is thrown.
 * Returns the paths the server says nothing is at (deleted since).
 */
export async function refuseUndoPaths(
  askPaths: AskPaths,
  made: MadeFiles
): Promise<Set<string>> {
  const paths = [
    ...made.createdFiles.map(file => file.path),
    ...made.updates.map(update => update.path),
    ...made.createdFolders
  ].filter((path, index, all) => path !== '' && all.indexOf(path) === index);
  const answers = paths.length ? await askPaths(paths) : new Map();
  const gone = new Set<string>();
  for (const path of paths) {
    const answer = answerOf(answers, path);
    const refused = pathRefusal(path, answer, true);
    if (refused) {
      throw new TranslatableError(tr =>
        tr.__('%1 Nothing was undone.', errorText(refused, tr))
      );
    }
    if (answer === null) {
      gone.add(path);
    }
  }
  return gone;
}
