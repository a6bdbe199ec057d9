/**
 * What the last review (R10) left in the CLI's writes, end to end on real folders: no project
 * write (promote, `--fix`) follows a symbolic link, even one inside the folder, nor lands
 * under `.git`; promote's renames are all or nothing; the link check, the hard-link check and
 * the staging each have a test that fails without them; a link is noted once; `--output-file`
 * makes its missing folders; a name starting with two dots is inside the folder.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { nodeIo } from '../../src/cli/io';
import { execute } from '../../src/cli/main';
import * as write from '../../src/cli/write';
import { canMakeImmutable, runIn, taggedNotebookIn } from './writeHelpers';

const fixtures = path.join(__dirname, '..', 'fixtures', 'lint');

let dir: string;
let repo: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-write-project-'));
  repo = path.join(dir, 'repo');
  mkdirSync(repo);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[]) => runIn(repo, argv);
const taggedNotebook = (module: string, name?: string) =>
  taggedNotebookIn(repo, module, name);

/** Every file below `folder` with its content (a link as `-> target`), sorted. */
function snapshot(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (
    readdirSync(folder, { recursive: true }) as string[]
  ).sort()) {
    const abs = path.join(folder, rel);
    try {
      out[rel] = readFileSync(abs, 'utf8');
    } catch {
      out[rel] = '(not a file)';
    }
  }
  return out;
}

const HOOK = '#!/usr/bin/env python3\nprint("hook")\n';

describe('a symbolic link inside the folder (review R10: written through)', () => {
  beforeEach(() => {
    mkdirSync(path.join(repo, '.git', 'hooks'), { recursive: true });
    writeFileSync(path.join(repo, '.git', 'hooks', 'pre-commit'), HOOK);
  });

  it("promote refuses a tag's module that is a link to .git/hooks/pre-commit, naming the link and its target", async () => {
    mkdirSync(path.join(repo, 'src'));
    symlinkSync('../.git/hooks/pre-commit', path.join(repo, 'src', 'utils.py'));
    taggedNotebook('src/utils.py');
    const before = snapshot(repo);
    const r = await run(['promote', 'nb.ipynb']);
    expect(r.err).toBe(
      'nbcraft promote: src/utils.py is a symbolic link (to ../.git/hooks/pre-commit); nbcraft writes no file through a link: replace the link by the file, or name its target (nothing was written)\n'
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(2);
    expect(snapshot(repo)).toEqual(before);
  });

  it('promote refuses a module below a folder link inside the folder', async () => {
    mkdirSync(path.join(repo, 'lib'));
    mkdirSync(path.join(repo, 'src'));
    symlinkSync('../lib', path.join(repo, 'src', 'pkg'));
    taggedNotebook('src/pkg/m.py');
    const before = snapshot(repo);
    const r = await run(['promote', 'nb.ipynb']);
    expect(r.err).toBe(
      'nbcraft promote: src/pkg/m.py is below src/pkg, a symbolic link (to ../lib); nbcraft writes no file through a link: name the path without it (nothing was written)\n'
    );
    expect(r.code).toBe(2);
    expect(snapshot(repo)).toEqual(before);
  });

  it('--fix refuses a named notebook that is a link to another notebook, and fixes the rest', async () => {
    cpSync(
      path.join(fixtures, 'findings.ipynb'),
      path.join(repo, 'other.ipynb')
    );
    cpSync(path.join(fixtures, 'findings.ipynb'), path.join(repo, 'own.ipynb'));
    symlinkSync('other.ipynb', path.join(repo, 'link.ipynb'));
    const original = readFileSync(path.join(repo, 'other.ipynb'), 'utf8');
    const r = await run(['lint', '--fix', 'link.ipynb', 'own.ipynb']);
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      'link.ipynb: error: cannot write fixes: link.ipynb is a symbolic link (to other.ipynb); nbcraft writes no file through a link'
    );
    expect(readFileSync(path.join(repo, 'other.ipynb'), 'utf8')).toBe(original);
    expect(readFileSync(path.join(repo, 'own.ipynb'), 'utf8')).not.toBe(
      original
    );
  });
});

