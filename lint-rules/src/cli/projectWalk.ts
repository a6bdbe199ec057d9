/**
 * How far a walk upwards from a file reads the files of its folders as the project's: the config
 * loader (nbcraft.json, [tool.nbcraft]), NB105's project names (pyproject.toml, setup.cfg,
 * setup.py) and promote's defaults all walk by this one rule, because a file found above the
 * project may come from someone else: `/tmp/nbcraft.json` planted by another local user would
 * turn rules off or point `ignore` and `promote` at other folders (/tmp/rv23 N6).
 *
 * The walk starts at the real path of the file's folder (links resolved, so the folders judged
 * are the folders walked, /tmp/rv7 F11), reads a folder, then its parent, and stops
 * - after the git root (a folder holding `.git`, a folder or a worktree's file), the home folder
 *   ($HOME) or the filesystem's root: those are still read;
 * - before a folder it may not read, and then every folder above it is not read either. A folder
 *   is not read when other users may write into it: world-writable (sticky as /tmp or not), or
 *   group-writable by a group that is neither the user's own nor root's (a root-owned 2775
 *   share lets every member of its group plant a config, /tmp/rv7 F1; this holds inside the
 *   notebook's repository too). Else it is read when it lies in the notebook's own git
 *   repository (the repository's content is what is linted, whoever owns the checkout: a CI
 *   container running as root over the runner user's checkout, /tmp/rv7 F10), or when it is
 *   owned by the user running or by root.
 *
 * The notebook's own repository is the nearest folder holding `.git` above its folder, found
 * through folders that all have the owner of the notebook's folder: a `.git` that another user
 * made in a folder of theirs above the user's folder is not the user's repository. Where there
 * are no user ids (Windows), only the mode is asked.
 */
import { lstatSync, realpathSync, statSync } from 'fs';
import * as path from 'path';
import { showControlCharacters } from '../promote/controlCharacters';
import { joinName } from './paths';

/** Why a folder's files are not read as the project's (null: they are). */
export type ForeignFolder =
  'shared' | 'group-shared' | 'other-owner' | 'unreadable';

/** What the walk asks of a folder (a test may give its own owners). */
export interface FolderStat {
  mode: number;
  uid: number;
  gid: number;
}

export class ProjectWalk {
  private readonly home: string | null;
  private readonly uid: number | undefined;
  private readonly gid: number | undefined;
  private readonly statOf: (dir: string) => FolderStat;
  private readonly stats = new Map<string, FolderStat | null>();
  private readonly reals = new Map<string, string>();
  private readonly repos = new Map<string, string | null>();
  private readonly gits = new Map<string, boolean>();

  /**
   * @param where.home the user's home folder ($HOME): read, and the walk goes no higher
   * @param where.uid the user running (default: this process's; none on Windows)
   * @param where.gid the user's group (default: this process's)
   * @param where.stat a folder's mode and owners (default: fs.statSync, links followed)
   */
  constructor(
    where: {
      home?: string;
      uid?: number;
      gid?: number;
      stat?: (dir: string) => FolderStat;
    } = {}
  ) {
    this.home = where.home ? path.resolve(where.home) : null;
    this.uid = 'uid' in where ? where.uid : process.getuid?.();
    this.gid = 'gid' in where ? where.gid : process.getgid?.();
    this.statOf = where.stat ?? statSync;
  }

  /** The folder a walk from `dir` starts at: its real path (`dir` itself when it has none). */
  start(dir: string): string {
    let real = this.reals.get(dir);
    if (real === undefined) {
      try {
        real = realpathSync.native(dir);
      } catch {
        real = dir;
      }
      this.reals.set(dir, real);
    }
    return real;
  }

  /**
   * The root of the notebook's own git repository for a walk that starts at `start` (a real
   * path): the nearest folder holding `.git`, reached through folders of one owner; null when
   * there is none (or ownership changes first). Asked once per folder.
   */
  repository(start: string): string | null {
    const walked: string[] = [];
    let root: string | null = null;
    for (let current = start; ;) {
      const known = this.repos.get(current);
      if (known !== undefined) {
        root = known;
        break;
      }
      walked.push(current);
      if (this.holdsGit(current)) {
        root = current;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current || current === this.home) break;
      // an unreadable folder's owner is unknown: the chain ends there
      const owner = this.stat(current)?.uid;
      if (owner === undefined || this.stat(parent)?.uid !== owner) break;
      current = parent;
    }
    for (const d of walked) this.repos.set(d, root);
    return root;
  }

  /**
   * Why `dir`'s files are not the project's, or null when the walk may read them; `repository`
   * is the walk's own repository (repository(start)).
   */
  foreign(dir: string, repository: string | null): ForeignFolder | null {
    const st = this.stat(dir);
    if (!st) return 'unreadable';
    if (st.mode & 0o002) return 'shared';
    if (this.uid === undefined) return null;
    if (st.mode & 0o020 && st.gid !== this.gid && st.gid !== 0)
      return 'group-shared';
    if (
      repository !== null &&
      (dir === repository ||
        dir.startsWith(
          repository.endsWith(path.sep) ? repository : repository + path.sep
        ))
    )
      return null;
    return st.uid === this.uid || st.uid === 0 ? null : 'other-owner';
  }

  /** The folder read after `dir`, or null where the walk stops (the root, $HOME, a git root). */
  above(dir: string): string | null {
    const parent = path.dirname(dir);
    if (parent === dir || dir === this.home || this.holdsGit(dir)) return null;
    return parent;
  }

  /** Whether `dir` holds `.git` (a folder, a worktree's file, anything): asked once per folder. */
  private holdsGit(dir: string): boolean {
    let held = this.gits.get(dir);
    if (held === undefined) {
      held = exists(joinName(dir, '.git'));
      this.gits.set(dir, held);
    }
    return held;
  }

  private stat(dir: string): FolderStat | null {
    let st = this.stats.get(dir);
    if (st === undefined) {
      try {
        const { mode, uid, gid } = this.statOf(dir);
        st = { mode, uid, gid };
      } catch {
        st = null;
      }
      this.stats.set(dir, st);
    }
    return st;
  }
}

/**
 * Why, in words, a foreign folder's files were passed over: `below`, the folder's name as shown,
 * when the file passed over lies above it (the walk reads nothing above a foreign folder).
 */
export function foreignFolderReason(
  why: ForeignFolder,
  below?: string
): string {
  const folder =
    below === undefined
      ? 'that folder'
      : `the folder ${showControlCharacters(below)} below it`;
  return why === 'shared'
    ? `any user may create files in ${folder}`
    : why === 'group-shared'
      ? `the members of another group may create files in ${folder}`
      : why === 'other-owner'
        ? `${folder} belongs to another user`
        : `${folder} cannot be read`;
}

/**
 * Whether `p` is there (a link counts; an error, as an unsearchable folder, does not): no
 * exception when it is absent, the common case (one costs ~40 us: bench/config-walk.js).
 */
function exists(p: string): boolean {
  try {
    return lstatSync(p, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}
