/**
 * unpinned-pip-install and the project the notebook belongs to (issue #15): `nbcraft lint` reads
 * the nearest pyproject.toml / setup.cfg / setup.py above each notebook, in real temp folders.
 */
import { execFileSync } from 'child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as io from '../../src/cli/io';
import { ProjectNames } from '../../src/cli/projectNames';
import { ProjectWalk } from '../../src/cli/projectWalk';
import { runIn } from './writeHelpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-own-'));
  writeFileSync(
    path.join(dir, 'nb105.json'),
    JSON.stringify({ extends: 'none', rules: { NB105: 'warn' } })
  );
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** writes `rel` (folders made) under the temp folder */
function put(rel: string, text: string): void {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** a notebook whose one cell is `source` */
function notebook(rel: string, source: string): void {
  put(
    rel,
    JSON.stringify({
      cells: [
        {
          cell_type: 'code',
          id: 'c1',
          metadata: {},
          source,
          outputs: [],
          execution_count: null
        }
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    })
  );
}

/** the package each NB105 message names */
const packagesIn = (messages: { message: string }[]): (string | undefined)[] =>
  messages.map(m => /^"([^"]+)"/.exec(m.message)?.[1]);

/** the packages NB105 reports in each linted file, `file: a b` */
async function reported(
  ...targets: string[]
): Promise<{ code: number; lines: string[]; err: string }> {
  const { code, out, err } = await runIn(dir, [
    'lint',
    '--format',
    'json',
    '--config',
    'nb105.json',
    ...targets
  ]);
  const results = JSON.parse(out) as {
    filePath: string;
    messages: { message: string }[];
  }[];
  const lines = results.map(
    r => `${r.filePath}: ${packagesIn(r.messages).join(' ')}`
  );
  return { code, lines: lines.sort(), err };
}

const INSTALL = '!pip install catboost oracle-ads pandas catboost-extra\n';

describe("NB105 and the project's own names, read by the CLI", () => {
  it('each metadata form names the project: pyproject [project] and [tool.poetry], setup.cfg [metadata], a literal name= in setup.py', async () => {
    put('a/pyproject.toml', '[project]\nname = "CatBoost"\nversion = "1"\n');
    put('b/pyproject.toml', '[tool.poetry]\nname = "oracle_ads"\n');
    put('c/setup.cfg', '[options]\nname = x\n[metadata]\nName: catboost\n');
    put(
      'd/setup.py',
      'from setuptools import setup, Extension\next = Extension(name="_native", sources=[])\nsetup(\n    name = "Oracle.ADS",\n    ext_modules=[ext],\n)\n'
    );
    for (const p of ['a', 'b', 'c', 'd'])
      notebook(`${p}/docs/nb.ipynb`, INSTALL);
    const { lines, err } = await reported('.');
    expect(lines).toEqual([
      'a/docs/nb.ipynb: oracle-ads pandas catboost-extra',
      'b/docs/nb.ipynb: catboost pandas catboost-extra',
      'c/docs/nb.ipynb: oracle-ads pandas catboost-extra',
      'd/docs/nb.ipynb: catboost pandas catboost-extra'
    ]);
    expect(err).toBe('');
  });

  it('the nearest project wins; a notebook outside any project, or past a git root, keeps every finding', async () => {
    put('pyproject.toml', '[project]\nname = "oracle-ads"\n');
    put('inner/setup.cfg', '[metadata]\nname = catboost\n');
    notebook('inner/examples/deep/nb.ipynb', INSTALL);
    notebook('top.ipynb', INSTALL);
    // a repository below the project: its notebooks are not the project's
    mkdirSync(path.join(dir, 'vendored', 'repo', '.git'), { recursive: true });
    notebook('vendored/repo/nb.ipynb', INSTALL);
    // a pyproject.toml without a name does not stop the search upwards
    put('tools/pyproject.toml', '[tool.black]\nline-length = 100\n');
    notebook('tools/nb.ipynb', INSTALL);
    const { lines } = await reported('.');
    expect(lines).toEqual([
      'inner/examples/deep/nb.ipynb: oracle-ads pandas catboost-extra',
      'tools/nb.ipynb: catboost pandas catboost-extra',
      'top.ipynb: catboost pandas catboost-extra',
      'vendored/repo/nb.ipynb: catboost oracle-ads pandas catboost-extra'
    ]);
  });

  it('a setup.py name that is not a literal names nothing, and the file is never run', async () => {
    put(
      'p/setup.py',
      'import pathlib\npathlib.Path("RAN").write_text("x")\nNAME = "catboost"\nsetup(name=NAME)\n'
    );
    notebook('p/nb.ipynb', INSTALL);
    const { lines } = await reported('p');
    expect(lines).toEqual([
      'p/nb.ipynb: catboost oracle-ads pandas catboost-extra'
    ]);
    expect(existsSync(path.join(dir, 'p', 'RAN'))).toBe(false);
  });

  it('a malformed or oversized metadata file is ignored with one warning, the lint goes on', async () => {
    put('bad1/pyproject.toml', '[project\nname = "catboost"\n');
    put('bad1/setup.cfg', '[metadata]\nname = oracle-ads\n');
    put('bad2/pyproject.toml', 'name = = =\n');
    put(
      'big/setup.cfg',
      `[metadata]\nname = catboost\n#${'x'.repeat(1100000)}\n`
    );
    for (const p of ['bad1', 'bad2', 'big']) notebook(`${p}/nb.ipynb`, INSTALL);
    const { code, lines, err } = await reported('.');
    expect(code).toBe(1);
    expect(lines).toEqual([
      // setup.cfg beside the broken pyproject.toml still names the project
      'bad1/nb.ipynb: catboost pandas catboost-extra',
      'bad2/nb.ipynb: catboost oracle-ads pandas catboost-extra',
      'big/nb.ipynb: catboost oracle-ads pandas catboost-extra'
    ]);
    const warnings = err.split('\n').filter(l => l);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^nbcraft: bad1\/pyproject\.toml ignored when reading the project's name for unpinned-pip-install \(invalid TOML at 1:9: /
    );
  });

  it('the names are added to the ones the config gives, and nothing is read when NB105 is off', async () => {
    put('pyproject.toml', '[project]\nname = "catboost"\n');
    put(
      'nbcraft.json',
      JSON.stringify({
        extends: 'none',
        rules: { NB105: ['warn', { ownPackages: ['oracle-ads'] }] }
      })
    );
    notebook('nb.ipynb', INSTALL);
    const own = await runIn(dir, ['lint', '--format', 'json', 'nb.ipynb']);
    const [result] = JSON.parse(own.out) as {
      messages: { message: string }[];
    }[];
    expect(packagesIn(result.messages)).toEqual(['pandas', 'catboost-extra']);
    // off: a broken metadata file is not even read, so no warning
    put('off/pyproject.toml', '[project\n');
    put(
      'off.json',
      JSON.stringify({ extends: 'none', rules: { NB101: 'warn' } })
    );
    notebook('off/nb.ipynb', INSTALL);
    const off = await runIn(dir, ['lint', '--config', 'off.json', 'off']);
    expect(off.err).toBe('');
    expect(off.code).toBe(0);
  });

  it('--cache: a project name added since the last run is not hidden by the cached result', async () => {
    notebook('p/nb.ipynb', INSTALL);
    const first = await reported('--cache', 'p');
    expect(first.lines).toEqual([
      'p/nb.ipynb: catboost oracle-ads pandas catboost-extra'
    ]);
    put('p/pyproject.toml', '[project]\nname = "catboost"\n');
    const second = await reported('--cache', 'p');
    expect(second.lines).toEqual([
      'p/nb.ipynb: oracle-ads pandas catboost-extra'
    ]);
  });

  it('a metadata file that is a link (to /proc, to a file outside) or a FIFO names nothing, with one warning (/tmp/rv23 N1)', async () => {
    put('elsewhere/setup.cfg', '[metadata]\nname = catboost\n');
    mkdirSync(path.join(dir, 'proc'));
    symlinkSync('/proc/self/status', path.join(dir, 'proc', 'pyproject.toml'));
    mkdirSync(path.join(dir, 'out'));
    symlinkSync('../elsewhere/setup.cfg', path.join(dir, 'out', 'setup.cfg'));
    mkdirSync(path.join(dir, 'fifo'));
    execFileSync('mkfifo', [path.join(dir, 'fifo', 'setup.py')]);
    for (const p of ['proc', 'out', 'fifo']) notebook(`${p}/nb.ipynb`, INSTALL);
    const { code, lines, err } = await reported('proc', 'out', 'fifo');
    expect(code).toBe(1);
    expect(lines).toEqual([
      'fifo/nb.ipynb: catboost oracle-ads pandas catboost-extra',
      'out/nb.ipynb: catboost oracle-ads pandas catboost-extra',
      'proc/nb.ipynb: catboost oracle-ads pandas catboost-extra'
    ]);
    expect(err).toMatch(
      /^nbcraft: (proc\/pyproject\.toml|out\/setup\.cfg) ignored when reading the project's name for unpinned-pip-install \(a symbolic link, not read\)\n$/
    );
  });
});

