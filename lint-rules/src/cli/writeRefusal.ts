/**
 * Why a file the project names (promote's module, test file and notebook, `--fix`'s notebooks)
 * may not be written: a symbolic link on its way, a `.git` folder, something that is not a
 * regular file, or two of promote's files that are one. Asked before anything is written.
 */
import { statSync } from 'fs';
import { showControlCharacters } from '../promote/controlCharacters';
import { resolvePath } from './paths';
import { boundOf, inside, shownPath } from './writeBounds';
import { onFile } from './writeCommit';
import { outsideRefusal, WriteRefusedError } from './writeErrors';
import {
  commonFolder,
  gitFolderKind,
  gitFolderKindOf,
  gitFolderShown,
  resolveLinks
} from './writeTargets';
import { newWalk, type SharedWalk, wayOf } from './writeWay';

/**
 * Why writing `file` (absolute, not resolved) for the project is refused, or undefined: it is
 * below a `.git` folder; it, or a folder on its way, is a symbolic link; or it names a folder
 * or something that is not a regular file. Promote asks it of every file before it writes the
 * first one.
 *
 * No project write follows a link, even one that stays inside the folder: a pull request can
 * commit `src/utils.py -> ../.git/hooks/pre-commit`, and promote would write Python into a
 * hook git runs on the next commit (or `nb.ipynb -> other.ipynb`, and `--fix` would rewrite a
 * notebook nobody named). git itself refuses to check a file out beyond a symbolic link
 * (symlinks.c, has_symlink_leading_path: "beyond a symbolic link") and writes nothing under
 * `.git` from a tree; black and ruff's `--fix` open the path and follow the link. nbcraft
 * takes git's side: the link and what it holds are named, nothing is written (exit 2).
 */
export function projectWriteRefusal(
  file: string,
  root: string
): WriteRefusedError | undefined {
  return checkedWrite(file, root, newWalk()).refused;
}

/**
 * projectWriteRefusal over a walk shared by the files of one check, and the file with every
 * link resolved (resolveLinks) when the walk found it on the way.
 */
function checkedWrite(
  file: string,
  root: string,
  walk: SharedWalk
): { refused?: WriteRefusedError; real?: string } {
  const { folder, where } = boundOf(file, root);
  // a file outside the run's folder is checked from the folder both share: a link in one of
  // its parent folders is met too (`../other/link/nb.ipynb`)
  const start = folder === root ? root : commonFolder(root, file);
  const way = wayOf(file, start, walk);
  const found = way.link;
  // named only in a refusal: relative to the run's folder, per file, was most of the check's time
  const shown = (): string => shownPath(file, root);
  if (found) {
    let out = false;
    try {
      out = !inside(resolveLinks(folder), resolveLinks(file));
    } catch {
      // a loop, or a link through a file: named as a link below
    }
    if (out)
      return {
        refused: new WriteRefusedError(
          file,
          outsideRefusal(shown(), { where, through: true })
        )
      };
    const link = shownPath(found.link, root);
    const to = showControlCharacters(found.to);
    return {
      refused: new WriteRefusedError(
        file,
        found.link === file
          ? `${shown()} is a symbolic link (to ${to}); nbcraft writes no file through a link: replace the link by the file, or name its target`
          : `${shown()} is below ${link}, a symbolic link (to ${to}); nbcraft writes no file through a link: name the path without it`
      )
    };
  }
  // after the links: a link into .git is named as the link it is
  const real = way.real;
  const git = real
    ? gitFolderKindOf(resolvePath(file), real.file, real.dotGit, walk.gitdirs)
    : gitFolderKind(file, walk.gitdirs);
  if (git)
    return {
      refused: new WriteRefusedError(
        file,
        `${shown()} is inside ${gitFolderShown(git)}; nbcraft never writes there (git runs its hooks and reads its config from it)`
      )
    };
  return { refused: kindRefusal(file, shown, file), real: real?.file };
}

/**
 * Why promote's files (`files`, absolute, the notebook among them) are refused together, or
 * undefined: one of them is (projectWriteRefusal), or two are one file, through a symbolic or
 * hard link or, on macOS and Windows, by case (`src/M.py`, `src/m.py`): the second write would
 * replace the first and lose the promoted function or the notebook's cells. Asked before any
 * message is printed, any folder made or any file written.
 */
export function projectWritesRefusal(
  files: readonly string[],
  root: string
): WriteRefusedError | undefined {
  const seen = new Map<string, string>();
  const walk = newWalk();
  const caseless =
    process.platform === 'darwin' || process.platform === 'win32';
  for (const file of files) {
    let refused: WriteRefusedError | undefined;
    let target: string;
    try {
      const checked = checkedWrite(file, root, walk);
      refused = checked.refused;
      target = checked.real ?? resolveLinks(file);
    } catch (err) {
      // an errno met while looking (a name too long, a folder it may not look into): said
      // as the write itself would say it, relative, never with the absolute path
      const said = onFile(err, file, root);
      if (said instanceof WriteRefusedError) return said;
      throw said;
    }
    if (refused) return refused;
    const keys = [caseless ? target.toLowerCase() : target];
    try {
      const st = statSync(target);
      keys.push(`inode ${st.dev}:${st.ino}`);
    } catch {
      // not made yet: its path is its only name
    }
    for (const key of keys) {
      const first = seen.get(key);
      if (first !== undefined) {
        // the same path twice: a module path that is the notebook itself (`promote:nb.py:f` in nb.py)
        return new WriteRefusedError(
          file,
          first === file
            ? `${shownPath(file, root)} is named twice (a module path that is the notebook itself); promote would write one over the other`
            : `${shownPath(first, root)} and ${shownPath(file, root)} are one file (through a link, or by case); promote would write one over the other`
        );
      }
      seen.set(key, file);
    }
  }
  return undefined;
}

/** A file the project names is written only as a regular file (or made). */
function kindRefusal(
  file: string,
  shown: () => string,
  target: string
): WriteRefusedError | undefined {
  let stat;
  try {
    stat = statSync(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // named when written
    throw err;
  }
  if (stat.isDirectory())
    return new WriteRefusedError(file, `${shown()} is a folder, not a file`);
  if (!stat.isFile())
    return new WriteRefusedError(
      file,
      `${shown()} is not a regular file (a FIFO, a socket or a device); nbcraft writes only files there`
    );
  return undefined;
}
