/**
 * The temporary files a killed run of the CLI left (SIGKILL, power loss between staging and
 * the renames), removed by the next run that writes in the same folder: a run's
 * `.nbcraft-<pid>-<random>.tmp` (writeCommit.ts, stage) holds the module's or notebook's new
 * text, which that run never put in place; it only clutters the folder, and no later run
 * reused or removed it. Only what the CLI itself made is removed: the exact name shape stage
 * gives (12 hex digits), a regular file owned by this user, written at least STALE_AFTER_MS
 * ago, whose run is not running on this machine. `.nbcraft-*.old` files are never removed:
 * one may hold the only copy of what a rename replaced (writeCommit.ts, commitAll).
 *
 * Each folder is listed at most once a run: promote lists the folders of its files before
 * staging (write.ts, writeProjectFiles), `--fix` the folders it wrote a fix in, once all are
 * written (lintCommand.ts); listing it for every file written cost files x folder size (review
 * s20: `--fix` of 300 notebooks in a folder of 100,300 entries took 150 s, not 0.9 s). The
 * report (`--output-file`) never lists its folder: that is a path the user typed, often a shared
 * one (/tmp, a CI artifacts folder) as large as any, where nothing of the project is written;
 * a report's own left-over (its run killed while writing it) holds only a report, and the next
 * promote or `--fix` that writes in that folder removes it.
 * Every file removed is named on stderr (removedNote): an earlier failure may have named it as
 * left behind.
 */
import { lstatSync, readdirSync } from 'fs';
import * as path from 'path';
import { shownPath } from './writeBounds';
import { heldPath, removeStaged, type HeldFolders } from './writeHeld';

/** What stage names a temporary file: `.nbcraft-<pid>-<6 random bytes in hex>.tmp`. */
const TEMPORARY_NAME = /^\.nbcraft-([1-9]\d{0,9})-[0-9a-f]{12}\.tmp$/;

/**
 * How old a temporary file must be to be another run's left-over: a live run stages and
 * renames within a second or so; the age also covers a run in another PID namespace writing to
 * the same folder (a container sharing the mount), whose pid means nothing here.
 */
export const STALE_AFTER_MS = 10_000;

/** Whether a process `pid` runs on this machine (EPERM: it does, as another user). */
export function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The left-over temporary files in `folder` (absolute paths), by the checks at the top; one
 * `readdir` and an `lstat` per name of the right shape, so linear in the folder's size.
 */
export function staleTemporaries(
  folder: string,
  now: number = Date.now(),
  runs: (pid: number) => boolean = processRuns,
  held: HeldFolders = new Map()
): { tmp: string; dev: number; ino: number }[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return []; // a folder that cannot be listed: nothing is known to be stale
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  const stale: { tmp: string; dev: number; ino: number }[] = [];
  for (const name of names) {
    const shape = TEMPORARY_NAME.exec(name);
    if (!shape) continue;
    const tmp = path.join(folder, name);
    let st;
    try {
      st = lstatSync(heldPath(tmp, held));
    } catch {
      continue;
    }
    if (!st.isFile() || now - st.mtimeMs < STALE_AFTER_MS) continue;
    if (uid !== -1 && st.uid !== uid) continue;
    if (runs(Number(shape[1]))) continue;
    stale.push({ tmp, dev: st.dev, ino: st.ino });
  }
  return stale;
}

/**
 * The left-over temporary files of each folder removed (through the held folder, and only
 * while the file there is still the one found: removeStaged); the paths removed. Each folder
 * is listed once, however often it is given. A file that cannot be removed is left as it was:
 * the write goes on.
 */
export function removeStaleTemporaries(
  folders: Iterable<string>,
  held: HeldFolders = new Map()
): string[] {
  const removed: string[] = [];
  for (const folder of new Set(folders)) {
    for (const found of staleTemporaries(
      folder,
      Date.now(),
      processRuns,
      held
    )) {
      try {
        if (removeStaged(found, held)) removed.push(found.tmp);
      } catch {
        // EACCES, EBUSY: left for the user, as before
      }
    }
  }
  return removed;
}

/** What the CLI says on stderr of a left-over it removed (`tmp` shown as other paths, from `root`). */
export function removedNote(tmp: string, root: string): string {
  return `removed ${shownPath(tmp, root)}, a temporary file a killed nbcraft run left`;
}
