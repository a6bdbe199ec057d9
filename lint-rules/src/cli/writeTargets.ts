/**
 * What a CLI write's path holds before anything is written (writeRefusal.ts and writeReport.ts
 * decide what to do with it): every symbolic link resolved, a `.git` folder on the way (the
 * first link on the way: writeWay.ts).
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type Stats
} from 'fs';
import * as path from 'path';
import { leavesFolder } from './paths';

const MAX_LINKS = 40; // Linux's MAXSYMLINKS: past it, ELOOP

/**
 * `file` with every symbolic link resolved, also when it (or a link's target, or a folder on
 * the way) does not exist yet: the path a write through it would create. Walks up with `lstat`
 * to the deepest part that exists, resolves that once (`realpathSync.native`) and appends the
 * missing rest: a realpath at every missing level made a path 1,500 folders deep, a notebook's
 * `promote:<path>:<fn>` tag, take minutes (bench/deep-paths.js). A dangling link on the way is
 * followed to where it points (its folder resolved first), up to MAX_LINKS hops.
 */
export function resolveLinks(file: string, hops = 0): string {
  // the deepest part that exists, by halving: a path's parts exist up to some depth and none
  // below it (lstat of a part walks every folder above it), so log2(depth) lstats find it
  const { root } = path.parse(file); // '/', 'C:\\', or '' when relative (the current folder)
  const ends: number[] = []; // where each prefix of `file` below its root ends
  for (
    let i = file.indexOf(path.sep, root.length + 1);
    i > 0;
    i = file.indexOf(path.sep, i + 1)
  )
    ends.push(i);
  if (file.length > root.length) ends.push(file.length);
  let lo = 0; // ends[lo - 1] exists (or lo === 0: only the root is known to)
  let hi = ends.length; // ends[hi] and below do not
  let found: Stats | undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const st = existing(file.slice(0, ends[mid]));
    if (st) {
      lo = mid + 1;
      if (lo === hi) found = st;
    } else hi = mid;
  }
  // not even its first part: below the root, or the current folder
  const here = lo === 0 ? root || '.' : file.slice(0, ends[lo - 1]);
  const rest = file.slice(lo === 0 ? root.length : ends[lo - 1]);
  found ??= lstatSync(here);
  try {
    return path.join(realpathSync.native(here), rest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!found.isSymbolicLink() || (code !== 'ENOENT' && code !== 'ENOTDIR'))
      throw err;
  }
  // a link whose target is missing: followed, relative to its folder's real location
  if (hops >= MAX_LINKS) {
    throw Object.assign(new Error(`ELOOP: too many symbolic links, ${file}`), {
      code: 'ELOOP',
      path: file
    });
  }
  const target = path.resolve(
    realpathSync.native(path.dirname(here)),
    readlinkSync(here)
  );
  return resolveLinks(path.join(target, rest), hops + 1);
}

