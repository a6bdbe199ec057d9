/**
 * How the CLI replaces files: each written whole into a temporary file beside it (flushed, given
 * the old file's owner and mode), then all renamed over theirs, all or nothing: a failed rename
 * puts back the files already renamed. A reader, or a crash, never sees half a file.
 */
import {
  closeSync,
  constants,
  copyFileSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync
} from 'fs';
import { randomBytes } from 'crypto';
import * as path from 'path';
import { shownPath } from './writeBounds';
import { asRefusal, errnoWords, WriteRefusedError } from './writeErrors';
import {
  discardStaged,
  heldPath,
  removeStaged,
  type HeldFolders,
  type StagedFile
} from './writeHeld';
import { writeAll } from './writeSpecial';

/**
 * An errno error met on `file`, as a one-line refusal naming it (not the temporary file the
 * errno names) relative to `root`; as it was without a root.
 */
export function onFile(err: unknown, file: string, root?: string): unknown {
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
export function stage(
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
export function commitAll(
  staged: readonly Staged[],
  root?: string,
  held: HeldFolders = new Map()
): void {
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
    // the ones not renamed removed from the folders they were written in (writeHeld.ts), not
    // by path (a folder swapped for a link since: the path found nothing, and the file with
    // the module's text stayed, unreported); any that cannot be is named
    const discard = (e: unknown): unknown =>
      discardStaged(staged.slice(done), held, e, t =>
        root === undefined ? t : shownPath(t, root)
      );
    const failed = onFile(err, staged[done].file, root);
    if (lost.length) {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      const shown =
        root === undefined
          ? staged[done].file
          : shownPath(staged[done].file, root);
      throw discard(
        new WriteRefusedError(
          staged[done].file,
          `${failed instanceof WriteRefusedError ? failed.message : `cannot write ${shown}${code ? `: ${errnoWords(code)}` : ''}`}; could not put back ${lost.join(', ')}`
        )
      );
    }
    throw discard(failed);
  } finally {
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
export function replaceFile(file: string, data: Buffer): void {
  commitAll([stage(file, data)]);
}
