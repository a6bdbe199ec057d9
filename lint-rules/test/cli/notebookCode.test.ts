/**
 * A notebook saved with outputs only is no uncommitted code for NB511: the cases of
 * test/fixtures/notebook-code-changes.json (shared with the lab's
 * nbcraft/tests/provenance/test_notebook_code.py), each in a real git repository.
 */
import { execFileSync } from 'child_process';
import { git } from './gitHelpers';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RepositoryStates, runGit } from '../../src/cli/gitState';
import { codeChangedPaths, sameNotebookCode } from '../../src/cli/notebookCode';
import { execute } from '../../src/cli/main';
import { nodeIo } from '../../src/cli/io';

jest.setTimeout(60_000);

interface Case {
  name: string;
  changed: boolean;
  working?: unknown;
  working_text?: string;
}
const FIXTURE = JSON.parse(
  readFileSync(
    path.join(__dirname, '..', 'fixtures', 'notebook-code-changes.json'),
    'utf8'
  )
) as { committed: unknown; cases: Case[] };
const COMMITTED = JSON.stringify(FIXTURE.committed, null, 1) + '\n';
const textOf = (c: Case) =>
  c.working_text ?? JSON.stringify(c.working, null, 1) + '\n';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-nbcode-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** a repository with nb.ipynb (the fixture's committed notebook) and a.py committed */
function makeRepo(): string {
  writeFileSync(path.join(dir, 'nb.ipynb'), COMMITTED);
  writeFileSync(path.join(dir, 'a.py'), 'x = 1\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'first');
  return dir;
}

describe('a notebook changed in code or only in what running it saves', () => {
  it.each(FIXTURE.cases.map(c => [c.name, c] as const))('%s', (_name, c) => {
    expect(sameNotebookCode(COMMITTED, textOf(c))).toBe(!c.changed);
    const repo = makeRepo();
    writeFileSync(path.join(repo, 'nb.ipynb'), textOf(c));
    expect(
      new RepositoryStates().of(path.join(repo, 'nb.ipynb'))
    ).toMatchObject({
      dirty: c.changed,
      dirtyPaths: c.changed ? ['nb.ipynb'] : []
    });
  });

  const outputsOnly = FIXTURE.cases.find(c => !c.changed)!;

  it('keeps the other changed files, and a notebook over the size limit counts as changed', () => {
    const repo = makeRepo();
    writeFileSync(path.join(repo, 'nb.ipynb'), textOf(outputsOnly));
    writeFileSync(path.join(repo, 'a.py'), 'x = 2\n');
    const gitIn = (args: string[], cwd: string) => runGit(args, cwd);
    const listed = ['a.py', 'nb.ipynb'];
    expect(codeChangedPaths(gitIn, repo, listed, 'HEAD')).toEqual(['a.py']);
    expect(codeChangedPaths(gitIn, repo, listed, 'HEAD', 100)).toEqual(listed);
    // deleted: a change
    rmSync(path.join(repo, 'nb.ipynb'));
    expect(codeChangedPaths(gitIn, repo, listed, 'HEAD')).toEqual(listed);
  });

  it('a language_info naming another language is a change when both sides name one', () => {
    const nb = JSON.parse(COMMITTED) as { metadata: Record<string, unknown> };
    nb.metadata.language_info = { name: 'python', version: '3.11' };
    const python = JSON.stringify(nb);
    nb.metadata.language_info = { name: 'python', version: '3.12' };
    expect(sameNotebookCode(python, JSON.stringify(nb))).toBe(true);
    nb.metadata.language_info = { name: 'R' };
    expect(sameNotebookCode(python, JSON.stringify(nb))).toBe(false);
  });

  it('reads only a regular file, and no more than the limit: a link to /dev/zero, a FIFO, a file over the limit count as changed', () => {
    const repo = makeRepo();
    const gitIn = (args: string[], cwd: string) => runGit(args, cwd);
    const file = path.join(repo, 'nb.ipynb');
    writeFileSync(file, textOf(outputsOnly));
    expect(codeChangedPaths(gitIn, repo, ['nb.ipynb'], 'HEAD')).toEqual([]);
    // a link to a regular file is not read either: only the file itself is compared
    rmSync(file);
    writeFileSync(path.join(repo, 'real.json'), textOf(outputsOnly));
    symlinkSync('real.json', file);
    expect(codeChangedPaths(gitIn, repo, ['nb.ipynb'], 'HEAD')).toEqual([
      'nb.ipynb'
    ]);
    rmSync(file);
    symlinkSync('/dev/zero', file);
    expect(codeChangedPaths(gitIn, repo, ['nb.ipynb'], 'HEAD')).toEqual([
      'nb.ipynb'
    ]);
    rmSync(file);
    execFileSync('mkfifo', [file]);
    expect(codeChangedPaths(gitIn, repo, ['nb.ipynb'], 'HEAD')).toEqual([
      'nb.ipynb'
    ]);
    // one byte over the limit: counted as changed by what was read, whatever stat said
    rmSync(file);
    const text = textOf(outputsOnly);
    writeFileSync(file, text);
    const size = Buffer.byteLength(text);
    expect(codeChangedPaths(gitIn, repo, ['nb.ipynb'], 'HEAD', size)).toEqual(
      []
    );
    expect(
      codeChangedPaths(gitIn, repo, ['nb.ipynb'], 'HEAD', size - 1)
    ).toEqual(['nb.ipynb']);
  });

  it('compares with the index: a staged change of code is what a pre-commit hook commits', () => {
    const repo = makeRepo();
    const changed = FIXTURE.cases.find(
      c => c.name === 'a changed line of code'
    )!;
    writeFileSync(path.join(repo, 'nb.ipynb'), textOf(changed));
    git(repo, 'add', 'nb.ipynb');
    // then run and saved: outputs only against what is staged
    const staged = JSON.parse(textOf(changed)) as {
      cells: { outputs?: unknown[]; execution_count?: number | null }[];
    };
    staged.cells[2].execution_count = 7;
    writeFileSync(path.join(repo, 'nb.ipynb'), JSON.stringify(staged));
    expect(
      new RepositoryStates().of(path.join(repo, 'nb.ipynb'))
    ).toMatchObject({ dirty: false, dirtyPaths: [] });
  });

  it('the CLI says nothing of NB511 after a committed notebook is run and saved', async () => {
    const repo = makeRepo();
    writeFileSync(path.join(repo, 'nb.ipynb'), textOf(outputsOnly));
    const lint = async () => {
      let out = '';
      const code = await execute(
        ['lint', '--format', 'json', 'nb.ipynb'],
        nodeIo({
          cwd: repo,
          stdout: t => void (out += t),
          stderr: () => undefined,
          env: { ...process.env, NBCRAFT_THREADS: '1' }
        })
      );
      const [result] = JSON.parse(out) as {
        messages: { ruleId: string; message: string }[];
      }[];
      return {
        code,
        found: result.messages
          .filter(m => m.ruleId === 'mlflow-run-dirty-tree')
          .map(m => m.message)
      };
    };
    expect((await lint()).found).toEqual([]);
    writeFileSync(path.join(repo, 'a.py'), 'x = 2\n');
    const { found } = await lint();
    expect(found).toEqual([
      expect.stringContaining('uncommitted changes (a.py)')
    ]);
  });
});
