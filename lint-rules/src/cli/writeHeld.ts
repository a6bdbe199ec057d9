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
  openSync,
  rmSync,
  statSync
} from 'fs';
import * as path from 'path';

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

/** `folders` opened read-only; one that cannot be opened (Windows) is left out. */
export function holdFolders(folders: Iterable<string>): HeldFolders {
  const held: HeldFolders = new Map();
  for (const folder of folders) {
    if (held.has(folder)) continue;
    try {
      held.set(folder, openSync(folder, constants.O_RDONLY | O_DIRECTORY));
    } catch {
      // Windows cannot open a folder: its temporary files are removed by path
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

/**
 * `tmp` removed from the folder it was written in: on Linux through that folder's descriptor
 * (`/proc/self/fd/<fd>/<name>` names the folder itself, wherever it was moved); elsewhere by
 * path, only while the path still leads to the held folder. A file the path now leads to
 * instead is never touched; one that cannot be reached stays.
 */
export function removeStaged(tmp: string, held: HeldFolders): void {
  const fd = held.get(path.dirname(tmp));
  if (fd === undefined) {
    rmSync(tmp, { force: true });
    return;
  }
  if (process.platform === 'linux') {
    rmSync(`/proc/self/fd/${fd}/${path.basename(tmp)}`, { force: true });
    return;
  }
  try {
    const mine = fstatSync(fd);
    const there = statSync(path.dirname(tmp));
    if (mine.dev === there.dev && mine.ino === there.ino)
      rmSync(tmp, { force: true });
  } catch {
    // the folder is gone from its path: its file cannot be reached by name
  }
}
