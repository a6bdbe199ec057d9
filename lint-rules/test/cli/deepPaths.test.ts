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

  it("promote's check of 100 nested __init__.py looks at each folder's .git once (was: every folder again per file)", () => {
    const files = Array.from({ length: 100 }, (_, i) =>
      path.join(at.repo, ...Array<string>(i + 1).fill('a'), '__init__.py')
    );
    let refused: unknown;
    const n = counted(() => {
      refused = write.projectWritesRefusal(files, at.repo);
    });
    expect(refused).toBeUndefined();
    // per file: the halving (about 12), the link check's first missing part, and the .git of
    // the folders above the repository once for all; main made 100 x 100 .git lstats
    expect(n.lstat).toBeLessThan(100 * 40);
    expect(n.realpath).toBeLessThanOrEqual(2 * 100);
  });
});
