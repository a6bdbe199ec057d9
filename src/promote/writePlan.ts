/**
 * Which files and folders an accepted promotion writes, and writing them through the
 * Jupyter contents API. Planning is pure; `executeWrites` takes any object with the
 * contents manager's `get`/`save`/`rename`/`delete`, so tests can run it against an
 * in-memory one.
 *
 * Promote never overwrites what it did not preview. A file or folder it creates is saved
 * under a temporary name and renamed into place: jupyter_server refuses a rename onto
 * anything that exists (409 "File already exists"), whether or not `hide_globs` leaves it
 * out of listings, whatever created it since the preview (the kernel, another tab), and,
 * on a case-insensitive file system, when it differs only in case. A file it updates is
 * read again immediately before the save.
 *
 * The temporary names are in the notebook's folder, not beside the targets: jupyter_server's
 * `rename` (and `delete`) lists the source's checkpoints (`rename_all_checkpoints`), and
 * `FileCheckpoints.checkpoint_path` creates `.ipynb_checkpoints` beside the source while
 * looking. Made in the target's folder, every promoted module and test folder got one; made
 * in the notebook's folder, only that folder does, which holds the notebook's own
 * checkpoints anyway. A refused promotion's deletes still make one in each folder it
 * deletes from (the server gives no way around that). When the notebook's folder refuses
 * the temporary item (it is not writable), it is made beside the target instead.
 */

import { PathExt } from '@jupyterlab/coreutils';

import {
  FolderReader,
  isNotFound,
  parentFolders,
  readTextOrNull,
  responseStatus
} from '../core/folderReader';
import { errorText, type Say, TranslatableError } from '../core/translatable';
import { isSafeRelativePath, joinPath } from './paths';
import { type AskPaths, firstRefusal, kindAsker } from './plannedFiles';
import {
  type ContentsAccess,
  type MadeFiles,
  type RemoveEmptyFolder,
  rollBack,
  rollBackProblems,
  rolledBackWhole
} from './rollBack';

export { parentFolders } from '../core/folderReader';
export type { ContentsAccess, MadeFiles, RemoveEmptyFolder } from './rollBack';

/**
 * Leaves every folder: without a way to see hidden names, none is known to be empty, and the
 * roll-back says it could not tell (not that the folder holds something).
 */
const leaveFolders: RemoveEmptyFolder = () =>
  Promise.reject(
    new TranslatableError(tr =>
      tr.__('nothing here can see the hidden names a folder holds')
    )
  );

export interface FileWrite {
  /** Jupyter-root relative path */
  path: string;
  text: string;
  /** what the file held when the plan was made (null: it did not exist) */
  expectedBefore: string | null;
  role: 'module' | 'test' | 'package-init' | 'pytest-config';
}

export interface WritePlan {
  /** folders that may need creating, parents first */
  folders: string[];
  files: FileWrite[];
  /** files the plan leaves alone because they already hold the planned text */
  unchanged: string[];
}

export interface PlannedFiles {
  /** project root (Jupyter-root relative, '' for the root) */
  root: string;
  modulePath: string;
  moduleName: string;
  moduleText: string;
  existingModuleText: string | null;
  testPath: string;
  testText: string;
  existingTestText: string | null;
  /** the pytest config that puts the module's import root on `pythonpath` (project-relative) */
  pytestConfig?: { path: string; text: string; existingText: string | null };
}

/** Thrown when a path would leave the project or a file changed since the preview. */
export class WriteRefusedError extends TranslatableError {
  constructor(say: Say) {
    super(say);
    this.name = 'WriteRefusedError';
  }
}

/** Where a package needs an `__init__.py` (one owner: the library's layout). */
export { packageFolders } from '@nbcraft/lint-rules';

