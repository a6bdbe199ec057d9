/**
 * The folders promote stages its temporary files in, held open (a descriptor each) from before
 * staging until the write ends: when the check run again before the renames finds a folder on
 * the way swapped for a symbolic link meanwhile (write.ts, writeProjectFiles), the temporary
 * files are removed from the folder they were written in, not through the path, which now
 * leads where the link does.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  rmSync,
  statSync
} from 'fs';
import * as path from 'path';
import { shownPath } from './writeBounds';
import { asRefusal } from './writeErrors';

// undefined on Windows, whatever the types say
const O_DIRECTORY =
  (constants as Partial<Record<string, number>>).O_DIRECTORY ?? 0;

/** Tests only: what happens between writeProjectFiles' steps (a folder swapped, a failure). */
export interface WriteHooks {
  /** after every temporary file is written, before the check is run again */
  afterStaging?: () => void;
  /** after that check, before the first rename */
  beforeRenames?: () => void;
}

/** Each folder's descriptor, by the folder's path (absolute, as the files name it). */
export type HeldFolders = Map<string, number>;

/**
 * The folders of `files` opened read-only. On Windows, which cannot open a folder, one is left
 * out (its temporary files are written and removed by path). Elsewhere a folder that cannot be
 * opened refuses the write, naming the first file in it (relative to `root`): skipped, it was
 * written by path, and a folder swapped for a link meanwhile received the module's text,
 * left there unreported (s19 review, D5). Nothing stays held when one fails.
 */
export function holdFolders(
  files: Iterable<string>,
  root: string
): HeldFolders {
  const held: HeldFolders = new Map();
  for (const file of files) {
    const folder = path.dirname(file);
    if (held.has(folder)) continue;
    try {
      held.set(folder, openSync(folder, constants.O_RDONLY | O_DIRECTORY));
    } catch (err) {
      if (process.platform === 'win32') continue;
      releaseFolders(held);
      // as any errno met on the way is said: the file named, relative, in words
      throw asRefusal(err, file, shownPath(file, root));
    }
  }
  return held;
}

export function releaseFolders(held: HeldFolders): void {
  for (const fd of held.values()) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
  held.clear();
}

/** A temporary file as staged: its path, and the file it was when written (fstat). */
export interface StagedFile {
  tmp: string;
  dev: number;
  ino: number;
}

/** Whether `/proc/self/fd/<fd>` names the held folder (Linux with /proc mounted). */
function procNames(fd: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return statSync(`/proc/self/fd/${fd}`).isDirectory();
  } catch {
    return false; // no /proc (a container or chroot without it): by path, checked by inode
  }
}

/**
 * Where `tmp` is opened, written and removed: on Linux, through its held folder's descriptor
 * (`/proc/self/fd/<fd>/<name>` names that folder wherever it was moved, so a folder swapped for
 * a link after it was held never receives the file); by path elsewhere, or when the folder is
 * not held or /proc is not there.
 */
export function heldPath(tmp: string, held: HeldFolders): string {
  const fd = held.get(path.dirname(tmp));
  return fd !== undefined && procNames(fd)
    ? `/proc/self/fd/${fd}/${path.basename(tmp)}`
    : tmp;
}

/**
 * `s` removed from the folder it was written in, only while what is there is still the file
 * staged (same device and inode as when written): through the held folder (heldPath), or by
 * path, which may now lead through a link to another folder (then a file found there is
 * removed only when it is the one written there). False when the file is left: no longer
 * reachable by name (its folder moved away from its path), or another file stands there.
 */
export function removeStaged(s: StagedFile, held: HeldFolders): boolean {
  const at = heldPath(s.tmp, held);
  let st;
  try {
    st = lstatSync(at);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return at !== s.tmp || folderStays(s.tmp, held); // gone, unless its folder moved away
  }
  if (st.dev !== s.dev || st.ino !== s.ino) return false;
  rmSync(at, { force: true });
  return true;
}

/** Whether `tmp`'s folder path still leads to the folder held for it (true when none is). */
function folderStays(tmp: string, held: HeldFolders): boolean {
  const fd = held.get(path.dirname(tmp));
  if (fd === undefined) return true;
  try {
    const mine = fstatSync(fd);
    const there = statSync(path.dirname(tmp));
    return mine.dev === there.dev && mine.ino === there.ino;
  } catch {
    return false;
  }
}

/**
 * Every staged file removed (removeStaged), going on past one that fails, and `err` (the
 * refusal or error that stopped the write) returned, naming the temporary files left behind
 * (`shown`: relative to the run's folder): the module's text may be in one.
 */
export function discardStaged(
  staged: readonly StagedFile[],
  held: HeldFolders,
  err: unknown,
  shown: (tmp: string) => string
): unknown {
  const left: string[] = [];
  for (const s of staged) {
    let gone = false;
    try {
      gone = removeStaged(s, held);
    } catch {
      // EACCES, EBUSY: said with the rest below
    }
    if (!gone) left.push(shown(s.tmp));
  }
  if (left.length && err instanceof Error)
    err.message += `; temporary files left behind: ${left.join(', ')}`;
  return err;
}
