/**
 * A `.git` file read as git reads one (setup.c, read_gitfile_gently), not by a pattern over the
 * whole file: the review of s18-fixsec planted a `.git` file above a project whose long line of
 * spaces made `/^gitdir: *(.+?)\s*$/m` backtrack quadratically (a hang: bench/git-file-parse.js
 * prints the times), and a `.git` swapped for a FIFO after its lstat blocked the read forever.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import {
  GIT_FILE_MAX,
  inGitFolder,
  readGitFile
} from '../../src/cli/writeTargets';
import { foldersPerTest } from './writeHelpers';

const at = foldersPerTest('nbcraft-git-file-');

function gitFile(text: string | Buffer): string {
  mkdirSync(path.join(at.repo, 'gd', 'hooks'), { recursive: true });
  const dotGit = path.join(at.repo, '.git');
  writeFileSync(dotGit, text);
  return dotGit;
}

const hook = (): string => path.join(at.repo, 'gd', 'hooks', 'pre-commit');

describe('a .git file, as git reads it', () => {
  it('names the rest of its first line after "gitdir: ", trailing white space dropped', () => {
    expect(readGitFile(gitFile('gitdir: gd \r\nmore\n'))).toBe('gd');
    expect(inGitFolder(hook())).toBe(true);
    // the shape the review planted: a long run of spaces after the path
    expect(readGitFile(gitFile(`gitdir: gd${' '.repeat(65536)}\n`))).toBe('gd');
    expect(inGitFolder(hook())).toBe(true);
  });

  it('names nothing when "gitdir: " does not start the file (was: found on any line)', () => {
    // git: READ_GITFILE_ERR_INVALID_FORMAT; it uses no git folder there, runs no hook from it
    gitFile('# a note\ngitdir: gd\n');
    expect(inGitFolder(hook())).toBe(false);
    gitFile('gitdir:gd\n');
    expect(inGitFolder(hook())).toBe(false);
    gitFile('gitdir: \n');
    expect(readGitFile(path.join(at.repo, '.git'))).toBeUndefined();
  });

  it("names nothing past git's size bound (READ_GITFILE_ERR_TOO_LARGE)", () => {
    const big = Buffer.alloc(GIT_FILE_MAX + 1, 0x20);
    big.write('gitdir: gd\n');
    gitFile(big);
    expect(inGitFolder(hook())).toBe(false);
    gitFile(big.subarray(0, GIT_FILE_MAX));
    expect(inGitFolder(hook())).toBe(true);
  });

  it('does not block on a FIFO (a .git swapped for one after its lstat) nor follow a link', () => {
    const fifo = path.join(at.repo, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(readGitFile(fifo)).toBeUndefined();
    writeFileSync(path.join(at.repo, 'real'), 'gitdir: gd\n');
    execFileSync('ln', ['-s', 'real', path.join(at.repo, 'link')]);
    expect(() => readGitFile(path.join(at.repo, 'link'))).toThrow(/ELOOP/);
  });
});