export function planWrites(files: PlannedFiles): WritePlan {
  for (const path of [files.modulePath, files.testPath]) {
    if (!isSafeRelativePath(path)) {
      throw new WriteRefusedError(tr =>
        tr.__(
          '%1: promote only writes inside the project folder; use a relative path without ".."',
          path
        )
      );
    }
  }
  const modulePath = joinPath(files.root, files.modulePath);
  const testPath = joinPath(files.root, files.testPath);
  const folders: string[] = [];
  for (const path of [modulePath, testPath]) {
    for (const folder of parentFolders(path)) {
      if (!folders.includes(folder)) {
        folders.push(folder);
      }
    }
  }
  const writes: FileWrite[] = [];
  const unchanged: string[] = [];
  if (files.moduleText === files.existingModuleText) {
    unchanged.push(modulePath);
  } else {
    writes.push({
      path: modulePath,
      text: files.moduleText,
      expectedBefore: files.existingModuleText,
      role: 'module'
    });
  }
  if (files.testText === files.existingTestText) {
    unchanged.push(testPath);
  } else {
    writes.push({
      path: testPath,
      text: files.testText,
      expectedBefore: files.existingTestText,
      role: 'test'
    });
  }
  if (files.pytestConfig) {
    writes.push({
      path: joinPath(files.root, files.pytestConfig.path),
      text: files.pytestConfig.text,
      expectedBefore: files.pytestConfig.existingText,
      role: 'pytest-config'
    });
  }
  return { folders, files: writes, unchanged };
}

export interface WriteResult {
  written: string[];
  createdFolders: string[];
  /** what was made, for "Undo Promote" (rollBack.ts) */
  made: MadeFiles;
}

/**
 * A name in `folder` (beside `path` when undefined) that no one else uses and no default
 * `hide_globs` hides: a left-over one (a promote interrupted between its save and its
 * rename) stays visible in the file browser, where the user can delete it. A listing racing
 * its rename no longer answers 404: the server extension leaves out an entry that vanished
 * mid-listing (nbcraft/promote/listing.py).
 */
function temporaryName(path: string, folder?: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  const near =
    folder === undefined ? path : joinPath(folder, PathExt.basename(path));
  return `${near}.nbcraft-${random}.tmp`;
}

/**
 * Create the missing folders (and `__init__.py` in the package folders made here), then
 * write the files. Before anything is written, every file is re-read: if one changed since
 * the preview, nothing is written at all. New files and folders are created by a rename
 * the server refuses when something is already there (see the top of this file); an
 * existing file is read again right before it is saved. When a write is refused, the
 * existing files this call updated get their previous text back (the contents API's text
 * round trip is byte for byte: UTF-8 decoded strictly and encoded again) unless they
 * changed once more since (read just before: a save landing between that read and the
 * restore is overwritten, as Contents has no compare-and-swap), and the files and folders
 * it created are deleted again (rollBack.ts: one it created is kept when it no longer holds
 * what was written).
 * `existingPath` (the notebook's) names folders known to be there, which are then not
 * looked up in their parents' listings. A created folder is removed by `removeEmptyFolder`,
 * only when it holds nothing (the default leaves each one, and names it).
 * `askPaths` (the lab's: `existingPathAsker` remembering nothing) is asked first about every
 * path written (the files, the folders, each new `__init__.py`, the notebook's folder where
 * the temporary items are made): a symbolic link planted since the preview (a folder
 * replaced by a link while the dialog was open) is refused, as is a path it could not ask
 * about, before anything is written. Left open: a link planted between that answer and the
 * save is still followed (Contents offers no write that refuses links).
 */
