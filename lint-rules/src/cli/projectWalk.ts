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
 *   ($HOME, by its real path too: /home may be a link, /tmp/rv9 W2) or the filesystem's root:
 *   those are still read;
 * - before a folder it may not read, and then every folder above it is not read either. A folder
 *   is not read when other users may write into it: world-writable (sticky as /tmp or not), or
 *   group-writable, unless the user owns it and its group is the user's own (a folder made under
 *   umask 002). The user's primary group is often shared (gid 100 `users`), so a root-owned 2775
 *   share of that group lets its members plant a config (/tmp/rv7 F1, /tmp/rv9 W1). Inside the
 *   notebook's own repository a group-writable folder is read, whoever owns it, when its group
 *   is the user's or root's. Else a folder is read when it lies in the notebook's own git
 *   repository (the repository's content is what is linted, whoever owns the checkout: a CI
 *   container running as root over the runner user's checkout, /tmp/rv7 F10), or when it is
 *   owned by the user running or by root.
 * - A config is judged by its folder's stat, then read by path: after the read, afterRead()
 *   refuses it when the folder is no longer the one judged (dev/ino) or the file belongs to
 *   someone else than the folder's owner, the user or root (a folder swapped in between by
 *   whoever may rename in its parent, /tmp/rv9 W4).
 *
 * The notebook's own repository is the nearest folder holding `.git` above its folder, found
 * through folders that, root's aside, all have one owner: a `.git` that another user made in a
 * folder of theirs above the user's folder is not the user's repository, while a folder root
 * made in a checkout (CI as root writing `out/`) does not cut it (/tmp/rv9 W3). Where there
 * are no user ids (Windows), only the mode is asked.
 */
import { lstatSync, realpathSync, statSync } from 'fs';
import * as path from 'path';
import { showControlCharacters } from '../promote/controlCharacters';
import { joinName } from './paths';

/**
 * Why a folder's files are not read as the project's (null: they are); 'replaced' and
 * 'file-owner' are afterRead's.
 */
export type ForeignFolder =
  | 'shared'
  | 'group-shared'
  | 'other-owner'
  | 'unreadable'
  | 'replaced'
  | 'file-owner';

/** What the walk asks of a folder or file (a test may give its own owners). */
export interface FolderStat {
  mode: number;
  uid: number;
  gid: number;
  /** its identity, when the system gives one */
  dev?: number;
  ino?: number;
}

export class ProjectWalk {
  private readonly homeGiven: string | null;
  private homeReal?: string | null;
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
   * @param where.stat a folder's (or file's) mode, owners and identity (default: fs.statSync,
   *   links followed)
   */
  constructor(
    where: {
      home?: string;
      uid?: number;
      gid?: number;
      stat?: (dir: string) => FolderStat;
    } = {}
  ) {
    this.homeGiven = where.home ? path.resolve(where.home) : null;
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

  /** Whether `dir` (a real path) is the home folder, given or by its real path (found once). */
  private isHome(dir: string): boolean {
    if (this.homeGiven === null) return false;
    this.homeReal ??= this.start(this.homeGiven);
    return dir === this.homeReal || dir === this.homeGiven;
  }

  /**
   * The root of the notebook's own git repository for a walk that starts at `start` (a real
   * path): the nearest folder holding `.git`, reached through folders of one owner, root's
   * folders aside; null when there is none (or ownership changes first). Asked once per folder
   * and chain owner (the answer from a folder depends on the owner met below it).
   */
  repository(start: string): string | null {
    const walked: string[] = [];
    let root: string | null = null;
    // the chain's one owner other than root (undefined while only root's folders were met)
    const first = this.stat(start)?.uid;
    let owner = first === 0 ? undefined : first;
    for (let current = start; ;) {
      const key = `${owner ?? ''}\0${current}`;
      const known = this.repos.get(key);
      if (known !== undefined) {
        root = known;
        break;
      }
      walked.push(key);
      if (this.holdsGit(current)) {
        root = current;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current || this.isHome(current)) break;
      // an unreadable folder's owner is unknown: the chain ends there
      if (this.stat(current) === null) break;
      const above = this.stat(parent)?.uid;
      if (above === undefined) break;
      if (above !== 0) {
        if (owner !== undefined && above !== owner) break;
        owner = above;
      }
      current = parent;
    }
    for (const key of walked) this.repos.set(key, root);
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
    const inRepository =
      repository !== null &&
      (dir === repository ||
        dir.startsWith(
          repository.endsWith(path.sep) ? repository : repository + path.sep
        ));
    if (
      st.mode & 0o020 &&
      !(st.uid === this.uid && st.gid === this.gid) &&
      !(inRepository && (st.gid === this.gid || st.gid === 0))
    )
      return 'group-shared';
    if (inRepository) return null;
    return st.uid === this.uid || st.uid === 0 ? null : 'other-owner';
  }

  /**
   * After `file` (in `dir`, which foreign() passed) was read: null when `dir` is still the
   * folder judged (same dev/ino, asked again now) and `file` belongs to the folder's owner, the
   * user or root; else why its text is not the project's.
   */
  afterRead(dir: string, file: string): ForeignFolder | null {
    const judged = this.stat(dir);
    if (!judged) return 'unreadable';
    let now: FolderStat;
    let read: FolderStat;
    try {
      now = this.statOf(dir);
      read = this.statOf(file);
    } catch {
      return 'replaced';
    }
    if (now.dev !== judged.dev || now.ino !== judged.ino) return 'replaced';
    if (this.uid === undefined) return null;
    return read.uid === judged.uid || read.uid === this.uid || read.uid === 0
      ? null
      : 'file-owner';
  }

  /** The folder read after `dir`, or null where the walk stops (the root, $HOME, a git root). */
  above(dir: string): string | null {
    const parent = path.dirname(dir);
    if (parent === dir || this.isHome(dir) || this.holdsGit(dir)) return null;
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
        const { mode, uid, gid, dev, ino } = this.statOf(dir);
        st = { mode, uid, gid, dev, ino };
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
        : why === 'replaced'
          ? `${folder} was replaced while it was read`
          : why === 'file-owner'
            ? `it belongs to another user than ${folder}`
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
