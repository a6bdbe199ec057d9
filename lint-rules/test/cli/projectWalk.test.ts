/**
 * The walk's rule on owners and modes (cli/projectWalk.ts), with owners given through its stat so
 * that it runs as any user: /tmp/rv7 F1 (a 0777 folder without the sticky bit, a root-owned
 * group share) and F10 (a checkout another user owns, linted by root).
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type FolderStat, ProjectWalk } from '../../src/cli/projectWalk';

let dir: string;
beforeEach(() => {
  dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'nbcraft-walk-')));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const ME = 1000;
const MY_GROUP = 1000;
const OTHER = 1001;
const TEAM = 50;

/** a walk run by ME whose folders under `dir` have the given owners and modes (others: ME's, 0755) */
function walkWith(folders: Record<string, Partial<FolderStat>>): ProjectWalk {
  return new ProjectWalk({
    uid: ME,
    gid: MY_GROUP,
    stat: (d: string) => ({
      mode: 0o40755,
      uid: d.startsWith(dir) ? ME : 0,
      gid: d.startsWith(dir) ? MY_GROUP : 0,
      ...folders[path.relative(dir, d)]
    })
  });
}
const at = (rel: string): string => path.join(dir, rel);

describe('which folders the walk reads', () => {
  it('a world-writable folder is refused, sticky or not', () => {
    for (const mode of [0o40777, 0o41777, 0o40757]) {
      const walk = walkWith({ share: { mode, uid: 0, gid: 0 } });
      expect(walk.foreign(at('share'), null)).toBe('shared');
    }
    expect(
      walkWith({ share: { uid: 0, gid: 0 } }).foreign(at('share'), null)
    ).toBe(null);
  });

  it("a group-writable folder is read only when its group is the user's or root's", () => {
    const team = { mode: 0o42775, uid: 0, gid: TEAM };
    expect(walkWith({ share: team }).foreign(at('share'), null)).toBe(
      'group-shared'
    );
    expect(
      walkWith({ share: { ...team, gid: MY_GROUP } }).foreign(at('share'), null)
    ).toBe(null);
    expect(
      walkWith({ share: { ...team, gid: 0 } }).foreign(at('share'), null)
    ).toBe(null);
    // the user's own folder, group-writable by a team: refused too
    expect(
      walkWith({ mine: { mode: 0o40775, uid: ME, gid: TEAM } }).foreign(
        at('mine'),
        null
      )
    ).toBe('group-shared');
  });

  it("another user's folder is read only inside the notebook's own repository", () => {
    mkdirSync(at('repo/.git'), { recursive: true });
    mkdirSync(at('repo/sub'));
    const theirs = { uid: OTHER, gid: OTHER };
    const walk = walkWith({ repo: theirs, 'repo/sub': theirs });
    const repo = walk.repository(at('repo/sub'));
    expect(repo).toBe(at('repo'));
    expect(walk.foreign(at('repo/sub'), repo)).toBe(null);
    expect(walk.foreign(at('repo'), repo)).toBe(null);
    expect(walk.foreign(at('repo/sub'), null)).toBe('other-owner');
    expect(walk.above(at('repo'))).toBe(null);
  });

  it("a .git another user made above the user's folder is not the user's repository", () => {
    mkdirSync(at('theirs/.git'), { recursive: true });
    mkdirSync(at('theirs/mine'));
    const walk = walkWith({ theirs: { uid: OTHER, gid: OTHER } });
    expect(walk.repository(at('theirs/mine'))).toBe(null);
    expect(walk.foreign(at('theirs'), null)).toBe('other-owner');
    // from their own folder, it is theirs (a run over their checkout)
    expect(walk.repository(at('theirs'))).toBe(at('theirs'));
  });
});
