/**
 * What a CLI write's path holds before anything is written (write.ts decides what to do with
 * it): every symbolic link resolved, the first link on the way, a `.git` folder on the way.
 */
import { lstatSync, readlinkSync, realpathSync } from 'fs';
import * as path from 'path';
import { leavesFolder } from './paths';

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

/**
 * The first symbolic link on `file`'s way below `folder` (a folder on the way, or the file
 * itself), with what it holds, or undefined. Only what exists is looked at: a missing folder
 * is made later, as a folder.
 */
export function linkOnTheWay(
  file: string,
  folder: string
): { link: string; to: string } | undefined {
  const rel = path.relative(folder, file);
  const parts = rel === '' || leavesFolder(rel) ? [] : rel.split(path.sep);
  let here = parts.length ? folder : path.dirname(file);
  for (const part of parts.length ? parts : [path.basename(file)]) {
    here = path.join(here, part);
    let st;
    try {
      st = lstatSync(here);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw err;
    }
    if (st.isSymbolicLink()) return { link: here, to: readlinkSync(here) };
  }
  return undefined;
}

/**
 * A `.git` folder on `file`'s way: git runs its hooks and reads its config from there, so no
 * project write lands in one, whatever the path says. Compared as git's verify_path does
 * (read-tree.c, CVE-2014-9390): in any case, and without the trailing dots and spaces Windows
 * drops (`.GIT`, `.git.`).
 */
export function inGitFolder(file: string): boolean {
  return path
    .resolve(file)
    .split(path.sep)
    .some(part => part.replace(/[. ]+$/, '').toLowerCase() === '.git');
}
