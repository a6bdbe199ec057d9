/**
 * How the CLI writes a file: promote's module, test file and notebook, `--fix`'s notebooks and
 * `--output-file`'s report. One entry for each (writeFileSafely, writeProjectFiles) over the
 * modules that own the parts: where a write may land (writeBounds.ts, writeTargets.ts), why a
 * project's file is refused (writeRefusal.ts), how files are replaced (writeCommit.ts), how the
 * report is written (writeReport.ts).
 */
import * as path from 'path';
import { makeFolders, removeFolders } from './folders';
import { shownPath } from './writeBounds';
import { commitAll, onFile, replaceFile, stageAll } from './writeCommit';
import { asRefusal, WriteRefusedError } from './writeErrors';
import {
  holdFolders,
  releaseFolders,
  discardStaged,
  type HeldFolders,
  type WriteHooks
} from './writeHeld';
import { projectWriteRefusal, projectWritesRefusal } from './writeRefusal';
import { removeStaleTemporaries } from './staleTemporaries';
import { writeReport } from './writeReport';

export { WriteRefusedError } from './writeErrors';
export { projectWritesRefusal } from './writeRefusal';
export { commitAll, stageAll, type Staged } from './writeCommit';

export interface WriteOptions {
  /**
   * The folder the write must stay in (the run's current folder). A path outside it (`--fix` of
   * `../other/nb.ipynb`, `--output-file /tmp/r.sarif`) is held to its own folder instead.
   */
  root: string;
  /**
   * Where a symbolic link is met:
   * - `refuse` (promote, `--fix`: files the project names, through a `promote:` tag or a file
   *   committed as a link): any link on the way, wherever it leads, and any path below `.git`:
   *   nothing is written, WriteRefusedError (see projectWriteRefusal). So is anything that is
   *   not a regular file (a FIFO or device named as a module would hang or vanish the write).
   * - `replace` (`--output-file`: a path the user typed): the link itself is replaced by the
   *   report. In CI the report path is inside a checkout a pull request may have filled, with
   *   `results.sarif -> ~/.ssh/authorized_keys`: following it would write there, refusing would
   *   let the pull request stop the report being uploaded. A folder on the way that leads out is
   *   refused (the report would be written out there).
   */
  links: 'refuse' | 'replace';
}

/**
 * Promote's files written together, once projectWritesRefusal let them: their missing folders
 * made, a killed run's temporary files there removed (staleTemporaries.ts), every temporary
 * file written and flushed (stageAll), the check run again (a folder
 * swapped for a link meanwhile: refused, the temporary files removed from the folders held
 * open, writeHeld.ts), then all renamed (commitAll): a failure while making a folder, writing
 * (a full disk) or renaming leaves every file as it was and removes the folders it made.
 * Returns the killed run's temporary files it removed (absolute paths), for the CLI to name.
 */
export function writeProjectFiles(
  files: readonly (readonly [string, string])[],
  root: string,
  hooks: WriteHooks = {}
): string[] {
  const names = files.map(([file]) => file);
  const refused = projectWritesRefusal(names, root);
  if (refused) throw refused;
  const made: string[] = []; // folders this write made, removed again when it fails
  let held: HeldFolders = new Map();
  try {
    for (const [file] of files) {
      try {
        made.push(...makeFolders(path.dirname(file)));
      } catch (err) {
        throw onFile(err, file, root);
      }
    }
    held = holdFolders(names, root);
    // a killed run's temporary files in these folders (staleTemporaries.ts)
    const removed = removeStaleTemporaries(
      names.map(file => path.dirname(file)),
      held
    );
    const staged = stageAll(files, root, held);
    // asked again just before the renames: a folder swapped for a link while the temporary
    // files were written is refused, and they are removed from where they were written; any
    // that cannot be is named (the module's text is in it)
    const discard = (err: unknown): unknown =>
      discardStaged(staged, held, err, t => shownPath(t, root));
    let changed: WriteRefusedError | undefined;
    try {
      hooks.afterStaging?.();
      changed = projectWritesRefusal(names, root);
    } catch (err) {
      throw discard(err);
    }
    if (changed) throw discard(changed);
    hooks.beforeRenames?.();
    commitAll(staged, root, held);
    return removed;
  } catch (err) {
    removeFolders(made);
    throw err;
  } finally {
    releaseFolders(held);
  }
}

/**
 * Writes `text` to `given` (absolute). The report (`options.links` `replace`): see
 * writeReport. A file the project names (`refuse`): a regular file (new or not) through a
 * temporary file renamed over it; a symbolic link (of the file or of a folder on its way,
 * wherever it leads), a path below a `.git` folder, or anything but a regular file or a missing
 * one is refused (projectWriteRefusal). It lists no folder: `--fix` removes a killed run's
 * temporary files once per folder after its writes (staleTemporaries.ts), not once per file.
 *
 * Left open: the links are checked, then the file is renamed; a process running beside nbcraft
 * that swaps a checked folder for a link in between still leads the rename through it (for
 * promote's files the window is narrowed to the renames: writeProjectFiles checks again after
 * staging). Node has no openat/renameat to hold the checked folder open, so only a concurrent
 * writer in the project can use this, not a file committed to it.
 */
export function writeFileSafely(
  given: string,
  text: string,
  options: WriteOptions
): void {
  const data = Buffer.from(text, 'utf8');
  if (options.links === 'replace') {
    try {
      writeReport(given, data, options.root);
    } catch (err) {
      throw asRefusal(
        err,
        given,
        `the report to ${shownPath(given, options.root)}`
      );
    }
    return;
  }
  const refused = projectWriteRefusal(given, options.root);
  if (refused) throw refused;
  replaceFile(given, data);
}
