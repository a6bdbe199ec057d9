/**
 * How `--output-file` writes its report: into the path the user typed, whatever a link there
 * leads to being replaced, never followed; into descriptors 0-2 straight; never into a `.git`
 * folder or out of the run's folder through a link on the way.
 */
import { lstatSync } from 'fs';
import * as path from 'path';
import { showControlCharacters } from '../promote/controlCharacters';
import { kindOnDisk, makeFolders, removeFolders } from './folders';
import { boundOf, inside, shownPath } from './writeBounds';
import { replaceFile } from './writeCommit';
import { outsideRefusal, WriteRefusedError } from './writeErrors';
import { ownDescriptor, writeAll, writeInPlace } from './writeSpecial';
import { gitFolderKind, gitFolderShown, resolveLinks } from './writeTargets';

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
export function writeReport(given: string, data: Buffer, root: string): void {
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
  const git = gitFolderKind(path.join(folderTarget, path.basename(given)));
  if (git)
    throw new WriteRefusedError(
      given,
      `${shown} leads into ${gitFolderShown(git)}; nbcraft never writes there (git runs its hooks and reads its config from it)`
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
