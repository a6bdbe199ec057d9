/**
 * What a read-only attack review of session 17's write checks found, end to end on real
 * folders: promote's up-front check printed raw errno errors with absolute paths; `-o reports/.`
 * wrote a file `reports`; a git folder under another name (a `.git` symlink, a `gitdir:` through
 * a link) let promote write into it; `.git` spelt with HFS+-ignored code points; a folder swapped
 * for a link between staging and renaming.
 */
import { spawnSync } from 'child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import { namesAFolder } from '../../src/cli/paths';
import * as write from '../../src/cli/write';
import { isDotGit } from '../../src/cli/writeTargets';
import {
  cliBin,
  foldersPerTest,
  lintWithReport,
  runIn,
  taggedNotebookIn
} from './writeHelpers';

const at = foldersPerTest('nbcraft-write-attack-');

/** Every path below `folder`, sorted. */
function listing(folder: string): string[] {
  return (readdirSync(folder, { recursive: true }) as string[]).sort();
}

const PROMOTE = ['promote', 'nb.ipynb', '--cells', '2', '--function', 'f'];

describe("promote's up-front check names the path relative, with nothing written (finding 1)", () => {
  it('a module name too long: ENAMETOOLONG in words, relative (was: lstat with the absolute path)', async () => {
    const text = taggedNotebookIn(at.repo, 'src/m.py');
    mkdirSync(path.join(at.repo, 'src'));
    const module = `src/${'x'.repeat(300)}.py`;
    const r = await runIn(at.repo, [...PROMOTE, '--module', module]);
    expect(r.err).toBe(
      `nbcraft promote: cannot write ${module}: ENAMETOOLONG (name too long) (nothing was written)\n`
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
    expect(listing(at.repo)).toEqual(['nb.ipynb', 'src']);
    expect(readFileSync(path.join(at.repo, 'nb.ipynb'), 'utf8')).toBe(text);
  });

  // a real EACCES: a folder root owns with mode 700, promote run as nobody (runuser)
  const asNobody =
    process.getuid?.() === 0 &&
    spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;
  (asNobody ? it : it.skip)(
    'a folder it may not look into: EACCES in words, relative (runuser -u nobody; was: lstat with the absolute path)',
    () => {
      taggedNotebookIn(at.repo, 'src/m.py');
      mkdirSync(path.join(at.repo, 'src'));
      chmodSync(at.dir, 0o755);
      chmodSync(at.repo, 0o777);
      chmodSync(path.join(at.repo, 'src'), 0o700);
      const p = spawnSync(
        'runuser',
        [
          '-u',
          'nobody',
          '--',
          process.execPath,
          cliBin,
          ...PROMOTE,
          '--module',
          'src/m.py'
        ],
        { cwd: at.repo, encoding: 'utf8', timeout: 60000 }
      );
      expect(p.stderr).toBe(
        'nbcraft promote: cannot write src/m.py: EACCES (permission denied) (nothing was written)\n'
      );
      expect(p.stdout).toBe('');
      expect(p.status).toBe(2);
      expect(listing(at.repo)).toEqual(['nb.ipynb', 'src']);
    }
  );

  (process.getuid?.() === 0 ? it : it.skip)(
    'an errno met outside the write (the notebook unreadable) is named relative too (was: the absolute path twice)',
    () => {
      taggedNotebookIn(at.repo, 'src/m.py');
      chmodSync(at.dir, 0o755);
      chmodSync(at.repo, 0o777);
      chmodSync(path.join(at.repo, 'nb.ipynb'), 0o600);
      const p = spawnSync(
        'runuser',
        ['-u', 'nobody', '--', process.execPath, cliBin, 'promote', 'nb.ipynb'],
        { cwd: at.repo, encoding: 'utf8', timeout: 60000 }
      );
      expect(p.stderr).toBe(
        'nbcraft promote: nb.ipynb: EACCES (permission denied) (nothing was written)\n'
      );
      expect(p.status).toBe(2);
    }
  );
});

describe('-o whose last part is . or .. (finding 4: wrote a file named reports)', () => {
  it.each(['reports/.', 'reports/x/..', 'reports/', '.', 'reports/sub/./..'])(
    '-o %s is refused, nothing made',
    async given => {
      const r = await lintWithReport(at.repo, given);
      expect(r.err).toBe(
        `nbcraft: the report to ${given}: a path ending in a slash, "." or ".." names a folder; give a file path\n`
      );
      expect(r.code).toBe(2);
      expect(existsSync(path.join(at.repo, 'reports'))).toBe(false);
      expect(statSync(at.repo).isDirectory()).toBe(true);
      expect(listing(at.repo)).toEqual(['nb.ipynb']);
    }
  );
});

describe('namesAFolder, pure', () => {
  it('takes a last part ".", ".." or empty for a folder, with either slash on Windows', () => {
    expect(namesAFolder('reports\\.', '\\')).toBe(true);
    expect(namesAFolder('reports/x\\..', '\\')).toBe(true);
    expect(namesAFolder('reports\\', '\\')).toBe(true);
    // on POSIX a backslash is part of a name
    expect(namesAFolder('reports\\.', '/')).toBe(false);
    for (const file of ['r.sarif', 'reports/..r', 'reports/r..', '...', 'a/.b'])
      expect(namesAFolder(file, '/')).toBe(false);
  });
});

const INSIDE_GIT =
  'is inside a .git folder; nbcraft never writes there (git runs its hooks and reads its config from it) (nothing was written)';

describe('a git folder under another name (finding 2)', () => {
  it('.git -> meta/gd, a symbolic link: --module meta/gd/hooks/m.py is refused (was: written into the git folder)', async () => {
    const text = taggedNotebookIn(at.repo, 'src/m.py');
    mkdirSync(path.join(at.repo, 'meta', 'gd', 'hooks'), { recursive: true });
    symlinkSync('meta/gd', path.join(at.repo, '.git'));
    const before = listing(at.repo);
    const r = await runIn(at.repo, [
      ...PROMOTE,
      '--module',
      'meta/gd/hooks/m.py'
    ]);
    expect(r.err).toBe(`nbcraft promote: meta/gd/hooks/m.py ${INSIDE_GIT}\n`);
    expect(r.code).toBe(2);
    expect(listing(at.repo)).toEqual(before);
    expect(readFileSync(path.join(at.repo, 'nb.ipynb'), 'utf8')).toBe(text);
  });

  it('gitdir: meta/link/gd2 with meta/link -> real: --module meta/real/gd2/hooks/m2.py is refused (was: compared by name, written)', async () => {
    taggedNotebookIn(at.repo, 'src/m.py');
    mkdirSync(path.join(at.repo, 'meta', 'real', 'gd2', 'hooks'), {
      recursive: true
    });
    symlinkSync('real', path.join(at.repo, 'meta', 'link'));
    writeFileSync(path.join(at.repo, '.git'), 'gitdir: meta/link/gd2\n');
    const before = listing(at.repo);
    const r = await runIn(at.repo, [
      ...PROMOTE,
      '--module',
      'meta/real/gd2/hooks/m2.py'
    ]);
    expect(r.err).toBe(
      `nbcraft promote: meta/real/gd2/hooks/m2.py ${INSIDE_GIT}\n`
    );
    expect(r.code).toBe(2);
    expect(listing(at.repo)).toEqual(before);
  });

  it('a module beside the git folder a .git link names is still written', async () => {
    taggedNotebookIn(at.repo, 'src/m.py');
    mkdirSync(path.join(at.repo, 'meta', 'gd'), { recursive: true });
    symlinkSync('meta/gd', path.join(at.repo, '.git'));
    const r = await runIn(at.repo, [...PROMOTE, '--module', 'meta/m.py']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(at.repo, 'meta', 'm.py'), 'utf8')).toContain(
      'def f('
    );
  });
});

