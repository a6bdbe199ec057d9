/**
 * A git folder that no `.git` above the path names (s19 review, D4): `git init
 * --separate-git-dir=meta sub` puts the repository's folder at `meta`, named only by
 * `sub/.git`, a sibling of the path. Taken for a git folder by what it holds, as git's
 * is_git_directory does: `HEAD`, `objects/` and `refs/`. Was: promote wrote
 * `meta/hooks/test_m.py` and `lint -o meta/config` overwrote sub's git config.
 */
import { spawnSync } from 'child_process';
import {
  cpSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as path from 'path';
import {
  GIT_FOLDER_NAMES,
  gitSpellingFolded,
  inGitFolder,
  isGitFolderName,
  isGitFolderNameIn
} from '../../src/cli/writeTargets';
import {
  foldersPerTest,
  lintFixtures,
  lintWithReport,
  runIn,
  taggedNotebookIn
} from './writeHelpers';

const at = foldersPerTest('nbcraft-git-dir-contents-');
/** git commit's identity, whatever the machine's config says */
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t'
};
// named by what it holds, not ".git": no .git is on its way
const INSIDE_HELD =
  'is inside a git folder (it holds HEAD, objects/ and refs/); nbcraft never writes there (git runs its hooks and reads its config from it) (nothing was written)';
const INTO_HELD =
  'leads into a git folder (it holds HEAD, objects/ and refs/); nbcraft never writes there (git runs its hooks and reads its config from it)';

/** `folder` with what git's is_git_directory looks for, less what `leaveOut` names. */
function gitFolderAt(folder: string, leaveOut = ''): void {
  mkdirSync(path.join(folder, 'hooks'), { recursive: true });
  if (leaveOut !== 'HEAD')
    writeFileSync(path.join(folder, 'HEAD'), 'ref: refs/heads/main\n');
  if (leaveOut !== 'objects') mkdirSync(path.join(folder, 'objects'));
  if (leaveOut !== 'refs') mkdirSync(path.join(folder, 'refs'));
  writeFileSync(path.join(folder, 'config'), '[core]\n');
}

describe('a git folder named by no .git above the path', () => {
  it('is found by what it holds: HEAD, objects/ and refs/', () => {
    gitFolderAt(path.join(at.repo, 'meta'));
    expect(inGitFolder(path.join(at.repo, 'meta', 'config'))).toBe(true);
    expect(inGitFolder(path.join(at.repo, 'meta', 'hooks', 'x.py'))).toBe(true);
    expect(inGitFolder(path.join(at.repo, 'other', 'config'))).toBe(false);
  });

  it.each(['HEAD', 'objects', 'refs'])(
    'a folder without %s is no git folder',
    leaveOut => {
      gitFolderAt(path.join(at.repo, 'meta'), leaveOut);
      expect(inGitFolder(path.join(at.repo, 'meta', 'config'))).toBe(false);
    }
  );

  const git = spawnSync('git', ['--version']).status === 0;
  (git ? it : it.skip)(
    'git init --separate-git-dir=meta sub: promote --tests meta/hooks is refused',
    async () => {
      spawnSync('git', ['init', '-q', '--separate-git-dir=meta', 'sub'], {
        cwd: at.repo
      });
      const text = taggedNotebookIn(at.repo, 'src/m.py');
      const hooks = readdirSync(path.join(at.repo, 'meta', 'hooks')).sort();
      const r = await runIn(at.repo, [
        'promote',
        'nb.ipynb',
        '--cells',
        '2',
        '--module',
        'src/m.py',
        '--function',
        'f',
        '--tests',
        'meta/hooks'
      ]);
      expect(r.err).toBe(
        `nbcraft promote: meta/hooks/test_m.py ${INSIDE_HELD}\n`
      );
      expect(r.code).toBe(2);
      expect(readdirSync(path.join(at.repo, 'meta', 'hooks')).sort()).toEqual(
        hooks
      );
      expect(readFileSync(path.join(at.repo, 'nb.ipynb'), 'utf8')).toBe(text);
    }
  );

  (git ? it : it.skip)(
    'git init --separate-git-dir=meta sub: lint -o meta/config is refused, the config kept',
    async () => {
      spawnSync('git', ['init', '-q', '--separate-git-dir=meta', 'sub'], {
        cwd: at.repo
      });
      const config = readFileSync(path.join(at.repo, 'meta', 'config'), 'utf8');
      const r = await lintWithReport(at.repo, 'meta/config');
      expect(r.code).toBe(2);
      expect(r.err).toBe(`nbcraft: meta/config ${INTO_HELD}\n`);
      expect(readFileSync(path.join(at.repo, 'meta', 'config'), 'utf8')).toBe(
        config
      );
      expect(
        spawnSync('git', ['-C', path.join(at.repo, 'sub'), 'status'], {
          encoding: 'utf8'
        }).status
      ).toBe(0);
    }
  );
});

