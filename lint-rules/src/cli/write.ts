/**
 * How the CLI writes a file: promote's module, test file and notebook, `--fix`'s notebooks and
 * `--output-file`'s report. One owner of where a write lands (which links it follows, which
 * files it writes in place) and of how it replaces a file (a temporary file renamed over it).
 */
import {
  closeSync,
  constants,
  fchmodSync,
  copyFileSync,
  fchownSync,
  fsyncSync,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  statSync
} from 'fs';
import { randomBytes } from 'crypto';
import * as path from 'path';
import { showControlCharacters } from '../promote/controlCharacters';
import { leavesFolder } from './paths';
import { kindOnDisk, makeFolders, removeFolders } from './folders';
import {
  asRefusal,
  errnoWords,
  outsideRefusal,
  WriteRefusedError
} from './writeErrors';
import {
  holdFolders,
  releaseFolders,
  discardStaged,
  heldPath,
  removeStaged,
  type HeldFolders,
  type StagedFile,
  type WriteHooks
} from './writeHeld';
import { ownDescriptor, writeAll, writeInPlace } from './writeSpecial';
import {
  commonFolder,
  inGitFolder,
  type GitdirsAbove,
  linkOnTheWay,
  resolveLinks
} from './writeTargets';

export { WriteRefusedError } from './writeErrors';

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

function inside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !leavesFolder(rel);
}

/** `file` as a message shows it: relative to `root` when inside it, escaped. */
function shownPath(file: string, root: string): string {
  const rel = path.relative(path.resolve(root), file);
  return showControlCharacters(
    rel === '' ? '.' : leavesFolder(rel) ? file : rel
  );
}

