/**
 * The ways of one check of many files, walked together (promote's: a module 1,500 folders deep
 * has an `__init__.py` at every level, and the check runs again after staging, when every folder
 * exists): each folder below where the check starts is looked at once, however many files pass
 * through it, so the check grows with the files' total path length, not with depth times files.
 * Nothing is kept from one check to the next: writeProjectFiles' second check sees a folder
 * swapped for a link meanwhile.
 */
import { lstatSync, readlinkSync } from 'fs';
import * as path from 'path';
import { leavesFolder, relativePath } from './paths';
import { type GitdirsAbove, isDotGit, resolveLinks } from './writeTargets';

/** A name on the way below the start, as lstat found it. */
interface WayPart {
  /** false: missing, or a file is on its way (ENOTDIR); nothing below it is looked at */
  readonly present: boolean;
  /** the symbolic link it is, with what it holds */
  readonly link?: { link: string; to: string };
  /** whether it or a part between the start and it is a name git takes for `.git` */
  readonly dotGit: boolean;
  readonly below: Map<string, WayPart>;
}

/** Where a check starts (the run's folder, or the folder a file outside it shares with it). */
interface WayStart {
  readonly top: WayPart;
  /** the start with every link resolved (resolveLinks), null when that failed */
  real?: string | null;
  /** whether a part of the start, or of its real location, is a name git takes for `.git` */
  dotGit?: boolean;
}

/** What one check of many files learns of their folders, shared between them. */
export interface SharedWalk {
  /** gitFolderKind's, over the check */
  readonly gitdirs: GitdirsAbove;
  readonly starts: Map<string, WayStart>;
}

export function newWalk(): SharedWalk {
  return { gitdirs: new Map(), starts: new Map() };
}

/** What a file's way holds, from the check's start down to the file. */
export interface Way {
  /**
   * The first symbolic link on the way below the start (a folder, or the file itself), with
   * what it holds. Only what exists is looked at: a missing folder is made later, as a folder.
   */
  readonly link?: { link: string; to: string };
  /**
   * With no link on the way: the file with every link resolved (resolveLinks' answer: the
   * start's real location and the rest as written), and whether a part of it or of the path
   * as given is a name git takes for `.git`. Undefined when the start could not be resolved
   * or `file` is not below it.
   */
  readonly real?: { file: string; dotGit: boolean };
}

/**
 * The way from `start` down to `file`, over the parts other files of the check already
 * walked; a file not below `start` is looked at alone. Throws what lstat throws but ENOENT and
 * ENOTDIR (a missing part ends the way: nothing below it is looked at).
 */
export function wayOf(file: string, start: string, walk: SharedWalk): Way {
  const rel = relativePath(start, file);
  if (rel === '' || leavesFolder(rel)) {
    const alone = lookedAt(file, false);
    return alone.link ? { link: alone.link } : {};
  }
  let from = walk.starts.get(start);
  if (!from) {
    from = { top: { present: true, dotGit: false, below: new Map() } };
    walk.starts.set(start, from);
  }
  const parts = rel.split(path.sep);
  let node = from.top;
  for (let i = 0; i < parts.length; i++) {
    let next = node.below.get(parts[i]);
    if (!next) {
      const dotGit = node.dotGit || isDotGit(parts[i]);
      next = node.present
        ? lookedAt(
            path.join(start, parts.slice(0, i + 1).join(path.sep)),
            dotGit
          )
        : { present: false, dotGit, below: new Map() };
      node.below.set(parts[i], next);
    }
    if (next.link) return { link: next.link };
    node = next;
  }
  if (from.real === undefined) {
    try {
      from.real = resolveLinks(start);
      from.dotGit = [path.resolve(start), from.real].some(p =>
        p.split(path.sep).some(isDotGit)
      );
    } catch {
      from.real = null; // a loop above the start: the caller resolves the file itself
    }
  }
  if (from.real === null) return {};
  return {
    real: {
      file: path.join(from.real, rel),
      dotGit: from.dotGit === true || node.dotGit
    }
  };
}

/** The part at `here`, as its lstat finds it. */
function lookedAt(here: string, dotGit: boolean): WayPart {
  let st;
  try {
    st = lstatSync(here);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { present: false, dotGit, below: new Map() };
    throw err;
  }
  return {
    present: true,
    link: st.isSymbolicLink()
      ? { link: here, to: readlinkSync(here) }
      : undefined,
    dotGit,
    below: new Map()
  };
}