/** `git --git-dir=<folder> rev-parse` answers: whether git itself takes `folder` for a git folder. */
function gitTakes(folder: string): boolean {
  return (
    spawnSync('git', ['--git-dir', folder, 'rev-parse', '--git-dir'], {
      stdio: 'ignore',
      env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(folder) }
    }).status === 0
  );
}

/** HEADs as git judges them (validate_headref), which git_folder.py is held to as well. */
const HEADS: {
  name: string;
  head?: string;
  pad?: number;
  then?: string;
  link?: string;
  gitFolder: boolean;
}[] = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'fixtures', 'git-heads.json'), 'utf8')
).heads;

describe('HEAD must read as a ref, as git decides (s19 review: false refusals)', () => {
  const git = spawnSync('git', ['--version']).status === 0;

  it.each(HEADS)('HEAD $name', ({ head, pad, then, link, gitFolder }) => {
    const meta = path.join(at.repo, 'meta');
    gitFolderAt(meta, 'HEAD');
    if (link !== undefined) symlinkSync(link, path.join(meta, 'HEAD'));
    else
      writeFileSync(
        path.join(meta, 'HEAD'),
        `${head}${'x'.repeat(pad ?? 0)}${then ?? ''}`
      );
    expect(inGitFolder(path.join(meta, 'config'))).toBe(gitFolder);
    if (git) expect(gitTakes(meta)).toBe(gitFolder);
  });

  it('a HEAD that is a FIFO or a folder is no ref (and is not read: no hang)', () => {
    const meta = path.join(at.repo, 'meta');
    gitFolderAt(meta, 'HEAD');
    spawnSync('mkfifo', [path.join(meta, 'HEAD')]);
    expect(inGitFolder(path.join(meta, 'config'))).toBe(false);
    rmSync(path.join(meta, 'HEAD'));
    mkdirSync(path.join(meta, 'HEAD'));
    expect(inGitFolder(path.join(meta, 'config'))).toBe(false);
  });

  /** A real repository at `at.repo` with `data/` holding objects/, refs/ and a HEAD that is no ref. */
  function repoWithData(): string {
    spawnSync('git', ['init', '-q', at.repo]);
    const data = path.join(at.repo, 'data');
    mkdirSync(path.join(data, 'objects'), { recursive: true });
    mkdirSync(path.join(data, 'refs'));
    writeFileSync(path.join(data, 'HEAD'), 'not a ref\n');
    expect(gitTakes(data)).toBe(false);
    return data;
  }

  (git ? it : it.skip)(
    'the review repro: lint -o data/report.json data/n.ipynb writes the report',
    async () => {
      const data = repoWithData();
      expect(inGitFolder(path.join(data, 'm.py'))).toBe(false);
      cpSync(
        path.join(lintFixtures, 'findings.ipynb'),
        path.join(data, 'n.ipynb')
      );
      const r = await runIn(at.repo, [
        'lint',
        '-o',
        'data/report.json',
        'data/n.ipynb'
      ]);
      expect(r.err).toBe('');
      expect(r.code).toBe(1);
      expect(existsSync(path.join(data, 'report.json'))).toBe(true);
    }
  );

  (git ? it : it.skip)(
    'the review repro: promote into data/ and --fix of data/n.ipynb are let through',
    async () => {
      const data = repoWithData();
      taggedNotebookIn(data, 'data/m.py', 'n.ipynb');
      const p = await runIn(at.repo, [
        'promote',
        'data/n.ipynb',
        '--tests',
        'data/tests'
      ]);
      expect(p.err).toBe('');
      expect(p.code).toBe(0);
      expect(existsSync(path.join(data, 'm.py'))).toBe(true);
      cpSync(
        path.join(lintFixtures, 'findings.ipynb'),
        path.join(data, 'n.ipynb')
      );
      const f = await runIn(at.repo, ['lint', '--fix', 'data/n.ipynb']);
      expect(f.err).toBe('');
      expect(f.code).not.toBe(2);
    }
  );

  (git ? it : it.skip)(
    'still refused: git init --bare, a worktree gitdir, a SHA-256 detached HEAD',
    () => {
      spawnSync('git', ['init', '-q', '--bare', 'bare'], { cwd: at.repo });
      expect(inGitFolder(path.join(at.repo, 'bare', 'config'))).toBe(true);
      expect(inGitFolder(path.join(at.repo, 'bare', 'hooks', 'x'))).toBe(true);
      // a worktree of a repository whose git folder is meta (no .git in any name)
      spawnSync('git', ['init', '-q', '--separate-git-dir=meta', 'sub'], {
        cwd: at.repo
      });
      const sub = path.join(at.repo, 'sub');
      spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'c'], {
        cwd: sub,
        env
      });
      spawnSync('git', ['worktree', 'add', '-q', '../wt'], { cwd: sub, env });
      const wtGitdir = path.join(at.repo, 'meta', 'worktrees', 'wt');
      expect(existsSync(path.join(wtGitdir, 'HEAD'))).toBe(true);
      expect(inGitFolder(path.join(wtGitdir, 'config.worktree'))).toBe(true);
      // a detached HEAD of 64 hex digits
      const sha = path.join(at.repo, 'sha');
      spawnSync('git', ['init', '-q', '--bare', '--object-format=sha256', sha]);
      writeFileSync(path.join(sha, 'HEAD'), `${'f'.repeat(64)}\n`);
      expect(gitTakes(sha)).toBe(true);
      expect(inGitFolder(path.join(sha, 'config'))).toBe(true);
    }
  );
});