describe('nothing is written under .git, whatever the path says', () => {
  it.each([
    ['--tests', ['--tests', '.git/hooks'], '.git/hooks/test_m.py'],
    [
      '--tests, in another case',
      ['--tests', '.GIT/hooks'],
      '.GIT/hooks/test_m.py'
    ],
    ["a committed nbcraft.json's testsDir", [], '.git/hooks/test_m.py']
  ])(
    'promote refuses a test file below .git (%s; was: written there)',
    async (_, flags, shown) => {
      mkdirSync(path.join(repo, '.git', 'hooks'), { recursive: true });
      if (!flags.length)
        writeFileSync(
          path.join(repo, 'nbcraft.json'),
          '{"promote": {"testsDir": ".git/hooks"}}\n'
        );
      taggedNotebook('src/m.py');
      const before = snapshot(repo);
      const r = await run(['promote', 'nb.ipynb', ...flags]);
      expect(r.err).toBe(
        `nbcraft promote: ${shown} is inside a .git folder; nbcraft never writes there (git runs its hooks and reads its config from it) (nothing was written)\n`
      );
      expect(r.code).toBe(2);
      expect(snapshot(repo)).toEqual(before);
    }
  );

  it('a project write of .git/config is refused; the file stays', () => {
    mkdirSync(path.join(repo, '.git'));
    writeFileSync(path.join(repo, '.git', 'config'), '[core]\n');
    expect(() => {
      write.writeFileSafely(path.join(repo, '.git', 'config'), 'x', {
        root: repo,
        links: 'refuse'
      });
    }).toThrow('.git/config is inside a .git folder');
    expect(readFileSync(path.join(repo, '.git', 'config'), 'utf8')).toBe(
      '[core]\n'
    );
  });
});

describe("promote's writes, all or nothing", () => {
  it('a rename that fails midway puts back what the earlier renames replaced (was: the module written, the notebook not)', () => {
    // the real failure used: the second target became a non-empty folder between staging
    // and renaming (rename(2) gives EISDIR or ENOTEMPTY, as root too)
    const module = path.join(repo, 'm.py');
    const made = path.join(repo, 'new.py');
    const notebook = path.join(repo, 'nb.ipynb');
    writeFileSync(module, 'OLD = 1\n');
    const staged = write.stageAll([
      [module, 'NEW = 2\n'],
      [made, 'MADE = 3\n'],
      [notebook, '{"new": true}']
    ]);
    mkdirSync(path.join(notebook, 'inside'), { recursive: true });
    expect(() => {
      write.commitAll(staged);
    }).toThrow(/EISDIR|ENOTEMPTY/);
    expect(readFileSync(module, 'utf8')).toBe('OLD = 1\n');
    expect(existsSync(made)).toBe(false);
    expect(readdirSync(repo).sort()).toEqual(['m.py', 'nb.ipynb']);
  });

  it('promote whose last rename fails leaves the folder as it was: pyproject.toml put back, the module, test file and folders it made gone', async () => {
    const nb = taggedNotebook('src/pkg/m.py');
    // replaced by the pythonpath edit before the notebook's rename fails: put back
    writeFileSync(path.join(repo, 'pyproject.toml'), '[project]\nname = "x"\n');
    const notebook = path.join(repo, 'nb.ipynb');
    const before = snapshot(repo);
    const real = nodeIo({ cwd: repo, env: { NBCRAFT_THREADS: '1' } });
    let err = '';
    const code = await execute(['promote', 'nb.ipynb'], {
      ...real,
      stderr: t => void (err += t),
      stdout: () => undefined,
      // the real halves of writeProjectFiles; between them the notebook's path becomes a
      // non-empty folder (the notebook moved aside), so its rename, the last, really fails
      writeProjectFiles: files =>
        new Promise<string[]>(resolve => {
          resolve(
            write.writeProjectFiles(files, repo, {
              // after the check run again after staging: the rename itself fails
              beforeRenames: () => {
                renameSync(notebook, `${notebook}.aside`);
                mkdirSync(path.join(notebook, 'inside'), { recursive: true });
              }
            })
          );
        })
    });
    expect(code).toBe(2);
    expect(err).toMatch(
      /^nbcraft promote: cannot write nb\.ipynb: (EISDIR \(is a folder\)|ENOTEMPTY \(is a folder, not empty\)) \(nothing was written\)\n$/
    );
    rmSync(notebook, { recursive: true });
    renameSync(`${notebook}.aside`, notebook);
    expect(readFileSync(notebook, 'utf8')).toBe(nb);
    expect(snapshot(repo)).toEqual(before);
  });

  (canMakeImmutable ? it : it.skip)(
    'a file that cannot be staged leaves every file as it was (fails with the staging removed)',
    () => {
      // a real failure to stage: no file can be made in an immutable folder (chattr +i, as root)
      const module = path.join(repo, 'm.py');
      writeFileSync(module, 'OLD = 1\n');
      mkdirSync(path.join(repo, 'sealed'));
      execFileSync('chattr', ['+i', path.join(repo, 'sealed')]);
      try {
        expect(() => {
          write.writeProjectFiles(
            [
              [module, 'NEW = 2\n'],
              [path.join(repo, 'sealed', 'test_m.py'), 'def test(): pass\n']
            ],
            repo
          );
        }).toThrow('cannot write sealed/test_m.py: EPERM');
      } finally {
        execFileSync('chattr', ['-i', path.join(repo, 'sealed')]);
      }
      expect(readFileSync(module, 'utf8')).toBe('OLD = 1\n');
      expect(readdirSync(repo).sort()).toEqual(['m.py', 'sealed']);
    }
  );

  it('a later file refused by the check leaves the first as it was (fails with the check removed: its rename replaces the link)', () => {
    const module = path.join(repo, 'm.py');
    writeFileSync(module, 'OLD = 1\n');
    writeFileSync(path.join(dir, 'outside.py'), 'OUT = 1\n');
    symlinkSync('../outside.py', path.join(repo, 'link.py'));
    expect(() => {
      write.writeProjectFiles(
        [
          [module, 'NEW = 2\n'],
          [path.join(repo, 'link.py'), 'def test(): pass\n']
        ],
        repo
      );
    }).toThrow(
      expect.objectContaining({
        name: 'WriteRefusedError',
        message:
          'link.py leads outside the current folder through a symbolic link; nbcraft only writes inside it'
      })
    );
    expect(readFileSync(module, 'utf8')).toBe('OLD = 1\n');
    expect(readFileSync(path.join(dir, 'outside.py'), 'utf8')).toBe(
      'OUT = 1\n'
    );
    expect(readdirSync(repo).sort()).toEqual(['link.py', 'm.py']);
  });
});