describe("where the walk up to a project's metadata stops (/tmp/rv23 N6)", () => {
  const namesOf = (file: string, home?: string): readonly string[] =>
    new ProjectNames(dir, () => undefined, { home }).of(path.join(dir, file));

  it('a world-writable folder with the sticky bit (as /tmp) is not read, nor anything above it', () => {
    put('pyproject.toml', '[project]\nname = "catboost"\n');
    put('shared/pyproject.toml', '[project]\nname = "torch"\n');
    chmodSync(path.join(dir, 'shared'), 0o1777);
    put('shared/unpacked/nb.ipynb', '{}');
    expect(namesOf('shared/unpacked/nb.ipynb')).toEqual([]);
    // below it, a folder of one's own is read
    put('shared/unpacked/setup.cfg', '[metadata]\nname = mypkg\n');
    expect(
      new ProjectNames(dir, () => undefined).of(
        path.join(dir, 'shared/unpacked/nb.ipynb')
      )
    ).toEqual(['mypkg']);
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    'a folder owned by another user (not root) is not read, nor anything above it',
    () => {
      put('pyproject.toml', '[project]\nname = "catboost"\n');
      put('theirs/setup.cfg', '[metadata]\nname = torch\n');
      put('theirs/mine/nb.ipynb', '{}');
      chownSync(path.join(dir, 'theirs'), 65534, 65534);
      expect(namesOf('theirs/mine/nb.ipynb')).toEqual([]);
    }
  );

  it('a world-writable folder without the sticky bit (0777) is not read either (rv7 F1)', () => {
    put('shared/pyproject.toml', '[project]\nname = "torch"\n');
    chmodSync(path.join(dir, 'shared'), 0o777);
    put('shared/unpacked/nb.ipynb', '{}');
    expect(namesOf('shared/unpacked/nb.ipynb')).toEqual([]);
  });

  (process.getuid?.() === 0 ? it : it.skip)(
    "a group-writable folder whose group is not the user's is not read (rv7 F1)",
    () => {
      put('team/setup.cfg', '[metadata]\nname = torch\n');
      put('team/mine/nb.ipynb', '{}');
      chownSync(path.join(dir, 'team'), 0, 65534);
      chmodSync(path.join(dir, 'team'), 0o2775);
      expect(namesOf('team/mine/nb.ipynb')).toEqual([]);
    }
  );

  (process.getuid?.() === 0 ? it : it.skip)(
    "the root of the notebook's own repository is read whoever owns the checkout (rv7 F10)",
    () => {
      put('repo/.git/HEAD', '');
      put('repo/setup.cfg', '[metadata]\nname = mypkg\n');
      put('repo/sub/nb.ipynb', '{}');
      execFileSync('chown', ['-R', '65534:65534', path.join(dir, 'repo')]);
      expect(namesOf('repo/sub/nb.ipynb')).toEqual(['mypkg']);
    }
  );

  it('a folder reached through a symbolic link is walked up by its real path (rv7 F11)', () => {
    put('repo/.git/HEAD', '');
    put('repo/setup.cfg', '[metadata]\nname = mypkg\n');
    put('repo/sub/nb.ipynb', '{}');
    put('lk/setup.cfg', '[metadata]\nname = other\n');
    symlinkSync(path.join(dir, 'repo', 'sub'), path.join(dir, 'lk', 'sub'));
    expect(namesOf('lk/sub/nb.ipynb')).toEqual(['mypkg']);
  });

  it('a folder without metadata files is passed without trying to read them (an open that fails costs an exception)', () => {
    put('a/b/nb.ipynb', '{}');
    put('a/setup.cfg', '[metadata]\nname = mypkg\n');
    const reads = jest.spyOn(io, 'readBoundedText');
    try {
      expect(namesOf('a/b/nb.ipynb')).toEqual(['mypkg']);
      // a/b holds none of the three files; a holds setup.cfg only
      expect(reads.mock.calls.map(c => path.relative(dir, c[0]))).toEqual([
        path.join('a', 'setup.cfg')
      ]);
    } finally {
      reads.mockRestore();
    }
  });

  it('the home folder is read and the walk goes no higher', () => {
    put('pyproject.toml', '[project]\nname = "catboost"\n');
    put('home/proj/nb.ipynb', '{}');
    const home = path.join(dir, 'home');
    expect(namesOf('home/proj/nb.ipynb', home)).toEqual([]);
    put('home/setup.cfg', '[metadata]\nname = torch\n');
    expect(namesOf('home/proj/nb.ipynb', home)).toEqual(['torch']);
  });
});

describe("NB105's walk checks the folder after reading its metadata (rv9 W4)", () => {
  it("names from a folder replaced after it was judged, or from another user's file, are not used", () => {
    const root = realpathSync(dir);
    put('proj/pyproject.toml', '[project]\nname = "planted"\n');
    const file = path.join(root, 'proj', 'pyproject.toml');
    for (const [change, why] of [
      ['ino', 'that folder was replaced while it was read'],
      ['owner', 'it belongs to another user than that folder']
    ] as const) {
      let judged = false;
      // the second look at the folder (after the read) finds another one, or the file is theirs
      const walk = new ProjectWalk({
        uid: 1000,
        gid: 1000,
        stat: (d: string) => {
          const again = d === path.join(root, 'proj') && judged;
          if (d === path.join(root, 'proj')) judged = true;
          return {
            mode: 0o40755,
            uid: d === file && change === 'owner' ? 1001 : 1000,
            gid: 1000,
            dev: 1,
            ino: again && change === 'ino' ? 2 : 1
          };
        }
      });
      const said: string[] = [];
      const names = new ProjectNames(root, t => said.push(t), { walk }).of(
        path.join(root, 'proj', 'nb.ipynb')
      );
      expect(names).toEqual([]);
      expect(said).toEqual([
        `nbcraft: proj/pyproject.toml ignored when reading the project's name for unpinned-pip-install (${why})\n`
      ]);
    }
    const plain = new ProjectNames(root, () => undefined, {
      walk: new ProjectWalk({
        uid: 1000,
        gid: 1000,
        stat: () => ({ mode: 0o40755, uid: 1000, gid: 1000, dev: 1, ino: 1 })
      })
    });
    expect(plain.of(path.join(root, 'proj', 'nb.ipynb'))).toEqual(['planted']);
  });
});