/** The folder `file` must stay in: `root`, or its own folder when it is outside `root`. */
function boundOf(
  file: string,
  root: string
): { folder: string; where: string } {
  return inside(path.resolve(root), file)
    ? { folder: root, where: 'the current folder' }
    : { folder: path.dirname(file), where: 'its folder' };
}

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
function projectWriteRefusal(
  file: string,
  root: string,
  gitdirs?: GitdirsAbove // inGitFolder's, over one check of many files
): WriteRefusedError | undefined {
  const shown = shownPath(file, root);
  const { folder, where } = boundOf(file, root);
  // a file outside the run's folder is checked from the folder both share: a link in one of
  // its parent folders is met too (`../other/link/nb.ipynb`)
  const found = linkOnTheWay(
    file,
    folder === root ? root : commonFolder(root, file)
  );
  if (found) {
    let out = false;
    try {
      out = !inside(resolveLinks(folder), resolveLinks(file));
    } catch {
      // a loop, or a link through a file: named as a link below
    }
    if (out)
      return new WriteRefusedError(
        file,
        outsideRefusal(shown, { where, through: true })
      );
    const link = shownPath(found.link, root);
    const to = showControlCharacters(found.to);
    return new WriteRefusedError(
      file,
      found.link === file
        ? `${shown} is a symbolic link (to ${to}); nbcraft writes no file through a link: replace the link by the file, or name its target`
        : `${shown} is below ${link}, a symbolic link (to ${to}); nbcraft writes no file through a link: name the path without it`
    );
  }
  // after the links: a link into .git is named as the link it is
  if (inGitFolder(file, gitdirs))
    return new WriteRefusedError(
      file,
      `${shown} is inside a .git folder; nbcraft never writes there (git runs its hooks and reads its config from it)`
    );
  return kindRefusal(file, shown, file);
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
  const gitdirs: GitdirsAbove = new Map();
  const caseless =
    process.platform === 'darwin' || process.platform === 'win32';
  for (const file of files) {
    let refused: WriteRefusedError | undefined;
    let target: string;
    try {
      refused = projectWriteRefusal(file, root, gitdirs);
      target = resolveLinks(file);
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

/**
 * Promote's files written together, once projectWritesRefusal let them: their missing folders
 * made, every temporary file written and flushed (stageAll), the check run again (a folder
 * swapped for a link meanwhile: refused, the temporary files removed from the folders held
 * open, writeHeld.ts), then all renamed (commitAll): a failure while making a folder, writing
 * (a full disk) or renaming leaves every file as it was and removes the folders it made.
 */
export function writeProjectFiles(
  files: readonly (readonly [string, string])[],
  root: string,
  hooks: WriteHooks = {}
): void {
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
    held = holdFolders(names.map(file => path.dirname(file)));
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
    commitAll(staged, root);
  } catch (err) {
    removeFolders(made);
    throw err;
  } finally {
    releaseFolders(held);
  }
}

/**
 * An errno error met on `file`, as a one-line refusal naming it (not the temporary file the
 * errno names) relative to `root`; as it was without a root.
 */
function onFile(err: unknown, file: string, root?: string): unknown {
  return root === undefined ? err : asRefusal(err, file, shownPath(file, root));
}

/**
 * Every file's temporary file written beside it; none is left when one fails (named, with
 * `root`, as onFile says).
 */
export function stageAll(
  files: readonly (readonly [string, string])[],
  root?: string,
  held: HeldFolders = new Map()
): Staged[] {
  const staged: Staged[] = [];
  try {
    for (const [file, text] of files)
      staged.push(stage(file, Buffer.from(text, 'utf8'), held));
  } catch (err) {
    for (const s of staged) removeStaged(s, held);
    throw onFile(err, files[staged.length][0], root);
  }
  return staged;
}

/** A file the project names is written only as a regular file (or made). */
function kindRefusal(
  file: string,
  shown: string,
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
    return new WriteRefusedError(file, `${shown} is a folder, not a file`);
  if (!stat.isFile())
    return new WriteRefusedError(
      file,
      `${shown} is not a regular file (a FIFO, a socket or a device); nbcraft writes only files there`
    );
  return undefined;
}

/** A temporary file written whole beside the file it will be renamed over. */
export interface Staged extends StagedFile {
  file: string;
}

/**
 * `data` into a temporary file beside `file`, flushed to disk and given the old file's owner,
 * then mode (the umask filters the mode an open gives: 0664 would become 0644; chown clears a
 * setuid or setgid bit, so it goes first). Its name is bounded (`.nbcraft-<pid>-<random>.tmp`):
 * one that embedded the file's name failed with ENAMETOOLONG on a long one.
 */
function stage(
  file: string,
  data: Buffer,
  held: HeldFolders = new Map()
): Staged {
  let old: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = lstatSync(file);
    if (st.isFile()) old = st;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = besideName(file, 'tmp');
  // through the held folder (writeHeld.ts): never into a link swapped in for it since
  const at = heldPath(tmp, held);
  let made: { dev: number; ino: number };
  try {
    const fd = openSync(at, 'wx', old ? old.mode & 0o777 : 0o666);
    try {
      made = fstatSync(fd);
      writeAll(fd, data);
      if (old) {
        const mine = fstatSync(fd);
        if (mine.uid !== old.uid || mine.gid !== old.gid) {
          try {
            fchownSync(fd, old.uid, old.gid);
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code !== 'EPERM' && code !== 'EINVAL') throw err;
          }
        }
        fchmodSync(fd, old.mode & 0o7777);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    rmSync(at, { force: true });
    throw err;
  }
  return { tmp, file, dev: made.dev, ino: made.ino };
}

/** The folder's entry flushed too, where the platform lets a folder be opened and synced. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder; some file systems refuse fsync on one
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A fresh name beside `file` for one of nbcraft's own files (bounded, see stage). */
function besideName(file: string, ext: string): string {
  return path.join(
    path.dirname(file),
    `.nbcraft-${process.pid}-${randomBytes(6).toString('hex')}.${ext}`
  );
}

/**
 * A second name for `file`'s current content (a hard link beside it, a copy where the file
 * system has none), or undefined when there is no file yet: what a rename replaces stays
 * reachable until every rename is done.
 */
function keepOld(file: string): string | undefined {
  try {
    if (!lstatSync(file).isFile()) return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const backup = besideName(file, 'old');
  try {
    linkSync(file, backup);
  } catch {
    copyFileSync(file, backup, constants.COPYFILE_EXCL);
  }
  return backup;
}

/**
 * The staged files renamed over theirs, all or nothing: each file's old content is kept under
 * a second name before its rename, and when a rename fails (a folder made at the path
 * meanwhile, EACCES, EXDEV) the files already renamed get their old content back (a file that
 * was new is removed), then the error is thrown (named, with `root`, as onFile says).
 * Temporary files and kept names never stay.
 */
export function commitAll(staged: readonly Staged[], root?: string): void {
  const kept: (string | undefined)[] = [];
  const ours: number[] = []; // the inode each rename put at its file
  const stays = new Set<string>(); // a kept name a failed put-back still needs
  let done = 0;
  try {
    for (const s of staged) {
      kept.push(keepOld(s.file));
      ours.push(s.ino);
      renameSync(s.tmp, s.file);
      done++;
    }
  } catch (err) {
    const lost: string[] = [];
    for (let i = done - 1; i >= 0; i--) {
      const { file } = staged[i];
      const old = kept[i];
      const shown = root === undefined ? file : shownPath(file, root);
      try {
        // put back only the file this run renamed in: a writer beside nbcraft may have
        // replaced it since, and its file is not ours to remove
        if (lstatSync(file).ino !== ours[i])
          throw new Error('replaced meanwhile');
        if (old === undefined) rmSync(file, { force: true });
        else renameSync(old, file);
      } catch {
        if (old !== undefined) stays.add(old);
        lost.push(
          old === undefined
            ? `${shown} (it was new)`
            : `${shown} (its old content is in ${root === undefined ? old : shownPath(old, root)})`
        );
      }
    }
    const failed = onFile(err, staged[done].file, root);
    if (lost.length) {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      const shown =
        root === undefined
          ? staged[done].file
          : shownPath(staged[done].file, root);
      throw new WriteRefusedError(
        staged[done].file,
        `${failed instanceof WriteRefusedError ? failed.message : `cannot write ${shown}${code ? `: ${errnoWords(code)}` : ''}`}; could not put back ${lost.join(', ')}`
      );
    }
    throw failed;
  } finally {
    for (const s of staged.slice(done)) rmSync(s.tmp, { force: true });
    for (const backup of kept)
      if (backup !== undefined && !stays.has(backup))
        rmSync(backup, { force: true });
  }
  for (const folder of new Set(staged.map(s => path.dirname(s.file))))
    syncFolder(folder);
}

/**
 * `file` replaced whole by a temporary file renamed over it: a reader, or a crash, never sees
 * half of it.
 */
function replaceFile(file: string, data: Buffer): void {
  commitAll([stage(file, data)]);
}

/**
 * The report into `given`: the path the user typed, so whatever the folder it lands in holds
 * there is replaced, never followed. `/dev/stdout`, `/dev/stderr` and descriptors 0-2 are
 * written straight into the descriptor, where the shell opened it (after what the script wrote
 * before, appending when it was opened with `>>`, as `echo` would; reopening the path would
 * truncate the log or, on a pipe, fail). A higher descriptor is refused: Node holds its own
 * there (libuv's signal pipe, its epoll and event descriptors; writing into them crashed the
 * CLI or fed the report to libuv), opened before any of nbcraft runs, so an inherited one
 * (`3>report.sarif`, bash's `>(…)`) cannot be told from them. A symbolic link, dangling,
 * looping or leading anywhere, is replaced itself: only its folder is resolved (in CI a pull
 * request could make `results.sarif` a link to `~/.ssh/authorized_keys` or `.git/config`, or
 * to itself to stop the report). A FIFO or device is written in place; a folder, a socket and a
 * FIFO no program reads are refused; any other errno is a one-line refusal too.
 */
function writeReport(given: string, data: Buffer, root: string): void {
  const shown = shownPath(given, root);
  const fd = ownDescriptor(given);
  if (fd !== undefined) {
    if (fd > 2)
      throw new WriteRefusedError(
        given,
        `${shown} is descriptor ${fd}: nbcraft writes a report straight only into descriptors 0-2 (/dev/stdout, /dev/stderr), the others may be its own; give a file path`
      );
    writeAll(fd, data);
    return;
  }
  const { folder, where } = boundOf(given, root);
  const bound = resolveLinks(folder);
  const folderTarget = resolveLinks(path.dirname(given));
  if (!(folderTarget === bound || inside(bound, folderTarget))) {
    throw new WriteRefusedError(
      given,
      outsideRefusal(shown, { where, through: true })
    );
  }
  if (inGitFolder(path.join(folderTarget, path.basename(given))))
    throw new WriteRefusedError(
      given,
      `${shown} leads into a .git folder; nbcraft never writes there (git runs its hooks and reads its config from it)`
    );
  // its missing folders are made, as ESLint's `-o` (lib/cli.js: mkdir(dirname, {recursive}))
  // and ruff's `--output-file` (astral-sh/ruff#11550, "Create intermediary directories") do;
  // made where the links on the way lead, which the check above held inside the bound; never
  // below /proc or /dev (`/dev/stdout/r.sarif` on a pipe resolves to `/proc/<pid>/fd/pipe:[N]`)
  if (
    path.sep === '/' &&
    /^\/(proc|dev)(\/|$)/.test(folderTarget) &&
    kindOnDisk(folderTarget) !== 'dir'
  )
    throw new WriteRefusedError(
      given,
      `${shown}: ${showControlCharacters(path.dirname(given))} is not a folder (it is ${showControlCharacters(folderTarget)}); nbcraft makes no folder below /proc or /dev`
    );
  const made = makeFolders(folderTarget);
  try {
    writeReportInto(
      path.join(folderTarget, path.basename(given)),
      given,
      shown,
      data
    );
  } catch (err) {
    removeFolders(made);
    throw err;
  }
}

/** The report into `file`, the resolved path of `given` (writeReport). */
function writeReportInto(
  file: string,
  given: string,
  shown: string,
  data: Buffer
): void {
  let st;
  try {
    st = lstatSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (!st || st.isFile() || st.isSymbolicLink()) {
    replaceFile(file, data);
  } else if (st.isDirectory()) {
    throw new WriteRefusedError(given, `${shown} is a folder, not a file`);
  } else if (st.isSocket()) {
    throw new WriteRefusedError(
      given,
      `${shown} is a socket; nbcraft writes a report into a file, a FIFO or a device`
    );
  } else {
    writeInPlace(file, shown, data, st.isFIFO());
  }
}

/**
 * Writes `text` to `given` (absolute). The report (`options.links` `replace`): see
 * writeReport. A file the project names (`refuse`): a regular file (new or not) through a
 * temporary file renamed over it; a symbolic link (of the file or of a folder on its way,
 * wherever it leads), a path below a `.git` folder, or anything but a regular file or a missing
 * one is refused (projectWriteRefusal).
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
