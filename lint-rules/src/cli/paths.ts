/**
 * Path arithmetic for the CLI's per-file loop. `path.resolve` and `path.relative` normalise their
 * arguments character by character in JavaScript, which a cold run executes interpreted: over the
 * hundred notebooks of ../shared/corpus each costs ~10 ms. The paths the loop handles are nearly
 * always already absolute and normal (the shell expanded them, or `path.resolve` made them once),
 * and then the answer is plain string work. Each function returns exactly what its `path`
 * counterpart returns (test/cli/paths.test.ts compares them over a table of odd paths).
 */
import * as path from 'path';

const SLASH = 47; // '/'

/**
 * True for an absolute POSIX path that `path.resolve` returns unchanged: it starts with '/', has
 * no empty, '.' or '..' segment and no trailing '/'. Always false on Windows (its paths take the
 * `path` functions).
 */
export function isNormalAbsolute(p: string): boolean {
  return (
    path.sep === '/' &&
    p.length > 1 &&
    p.charCodeAt(0) === SLASH &&
    p.charCodeAt(p.length - 1) !== SLASH &&
    !p.includes('//') &&
    !p.includes('/./') &&
    !p.includes('/../') &&
    !p.endsWith('/.') &&
    !p.endsWith('/..')
  );
}

/** `path.join(dir, name)` for a file name (no '/', not '.' or '..'). */
export function joinName(dir: string, name: string): string {
  return isNormalAbsolute(dir) ? `${dir}/${name}` : path.join(dir, name);
}

/** `path.resolve(base, p)`, or `path.resolve(p)` without a base. */
export function resolvePath(p: string, base?: string): string {
  if (isNormalAbsolute(p)) {
    return p;
  }
  return base === undefined ? path.resolve(p) : path.resolve(base, p);
}

/** `path.relative(from, to)`. */
export function relativePath(from: string, to: string): string {
  if (!isNormalAbsolute(from) || !isNormalAbsolute(to)) {
    return path.relative(from, to);
  }
  if (
    to.length > from.length + 1 &&
    to.charCodeAt(from.length) === SLASH &&
    to.startsWith(from)
  ) {
    return to.slice(from.length + 1); // `to` lies inside `from`
  }
  // up from `from` to the folder both lie in, then down to `to`, by whole segments
  const up = from.split('/');
  const down = to.split('/');
  let common = 1; // both start with '' (the root)
  while (
    common < up.length &&
    common < down.length &&
    up[common] === down[common]
  ) {
    common++;
  }
  const parts: string[] = [];
  for (let i = common; i < up.length; i++) {
    parts.push('..');
  }
  for (let i = common; i < down.length; i++) {
    parts.push(down[i]);
  }
  return parts.join('/');
}

/**
 * True when `rel`, a path `path.relative` returned, leaves the folder it was taken from: `..`,
 * `../x`, or absolute (another drive on Windows). A name that only starts with two dots
 * (`..nb.ipynb`, `...`) stays inside: `rel.startsWith('..')` took it for outside.
 */
export function leavesFolder(rel: string): boolean {
  return (
    rel === '..' ||
    rel.startsWith(`..${path.sep}`) ||
    (path.sep !== '/' && rel.startsWith('../')) ||
    path.isAbsolute(rel)
  );
}

/** Whether `given` can only name a folder: it ends in a slash, or its last part is `.` or `..`. */
export function namesAFolder(given: string, sep: string = path.sep): boolean {
  const parts = given.split(sep === '\\' ? /[\\/]/ : '/');
  const last = parts[parts.length - 1];
  return last === '' || last === '.' || last === '..';
}
