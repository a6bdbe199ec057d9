/**
 * How far a walk upwards from a file reads the files of its folders as the project's: the config
 * loader (nbcraft.json, [tool.nbcraft]) and NB105's project names (pyproject.toml, setup.cfg,
 * setup.py) both walk by this one rule, because a file found above the project comes from
 * someone else: `/tmp/nbcraft.json` planted by another local user would turn rules off or point
 * `ignore` and `promote` at other folders (/tmp/rv23 N6).
 *
 * The walk reads a folder, then its parent, and stops
 * - after the git root (a folder holding `.git`, a folder or a worktree's file), the home folder
 *   ($HOME) or the filesystem's root: those are still read;
 * - before a folder anyone may write files into (world-writable with the sticky bit, as /tmp) or
 *   one owned by another user than the one running (root's excepted: / and /home are root's):
 *   such a folder, and every folder above it, is not read. Where there are no user ids
 *   (Windows), only the mode is asked.
 */
import { lstatSync, statSync } from 'fs';
import * as path from 'path';
import { joinName } from './paths';

/** Why a folder's files are not read as the project's (null: they are). */
export type ForeignFolder = 'shared' | 'other-owner' | 'unreadable';

export class ProjectWalk {
  private readonly home: string | null;
  private readonly uid: number | undefined;

  /**
   * @param where.home the user's home folder ($HOME): read, and the walk goes no higher
   * @param where.uid the user running (default: this process's; none on Windows)
   */
  constructor(where: { home?: string; uid?: number } = {}) {
    this.home = where.home ? path.resolve(where.home) : null;
    this.uid = 'uid' in where ? where.uid : process.getuid?.();
  }

  /** Why `dir`'s files are not the project's, or null when the walk may read them. */
  foreign(dir: string): ForeignFolder | null {
    try {
      const st = statSync(dir);
      if ((st.mode & 0o1002) === 0o1002) return 'shared';
      return this.uid === undefined || st.uid === this.uid || st.uid === 0
        ? null
        : 'other-owner';
    } catch {
      return 'unreadable';
    }
  }

  /** The folder read after `dir`, or null where the walk stops (the root, $HOME, a git root). */
  above(dir: string): string | null {
    const parent = path.dirname(dir);
    if (parent === dir || dir === this.home || exists(joinName(dir, '.git')))
      return null;
    return parent;
  }
}

/** Why, in words, a foreign folder's files were passed over. */
export function foreignFolderReason(why: ForeignFolder): string {
  return why === 'shared'
    ? 'any user may create files in that folder'
    : why === 'other-owner'
      ? 'that folder belongs to another user'
      : 'that folder cannot be read';
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