describe('a folder taken for a git folder by what it holds is not called .git', () => {
  it('the CLI names what it holds, in the write refusal and the report refusal', async () => {
    gitFolderAt(path.join(at.repo, 'meta'));
    const r = await lintWithReport(at.repo, 'meta/config');
    expect(r.err).toBe(`nbcraft: meta/config ${INTO_HELD}\n`);
    expect(r.code).toBe(2);
  });
});

/** Cases of a `commondir` file, which git_folder.py is held to as well. */
const COMMONDIRS: { name: string; text: string; gitFolder: boolean }[] =
  JSON.parse(
    readFileSync(
      path.join(__dirname, '..', 'fixtures', 'git-commondirs.json'),
      'utf8'
    )
  ).commondirs;

describe("a linked worktree's git folder: HEAD and a commondir naming the folder with objects/ and refs/", () => {
  const git = spawnSync('git', ['--version']).status === 0;

  /** `m` beside a git folder `r/.git`, with a valid HEAD and a commondir of `text` */
  function worktreeFolder(text: string): string {
    gitFolderAt(path.join(at.repo, 'r', '.git'));
    const m = path.join(at.repo, 'm');
    mkdirSync(m);
    writeFileSync(path.join(m, 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(
      path.join(m, 'commondir'),
      text.replace('{common}', path.join(at.repo, 'r', '.git'))
    );
    return m;
  }

  it.each(COMMONDIRS)('$name', ({ text, gitFolder }) => {
    const m = worktreeFolder(text);
    expect(inGitFolder(path.join(m, 'config.worktree'))).toBe(gitFolder);
    expect(inGitFolder(path.join(m, 'sub', 'x.py'))).toBe(gitFolder);
    if (git) expect(gitTakes(m)).toBe(gitFolder);
  });

  it('lint -o m/config.worktree is refused, as a git folder', async () => {
    worktreeFolder('../r/.git\n');
    const r = await lintWithReport(at.repo, 'm/config.worktree');
    expect(r.err).toBe(`nbcraft: m/config.worktree ${INTO_HELD}\n`);
    expect(r.code).toBe(2);
    expect(existsSync(path.join(at.repo, 'm', 'config.worktree'))).toBe(false);
  });

  it('a folder with a commondir but no HEAD that reads as a ref is none', () => {
    const m = worktreeFolder('../r/.git\n');
    writeFileSync(path.join(m, 'HEAD'), 'not a ref\n');
    expect(inGitFolder(path.join(m, 'config.worktree'))).toBe(false);
  });
});

describe('a worktree inside a bare repository (git clone --bare r b.git; git -C b.git worktree add inner)', () => {
  const git = spawnSync('git', ['--version']).status === 0;
  /** a bare repository `b.git` (made with no template: no hooks folder) and a worktree `name` in it */
  function bareWithWorktree(name: string): string {
    const r = path.join(at.dir, 'r');
    spawnSync('git', ['init', '-q', r]);
    spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'c'], {
      cwd: r,
      env
    });
    const empty = path.join(at.dir, 'template');
    mkdirSync(empty);
    const bare = path.join(at.repo, 'b.git');
    spawnSync('git', ['clone', '-q', '--bare', `--template=${empty}`, r, bare]);
    spawnSync('git', ['worktree', 'add', '-q', name], { cwd: bare, env });
    expect(existsSync(path.join(bare, name, '.git'))).toBe(true);
    return bare;
  }

  (git ? it : it.skip)(
    "its files are the worktree's, not the git folder's: written (was: refused as the bare repository's)",
    () => {
      const bare = bareWithWorktree('inner');
      expect(inGitFolder(path.join(bare, 'inner', 'src', 'm.py'))).toBe(false);
      expect(inGitFolder(path.join(bare, 'inner', 'm.py'))).toBe(false);
      // the bare repository's own files, and the worktree's git folder, still are
      expect(inGitFolder(path.join(bare, 'config'))).toBe(true);
      expect(inGitFolder(path.join(bare, 'hooks', 'pre-commit'))).toBe(true);
      expect(
        inGitFolder(path.join(bare, 'worktrees', 'inner', 'config.worktree'))
      ).toBe(true);
      expect(inGitFolder(path.join(bare, 'inner', '.git'))).toBe(true);
    }
  );

  (git ? it : it.skip)(
    'a worktree named as a folder git reads (hooks) stays refused: git runs b.git/hooks/pre-commit',
    () => {
      const bare = bareWithWorktree('hooks');
      expect(inGitFolder(path.join(bare, 'hooks', 'pre-commit'))).toBe(true);
    }
  );

  (git ? it.each : it.skip.each)(['ahead', 'overhead', 'Info'])(
    "a worktree named %p (not git's spelling: git reads only upper-case *HEAD and its lower-case folders) is written (was: refused)",
    name => {
      const bare = bareWithWorktree(name);
      expect(inGitFolder(path.join(bare, name, 'm.py'))).toBe(false);
      expect(inGitFolder(path.join(bare, 'HEAD'))).toBe(true);
    }
  );
});

