/**
 * The CLI's fast path arithmetic (src/cli/paths.ts) answers exactly as Node's `path` does: a
 * wrong fast path would show a notebook under another name, or judge `ignore` globs against the
 * wrong relative path and silently skip its findings.
 */
import * as path from 'path';
import {
  isNormalAbsolute,
  joinName,
  relativePath,
  resolvePath
} from '../../src/cli/paths';

const PATHS = [
  '/',
  '//',
  '/a',
  '/a/',
  '/a/b',
  '/a/b/',
  '/a//b',
  '/a/./b',
  '/a/../b',
  '/a/b/.',
  '/a/b/..',
  '/a/.b',
  '/a/..b',
  '/a/b..',
  '/a/b.',
  '/a/...',
  '/ab',
  '/ab/c',
  '/a/b/c d/é.ipynb',
  '/a/b/c/d/e.ipynb',
  '/.',
  '/..',
  '/./a',
  '/../a',
  'a',
  'a/b',
  './a',
  '../a',
  '.',
  '..',
  ''
];

describe('src/cli/paths.ts agrees with path', () => {
  it('isNormalAbsolute only for the paths path.resolve leaves as they are', () => {
    for (const p of PATHS) {
      if (isNormalAbsolute(p)) {
        expect([p, path.resolve(p)]).toEqual([p, p]);
      }
    }
    // the plain cases do take the fast path
    expect(
      ['/a', '/a/b', '/a/.b', '/a/b.', '/a/...', '/a/b/c d/é.ipynb'].filter(
        isNormalAbsolute
      )
    ).toHaveLength(path.sep === '/' ? 6 : 0);
  });

  it('resolvePath(p, base) === path.resolve(base, p), and path.resolve(p) without one', () => {
    for (const base of ['/a/b', '/', '/x/./y/']) {
      for (const p of PATHS) {
        expect([base, p, resolvePath(p, base)]).toEqual([
          base,
          p,
          path.resolve(base, p)
        ]);
      }
    }
    for (const p of PATHS) {
      expect([p, resolvePath(p)]).toEqual([p, path.resolve(p)]);
    }
  });

  it('relativePath(from, to) === path.relative(from, to)', () => {
    const deep = [
      '/work/wt/shared/corpus/a/b/n.ipynb',
      '/work/wt/shared/corpus/a/bc/n.ipynb',
      '/work/wt/shared/corpus',
      '/work/wt/trust/lint-rules',
      '/work/wt/trust',
      '/tmp/cold-x1/nbcraft.json',
      '/tmp/cold-x1',
      '/work/wt/shared/corpus/a/b'
    ];
    const all = [...PATHS, ...deep];
    for (const from of all) {
      for (const to of all) {
        expect([from, to, relativePath(from, to)]).toEqual([
          from,
          to,
          path.relative(from, to)
        ]);
      }
    }
  });

  it('joinName(dir, name) === path.join(dir, name)', () => {
    for (const dir of PATHS) {
      for (const name of ['.git', 'HEAD', 'objects', 'nbcraft.json']) {
        expect([dir, name, joinName(dir, name)]).toEqual([
          dir,
          name,
          path.join(dir, name)
        ]);
      }
    }
  });
});
