/**
 * A rollback beside a concurrent writer (attack review of s17-write, 5): promote's put-back
 * renamed its kept old content over whatever was at the path, removing a file another writer
 * had put there since. Every file operation here is the real one on a real folder; fs is
 * wrapped only to run the other writer at the one moment it matters (between nbcraft's
 * renames), which no real process can be timed to hit.
 */
import * as os from 'os';
import * as path from 'path';

let beforeRename: ((to: string) => void) | undefined;
jest.mock('fs', () => {
  const real: typeof import('fs') = jest.requireActual('fs');
  return {
    ...real,
    renameSync: (from: string, to: string) => {
      beforeRename?.(to);
      real.renameSync(from, to);
    }
  };
});

import * as fs from 'fs';
import * as write from '../../src/cli/write';

let repo: string;
beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-write-rollback-'));
});
afterEach(() => {
  beforeRename = undefined;
  fs.rmSync(repo, { recursive: true, force: true });
});

it("leaves a file another writer put there after nbcraft's rename, and says where the old content is (was: its file replaced by the old content)", () => {
  const first = path.join(repo, 'm.py');
  const notebook = path.join(repo, 'nb.ipynb');
  fs.writeFileSync(first, 'OLD = 1\n');
  fs.writeFileSync(notebook, '{}');
  const staged = write.stageAll(
    [
      [first, 'NEW = 2\n'],
      [notebook, '{"new": true}']
    ],
    repo
  );
  let busy = false;
  beforeRename = to => {
    if (to !== notebook || busy) return;
    busy = true;
    // the other writer replaces nbcraft's m.py; the notebook's path becomes a non-empty
    // folder, so its rename really fails and nbcraft rolls back
    fs.writeFileSync(path.join(repo, 'theirs'), 'THEIRS = 3\n');
    fs.renameSync(path.join(repo, 'theirs'), first);
    fs.renameSync(notebook, `${notebook}.aside`);
    fs.mkdirSync(path.join(notebook, 'inside'), { recursive: true });
  };
  expect(() => {
    write.commitAll(staged, repo);
  }).toThrow(
    /^cannot write nb\.ipynb: (EISDIR|ENOTEMPTY) .*; could not put back m\.py \(its old content is in \.nbcraft-\d+-[0-9a-f]+\.old\)$/
  );
  expect(fs.readFileSync(first, 'utf8')).toBe('THEIRS = 3\n');
  const kept = fs.readdirSync(repo).filter(n => n.endsWith('.old'));
  expect(kept.map(n => fs.readFileSync(path.join(repo, n), 'utf8'))).toEqual([
    'OLD = 1\n'
  ]);
});
