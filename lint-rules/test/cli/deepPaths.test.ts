/**
 * A deep module path (a notebook's `promote:<path>:<fn>` tag in CI can name one 1,500 folders
 * deep, with an `__init__.py` at every level): promote's check resolved it with a realpath at
 * every missing level, and walked every folder's `.git` again for every file, so the work grew
 * with the cube of the depth (over 10 minutes at 1,500; bench/deep-paths.js prints the times).
 * Counted here in file-system calls, not timed: the deepest existing part is found by halving
 * and resolved once, and each folder's `.git` is looked at once per check.
 */
import * as path from 'path';
import * as write from '../../src/cli/write';
import { resolveLinks } from '../../src/cli/writeTargets';
import { foldersPerTest } from './writeHelpers';

// the module object writeTargets.ts calls into (an `import *` is a frozen copy)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import('fs') = require('fs');

const at = foldersPerTest('nbcraft-deep-');

afterEach(() => jest.restoreAllMocks());

/** how many times `fn` calls each of fs's lstatSync and realpathSync (also .native) */
function counted(fn: () => void): { lstat: number; realpath: number } {
  const n = { lstat: 0, realpath: 0 };
  const lstat = fs.lstatSync;
  jest.spyOn(fs, 'lstatSync').mockImplementation(((...a: unknown[]) => {
    n.lstat++;
    return (lstat as (...b: unknown[]) => unknown)(...a);
  }) as never);
  const real = fs.realpathSync;
  const native = real.native;
  const counting = Object.assign(
    (...a: unknown[]) => {
      n.realpath++;
      return (real as (...b: unknown[]) => unknown)(...a);
    },
    {
      native: (...a: unknown[]) => {
        n.realpath++;
        return (native as (...b: unknown[]) => unknown)(...a);
      }
    }
  );
  jest.spyOn(fs, 'realpathSync').mockImplementation(counting as never);
  fs.realpathSync.native = counting.native as never;
  try {
    fn();
  } finally {
    jest.restoreAllMocks();
    fs.realpathSync.native = native;
  }
  return n;
}

describe('deep paths', () => {
  it('resolveLinks of a path 200 folders deep that does not exist: one realpath, a few lstats (was: a realpath per missing level)', () => {
    const deep = path.join(at.repo, ...Array<string>(200).fill('a'), 'm.py');
    let got = '';
    const n = counted(() => {
      got = resolveLinks(deep);
    });
    expect(got).toBe(
      path.join(
        fs.realpathSync(at.repo),
        ...Array<string>(200).fill('a'),
        'm.py'
      )
    );
    expect(n.realpath).toBe(1);
    expect(n.lstat).toBeLessThanOrEqual(12); // log2 of the path's parts, and one
  });

  /** promote's check of an `__init__.py` at each of 100 nested levels and what it asked of fs */
  function checkOfNested(): {
    refused: unknown;
    n: { lstat: number; realpath: number };
  } {
    const files = Array.from({ length: 100 }, (_, i) =>
      path.join(at.repo, ...Array<string>(i + 1).fill('a'), '__init__.py')
    );
    let refused: unknown;
    const n = counted(() => {
      refused = write.projectWritesRefusal(files, at.repo);
    });
    return { refused, n };
  }

  it("promote's check of 100 nested __init__.py looks at each folder's .git once (was: every folder again per file)", () => {
    const { refused, n } = checkOfNested();
    expect(refused).toBeUndefined();
    // per file: the link check's first missing part; the .git of the folders above the
    // repository once for all; main made 100 x 100 .git lstats
    expect(n.lstat).toBeLessThan(100 * 40);
    expect(n.realpath).toBeLessThanOrEqual(2 * 100);
  });

  it("promote's check of 100 nested __init__.py whose folders exist (the check after staging) looks at each folder once (was: every folder again per file, and a realpath per file)", () => {
    fs.mkdirSync(path.join(at.repo, ...Array<string>(100).fill('a')), {
      recursive: true
    });
    const { refused, n } = checkOfNested();
    expect(refused).toBeUndefined();
    // per folder: its lstat on the way and its .git and HEAD once; per file: its own lstat.
    // main walked every folder on each file's way again: 100 x 101 / 2 lstats for the links
    // alone, and two realpaths per file (each a readlink per part of the path)
    expect(n.lstat).toBeLessThan(100 * 8);
    expect(n.realpath).toBeLessThanOrEqual(4);
  });

  it('a link, or a .git, met below folders an earlier file of the same check walked is still refused', () => {
    const other = path.join(at.repo, 'other');
    fs.mkdirSync(other);
    fs.mkdirSync(path.join(at.repo, 'a', 'b'), { recursive: true });
    fs.symlinkSync(other, path.join(at.repo, 'a', 'b', 'c'));
    const refusal = (files: string[]): string | undefined =>
      write.projectWritesRefusal(
        files.map(f => path.join(at.repo, f)),
        at.repo
      )?.message;
    expect(refusal(['a/__init__.py', 'a/b/__init__.py', 'a/b/c/m.py'])).toMatch(
      /^a\/b\/c\/m\.py is below a\/b\/c, a symbolic link/
    );
    expect(refusal(['a/__init__.py', 'a/b/.git/hooks/m.py'])).toMatch(
      /inside a \.git folder/
    );
    expect(refusal(['a/__init__.py', 'a/b/__init__.py'])).toBeUndefined();
  });
});
