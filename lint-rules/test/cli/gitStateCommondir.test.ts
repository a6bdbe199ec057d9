/**
 * Without git on PATH, the CLI finds a notebook's repository by its `.git` (rootWithoutGit):
 * a linked worktree's `.git` file names a git folder holding `commondir`, and any `commondir`
 * was taken for a repository, even one git refuses (empty, naming a folder without objects/ and
 * refs/, white space kept at its end). Real repositories in a temp folder, each case held to
 * what git itself answers (`git rev-parse --show-toplevel`): a root git finds, or none where
 * git stops.
 */
import { spawnSync } from 'child_process';
import { git } from './gitHelpers';
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rootWithoutGit } from '../../src/cli/gitState';

jest.setTimeout(60_000); // real git processes on a shared machine

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nbcraft-commondir-')));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** What git answers in `folder`: its working tree's top, or null where it stops. */
function gitsRoot(folder: string): string | null {
  const done = spawnSync('git', ['rev-parse', '--show-toplevel'], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, GIT_CEILING_DIRECTORIES: dir }
  });
  return done.status === 0 ? done.stdout.trim() : null;
}

function repository(): string {
  const repo = path.join(dir, 'repo');
  mkdirSync(repo);
  writeFileSync(path.join(repo, 'a.py'), 'x = 1\n');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'first');
  return repo;
}

/** `git worktree add` of `from` (a repository or a bare one) at dir/<name>, on a new branch. */
function worktree(from: string, name: string): string {
  const tree = path.join(dir, name);
  git(from, 'worktree', 'add', '-q', '-b', name, tree);
  return tree;
}

const env = { GIT_CEILING_DIRECTORIES: undefined };

it('a linked worktree, and one of a bare repository: the worktree, as git finds it', () => {
  const repo = repository();
  const linked = worktree(repo, 'linked');
  git(dir, 'clone', '-q', '--bare', repo, path.join(dir, 'bare.git'));
  const ofBare = worktree(path.join(dir, 'bare.git'), 'of-bare');
  for (const tree of [linked, ofBare]) {
    expect(gitsRoot(tree)).toBe(tree);
    expect(rootWithoutGit(tree, env)).toBe(tree);
  }
});

it.each([
  ['CR and LF at the end dropped', (common: string) => `${common}\r\n\n`, true],
  ['a NUL ends the path', (common: string) => `${common}\u0000junk`, true],
  ['empty: git stops', () => '', false],
  ['only a newline: the worktree folder itself', () => '\n', false],
  ['white space before the newline is kept', (c: string) => `${c} \n`, false],
  ['a folder without objects/ and refs/', () => '../../../nowhere\n', false],
  ['a folder that is no repository', () => `${dir}\n`, false]
])(
  'a worktree whose commondir is changed (%s): a root only where git takes it',
  (_name, text, accepted) => {
    const repo = repository();
    const linked = worktree(repo, 'linked');
    const gitFolder = path.join(repo, '.git', 'worktrees', 'linked');
    writeFileSync(path.join(gitFolder, 'commondir'), text('../..'));
    expect(gitsRoot(linked)).toBe(accepted ? linked : null);
    // where git stops on a `.git` it cannot use, the CLI cannot say (and never goes on up)
    expect(rootWithoutGit(linked, env)).toBe(accepted ? linked : undefined);
  }
);

it("a worktree whose git folder's HEAD is no ref: git stops, the CLI cannot say", () => {
  const repo = repository();
  const linked = worktree(repo, 'linked');
  writeFileSync(
    path.join(repo, '.git', 'worktrees', 'linked', 'HEAD'),
    'junk\n'
  );
  expect(gitsRoot(linked)).toBe(null);
  expect(rootWithoutGit(linked, env)).toBe(undefined);
});