/** `p`'s lstat, or undefined when it is missing or a file is on its way (ENOTDIR). */
function existing(p: string): Stats | undefined {
  try {
    // no error built for a missing part (an error's message holds the whole path)
    return lstatSync(p, { throwIfNoEntry: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOTDIR') throw err;
    return undefined;
  }
}

/**
 * The deepest folder holding both `folder` and `file` (absolute), where the link check of a
 * file outside the run's folder starts (`../other/link/nb.ipynb` from `proj`: `..`, so the
 * link `other/link` is met). Not the file system's root: from there every absolute path would
 * meet the links a system has on the way (macOS's `/tmp -> private/tmp`); a file sharing no
 * folder but the root with the run's folder is checked from its own folder.
 */
export function commonFolder(folder: string, file: string): string {
  let f = path.resolve(folder);
  while (leavesFolder(path.relative(f, file))) {
    const up = path.dirname(f);
    if (up === f) return path.dirname(file);
    f = up;
  }
  return path.dirname(f) === f ? path.dirname(file) : f;
}

/** Code points HFS+ ignores in a name, as git's next_hfs_char lists them (utf8.c). */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;
/**
 * NTFS's names for `.git` (path.c, is_ntfs_dotgit): `.git` or the short name `git~1` in any
 * ASCII case, then only the dots and spaces Windows drops, up to the end, a colon (an alternate
 * stream: `.git::$INDEX_ALLOCATION`) or a backslash.
 */
const NTFS_DOTGIT = /^(?:\.[gG][iI][tT]|[gG][iI][tT]~1)[. ]*(?:$|[:\\/])/;

/**
 * A name git takes for `.git` (verify_path; CVE-2014-9390, CVE-2019-1353): NTFS's (above) or
 * HFS+'s, `.git` in any ASCII case once the code points HFS+ ignores are dropped (`.g\u200cit`;
 * utf8.c, is_hfs_dotgit). The cases: test/fixtures/dotgit-names.json, which the lab's
 * nbcraft/promote/git_folder.py is held to as well.
 */
export function isDotGit(part: string): boolean {
  return (
    NTFS_DOTGIT.test(part) ||
    /^\.[gG][iI][tT]$/.test(part.replace(HFS_IGNORED, ''))
  );
}

/**
 * What a `.git` in `folder` is: `gitdir`, the real location of the git folder it stands for
 * under another name: a `.git` file's `gitdir: …` (a worktree's, a submodule's, `git init
 * --separate-git-dir`), relative to `folder`, or where a `.git` symbolic link leads (real, every
 * link resolved: `gitdir: meta/link/gd` with `meta/link -> real` is `meta/real/gd`); `tree`,
 * whether `folder` is a working tree's top for git (a `.git` folder, or one naming a gitdir).
 * Undefined when there is no `.git`.
 */
function dotGitOf(
  folder: string
): { gitdir?: string; tree: boolean } | undefined {
  const dotGit = path.join(folder, '.git');
  try {
    const st = lstatSync(dotGit, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (st.isSymbolicLink())
      return { gitdir: resolveLinks(dotGit), tree: true };
    if (!st.isFile()) return { tree: st.isDirectory() };
    const named = readGitFile(dotGit);
    if (!named) return { tree: false };
    const gitdir = path.resolve(folder, named);
    // git cannot open a longer one (is_git_directory's access() fails), and the lab's
    // realpath of one took time quadratic in its parts: it names nothing on both sides
    return Buffer.byteLength(gitdir) < GITDIR_PATH_MAX
      ? { gitdir: resolveLinks(gitdir), tree: true }
      : { tree: false };
  } catch {
    return undefined;
  }
}

/** git's bound on a `.git` file (setup.c, read_gitfile_gently: larger is READ_GITFILE_ERR_TOO_LARGE). */
export const GIT_FILE_MAX = 1 << 20;
/** Linux's PATH_MAX: a `.git` file's gitdir this long or longer names nothing (git_folder.py agrees). */
export const GITDIR_PATH_MAX = 4096;
// undefined on Windows, whatever the types say
const OPEN_FLAGS =
  constants.O_RDONLY |
  ((constants as Partial<Record<string, number>>).O_NONBLOCK ?? 0) |
  ((constants as Partial<Record<string, number>>).O_NOFOLLOW ?? 0);

/**
 * The folder a `.git` file names, as git reads one (setup.c, read_gitfile_gently): a regular
 * file of at most GIT_FILE_MAX bytes that starts with `gitdir: `; the path is the rest of its
 * first line, trailing white space dropped. Anything else names nothing. Read as
 * readRegularFile reads, parsed in one pass (a pattern over the whole text backtracked
 * quadratically on a long line of spaces).
 */
export function readGitFile(dotGit: string): string | undefined {
  const text = readRegularFile(dotGit, GIT_FILE_MAX + 1);
  if (text === undefined || text.length > GIT_FILE_MAX) return undefined;
  const prefix = 'gitdir: ';
  if (text.toString('latin1', 0, prefix.length) !== prefix) return undefined;
  const eol = text.indexOf(0x0a, prefix.length);
  const named = text
    .toString('utf8', prefix.length, eol < 0 ? text.length : eol)
    .trimEnd();
  return named === '' ? undefined : named;
}

/**
 * At most `limit` bytes from the start of `file`, or undefined when it is no regular file.
 * Opened without following a link and without blocking (a FIFO swapped in after an lstat would
 * hang the read), then checked on the descriptor to be a regular file; read once, bounded.
 * Throws what open throws (ELOOP for a link).
 */
function readRegularFile(
  file: string,
  limit: number,
  flags = OPEN_FLAGS
): Buffer | undefined {
  const fd = openSync(file, flags);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    // one byte more than it said: a file grown since then past the bound is seen to be
    const buf = Buffer.alloc(Math.min(st.size + 1, limit));
    let len = 0;
    for (let n; len < buf.length; len += n) {
      n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
    }
    return buf.subarray(0, len);
  } finally {
    closeSync(fd);
  }
}

/** How much of HEAD git reads (setup.c, validate_headref: a 256-byte buffer, NUL-ended). */
const HEAD_READ_MAX = 255;
/** What validate_headref skips after `ref:`: git's isspace (git-compat-util.h), no \v or \f. */
const GIT_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OBJECT_ID = /^[0-9a-fA-F]{40}/;

/**
 * Whether `head` reads as a ref to git (setup.c, validate_headref): a symbolic link whose
 * target starts with `refs/`, or a regular file whose first 255 bytes, up to a NUL, are
 * `ref:`, git's white space, then `refs/…`, or start with an object id (40 hex digits: SHA-1,
 * or the first 40 of SHA-256's 64). A FIFO, a folder, anything else is none. Past 255 bytes
 * nothing is read: a large HEAD is judged on its start, as git judges it.
 */
function isHeadRef(head: string, st: Stats): boolean {
  if (st.isSymbolicLink()) return readlinkSync(head).startsWith('refs/');
  if (!st.isFile()) return false;
  const read = readRegularFile(head, HEAD_READ_MAX);
  if (read === undefined) return false;
  const nul = read.indexOf(0);
  const text = nul < 0 ? read : read.subarray(0, nul);
  if (text.toString('latin1', 0, 4) === 'ref:') {
    let i = 4;
    while (i < text.length && GIT_SPACE.has(text[i])) i++;
    if (text.toString('latin1', i, i + 5) === 'refs/') return true;
  }
  return OBJECT_ID.test(text.toString('latin1', 0, 40));
}

/** As readRegularFile, following a symbolic link (git reads `commondir` through one). */
const FOLLOW_FLAGS =
  constants.O_RDONLY |
  ((constants as Partial<Record<string, number>>).O_NONBLOCK ?? 0);

/**
 * The folder that holds `objects/` and `refs/` for the git folder `folder`, as git finds it
 * (setup.c, get_common_dir_noenv): a linked worktree's git folder (`…/worktrees/x`) holds a
 * `commondir` file naming the shared one, relative to `folder`, its trailing CRs and LFs
 * dropped, up to a NUL; without that file, `folder` itself. Undefined where git stops (an
 * empty or unreadable `commondir`) or no folder can be named (longer than PATH_MAX).
 */
function commonDirOf(folder: string): string | undefined {
  const file = path.join(folder, 'commondir');
  if (!statSync(file, { throwIfNoEntry: false })) return folder;
  const read = readRegularFile(file, GITDIR_PATH_MAX + 1, FOLLOW_FLAGS);
  if (read === undefined || read.length === 0 || read.length > GITDIR_PATH_MAX)
    return undefined;
  let end = read.length;
  while (end > 0 && (read[end - 1] === 0x0a || read[end - 1] === 0x0d)) end--;
  const nul = read.subarray(0, end).indexOf(0);
  return path.resolve(folder, read.toString('utf8', 0, nul < 0 ? end : nul));
}

/**
 * Whether `folder` is a git folder as git's is_git_directory (setup.c) decides: `HEAD` that
 * reads as a ref (isHeadRef), `objects/` and `refs/` in its common folder (commonDirOf: a
 * linked worktree's git folder holds neither, only a `commondir` naming the folder that
 * does). A git folder no `.git` above a path names (`git init --separate-git-dir=meta sub`:
 * `meta`, named only by its sibling `sub/.git`; a bare repository; a project's folder holding
 * HEAD and `commondir: ../.git`) is found so. `HEAD`'s lstat first: one lstat for a folder
 * that is none; its 255 bytes read last.
 */
export function isGitDirectory(folder: string): boolean {
  try {
    const head = path.join(folder, 'HEAD');
    const st = lstatSync(head, { throwIfNoEntry: false });
    if (!st || !(st.isFile() || st.isSymbolicLink())) return false;
    const common = commonDirOf(folder);
    return (
      common !== undefined &&
      ['objects', 'refs'].every(
        name =>
          statSync(path.join(common, name), {
            throwIfNoEntry: false
          })?.isDirectory() === true
      ) &&
      isHeadRef(head, st)
    );
  } catch {
    return false; // ENOTDIR, EACCES, ELOOP (HEAD swapped for a link): git could not take it for one either
  }
}

/**
 * A git folder above a path: where it is, and whether only what it holds makes it one (no
 * `.git` names it); or (`tree`) a working tree's top folder above it.
 */
interface GitFolderAbove {
  readonly folder: string;
  readonly byContents: boolean;
  readonly tree?: boolean;
}

/** what the `.git` of each folder and of every folder above it names (gitdirOf), or the folder itself when it is a git folder (isGitDirectory), by folder */
export type GitdirsAbove = Map<string, readonly GitFolderAbove[]>;

/** The git folders `folder`'s `.git` and those of the folders above it name, and those of them that are git folders, kept in `cache`. */
function gitdirsAbove(
  folder: string,
  cache: GitdirsAbove
): readonly GitFolderAbove[] {
  const chain: string[] = [];
  let known: readonly GitFolderAbove[] | undefined;
  for (let f = folder; (known = cache.get(f)) === undefined;) {
    chain.push(f);
    const up = path.dirname(f);
    if (up === f) {
      known = [];
      break;
    }
    f = up;
  }
  for (let i = chain.length - 1; i >= 0; i--) {
    const dotGit = dotGitOf(chain[i]);
    if (dotGit?.gitdir !== undefined)
      known = [...known, { folder: dotGit.gitdir, byContents: false }];
    if (isGitDirectory(chain[i]))
      known = [...known, { folder: chain[i], byContents: true }];
    if (dotGit?.tree)
      known = [...known, { folder: chain[i], byContents: false, tree: true }];
    cache.set(chain[i], known);
  }
  return known;
}

/**
 * How a git folder holds `file`: `'dotgit'`, a `.git` on its way (as given or where its folder's
 * links lead), or the git folder a `.git` file or link above it names under another name
 * (`gitdir: ../repo.git`); `'contents'`, only a folder above it that is a git folder by what it
 * holds (isGitDirectory: a bare repository, `--separate-git-dir=meta`); undefined, none. git
 * runs its hooks and reads its config from there, so no project write lands in one, whatever
 * the path says. The real locations are compared; a `.git` name wins (the message names it).
 * `gitdirs`: what the folders' `.git` name, kept over one check of many files (promote's:
 * every `__init__.py` of a deep package shares its folders). The lab's is git_folder.py's
 * git_folder_kind.
 */
export function gitFolderKind(
  file: string,
  gitdirs: GitdirsAbove = new Map()
): 'dotgit' | 'contents' | undefined {
  const abs = path.resolve(file);
  let real = abs;
  try {
    // its folder resolved, not the file: a write replaces a link there (the report) or
    // refuses it (a project's file), never follows it
    real = path.join(resolveLinks(path.dirname(abs)), path.basename(abs));
  } catch {
    // a link loop: judged on the path as given (the write names the loop)
  }
  const dotGit = [abs, real].some(p => p.split(path.sep).some(isDotGit));
  return gitFolderKindOf(abs, real, dotGit, gitdirs);
}

/**
 * gitFolderKind of `abs` (absolute, as given), its folder's links resolved (`real`), when
 * whether a part of either is a name git takes for `.git` is known (`dotGit`): writeWay.ts
 * knows it of the folders it walked once for many files.
 */
export function gitFolderKindOf(
  abs: string,
  real: string,
  dotGit: boolean,
  gitdirs: GitdirsAbove
): 'dotgit' | 'contents' | undefined {
  if (dotGit) return 'dotgit';
  let kind: 'contents' | undefined;
  // the same folders when no link is on the way: looked at once
  for (const p of real === abs ? [abs] : [abs, real]) {
    const above = gitdirsAbove(path.dirname(p), gitdirs);
    for (const [k, { folder, byContents, tree }] of above.entries()) {
      const rel = path.relative(folder, real);
      if (tree || leavesFolder(rel)) continue;
      if (!byContents) return 'dotgit';
      if (!inWorktreeBelow(folder, rel, real, above.slice(k + 1)))
        kind = 'contents';
    }
  }
  return kind;
}

/**
 * Git's own names at the top of its folder (gitrepository-layout): a worktree folder named so
 * inside a bare repository (`git worktree add hooks`) is where git reads them from.
 */
export const GIT_FOLDER_NAMES: ReadonlySet<string> = new Set([
  'branches', 'commondir', 'config', 'config.worktree', 'description', 'gitdir', 'hooks',
  'index', 'info', 'logs', 'lost-found', 'modules', 'objects', 'packed-refs', 'refs',
  'remotes', 'rr-cache', 'shallow', 'svn', 'worktrees'
]); // prettier-ignore

/** git's `HEAD` and its upper-case `*_HEAD` files (ORIG_HEAD, FETCH_HEAD, CHERRY_PICK_HEAD) */
const GIT_HEAD_NAME = /^(?:[A-Z]+_)*HEAD$/;

/**
 * Whether git reads `name`, a part just below its folder, as its own, spelled exactly as git
 * spells it: GIT_FOLDER_NAMES, `HEAD` or an upper-case `*_HEAD`, a lock, a shared index
 * (`ahead`, `Info`: a worktree's own name; a folder that ignores case: isGitFolderNameIn).
 */
export function isGitFolderName(name: string): boolean {
  return (
    GIT_FOLDER_NAMES.has(name) ||
    GIT_HEAD_NAME.test(name) ||
    name.endsWith('.lock') ||
    name.startsWith('sharedindex.')
  );
}

/**
 * git's spelling of `name` when the two differ only in case (`Info`: `info`, `orig_head`:
 * `ORIG_HEAD`), else undefined (`ahead`, or git's spelling itself): the name git reads there
 * on a folder that ignores case (isGitFolderNameIn asks that folder).
 */
export function gitSpellingFolded(name: string): string | undefined {
  for (const spelled of [name.toLowerCase(), name.toUpperCase()])
    if (spelled !== name && isGitFolderName(spelled)) return spelled;
  return undefined;
}

/**
 * Whether `name`, just below the git folder `gitFolder`, is git's own: spelled as git spells
 * it, or spelled otherwise only in case where that folder gives the same entry under both
 * spellings. The folder is asked, not the platform: macOS and Windows folders can keep case
 * (APFS case-sensitive, a WSL folder) and Linux ones ignore it (ext4 casefold, vfat, SMB).
 */
export function isGitFolderNameIn(gitFolder: string, name: string): boolean {
  if (isGitFolderName(name)) return true;
  const spelled = gitSpellingFolded(name);
  if (spelled === undefined) return false;
  try {
    const given = lstatSync(path.join(gitFolder, name), { bigint: true });
    const git = lstatSync(path.join(gitFolder, spelled), { bigint: true });
    return given.ino === git.ino && given.dev === git.dev;
  } catch {
    return false; // (either is not there: not one entry)
  }
}

/**
 * Whether `real`, `rel` below `gitFolder` (a git folder by what it holds), is in a worktree's
 * folder strictly between them (`below`: the folders met under it; a bare repository's `git worktree add inner`): git
 * works there as in any working tree, and reads nothing of its own from it, unless the part
 * just below the git folder is one of its names (isGitFolderNameIn).
 */
function inWorktreeBelow(
  gitFolder: string,
  rel: string,
  real: string,
  below: readonly GitFolderAbove[]
): boolean {
  if (rel === '' || isGitFolderNameIn(gitFolder, rel.split(path.sep)[0]))
    return false;
  return below.some(
    ({ folder, tree }) =>
      tree === true &&
      folder !== gitFolder &&
      !leavesFolder(path.relative(folder, real))
  );
}

/** Whether a git folder holds `file` (gitFolderKind). */
export function inGitFolder(
  file: string,
  gitdirs: GitdirsAbove = new Map()
): boolean {
  return gitFolderKind(file, gitdirs) !== undefined;
}

/** How a refusal names the git folder gitFolderKind found (the lab's handlers.py says the same). */
export function gitFolderShown(kind: 'dotgit' | 'contents'): string {
  return kind === 'dotgit'
    ? 'a .git folder'
    : 'a git folder (it holds HEAD, objects/ and refs/)';
}
