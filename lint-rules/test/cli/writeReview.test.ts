/**
 * What the attack review of s17-write found in the CLI's writes, end to end on real folders:
 * `--output-file` below a pipe spun forever; promote made folders it did not remove and printed
 * before writing; a link in a parent folder of a file outside the current folder was followed;
 * (a rollback beside a concurrent writer: writeRollback.test.ts); `.git` under its NTFS and gitdir names; the
 * report through a link into `.git`; messages with absolute paths; `-o reports/`.
 */
import { execFileSync, spawnSync } from 'child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import { missingFolders, type PathKind } from '../../src/cli/folders';
import { inGitFolder } from '../../src/cli/writeTargets';
import {
  canMakeImmutable,
  cliBin,
  foldersPerTest,
  lintFixtures,
  lintWithReport,
  runIn,
  taggedNotebookIn
} from './writeHelpers';

const at = foldersPerTest('nbcraft-write-review-');

/** Every path below `folder`, sorted, with a file's content. */
function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (
    readdirSync(folder, { recursive: true }) as string[]
  ).sort()) {
    try {
      out[rel] = readFileSync(path.join(folder, rel), 'utf8');
    } catch {
      out[rel] = '(folder)';
    }
  }
  return out;
}

describe('--output-file below a pipe (review 1: one core spun forever)', () => {
  it.each(['/dev/stdout/r.sarif', '/proc/self/fd/1/r.sarif'])(
    '%s with stdout a pipe is a usage error at once (was: killed by the timeout)',
    given => {
      cpSync(
        path.join(lintFixtures, 'findings.ipynb'),
        path.join(at.repo, 'nb.ipynb')
      );
      const p = spawnSync(
        'sh',
        [
          '-c',
          `"$1" "$2" lint nb.ipynb -o '${given}' | cat; exit 0`,
          'sh',
          process.execPath,
          cliBin
        ],
        { cwd: at.repo, encoding: 'utf8', timeout: 20000 }
      );
      expect(p.signal).toBeNull();
      expect(p.stderr).toMatch(
        /^nbcraft: .*r\.sarif: .* is not a folder \(it is \/proc\/\d+\/fd\/pipe:\[\d+\]\); nbcraft makes no folder below \/proc or \/dev\n$/
      );
    }
  );
});

describe('the folders a write must make, as a pure walk (review 2: promote looped forever on Windows)', () => {
  const on =
    (existing: string[]) =>
    (p: string): PathKind =>
      existing.includes(p) ? 'dir' : 'missing';

  it('walks up with path.win32 and stops at the drive (was: mkdir returned \\\\?\\C:\\…, never met)', () => {
    expect(
      missingFolders('C:\\repo\\src\\pkg', on(['C:\\repo']), path.win32)
    ).toEqual({
      missing: ['C:\\repo\\src', 'C:\\repo\\src\\pkg'],
      existing: 'C:\\repo',
      kind: 'dir'
    });
    // nothing exists, not even the drive: the walk ends at C:\ instead of growing forever
    expect(missingFolders('C:\\a\\b', on([]), path.win32).missing).toEqual([
      'C:\\',
      'C:\\a',
      'C:\\a\\b'
    ]);
    expect(
      missingFolders(
        '\\\\srv\\share\\x\\y',
        on(['\\\\srv\\share\\']),
        path.win32
      )
    ).toEqual({
      missing: ['\\\\srv\\share\\x', '\\\\srv\\share\\x\\y'],
      existing: '\\\\srv\\share\\',
      kind: 'dir'
    });
  });

  it('says what the first existing path is (a file cannot hold a folder)', () => {
    expect(
      missingFolders(
        '/r/f/x',
        p => (p === '/r/f' ? 'other' : 'missing'),
        path.posix
      )
    ).toEqual({ missing: ['/r/f/x'], existing: '/r/f', kind: 'other' });
  });
});

describe('promote whose folder cannot be made (review 3: folders left, lines printed first)', () => {
  (canMakeImmutable ? it : it.skip)(
    'removes the folders it made, prints nothing on stdout, names the file relative (chattr +i tests)',
    async () => {
      taggedNotebookIn(at.repo, 'src/pkg/m.py');
      mkdirSync(path.join(at.repo, 'tests'));
      const before = snapshot(at.repo);
      execFileSync('chattr', ['+i', path.join(at.repo, 'tests')]);
      let r;
      try {
        r = await runIn(at.repo, [
          'promote',
          'nb.ipynb',
          '--tests',
          'tests/sub'
        ]);
      } finally {
        execFileSync('chattr', ['-i', path.join(at.repo, 'tests')]);
      }
      expect(r.err).toBe(
        'nbcraft promote: cannot write tests/sub/test_m.py: EPERM (operation not permitted) (nothing was written)\n'
      );
      expect(r.out).toBe('');
      expect(r.code).toBe(2);
      expect(snapshot(at.repo)).toEqual(before);
    }
  );
});

