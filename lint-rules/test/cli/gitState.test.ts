/**
 * The CLI fills RuleContext.repository from real git repositories in a temp folder, and a
 * project's `.git/config` cannot make it run a command (fsmonitor, filters).
 */
import { spawnSync } from 'child_process';
import { git } from './gitHelpers';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execute } from '../../src/cli/main';
import { nodeIo } from '../../src/cli/io';
import {
  porcelainPaths,
  RepositoryStates,
  runGit
} from '../../src/cli/gitState';
import { notebookText } from '../rules/ruleTester';

// real git processes on a machine shared with other builds: give each case time
jest.setTimeout(60_000);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-git-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const LOGS = notebookText([
  'import mlflow\nimport pandas as pd\ndf = pd.read_csv("../../outside.csv")',
  'with mlflow.start_run():\n    mlflow.log_metric("rows", len(df))'
]);

/** a repository at dir/repo with notebooks/train.ipynb and src/a.py committed */
function makeRepo(): string {
  const repo = path.join(dir, 'repo');
  mkdirSync(path.join(repo, 'notebooks'), { recursive: true });
  mkdirSync(path.join(repo, 'src'));
  writeFileSync(path.join(repo, 'notebooks', 'train.ipynb'), LOGS);
  writeFileSync(path.join(repo, 'src', 'a.py'), 'x = 1\n');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'first');
  return repo;
}

async function lint(cwd: string, ...targets: string[]) {
  let out = '';
  const code = await execute(
    ['lint', '--format', 'json', ...targets],
    nodeIo({
      cwd,
      stdout: t => void (out += t),
      stderr: () => undefined,
      env: { ...process.env, NBCRAFT_THREADS: '1' }
    })
  );
  const results = JSON.parse(out) as {
    messages: { ruleId: string; message: string; cell: number }[];
  }[];
  return {
    code,
    found: results
      .flatMap(r => r.messages)
      .filter(f => f.ruleId.startsWith('mlflow-run-'))
      .map(f => `${f.ruleId} cell ${f.cell}: ${f.message}`)
  };
}