export async function executeWrites(
  contents: ContentsAccess,
  plan: WritePlan,
  initFolders: string[] = [],
  existingPath?: string,
  removeEmptyFolder: RemoveEmptyFolder = leaveFolders,
  askPaths?: AskPaths
): Promise<WriteResult> {
  if (askPaths) {
    await checkPaths(askPaths, plan, initFolders, existingPath);
  }
  // a reader of its own: the preview's listings may be stale by now
  const reader = new FolderReader(contents, {
    existingPath,
    askKind: askPaths && kindAsker(askPaths)
  });
  for (const file of plan.files) {
    // a file the preview found is read directly: the listing may leave it out (hide_globs)
    const now =
      file.expectedBefore === null
        ? await reader.readText(file.path)
        : await readTextOrNull(contents, file.path);
    if (now !== file.expectedBefore) {
      throw changedError(file.path);
    }
  }
  const writer = new GuardedWriter(
    contents,
    existingPath === undefined ? undefined : PathExt.dirname(existingPath)
  );
  try {
    for (const folder of plan.folders) {
      const parentMade = writer.createdFolders.includes(
        PathExt.dirname(folder)
      );
      // parents first: a folder under one created here is missing too
      if (parentMade || (await reader.kind(folder)) !== 'directory') {
        await writer.createFolder(folder);
      }
    }
    for (const folder of initFolders) {
      if (writer.createdFolders.includes(folder)) {
        await writer.createFile(joinPath(folder, '__init__.py'), '');
      }
    }
    for (const file of plan.files) {
      if (file.expectedBefore === null) {
        await writer.createFile(file.path, file.text);
      }
    }
    for (const file of plan.files) {
      if (file.expectedBefore !== null) {
        await writer.update(file.path, file.text, file.expectedBefore);
      }
    }
  } catch (error) {
    const outcome = await rollBack(contents, writer.made, removeEmptyFolder);
    if (!rolledBackWhole(outcome)) {
      throw new WriteRefusedError(tr =>
        [errorText(error, tr), ...rollBackProblems(outcome, tr)].join(' ')
      );
    }
    throw error;
  }
  const order = [
    ...initFolders.map(folder => joinPath(folder, '__init__.py')),
    ...plan.files.map(file => file.path)
  ];
  const written = writer.written;
  return {
    written: order.filter(path => written.includes(path)),
    createdFolders: writer.createdFolders,
    made: writer.made
  };
}

/** Refuses when the server refuses, or cannot answer for, any path the writes touch. */
async function checkPaths(
  askPaths: AskPaths,
  plan: WritePlan,
  initFolders: string[],
  existingPath: string | undefined
): Promise<void> {
  const paths = [
    ...plan.files.map(file => file.path),
    ...plan.folders,
    ...initFolders.map(folder => joinPath(folder, '__init__.py')),
    // the temporary items' folder; the root itself has no name to be a link
    ...(existingPath === undefined ? [] : [PathExt.dirname(existingPath)])
  ].filter((path, index, all) => path !== '' && all.indexOf(path) === index);
  const refused = await firstRefusal(askPaths, paths);
  if (refused) {
    throw new WriteRefusedError(tr =>
      tr.__('%1 Nothing was written.', errorText(refused, tr))
    );
  }
}

function changedError(path: string): WriteRefusedError {
  return new WriteRefusedError(tr =>
    tr.__(
      '%1 changed since the preview was made; nothing was written. Open "Promote to module..." again to see the current file.',
      path
    )
  );
}

/** The writes of one promotion, each refused rather than overwriting what it did not expect. */
class GuardedWriter {
  readonly createdFolders: string[] = [];
  /** files created here, with their text (deleted again on a roll-back) */
  private readonly createdFiles: { path: string; text: string }[] = [];
  /** existing files updated here, with the text each held (put back on a roll-back) */
  private readonly updates: { path: string; before: string; text: string }[] =
    [];

  /** @param temporaryFolder - where items are made before the rename (see the top of the file) */
  constructor(
    private readonly contents: ContentsAccess,
    private readonly temporaryFolder?: string
  ) {}

  get written(): string[] {
    return [
      ...this.createdFiles.map(file => file.path),
      ...this.updates.map(update => update.path)
    ];
  }

  /** what this writer made so far (rollBack.ts takes it back) */
  get made(): MadeFiles {
    return {
      createdFiles: [...this.createdFiles],
      updates: [...this.updates],
      createdFolders: [...this.createdFolders]
    };
  }

  /** Make `folder`; when it exists (hidden, or made since the listing) it is left as it is. */
  async createFolder(folder: string): Promise<void> {
    const made = await this.moveIntoPlace(folder, temporary =>
      this.contents.save(temporary, { type: 'directory' })
    );
    if (made) {
      this.createdFolders.push(folder);
    }
  }

