/**
 * Where the CLI's writes land, end to end: a project's symbolic link (a `promote:` tag's module
 * path, a notebook `--fix` rewrites) never leads a write out of the current folder;
 * `--output-file /dev/stdout` writes into the descriptor the shell opened (a pipe, or a log
 * file after what the script wrote before); a FIFO no program reads is a usage error, not a
 * CLI that waits forever. The last two run the built CLI in a process of its own (a pipe, a
 * redirection, a time-out the test can enforce).
 */
import { execFileSync, spawnSync } from 'child_process';
import {
  cpSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ipynbText } from '../promote/helpers';
import { runIn, taggedNotebookIn } from './writeHelpers';

const pkgRoot = path.join(__dirname, '..', '..');
const fixtures = path.join(__dirname, '..', 'fixtures', 'lint');
const bin = path.join(pkgRoot, 'bin', 'nbcraft.js');

let dir: string;
let repo: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-write-links-'));
  repo = path.join(dir, 'repo');
  mkdirSync(repo);
  mkdirSync(path.join(dir, 'outside'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (argv: string[]) => runIn(repo, argv);
const taggedNotebook = (module: string, name?: string) =>
  taggedNotebookIn(repo, module, name);

/** Every file below `folder`, relative, sorted. */
function filesBelow(folder: string): string[] {
  return (readdirSync(folder, { recursive: true }) as string[]).sort();
}

describe('a symbolic link leading out of the current folder', () => {
  it("promote refuses a tag's module path that is a link out, and writes nothing", async () => {
    const victim = path.join(dir, 'outside', 'victim.py');
    writeFileSync(victim, 'def helper():\n    return 1\n');
    mkdirSync(path.join(repo, 'src', 'pkg'), { recursive: true });
    symlinkSync(
      '../../../outside/victim.py',
      path.join(repo, 'src', 'pkg', 'feat.py')
    );
    const nb = taggedNotebook('src/pkg/feat.py');
    const before = filesBelow(repo);
    const r = await run(['promote', 'nb.ipynb']);
    expect(r.out).toBe(''); // was: "promoted cell 2 …" before the refusal
    expect(r.err).toBe(
      'nbcraft promote: src/pkg/feat.py leads outside the current folder through a symbolic link; nbcraft only writes inside it (nothing was written)\n'
    );
    expect(r.code).toBe(2);
    expect(readFileSync(victim, 'utf8')).toBe('def helper():\n    return 1\n');
    expect(readFileSync(path.join(repo, 'nb.ipynb'), 'utf8')).toBe(nb);
    expect(filesBelow(repo)).toEqual(before);
  });

  it('promote refuses a module below a folder link out, before making any folder', async () => {
    mkdirSync(path.join(repo, 'src'));
    symlinkSync('../../outside', path.join(repo, 'src', 'pkg'));
    taggedNotebook('src/pkg/sub/feat.py');
    const r = await run(['promote', 'nb.ipynb']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'src/pkg/sub/feat.py leads outside the current folder through a symbolic link'
    );
    expect(filesBelow(path.join(dir, 'outside'))).toEqual([]);
  });

  it('--fix refuses a notebook that is a link out, leaves its target and says where (exit 2)', async () => {
    const target = path.join(dir, 'outside', 'nb.ipynb');
    cpSync(path.join(fixtures, 'findings.ipynb'), target);
    const original = readFileSync(target, 'utf8');
    symlinkSync('../outside/nb.ipynb', path.join(repo, 'nb.ipynb'));
    cpSync(path.join(fixtures, 'findings.ipynb'), path.join(repo, 'own.ipynb'));
    const r = await run(['lint', '--fix', '.', 'nb.ipynb']);
    expect(r.code).toBe(2);
    expect(r.out).toContain(
      'nb.ipynb: error: cannot write fixes: nb.ipynb leads outside the current folder through a symbolic link; nbcraft only writes inside it'
    );
    expect(readFileSync(target, 'utf8')).toBe(original);
    expect(lstatSync(path.join(repo, 'nb.ipynb')).isSymbolicLink()).toBe(true);
    // the project's own notebook is still fixed
    expect(readFileSync(path.join(repo, 'own.ipynb'), 'utf8')).not.toBe(
      original
    );
  });

  it('--output-file replaces a link out with the report and leaves its target', async () => {
    const keys = path.join(dir, 'outside', 'authorized_keys');
    writeFileSync(keys, 'key\n');
    symlinkSync('../outside/authorized_keys', path.join(repo, 'results.sarif'));
    cpSync(path.join(fixtures, 'findings.ipynb'), path.join(repo, 'nb.ipynb'));
    const r = await run([
      'lint',
      '.',
      '--format',
      'sarif',
      '--output-file',
      'results.sarif'
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(readFileSync(keys, 'utf8')).toBe('key\n');
    expect(lstatSync(path.join(repo, 'results.sarif')).isFile()).toBe(true);
    const sarif = JSON.parse(
      readFileSync(path.join(repo, 'results.sarif'), 'utf8')
    );
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });
});

describe("two of promote's writes on one file", () => {
  it.each([
    ['the notebook', 'nb.ipynb', 'src/m.py and nb.ipynb'],
    ['its own test file', 'tests/test_m.py', 'src/m.py and tests/test_m.py']
  ])(
    'refuses a module that is a hard link to %s, before any message or write (was: exit 0, the function lost; no test failed with the inode check removed)',
    async (_, target, pair) => {
      mkdirSync(path.join(repo, 'src'));
      mkdirSync(path.join(repo, 'tests'));
      const nb = taggedNotebook('src/m.py');
      if (!existsSync(path.join(repo, target)))
        writeFileSync(path.join(repo, target), 'def test_old():\n    pass\n');
      linkSync(path.join(repo, target), path.join(repo, 'src', 'm.py'));
      const before = filesBelow(repo);
      const r = await run(['promote', 'nb.ipynb']);
      expect(r.out).toBe('');
      expect(r.err).toBe(
        `nbcraft promote: ${pair} are one file (through a link, or by case); promote would write one over the other (nothing was written)\n`
      );
      expect(r.code).toBe(2);
      expect(readFileSync(path.join(repo, 'nb.ipynb'), 'utf8')).toBe(nb);
      expect(filesBelow(repo)).toEqual(before);
    }
  );

  it('refuses a module that is a symbolic link to the notebook, naming the link and its target', async () => {
    mkdirSync(path.join(repo, 'src'));
    symlinkSync('../nb.ipynb', path.join(repo, 'src', 'm.py'));
    const nb = taggedNotebook('src/m.py');
    const before = filesBelow(repo);
    const r = await run(['promote', 'nb.ipynb']);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'nbcraft promote: src/m.py is a symbolic link (to ../nb.ipynb); nbcraft writes no file through a link: replace the link by the file, or name its target (nothing was written)\n'
    );
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(repo, 'nb.ipynb'), 'utf8')).toBe(nb);
    expect(filesBelow(repo)).toEqual(before);
  });

  it('refuses a percent-format notebook whose tag names the notebook itself as the module (review R10: exit 0, the function lost)', async () => {
    const text =
      '# %%\nx = 2\n\n# %% tags=["promote:nb.py:build"]\ny = x * 2\n\n# %%\nprint(y)\n';
    writeFileSync(path.join(repo, 'nb.py'), text);
    const before = filesBelow(repo);
    const r = await run(['promote', 'nb.py']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(
      'nb.py is named twice (a module path that is the notebook itself)'
    );
    expect(readFileSync(path.join(repo, 'nb.py'), 'utf8')).toBe(text);
    expect(filesBelow(repo)).toEqual(before);
  });

  it('refuses two tags whose modules are one file through a hard link', async () => {
    mkdirSync(path.join(repo, 'src'));
    writeFileSync(path.join(repo, 'src', 'a.py'), 'X = 1\n');
    linkSync(path.join(repo, 'src', 'a.py'), path.join(repo, 'src', 'b.py'));
    const text = ipynbText([
      'x = 2',
      { code: 'y = x * 2', tags: ['promote:src/a.py:one'] },
      { code: 'z = y + 1', tags: ['promote:src/b.py:two'] },
      'print(z)'
    ]);
    writeFileSync(path.join(repo, 'nb.ipynb'), text);
    const before = filesBelow(repo);
    const r = await run(['promote', 'nb.ipynb']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('are one file (through a link, or by case)');
    expect(readFileSync(path.join(repo, 'nb.ipynb'), 'utf8')).toBe(text);
    expect(filesBelow(repo)).toEqual(before);
  });

  it('promotes from a notebook with a 234-character name (was: ENAMETOOLONG after the module was written)', async () => {
    const name = `${'n'.repeat(228)}.ipynb`;
    taggedNotebook('src/m.py', name);
    const r = await run(['promote', name]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(repo, 'src', 'm.py'), 'utf8')).toContain(
      'def build('
    );
    expect(readFileSync(path.join(repo, name), 'utf8')).toContain(
      'from m import build'
    );
    expect(filesBelow(repo).filter(f => f.endsWith('.tmp'))).toEqual([]);
  });
});

const built = existsSync(path.join(pkgRoot, 'lib', 'cli', 'main.js'));
(built ? describe : describe.skip)('the built CLI', () => {
  const sh = (script: string, timeout = 30_000) =>
    spawnSync('sh', ['-c', script, 'sh', process.execPath, bin], {
      cwd: repo,
      encoding: 'utf8',
      timeout,
      env: { ...process.env, NBCRAFT_THREADS: '1' }
    });

  beforeEach(() => {
    cpSync(path.join(fixtures, 'findings.ipynb'), path.join(repo, 'nb.ipynb'));
  });

  it('--output-file /dev/stdout into a pipe (was: ENOENT …pipe:[N].tmp, exit 2)', () => {
    const p = sh(
      '"$1" "$2" lint nb.ipynb --format json --output-file /dev/stdout | cat'
    );
    expect(p.stderr).toBe('');
    expect(JSON.parse(p.stdout)[0].filePath).toBe('nb.ipynb');
  });

  it('--output-file /dev/stdout redirected to a log keeps what the script wrote before and after', () => {
    const p = sh(
      '{ echo BEFORE; "$1" "$2" lint nb.ipynb --format json --output-file /dev/stdout; echo "exit $?"; echo AFTER; } > log.txt'
    );
    expect(p.status).toBe(0);
    const log = readFileSync(path.join(repo, 'log.txt'), 'utf8');
    expect(log.startsWith('BEFORE\n[')).toBe(true);
    expect(log.endsWith('\nexit 1\nAFTER\n')).toBe(true);
    const json = log.slice('BEFORE\n'.length, log.lastIndexOf('exit 1'));
    expect(JSON.parse(json)[0].filePath).toBe('nb.ipynb');
  });

  it("--output-file /dev/fd/N past 2 is refused, never written into Node's own descriptors (was: segfault, or the report fed to libuv's signal pipe)", () => {
    for (const n of [5, 7, 12]) {
      const p = sh(
        `"$1" "$2" lint nb.ipynb --format json --output-file /dev/fd/${n}`
      );
      expect(p.signal).toBeNull();
      expect(p.stderr).toBe(
        `nbcraft: /dev/fd/${n} is descriptor ${n}: nbcraft writes a report straight only into descriptors 0-2 (/dev/stdout, /dev/stderr), the others may be its own; give a file path\n`
      );
      expect(p.status).toBe(2);
    }
    const p = sh(
      '"$1" "$2" lint nb.ipynb --format json --output-file /dev/fd/2 2>err.json'
    );
    expect(p.status).toBe(1);
    expect(
      JSON.parse(readFileSync(path.join(repo, 'err.json'), 'utf8'))[0].filePath
    ).toBe('nb.ipynb');
  });

  it('a FIFO no program reads is a usage error (was: the CLI waited forever)', () => {
    execFileSync('mkfifo', [path.join(repo, 'report.json')]);
    const p = sh(
      '"$1" "$2" lint nb.ipynb --format json --output-file report.json',
      15_000
    );
    expect(p.signal).toBeNull();
    expect(p.stderr).toBe(
      'nbcraft: report.json is a FIFO no program reads from (nothing was written)\n'
    );
    expect(p.status).toBe(2);
  });

  it('promote into a FIFO module path is refused (was: the CLI waited forever)', () => {
    taggedNotebook('feat.py');
    execFileSync('mkfifo', [path.join(repo, 'feat.py')]);
    const p = sh('"$1" "$2" promote nb.ipynb', 15_000);
    expect(p.signal).toBeNull();
    expect(p.stderr).toContain(
      'feat.py is not a regular file (a FIFO, a socket or a device)'
    );
    expect(p.status).toBe(2);
  });
});
