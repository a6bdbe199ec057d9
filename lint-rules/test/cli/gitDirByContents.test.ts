/**
 * A git folder that no `.git` above the path names (s19 review, D4): `git init
 * --separate-git-dir=meta sub` puts the repository's folder at `meta`, named only by
 * `sub/.git`, a sibling of the path. Taken for a git folder by what it holds, as git's
 * is_git_directory does: `HEAD`, `objects/` and `refs/`. Was: promote wrote
 * `meta/hooks/test_m.py` and `lint -o meta/config` overwrote sub's git config.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { inGitFolder } from '../../src/cli/writeTargets';
import {
  foldersPerTest,
  lintWithReport,
  runIn,
  taggedNotebookIn
} from './writeHelpers';

const at = foldersPerTest('nbcraft-git-dir-contents-');
const INSIDE_GIT =
  'is inside a .git folder; nbcraft never writes there (git runs its hooks and reads its config from it) (nothing was written)';

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
        `nbcraft promote: meta/hooks/test_m.py ${INSIDE_GIT}\n`
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
      expect(r.err).toContain('meta/config');
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