describe('.git as git spells it on NTFS and HFS+ (finding 3)', () => {
  // the same table nbcraft/tests/promote/test_git_folder.py holds the lab's route to
  const names = JSON.parse(
    readFileSync(
      path.join(__dirname, '..', 'fixtures', 'dotgit-names.json'),
      'utf8'
    )
  ) as { gitFolder: string[]; notGitFolder: string[] };
  /** A name as a test title shows it: every code point outside printable ASCII as \\uXXXX. */
  const escaped = (name: string): string =>
    `"${name.replace(/[^\x20-\x7e]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;

  it.each(names.gitFolder.map(n => [escaped(n), n]))(
    '%s is .git',
    (_, name) => {
      expect(isDotGit(name)).toBe(true);
    }
  );
  it.each(names.notGitFolder.map(n => [escaped(n), n]))(
    '%s is not .git',
    (_, name) => {
      expect(isDotGit(name)).toBe(false);
    }
  );

  it('-o ".git\\u200c/config" is refused, nothing written (was: written; on HFS+ that is .git/config)', async () => {
    // promote and the lab refuse a path with an invisible character before this check; the
    // report's path is the user's, held only to the .git rule
    mkdirSync(path.join(at.repo, '.git\u200c'));
    const r = await lintWithReport(at.repo, '.git\u200c/config');
    expect(r.err).toBe(
      'nbcraft: .git\\u200c/config leads into a .git folder; nbcraft never writes there (git runs its hooks and reads its config from it)\n'
    );
    expect(r.code).toBe(2);
    expect(listing(at.repo)).toEqual(['.git\u200c', 'nb.ipynb']);
  });
});

describe('a folder swapped for a link between staging and renaming (finding 5)', () => {
  it('is refused by the check run again; nothing lands where the link leads, the temporary files go from the real folder (was: the module renamed into outside/)', () => {
    const src = path.join(at.repo, 'src');
    const outside = path.join(at.dir, 'outside');
    mkdirSync(src);
    mkdirSync(outside);
    const module = path.join(src, 'm.py');
    const notebook = path.join(at.repo, 'nb.ipynb');
    writeFileSync(module, 'OLD = 1\n');
    writeFileSync(notebook, 'NB\n');
    // what a process running beside nbcraft can do once the temporary files are written: move
    // src aside, put a link to outside/ in its place, and copy the temporary file it saw in
    // src there, so that the rename through the link finds it
    const swap = (): void => {
      renameSync(src, path.join(at.repo, 'src.real'));
      symlinkSync('../outside', src);
      for (const name of readdirSync(path.join(at.repo, 'src.real')))
        if (name.startsWith('.nbcraft-'))
          cpSync(
            path.join(at.repo, 'src.real', name),
            path.join(outside, name)
          );
    };
    expect(() => {
      write.writeProjectFiles(
        [
          [module, 'NEW = 2\n'],
          [notebook, 'NB2\n']
        ],
        at.repo,
        { afterStaging: swap }
      );
    }).toThrow(
      expect.objectContaining({
        name: 'WriteRefusedError',
        message:
          'src/m.py leads outside the current folder through a symbolic link; nbcraft only writes inside it'
      })
    );
    // nothing renamed: neither the module out there nor the notebook
    expect(
      readdirSync(outside).filter(n => !n.startsWith('.nbcraft-'))
    ).toEqual([]);
    expect(readFileSync(notebook, 'utf8')).toBe('NB\n');
    // the temporary files removed from the folders they were written in (src.real through
    // its held descriptor); the copy out there, reached only through the link, left alone
    expect(readdirSync(path.join(at.repo, 'src.real'))).toEqual(['m.py']);
    expect(readFileSync(path.join(at.repo, 'src.real', 'm.py'), 'utf8')).toBe(
      'OLD = 1\n'
    );
    expect(readdirSync(at.repo).sort()).toEqual([
      'nb.ipynb',
      'src',
      'src.real'
    ]);
    expect(readdirSync(outside).length).toBe(1);
  });
});