describe("git's own names below its folder: one list with the lab's (test/fixtures/git-folder-names.json)", () => {
  const fixture = JSON.parse(
    readFileSync(
      path.join(__dirname, '..', 'fixtures', 'git-folder-names.json'),
      'utf8'
    )
  ) as {
    names: string[];
    cases: Record<string, boolean>;
    folded: Record<string, string | null>;
  };

  it("GIT_FOLDER_NAMES is the fixture's list (git_folder.py is held to it too)", () => {
    expect([...GIT_FOLDER_NAMES].sort()).toEqual([...fixture.names].sort());
  });

  it.each(Object.entries(fixture.cases))(
    'isGitFolderName(%p) is %p',
    (name, expected) => {
      expect(isGitFolderName(name)).toBe(expected);
    }
  );

  it.each(Object.entries(fixture.folded))(
    'gitSpellingFolded(%p) is %p',
    (name, expected) => {
      expect(gitSpellingFolded(name) ?? null).toBe(expected);
    }
  );

  it('a name git spells otherwise is its own only where the folder gives the same entry for both spellings (a folder that ignores case)', () => {
    const folder = path.join(at.repo, 'g');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'config'), '[core]\n');
    writeFileSync(path.join(folder, 'Index'), '');
    // what a folder that ignores case answers: one entry under both spellings (a hard link)
    linkSync(path.join(folder, 'config'), path.join(folder, 'Config'));
    expect(isGitFolderNameIn(folder, 'Config')).toBe(true);
    expect(isGitFolderNameIn(folder, 'Index')).toBe(false); // no `index`: a folder that keeps case
    expect(isGitFolderNameIn(folder, 'ahead')).toBe(false);
    expect(isGitFolderNameIn(folder, 'config')).toBe(true);
  });
});