describe('the symbolic link note', () => {
  it('is printed once per link, however many targets walk it (was: once per target)', async () => {
    mkdirSync(path.join(repo, 'sub'));
    cpSync(
      path.join(fixtures, 'findings.ipynb'),
      path.join(repo, 'real.ipynb')
    );
    symlinkSync('../real.ipynb', path.join(repo, 'sub', 'link.ipynb'));
    const r = await run(['lint', '.', 'sub', 'sub']);
    expect(r.err).toBe(
      'nbcraft: skipped the symbolic link sub/link.ipynb (links met in a folder or a glob are not followed; name it to lint it)\n'
    );
  });
});

describe('--output-file into a folder that does not exist', () => {
  beforeEach(() => {
    cpSync(path.join(fixtures, 'findings.ipynb'), path.join(repo, 'nb.ipynb'));
  });

  it('makes the folders, as ESLint -o and ruff --output-file do (was: exit 2)', async () => {
    const r = await run([
      'lint',
      'nb.ipynb',
      '--format',
      'json',
      '--output-file',
      'reports/lint/r.json'
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(
      readFileSync(path.join(repo, 'reports', 'lint', 'r.json'), 'utf8')
    );
    expect(report[0].filePath).toBe('nb.ipynb');
  });

  it('still refuses a missing folder below a link leading out, and makes nothing out there', async () => {
    mkdirSync(path.join(dir, 'outside'));
    symlinkSync('../outside', path.join(repo, 'out'));
    const r = await run([
      'lint',
      'nb.ipynb',
      '--format',
      'json',
      '--output-file',
      'out/new/r.json'
    ]);
    expect(r.err).toBe(
      'nbcraft: out/new/r.json leads outside the current folder through a symbolic link; nbcraft only writes inside it\n'
    );
    expect(r.code).toBe(2);
    expect(readdirSync(path.join(dir, 'outside'))).toEqual([]);
  });
});

describe('a name starting with two dots is inside the folder (was: "outside the current folder")', () => {
  it('promote promotes from ..nb.ipynb, tests in ..tests', async () => {
    taggedNotebook('src/m.py', '..nb.ipynb');
    const r = await run(['promote', '..nb.ipynb', '--tests', '..tests']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src', 'm.py'), 'utf8')).toContain(
      'def build('
    );
    expect(readFileSync(path.join(repo, '..nb.ipynb'), 'utf8')).toContain(
      'from m import build'
    );
    expect(existsSync(path.join(repo, '..tests', 'test_m.py'))).toBe(true);
  });

  it('lint shows ..nb.ipynb by its relative name, not its absolute path', async () => {
    cpSync(
      path.join(fixtures, 'findings.ipynb'),
      path.join(repo, '..nb.ipynb')
    );
    const r = await run(['lint', '..nb.ipynb', '--format', 'json']);
    expect(JSON.parse(r.out)[0].filePath).toBe('..nb.ipynb');
  });
});
