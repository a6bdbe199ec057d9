/**
 * What the CLI tests share (cli, writeLinks, writeProject): the CLI run in-process in a
 * folder, and a notebook tagged to promote.
 */
import { execFileSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeIo } from '../../src/cli/io';
import { execute } from '../../src/cli/main';
import { ipynbText } from '../promote/helpers';

/** The CLI's entry point, as a user runs it, and the notebooks the lint tests read. */
export const cliBin = path.join(__dirname, '..', '..', 'bin', 'nbcraft.js');
export const lintFixtures = path.join(__dirname, '..', 'fixtures', 'lint');

/**
 * A fresh folder for each test (`dir`, named from `prefix`) with an empty `repo` folder in it,
 * both set before each test runs and removed after it.
 */
export function foldersPerTest(prefix: string): { dir: string; repo: string } {
  const folders = { dir: '', repo: '' };
  beforeEach(() => {
    folders.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    folders.repo = path.join(folders.dir, 'repo');
    mkdirSync(folders.repo);
  });
  afterEach(() => {
    rmSync(folders.dir, { recursive: true, force: true });
  });
  return folders;
}

/** `nbcraft <argv>` run in `cwd`, its exit code and what it printed. */
export async function runIn(
  cwd: string,
  argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await execute(
    argv,
    nodeIo({
      cwd,
      stdout: t => void (out += t),
      stderr: t => void (err += t),
      env: { NBCRAFT_THREADS: '1' }
    })
  );
  return { code, out, err };
}

/** `nbcraft lint nb.ipynb -o <output>` in `folder`, a notebook with findings copied there first. */
export function lintWithReport(
  folder: string,
  output: string
): Promise<{ code: number; out: string; err: string }> {
  cpSync(
    path.join(lintFixtures, 'findings.ipynb'),
    path.join(folder, 'nb.ipynb')
  );
  return runIn(folder, ['lint', 'nb.ipynb', '-o', output]);
}

/** A notebook `name` in `folder` whose second cell is tagged to promote into `module`; its text. */
export function taggedNotebookIn(
  folder: string,
  module: string,
  name = 'nb.ipynb'
): string {
  const text = ipynbText([
    'x = 2',
    { code: 'y = x * 2', tags: [`promote:${module}:build`] },
    'print(y)'
  ]);
  writeFileSync(path.join(folder, name), text);
  return text;
}

/**
 * Whether this machine can make a folder immutable (`chattr +i`: root on a file system with the
 * attribute, and the CAP_LINUX_IMMUTABLE capability a container may drop): the tests that need a
 * real EPERM from the file system run only where one can be had, and are reported skipped elsewhere.
 */
export const canMakeImmutable: boolean = (() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-chattr-'));
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
