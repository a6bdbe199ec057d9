/**
 * promote's temporary files and the folders held open for them (writeHeld.ts), as the review of
 * s18-fixsec attacked them: a folder swapped for a link after it was held but before the
 * temporary files were written put the module's text where the link leads; without /proc the
 * clean-up removed nothing; one removal that failed stopped the others.
 */
import { execFileSync } from 'child_process';
import {
  mkdirSync,
  readdirSync,
  renameSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import * as write from '../../src/cli/write';
import * as held from '../../src/cli/writeHeld';
import { canMakeImmutable, foldersPerTest } from './writeHelpers';

// the module object write.ts's modules and writeHeld.ts call into (an `import *` is a frozen copy)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: typeof import('fs') = require('fs');

const at = foldersPerTest('nbcraft-write-held-');

const temps = (folder: string): string[] =>
  readdirSync(folder).filter(n => n.startsWith('.nbcraft-'));

/** `name` under the project moved aside to `<name>.real` and a link to ../outside put there. */
function swapForLink(name: string): void {
  renameSync(path.join(at.repo, name), path.join(at.repo, `${name}.real`));
  symlinkSync('../outside', path.join(at.repo, name));
}

function project(): { files: [string, string][]; outside: string } {
  const outside = path.join(at.dir, 'outside');
  mkdirSync(outside);
  mkdirSync(path.join(at.repo, 'src'));
  mkdirSync(path.join(at.repo, 'lib'));
  writeFileSync(path.join(at.repo, 'nb.ipynb'), 'NB\n');
  return {
    outside,
    files: [
      [path.join(at.repo, 'src', 'm.py'), 'SECRET MODULE\n'],
      [path.join(at.repo, 'lib', 'n.py'), 'N\n'],
      [path.join(at.repo, 'nb.ipynb'), 'NB2\n']
    ]
  };
}

afterEach(() => jest.restoreAllMocks());

describe("promote's temporary files and the folders it holds", () => {
  it('a folder swapped for a link after it is held: the temporary file is written in the held folder, never where the link leads (was: the module text left in outside/)', () => {
    const { files, outside } = project();
    const hold = held.holdFolders;
    jest.spyOn(held, 'holdFolders').mockImplementation((files, root) => {
      const h = hold(files, root);
      swapForLink('src'); // a writer beside nbcraft, between holding and staging
      return h;
    });
    expect(() => {
      write.writeProjectFiles(files, at.repo);
    }).toThrow(
      'src/m.py leads outside the current folder through a symbolic link; nbcraft only writes inside it'
    );
    expect(readdirSync(outside)).toEqual([]);
    expect(readdirSync(path.join(at.repo, 'src.real'))).toEqual([]);
    expect(temps(path.join(at.repo, 'lib'))).toEqual([]);
    expect(temps(at.repo)).toEqual([]);
  });

  it('without /proc: removed by path when the file there is the one written, and the ones out of reach named (was: none removed, none named)', () => {
    // the one mock: a system without /proc mounted (a container, a chroot) cannot be made here;
    // every path below /proc answers as it would there, ENOENT
    const noProc = (p: unknown): boolean => String(p).startsWith('/proc/');
    const enoent = (p: unknown): Error =>
      Object.assign(
        new Error(`ENOENT: no such file or directory, '${String(p)}'`),
        {
          code: 'ENOENT'
        }
      );
    for (const name of ['statSync', 'lstatSync', 'openSync'] as const) {
      const real = fs[name] as (...a: unknown[]) => unknown;
      jest.spyOn(fs, name).mockImplementation(((...a: unknown[]) => {
        if (noProc(a[0])) throw enoent(a[0]);
        return real(...a);
      }) as never);
    }
    const rm = fs.rmSync;
    jest.spyOn(fs, 'rmSync').mockImplementation((p, o) => {
      if (!noProc(p)) {
        rm(p, o);
        return;
      }
      if (!o?.force) throw enoent(p);
    });
    const { files, outside } = project();
    let said = '';
    try {
      write.writeProjectFiles(files, at.repo, {
        // lib moved away from its path after staging: its temporary file cannot be reached
        afterStaging: () => {
          swapForLink('lib');
          for (const n of temps(path.join(at.repo, 'lib.real')))
            fs.copyFileSync(
              path.join(at.repo, 'lib.real', n),
              path.join(outside, n)
            );
        }
      });
    } catch (err) {
      said = (err as Error).message;
    }
    const [left] = temps(path.join(at.repo, 'lib.real'));
    expect(said).toBe(
      `lib/n.py leads outside the current folder through a symbolic link; nbcraft only writes inside it; temporary files left behind: lib/${left}`
    );
    // src's and the notebook's removed by path (same inode as written); the copy out there,
    // another file under the same name, left alone
    expect(temps(path.join(at.repo, 'src'))).toEqual([]);
    expect(temps(at.repo)).toEqual([]);
    expect(temps(outside)).toEqual([left]);
  });

  (canMakeImmutable ? it : it.skip)(
    'one removal that fails does not stop the others; the one left is named (was: the errno thrown, the rest left)',
    () => {
      const { files } = project();
      const src = path.join(at.repo, 'src');
      try {
        let said = '';
        try {
          write.writeProjectFiles(files, at.repo, {
            afterStaging: () => {
              execFileSync('chattr', ['+i', src]); // unlink there: EPERM, as root too
              swapForLink('lib');
            }
          });
        } catch (err) {
          said = (err as Error).message;
        }
        const [left] = temps(src);
        expect(said).toBe(
          `lib/n.py leads outside the current folder through a symbolic link; nbcraft only writes inside it; temporary files left behind: src/${left}`
        );
        expect(temps(path.join(at.repo, 'lib.real'))).toEqual([]);
        expect(temps(at.repo)).toEqual([]);
      } finally {
        execFileSync('chattr', ['-i', src]);
      }
    }
  );
});

describe('a folder that cannot be held (s19 review, D5)', () => {
  it('on Linux refuses the write, named, before any temporary file is written (was: skipped, the module text left where a link led, unreported)', () => {
    if (process.platform === 'win32') return; // Windows cannot open a folder: held by path
    const { files, outside } = project();
    const src = path.join(at.repo, 'src');
    const open = fs.openSync;
    let step = 0;
    jest.spyOn(fs, 'openSync').mockImplementation((...a: unknown[]) => {
      const [p, flags] = a;
      if (step === 0 && p === src && typeof flags === 'number') {
        step = 1; // src briefly gone while it is held
        renameSync(src, `${src}.real`);
      } else if (step === 1 && String(p).includes('.nbcraft-')) {
        step = 2; // src a link to outside while the temporary file is opened
        symlinkSync(outside, src);
      }
      return (open as (...b: unknown[]) => number)(...a);
    });
    expect(() => {
      write.writeProjectFiles(files, at.repo, {
        afterStaging: () => {
          // swapped back before the check runs again
          fs.unlinkSync(src);
          renameSync(`${src}.real`, src);
        }
      });
    }).toThrow(/^cannot write src\/m\.py: ENOENT/);
    expect(readdirSync(outside)).toEqual([]);
    for (const folder of ['src.real', 'lib', '.'])
      if (fs.existsSync(path.join(at.repo, folder)))
        expect(temps(path.join(at.repo, folder))).toEqual([]);
  });
});

describe('a rename that fails after a folder is swapped (s19 review, D5)', () => {
  it('the temporary files are removed from the held folder, not by path (was: left in it, unreported)', () => {
    const { files, outside } = project();
    let said = '';
    try {
      write.writeProjectFiles(files, at.repo, {
        // after the check run again: the rename by path meets the link
        beforeRenames: () => {
          swapForLink('src');
        }
      });
    } catch (err) {
      said = (err as Error).message;
    }
    expect(said).toMatch(/^cannot write src\/m\.py: ENOENT/);
    expect(said).not.toContain('temporary files left behind');
    expect(temps(path.join(at.repo, 'src.real'))).toEqual([]);
    expect(readdirSync(outside)).toEqual([]);
    expect(temps(path.join(at.repo, 'lib'))).toEqual([]);
    expect(temps(at.repo)).toEqual([]);
  });
});