describe('repository state for the lint rules', () => {
  it('a clean repository: only the read from outside it is reported', async () => {
    const repo = makeRepo();
    const { found } = await lint(repo, 'notebooks/train.ipynb');
    expect(found).toEqual([
      expect.stringMatching(
        /^mlflow-run-outside-repository cell 1: .*"\.\.\/\.\.\/outside\.csv", which is outside the repository \(.*\/repo\)/
      )
    ]);
  });

  it('a changed tracked file makes the tree dirty, named in the message', async () => {
    const repo = makeRepo();
    writeFileSync(path.join(repo, 'src', 'a.py'), 'x = 2\n');
    const { found } = await lint(repo, 'notebooks/train.ipynb');
    expect(found).toContainEqual(
      expect.stringMatching(
        /^mlflow-run-dirty-tree cell 2: .*uncommitted changes \(src\/a\.py\)/
      )
    );
  });

  it('an untracked notebook is named', async () => {
    const repo = makeRepo();
    writeFileSync(path.join(repo, 'notebooks', 'new.ipynb'), LOGS);
    const { found } = await lint(repo, 'notebooks/new.ipynb');
    expect(found).toContainEqual(
      expect.stringMatching(
        /^mlflow-run-dirty-tree cell 2: .*git does not track \(notebooks\/new\.ipynb\)/
      )
    );
  });

  it('a notebook in no repository is reported at its first logging call', async () => {
    writeFileSync(path.join(dir, 'loose.ipynb'), LOGS);
    const { found, code } = await lint(dir, 'loose.ipynb');
    expect(code).toBe(1);
    expect(found).toEqual([
      expect.stringMatching(
        /^mlflow-run-outside-repository cell 2: .*in no git repository/
      )
    ]);
  });

  it("never runs the commands a project's .git/config names (fsmonitor, filters)", async () => {
    const repo = makeRepo();
    const pwned = path.join(dir, 'pwned');
    git(repo, 'config', 'core.fsmonitor', `touch ${pwned}-fsmonitor; false`);
    git(repo, 'config', 'filter.evil.clean', `touch ${pwned}-clean; cat`);
    git(repo, 'config', 'filter.evil.process', `touch ${pwned}-process`);
    writeFileSync(path.join(repo, '.gitattributes'), '*.py filter=evil\n');
    // a changed file with stale index stat data: git status would run its clean filter
    writeFileSync(path.join(repo, 'src', 'a.py'), 'x = 3\n');
    const states = new RepositoryStates();
    const state = states.of(path.join(repo, 'notebooks', 'train.ipynb'));
    expect(state).toMatchObject({ notebookTracked: true, dirty: true });
    await lint(repo, 'notebooks/train.ipynb');
    expect(
      ['fsmonitor', 'clean', 'process'].filter(k => existsSync(`${pwned}-${k}`))
    ).toEqual([]);
  });

  it("never fetches a partial clone's missing objects from its remote (ext:: runs a command)", async () => {
    const repo = makeRepo();
    const pwned = path.join(dir, 'pwned-lazy');
    // a promisor remote whose "transport" is a shell command, and HEAD's tree missing:
    // git status would fetch the tree from that remote, running the command
    git(repo, 'config', 'core.repositoryformatversion', '1');
    git(repo, 'config', 'extensions.partialClone', 'origin');
    git(repo, 'config', 'remote.origin.url', `ext::sh -c touch% ${pwned}`);
    git(repo, 'config', 'remote.origin.promisor', 'true');
    git(repo, 'config', 'protocol.ext.allow', 'always');
    const tree = git(repo, 'rev-parse', 'HEAD^{tree}').trim();
    rmSync(path.join(repo, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
    const plain = spawnSync('git', ['status', '--porcelain'], { cwd: repo });
    expect({ proof: existsSync(pwned), status: plain.status }).toMatchObject({
      proof: true // the attack works on plain git: the test can fail
    });
    rmSync(pwned);
    await lint(repo, 'notebooks/train.ipynb');
    expect(existsSync(pwned)).toBe(false);
  });

  it('reads renames and paths with spaces from porcelain -z output', () => {
    expect(
      porcelainPaths(' M src/a b.py\0R  new.py\0old.py\0A  c.ipynb\0')
    ).toEqual(['src/a b.py', 'new.py', 'c.ipynb']);
  });

  it('keeps only changes not staged when asked (a pre-commit hook runs on staged ones)', () => {
    expect(
      porcelainPaths(
        ' M src/a.py\0A  new.ipynb\0MM both.py\0R  n.py\0o.py\0',
        true
      )
    ).toEqual(['src/a.py', 'both.py']);
  });

  /** RepositoryStates over real git, counting the `rev-parse` calls (where discovery runs) */
  function countingStates() {
    const asked: string[] = [];
    const states = new RepositoryStates((args, cwd) => {
      if (args.includes('rev-parse')) asked.push(cwd);
      return runGit(args, cwd);
    });
    return { states, asked };
  }

  it('asks git once for many folders in no repository, with the same answer', () => {
    const folders = ['a', 'a/b', 'c/d/e', 'f'].map(f => path.join(dir, f));
    for (const f of folders) mkdirSync(f, { recursive: true });
    const { states, asked } = countingStates();
    const found = folders.map(f => states.of(path.join(f, 'x.ipynb')));
    expect(found).toEqual(folders.map(() => ({ root: null })));
    expect(asked).toHaveLength(1);
  });

  it('asks git once per repository, nested repositories and worktrees apart', () => {
    const repo = makeRepo();
    mkdirSync(path.join(repo, 'notebooks', 'deep', 'er'), { recursive: true });
    // a repository inside the first one's folder (not a submodule): its own root
    const inner = path.join(repo, 'vendor', 'inner');
    mkdirSync(inner, { recursive: true });
    git(inner, 'init', '-q', '-b', 'main');
    // a linked worktree: its `.git` is a file
    const linked = path.join(dir, 'linked');
    git(repo, 'worktree', 'add', '-q', linked);
    mkdirSync(path.join(linked, 'notebooks', 'sub'), { recursive: true });
    const { states, asked } = countingStates();
    const rootOf = (...p: string[]) =>
      states.of(path.join(...p, 'x.ipynb'))?.root;
    expect([
      rootOf(repo, 'notebooks'),
      rootOf(repo, 'notebooks', 'deep', 'er'),
      rootOf(repo, 'src'),
      rootOf(inner),
      rootOf(linked, 'notebooks', 'sub'),
      rootOf(linked, 'notebooks'),
      rootOf(dir)
    ]).toEqual([repo, repo, repo, inner, linked, linked, null]);
    expect(asked).toHaveLength(4); // repo, inner, linked, and no repository
  });

  it('asks git for each folder when the environment changes discovery (GIT_CEILING_DIRECTORIES)', () => {
    const repo = makeRepo();
    const deep = path.join(repo, 'notebooks', 'deep');
    mkdirSync(deep);
    const saved = process.env.GIT_CEILING_DIRECTORIES;
    // git stops below the ceiling: from deep/ it never reaches the repository's .git
    process.env.GIT_CEILING_DIRECTORIES = path.join(repo, 'notebooks');
    try {
      const { states, asked } = countingStates();
      expect([
        states.of(path.join(repo, 'src', 'x.ipynb'))?.root,
        states.of(path.join(deep, 'x.ipynb'))?.root
      ]).toEqual([repo, null]);
      expect(asked).toHaveLength(2);
    } finally {
      if (saved === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = saved;
    }
  });

  it("knows a folder in no repository whatever the user's language (git's messages are translated)", () => {
    const { LANGUAGE, LC_ALL } = process.env;
    process.env.LANGUAGE = 'de'; // this machine's git has a German catalogue
    delete process.env.LC_ALL;
    try {
      const folder = path.join(dir, 'elsewhere');
      mkdirSync(folder, { recursive: true });
      expect(new RepositoryStates().of(path.join(folder, 'x.ipynb'))).toEqual({
        root: null
      });
    } finally {
      if (LANGUAGE === undefined) delete process.env.LANGUAGE;
      else process.env.LANGUAGE = LANGUAGE;
      if (LC_ALL !== undefined) process.env.LC_ALL = LC_ALL;
    }
  });

  it('says nothing (undefined) when git is there but cannot run (not missing: see below)', () => {
    const states = new RepositoryStates(() => {
      throw Object.assign(new Error('spawn git EACCES'), { code: 'EACCES' });
    });
    expect(states.of(path.join(dir, 'x.ipynb'))).toBeUndefined();
  });
});

describe('without git on PATH: what the files alone make certain', () => {
  let savedPath: string | undefined;
  /** PATH stripped of git (an empty folder), for real: runGit gets ENOENT */
  function withoutGit() {
    savedPath = process.env.PATH;
    process.env.PATH = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-nogit-'));
  }
  afterEach(() => {
    if (savedPath !== undefined) {
      rmSync(process.env.PATH ?? '', { recursive: true, force: true });
      process.env.PATH = savedPath;
      savedPath = undefined;
    }
  });
  const withEnv = (
    name: 'GIT_DIR' | 'GIT_CEILING_DIRECTORIES',
    value: string,
    work: () => void
  ) => {
    const saved = process.env[name];
    process.env[name] = value;
    try {
      work();
    } finally {
      if (saved === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = saved;
    }
  };

  it('git is really missing: git runs fail to spawn', () => {
    withoutGit();
    expect(() => runGit(['--version'], dir)).toThrow(/ENOENT/);
  });

  it('a notebook with no .git anywhere above is reported as in no repository', async () => {
    writeFileSync(path.join(dir, 'loose.ipynb'), LOGS);
    withoutGit();
    expect(new RepositoryStates().of(path.join(dir, 'loose.ipynb'))).toEqual({
      root: null
    });
    const { found, code } = await lint(dir, 'loose.ipynb');
    expect(code).toBe(1);
    expect(found).toEqual([
      expect.stringMatching(
        /^mlflow-run-outside-repository cell 2: .*in no git repository/
      )
    ]);
  });

  it('a repository is found by its .git: reads from outside it are reported, tracked and dirty stay unknown', async () => {
    const repo = makeRepo();
    writeFileSync(path.join(repo, 'src', 'a.py'), 'x = 2\n'); // dirty, but git cannot say
    withoutGit();
    expect(
      new RepositoryStates().of(path.join(repo, 'notebooks', 'train.ipynb'))
    ).toEqual({ root: repo, notebookPath: 'notebooks/train.ipynb' });
    const { found } = await lint(repo, 'notebooks/train.ipynb');
    expect(found).toEqual([
      expect.stringMatching(
        /^mlflow-run-outside-repository cell 1: .*"\.\.\/\.\.\/outside\.csv", which is outside the repository \(.*\/repo\)/
      )
    ]);
  });

  it("a linked worktree's .git file names its root; an inner repository is its own", () => {
    const repo = makeRepo();
    const linked = path.join(dir, 'linked');
    git(repo, 'worktree', 'add', '-q', linked);
    const inner = path.join(repo, 'vendor', 'inner');
    mkdirSync(inner, { recursive: true });
    git(inner, 'init', '-q', '-b', 'main');
    mkdirSync(path.join(linked, 'notebooks', 'sub'), { recursive: true });
    withoutGit();
    const states = new RepositoryStates();
    expect([
      states.of(path.join(linked, 'notebooks', 'sub', 'x.ipynb'))?.root,
      states.of(path.join(inner, 'x.ipynb'))?.root,
      states.of(path.join(repo, 'src', 'x.ipynb'))?.root
    ]).toEqual([linked, inner, repo]);
  });

  // only root can give a folder to another user
  (process.getuid?.() === 0 ? it : it.skip)(
    "a .git file pointing into another user's git directory stays unknown (git refuses it)",
    () => {
      const repo = makeRepo();
      const linked = path.join(dir, 'linked-foreign');
      git(repo, 'worktree', 'add', '-q', linked);
      const gitDir = readFileSync(path.join(linked, '.git'), 'utf8')
        .replace(/^gitdir: /, '')
        .trim();
      chownSync(gitDir, 65534, 65534);
      try {
        withoutGit();
        expect(
          new RepositoryStates().of(path.join(linked, 'x.ipynb'))
        ).toBeUndefined();
      } finally {
        chownSync(gitDir, 0, 0);
      }
    }
  );

  it('stops below GIT_CEILING_DIRECTORIES as git does', () => {
    const repo = makeRepo();
    const deep = path.join(repo, 'notebooks', 'deep');
    mkdirSync(deep);
    withoutGit();
    withEnv('GIT_CEILING_DIRECTORIES', path.join(repo, 'notebooks'), () => {
      const states = new RepositoryStates();
      expect([
        states.of(path.join(repo, 'src', 'x.ipynb'))?.root,
        states.of(path.join(deep, 'x.ipynb'))?.root
      ]).toEqual([repo, null]);
    });
  });

  it('stays unknown where git could answer otherwise: GIT_DIR, a bare-looking folder, a broken .git', () => {
    const repo = makeRepo();
    const bare = path.join(dir, 'bare.git');
    git(dir, 'init', '-q', '--bare', bare);
    const broken = path.join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, '.git'), 'not a gitdir line\n');
    const emptyGit = path.join(dir, 'empty');
    mkdirSync(path.join(emptyGit, '.git'), { recursive: true });
    withoutGit();
    expect(
      new RepositoryStates().of(path.join(bare, 'x.ipynb'))
    ).toBeUndefined();
    expect(
      new RepositoryStates().of(path.join(broken, 'x.ipynb'))
    ).toBeUndefined();
    expect(
      new RepositoryStates().of(path.join(emptyGit, 'x.ipynb'))
    ).toBeUndefined();
    withEnv('GIT_DIR', path.join(repo, '.git'), () => {
      expect(
        new RepositoryStates().of(path.join(dir, 'x.ipynb'))
      ).toBeUndefined();
    });
  });
});
