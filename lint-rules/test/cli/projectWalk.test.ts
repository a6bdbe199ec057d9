/**
 * The walk's rule on owners and modes (cli/projectWalk.ts), with owners given through its stat so
 * that it runs as any user: /tmp/rv7 F1 (a 0777 folder without the sticky bit, a root-owned
 * group share) and F10 (a checkout another user owns, linted by root).
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'fs';
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

  it("a group-writable folder is read only when the user owns it and its group is the user's own", () => {
    const team = { mode: 0o42775, uid: 0, gid: TEAM };
    expect(walkWith({ share: team }).foreign(at('share'), null)).toBe(
      'group-shared'
    );
    // the user's primary group is often shared (gid 100 'users'): a root-owned 2775 share of
    // that group, or root's, lets its members plant a config (/tmp/rv9 W1)
    expect(
      walkWith({ share: { ...team, gid: MY_GROUP } }).foreign(at('share'), null)
    ).toBe('group-shared');
    expect(
      walkWith({ share: { ...team, gid: 0 } }).foreign(at('share'), null)
    ).toBe('group-shared');
    expect(
      walkWith({
        theirs: { mode: 0o40775, uid: OTHER, gid: MY_GROUP }
      }).foreign(at('theirs'), null)
    ).toBe('group-shared');
    // the user's own folder under umask 002 is read
    expect(
      walkWith({ mine: { mode: 0o40775, uid: ME, gid: MY_GROUP } }).foreign(
        at('mine'),
        null
      )
    ).toBe(null);
    // the user's own folder, group-writable by a team or by root's group: refused too
    for (const gid of [TEAM, 0])
      expect(
        walkWith({ mine: { mode: 0o40775, uid: ME, gid } }).foreign(
          at('mine'),
          null
        )
      ).toBe('group-shared');
  });

  it("inside the notebook's repository a group-writable folder of the user's group is read, whoever owns it", () => {
    mkdirSync(at('repo/.git'), { recursive: true });
    mkdirSync(at('repo/sub'));
    const shared = { mode: 0o42775, uid: OTHER, gid: MY_GROUP };
    const walk = walkWith({ repo: shared, 'repo/sub': shared });
    const repo = walk.repository(at('repo/sub'));
    expect(repo).toBe(at('repo'));
    expect(walk.foreign(at('repo/sub'), repo)).toBe(null);
    expect(
      walkWith({ repo: { ...shared, gid: TEAM } }).foreign(at('repo'), repo)
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

  it('a home folder reached through a symbolic link stops the walk at its real path (rv9 W2)', () => {
    mkdirSync(at('top/realhome/proj'), { recursive: true });
    symlinkSync(at('top/realhome'), at('homelink'));
    const walk = new ProjectWalk({ home: at('homelink') });
    const start = walk.start(at('homelink/proj'));
    expect(start).toBe(at('top/realhome/proj'));
    expect(walk.above(start)).toBe(at('top/realhome'));
    expect(walk.above(at('top/realhome'))).toBe(null);
    expect(walk.repository(start)).toBe(null);
  });

  it("a root-owned folder in a checkout another user owns keeps the checkout the notebook's repository (rv9 W3)", () => {
    mkdirSync(at('repo/.git'), { recursive: true });
    mkdirSync(at('repo/out/nbs'), { recursive: true });
    const runner = { uid: OTHER, gid: OTHER };
    const root = { uid: 0, gid: 0 };
    // CI as root over the runner's checkout; a root step made out/
    const walk = new ProjectWalk({
      uid: 0,
      gid: 0,
      stat: (d: string) => ({
        mode: 0o40755,
        ...(d === at('repo') || d === at('repo/out/nbs') ? runner : root)
      })
    });
    for (const start of ['repo/out', 'repo/out/nbs']) {
      const repo = walk.repository(at(start));
      expect(repo).toBe(at('repo'));
      expect(walk.foreign(at('repo'), repo)).toBe(null);
    }
    // a .git another user made above a root-owned folder above the user's is still not theirs
    mkdirSync(at('theirs/.git'), { recursive: true });
    mkdirSync(at('theirs/rootdir/mine'), { recursive: true });
    const mixed = walkWith({
      theirs: { uid: OTHER, gid: OTHER },
      'theirs/rootdir': root
    });
    expect(mixed.repository(at('theirs/rootdir/mine'))).toBe(null);
    expect(mixed.repository(at('theirs/rootdir'))).toBe(at('theirs'));
    expect(mixed.repository(at('theirs/rootdir/mine'))).toBe(null);
  });

  it("a config read is refused when its folder was replaced after it was judged, or the file is another user's (rv9 W4)", () => {
    let ino = 7;
    const owners = new Map<string, number>();
    const walk = new ProjectWalk({
      uid: ME,
      gid: MY_GROUP,
      stat: (d: string) => ({
        mode: 0o40755,
        uid: owners.get(d) ?? ME,
        gid: MY_GROUP,
        dev: 1,
        ino: d === at('proj') ? ino : 99
      })
    });
    const file = at('proj/nbcraft.json');
    expect(walk.foreign(at('proj'), null)).toBe(null);
    expect(walk.afterRead(at('proj'), file)).toBe(null);
    owners.set(file, 0);
    expect(walk.afterRead(at('proj'), file)).toBe(null);
    owners.set(file, OTHER);
    expect(walk.afterRead(at('proj'), file)).toBe('file-owner');
    owners.delete(file);
    ino = 8;
    expect(walk.afterRead(at('proj'), file)).toBe('replaced');
  });

  it("inside a checkout another user owns, a config of the checkout's owner is read", () => {
    mkdirSync(at('repo/.git'), { recursive: true });
    const theirs = { uid: OTHER, gid: OTHER };
    const walk = walkWith({ repo: theirs, 'repo/nbcraft.json': theirs });
    const repo = walk.repository(at('repo'));
    expect(walk.foreign(at('repo'), repo)).toBe(null);
    expect(walk.afterRead(at('repo'), at('repo/nbcraft.json'))).toBe(null);
    const third = walkWith({
      repo: theirs,
      'repo/nbcraft.json': { uid: OTHER + 1, gid: OTHER }
    });
    expect(third.afterRead(at('repo'), at('repo/nbcraft.json'))).toBe(
      'file-owner'
    );
  });
});
