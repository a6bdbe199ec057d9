/**
 * The folders a CLI write makes (promote's `src/pkg/`, `--output-file reports/r.sarif`'s
 * `reports/`): found missing by walking up with lstat, made one at a time from the deepest
 * existing one down, removed again when the write fails. Never `mkdir -p`: Node's recursive
 * mkdirSync looped forever on a path below a pipe (`/proc/<pid>/fd/pipe:[N]/r.sarif`), and on
 * Windows returns the first folder made as `\\?\C:\…`, which no walk up from `C:\…` meets.
 */
import { lstatSync, mkdirSync, rmdirSync } from 'fs';
import * as path from 'path';

/** What is at a path: a folder, nothing, or something else (a file, a link, a pipe). */
export type PathKind = 'dir' | 'missing' | 'other';

/**
 * The folders missing on the way to `folder`, outermost first, given what `kindOf` says is at
 * each path, and the first existing path above them (its kind: a file there cannot hold a
 * folder). Pure: `p` is `path` or `path.win32`/`path.posix`. Stops at the root (where
 * `p.dirname(f) === f`: `C:\`, `\\server\share\`, `/`).
 */
export function missingFolders(
  folder: string,
  kindOf: (p: string) => PathKind,
  p: path.PlatformPath = path
): { missing: string[]; existing: string; kind: PathKind } {
  const missing: string[] = [];
  let f = p.resolve(folder);
  for (;;) {
    const kind = kindOf(f);
    if (kind !== 'missing')
      return { missing: missing.reverse(), existing: f, kind };
    missing.push(f);
    const up = p.dirname(f);
    if (up === f) return { missing: missing.reverse(), existing: f, kind };
    f = up;
  }
}

/** What lstat says is at `p` (a link is `other`: no folder is made through one here). */
export function kindOnDisk(p: string): PathKind {
  try {
    const st = lstatSync(p);
    return st.isDirectory() ? 'dir' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'other';
    throw err;
  }
}

/** An errno error for `file`, as fs would throw it. */
function errnoError(code: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${file}`), { code, path: file });
}

/**
 * Makes `folder` and the folders missing above it, outermost first, each with a plain
 * (non-recursive) mkdir; returns those it made. The first path that exists must be a folder
 * (else ENOTDIR on it). When one mkdir fails, the ones made before it are removed and the
 * error (naming the folder it was for) is thrown.
 */
export function makeFolders(folder: string): string[] {
  const { missing, existing, kind } = missingFolders(folder, kindOnDisk);
  if (!missing.length) return [];
  if (kind !== 'dir') throw errnoError('ENOTDIR', existing);
  const made: string[] = [];
  try {
    for (const f of missing) {
      mkdirSync(f);
      made.push(f);
    }
  } catch (err) {
    removeFolders(made);
    throw err;
  }
  return made;
}

/** The folders a write made, removed deepest first; one holding something else stays. */
export function removeFolders(made: readonly string[]): void {
  for (const f of [...made].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(f);
    } catch {
      // not empty, or gone
    }
  }
}
