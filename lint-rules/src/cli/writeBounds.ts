/**
 * The folder a CLI write must stay in (the run's folder, or a file's own folder when it is
 * outside it), and a path as the write's messages show it: relative to that folder, escaped.
 */
import * as path from 'path';
import { showControlCharacters } from '../promote/controlCharacters';
import { leavesFolder, relativePath } from './paths';

export function inside(folder: string, file: string): boolean {
  const rel = relativePath(folder, file);
  return rel !== '' && !leavesFolder(rel);
}

/** `file` as a message shows it: relative to `root` when inside it, escaped. */
export function shownPath(file: string, root: string): string {
  const rel = path.relative(path.resolve(root), file);
  return showControlCharacters(
    rel === '' ? '.' : leavesFolder(rel) ? file : rel
  );
}

/** The folder `file` must stay in: `root`, or its own folder when it is outside `root`. */
export function boundOf(
  file: string,
  root: string
): { folder: string; where: string } {
  return inside(path.resolve(root), file)
    ? { folder: root, where: 'the current folder' }
    : { folder: path.dirname(file), where: 'its folder' };
}
