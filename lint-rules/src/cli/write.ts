/**
 * How the CLI writes a file: promote's module, test file and notebook, `--fix`'s notebooks and
 * `--output-file`'s report. One owner of where a write lands (which links it follows, which
 * files it writes in place) and of how it replaces a file (a temporary file renamed over it).
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync
} from 'fs';
import * as path from 'path';
import { showControlCharacters } from '../promote/controlCharacters';

/**
 * A write the CLI refuses before touching anything (a link that leads out of the run's folder, a
 * folder, a FIFO no program reads): a usage error, exit 2, said on one line with the path.
 */
export class WriteRefusedError extends Error {
  constructor(
    readonly path: string,
    message: string
  ) {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/**
 * Promote's one wording for a path it will not write: `what` (`the module src/x.py`) is outside
 * `where` (`the current folder`), optionally `through` a symbolic link.
 */
export function outsideRefusal(
  what: string,
  { where = 'the current folder', through = false } = {}
): string {
  return `${what} ${through ? `leads outside ${where} through a symbolic link` : `is outside ${where}`}; nbcraft only writes inside it`;
}

export interface WriteOptions {
  /**
   * The folder the write must stay in (the run's current folder). A path outside it (`--fix` of
   * `../other/nb.ipynb`, `--output-file /tmp/r.sarif`) is held to its own folder instead.
   */
  root: string;
  /**
   * Where a symbolic link leading out of `root` is met:
   * - `refuse` (promote, `--fix`: files the project names, through a `promote:` tag or a file
   *   committed as a link): nothing is written, WriteRefusedError. So is anything that is not a
   *   regular file (a FIFO or device named as a module would hang or vanish the write).
   * - `replace` (`--output-file`: a path the user typed): the link itself is replaced by the
   *   report. In CI the report path is inside a checkout a pull request may have filled, with
   *   `results.sarif -> ~/.ssh/authorized_keys`: following it would write there, refusing would
   *   let the pull request stop the report being uploaded. A folder on the way that leads out is
   *   refused (the report would be written out there).
   */
  links: 'refuse' | 'replace';
}

const MAX_LINKS = 40; // Linux's MAXSYMLINKS: past it, ELOOP

/**
 * `file` with every symbolic link resolved, also when it (or a link's target, or a folder on
 * the way) does not exist yet: the path a write through it would create.
 */
export function resolveLinks(file: string, hops = 0): string {
  try {
    return realpathSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const parent = path.dirname(file);
  if (parent === file) return file;
  const here = path.join(resolveLinks(parent, hops), path.basename(file));
  let target: string;
  try {
    target = readlinkSync(here);
  } catch {
    return here; // not there, or not a link
  }
  if (hops >= MAX_LINKS) {
    throw Object.assign(new Error(`ELOOP: too many symbolic links, ${file}`), {
      code: 'ELOOP',
      path: file
    });
  }
  return resolveLinks(path.resolve(path.dirname(here), target), hops + 1);
}

function inside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** `file` as a message shows it: relative to `root` when inside it, escaped. */
function shownPath(file: string, root: string): string {
  return showControlCharacters(
    inside(path.resolve(root), file) ? path.relative(root, file) : file
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
 * Why writing `file` (absolute, not resolved) for the project is refused, or undefined: a link
 * (of the file or of a folder on its way) leads out of `root`, or it names a folder or something
 * that is not a regular file. Promote asks it of every file before it writes the first one.
 */
export function projectWriteRefusal(
  file: string,
  root: string
): WriteRefusedError | undefined {
  const shown = shownPath(file, root);
  const { folder, where } = boundOf(file, root);
  const target = resolveLinks(file);
  if (!inside(resolveLinks(folder), target)) {
    return new WriteRefusedError(
      file,
      outsideRefusal(shown, { where, through: true })
    );
  }
  return kindRefusal(file, shown, target, false);
}

/** A folder is never written; a non-regular file only for a report. */
function kindRefusal(
  file: string,
  shown: string,
  target: string,
  report: boolean
): WriteRefusedError | undefined {
  let stat;
  try {
    stat = statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (stat.isDirectory())
    return new WriteRefusedError(file, `${shown} is a folder, not a file`);
  if (!report && !stat.isFile())
    return new WriteRefusedError(
      file,
      `${shown} is not a regular file (a FIFO, a socket or a device); nbcraft writes only files there`
    );
  return undefined;
}

/**
 * The descriptor a path names when it is one of this process's own (`/dev/stdout`,
 * `/dev/fd/1`, `/proc/self/fd/1`), else undefined.
 */
function ownDescriptor(file: string): number | undefined {
  if (file === '/dev/stdout') return 1;
  if (file === '/dev/stderr') return 2;
  const m = /^\/(?:dev\/fd|proc\/(self|thread-self|\d+)\/fd)\/(\d+)$/.exec(
    file
  );
  if (!m) return undefined;
  const pid = m[1] || 'self'; // empty for /dev/fd
  return /^\d+$/.test(pid) && Number(pid) !== process.pid
    ? undefined
    : Number(m[2]);
}

/** All of `data` into `fd`, waiting out EAGAIN (a non-blocking pipe that is full). */
function writeAll(fd: number, data: Buffer): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let at = 0; at < data.length;) {
    try {
      at += writeSync(fd, data, at, data.length - at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/** How long a FIFO may wait for its reader (`cat fifo &` started just before the CLI). */
const READER_GRACE_MS = 2000;

/**
 * Into a FIFO, device or socket, in place. A FIFO is opened non-blocking first: with no program
 * reading it, a blocking open would wait forever; a reader that has not opened it yet gets
 * READER_GRACE_MS.
 */
function writeInPlace(file: string, shown: string, data: Buffer): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + READER_GRACE_MS;
  let probe: number | undefined;
  while (probe === undefined) {
    try {
      probe = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
      if (Date.now() > deadline)
        throw new WriteRefusedError(
          file,
          `${shown} is a FIFO no program reads from (nothing was written)`
        );
      Atomics.wait(pause, 0, 0, 20);
    }
  }
  try {
    // written non-blocking: writeAll waits out a full FIFO itself
    writeAll(probe, data);
  } finally {
    closeSync(probe);
  }
}

/**
 * A temporary file beside `file`, written whole and flushed to disk, given the old file's mode
 * (the umask filters the mode an open gives: 0664 would become 0644) and owner (when this
 * process may set it), then renamed over `file`: a reader, or a crash, never sees half of it.
 */
function replaceFile(file: string, data: Buffer): void {
  let old: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = lstatSync(file);
    if (st.isFile()) old = st;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.nbcraft-${process.pid}-${Date.now()}.tmp`
  );
  try {
    const fd = openSync(tmp, 'wx', old ? old.mode & 0o777 : 0o666);
    try {
      writeAll(fd, data);
      if (old) {
        fchmodSync(fd, old.mode & 0o7777);
        const mine = fstatSync(fd);
        if (mine.uid !== old.uid || mine.gid !== old.gid) {
          try {
            fchownSync(fd, old.uid, old.gid);
          } catch (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code !== 'EPERM' && code !== 'EINVAL') throw err;
          }
        }
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes `text` to `given` (absolute): `/dev/stdout` and the process's other descriptors
 * straight into the descriptor, where the shell opened it (after what the script wrote before,
 * appending when it was opened with `>>`, as `echo` would; reopening the path would truncate
 * the log or, on a pipe, fail); a FIFO, device or socket in place; a regular file (new or
 * not) through a temporary file renamed over it. Through a symbolic link whose target stays
 * inside the bound (see WriteOptions), at the file it names, and the link stays (a dangling
 * one too: its target is made); a link leading out is refused or replaced, as
 * `options.links` says.
 */
export function writeFileSafely(
  given: string,
  text: string,
  options: WriteOptions
): void {
  const data = Buffer.from(text, 'utf8');
  const fd = ownDescriptor(given);
  if (fd !== undefined && options.links === 'replace') {
    writeAll(fd, data);
    return;
  }
  const { folder, where } = boundOf(given, options.root);
  const shown = shownPath(given, options.root);
  const bound = resolveLinks(folder);
  const target = resolveLinks(given);
  if (inside(bound, target)) {
    const report = options.links === 'replace';
    const refused = kindRefusal(given, shown, target, report);
    if (refused) throw refused;
    let regular = true;
    try {
      regular = statSync(target).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (regular) replaceFile(target, data);
    else writeInPlace(target, shown, data);
    return;
  }
  const folderTarget = resolveLinks(path.dirname(given));
  if (
    options.links === 'refuse' ||
    !(folderTarget === bound || inside(bound, folderTarget))
  ) {
    throw new WriteRefusedError(
      given,
      outsideRefusal(shown, { where, through: true })
    );
  }
  // the report replaces the link itself (whatever it names: a file, a device, nothing)
  replaceFile(path.join(folderTarget, path.basename(given)), data);
}