  /** Create `path` holding `text`; refused when anything is already there. */
  async createFile(path: string, text: string): Promise<void> {
    const made = await this.moveIntoPlace(path, temporary =>
      this.saveText(temporary, text)
    );
    if (!made) {
      throw new WriteRefusedError(tr =>
        tr.__(
          '%1 already exists (hidden from the file browser, or created since the preview); it was not overwritten and nothing was written.',
          path
        )
      );
    }
    this.createdFiles.push({ path, text });
  }

  /** Save `text` over `path` if it still holds `expected`. */
  async update(path: string, text: string, expected: string): Promise<void> {
    const now = await readTextOrNull(this.contents, path);
    if (now !== expected) {
      throw changedError(path);
    }
    // recorded first: a save that failed half-way is put back too
    this.updates.push({ path, before: expected, text });
    await this.saveText(path, text);
  }

  private async saveText(path: string, text: string): Promise<void> {
    await this.contents.save(path, {
      type: 'file',
      format: 'text',
      content: text
    });
  }

  /**
   * Make the item under a temporary name and rename it to `path`: false (and the temporary
   * item deleted) when the server refuses because something is at `path`.
   */
  private async moveIntoPlace(
    path: string,
    make: (temporary: string) => Promise<unknown>
  ): Promise<boolean> {
    let temporary: string;
    try {
      temporary = await this.makeTemporary(path, make, this.temporaryFolder);
    } catch (error) {
      if (this.temporaryFolder === undefined || responseStatus(error) !== 403) {
        throw error;
      }
      // the notebook's folder refused (403: not writable): beside the target then, which
      // the user chose, so a refusal there names a path they know
      temporary = await this.makeTemporary(path, make);
    }
    try {
      await this.contents.rename(temporary, path);
      return true;
    } catch (error) {
      const status = responseStatus(error);
      // a 5xx or no answer (a 504 from a proxy) may come after the rename was done: then
      // the item is in place under `path`, and recorded as made (a roll-back deletes it)
      if (
        (status === undefined || status >= 500) &&
        (await this.renamed(temporary, path))
      ) {
        return true;
      }
      await this.discardTemporary(temporary, error);
      if (status === 409) {
        return false;
      }
      throw error;
    }
  }

  /** The temporary name is gone and `path` is there: the rename was done. False when unsure. */
  private async renamed(temporary: string, path: string): Promise<boolean> {
    const exists = (item: string) =>
      this.contents.get(item, { content: false }).then(
        () => true,
        (error: unknown) => {
          if (isNotFound(error)) {
            return false;
          }
          throw error;
        }
      );
    try {
      return !(await exists(temporary)) && (await exists(path));
    } catch {
      return false;
    }
  }

  /**
   * Make the item under a temporary name in `folder` (beside `path` when undefined) and
   * return that name. A 4xx means the server refused and made nothing, so nothing is
   * deleted (a DELETE would only be a 404); after any other failure (a 500, a lost answer)
   * it may have made the item, so the name is deleted again: it is random, nothing of the
   * user's is under it.
   */
  private async makeTemporary(
    path: string,
    make: (temporary: string) => Promise<unknown>,
    folder?: string
  ): Promise<string> {
    const temporary = temporaryName(path, folder);
    try {
      await make(temporary);
    } catch (error) {
      const status = responseStatus(error);
      if (status === undefined || status < 400 || status >= 500) {
        await this.discardTemporary(temporary, error);
      }
      throw error;
    }
    return temporary;
  }

  /**
   * Delete a temporary item after `error`; a 404 means it was never made. When the delete
   * fails otherwise, the error the user sees names the item left behind.
   */
  private async discardTemporary(
    temporary: string,
    error: unknown
  ): Promise<void> {
    try {
      await this.contents.delete(temporary);
    } catch (failure) {
      if (responseStatus(failure) !== 404) {
        throw new TranslatableError(tr =>
          tr.__(
            '%1; the temporary item %2 could not be deleted (%3): delete it yourself',
            errorText(error, tr),
            temporary,
            errorText(failure, tr)
          )
        );
      }
    }
  }
}