describe('promote below a file (was: internal ENOTDIR with the absolute path)', () => {
  it('--tests tests/sub with tests a file is a one-line refusal, nothing written', async () => {
    taggedNotebookIn(at.repo, 'src/pkg/m.py');
    writeFileSync(path.join(at.repo, 'tests'), 'a file\n');
    const before = snapshot(at.repo);
    const r = await runIn(at.repo, [
      'promote',
      'nb.ipynb',
      '--tests',
      'tests/sub'
    ]);
    expect(r.err).toBe(
      'nbcraft promote: cannot write tests/sub/test_m.py: ENOTDIR (a part of the path is not a folder) (nothing was written)\n'
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
    expect(snapshot(at.repo)).toEqual(before);
  });
});

describe('a link in a parent folder of a file outside the current folder (review 4: followed)', () => {
  it('--fix ../other/link/nb.ipynb is refused, naming the link; the notebook stays', async () => {
    mkdirSync(path.join(at.dir, 'other', 'real'), { recursive: true });
    symlinkSync('real', path.join(at.dir, 'other', 'link'));
    const nb = path.join(at.dir, 'other', 'real', 'nb.ipynb');
    cpSync(path.join(lintFixtures, 'findings.ipynb'), nb);
    const text = readFileSync(nb, 'utf8');
    const r = await runIn(at.repo, ['lint', '--fix', '../other/link/nb.ipynb']);
    expect(r.out).toContain(
      `is below ${path.join(at.dir, 'other', 'link')}, a symbolic link (to real); nbcraft writes no file through a link`
    );
    expect(r.code).toBe(2);
    expect(readFileSync(nb, 'utf8')).toBe(text);
  });
});

describe('.git under other names, and the report into .git (review: smaller)', () => {
  it('takes GIT~1, .git::$INDEX_ALLOCATION and a gitdir a .git file names for .git', () => {
    expect(
      inGitFolder(path.join(at.repo, 'GIT~1', 'hooks', 'pre-commit'))
    ).toBe(true);
    expect(
      inGitFolder(path.join(at.repo, '.git::$INDEX_ALLOCATION', 'config'))
    ).toBe(true);
    // a repository whose git folder is .gitdata, named by its .git file
    mkdirSync(path.join(at.repo, '.gitdata', 'hooks'), { recursive: true });
    writeFileSync(path.join(at.repo, '.git'), 'gitdir: .gitdata\n');
    expect(
      inGitFolder(path.join(at.repo, '.gitdata', 'hooks', 'pre-commit'))
    ).toBe(true);
    expect(inGitFolder(path.join(at.repo, 'src', 'm.py'))).toBe(false);
  });

  it('-o rep/pre-commit with rep -> .git/hooks is refused; no hook is written', async () => {
    mkdirSync(path.join(at.repo, '.git', 'hooks'), { recursive: true });
    symlinkSync('.git/hooks', path.join(at.repo, 'rep'));
    const r = await lintWithReport(at.repo, 'rep/pre-commit');
    expect(r.err).toBe(
      'nbcraft: rep/pre-commit leads into a .git folder; nbcraft never writes there (git runs its hooks and reads its config from it)\n'
    );
    expect(r.code).toBe(2);
    expect(existsSync(path.join(at.repo, '.git', 'hooks', 'pre-commit'))).toBe(
      false
    );
  });

  it('-o . is shown as ".", and -o reports/ is refused rather than written as a file "reports"', async () => {
    const dot = await lintWithReport(at.repo, '.');
    expect(dot.err).toBe(
      'nbcraft: the report to .: a path ending in a slash, "." or ".." names a folder; give a file path\n'
    );
    const slash = await runIn(at.repo, ['lint', 'nb.ipynb', '-o', 'reports/']);
    expect(slash.err).toBe(
      'nbcraft: the report to reports/: a path ending in a slash, "." or ".." names a folder; give a file path\n'
    );
    expect(slash.code).toBe(2);
    expect(existsSync(path.join(at.repo, 'reports'))).toBe(false);
  });
});
