/** Folder arguments -> notebooks: every notebook under the folder, whatever bytes its path holds. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execute } from '../../src/cli/main';
import { nodeIo } from '../../src/cli/io';
import { expandTargets } from '../../src/cli/files';

/** output a test does not look at */
function ignoreText(): void {
  return undefined;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-files-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TOKEN = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
function notebook(): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', language: 'python' } },
    cells: [
      {
        cell_type: 'code',
        id: 'c1',
        metadata: {},
        execution_count: null,
        outputs: [],
        source: `token = "${TOKEN}"\nprint(token)\n`
      }
    ]
  });
}
function put(rel: string, text = notebook()): void {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** The files `targets` expand to in `dir`, relative, sorted. */
const found = async (...targets: string[]) =>
  (
    await expandTargets(
      targets,
      nodeIo({ cwd: dir, stdout: ignoreText, stderr: ignoreText })
    )
  )
    .map(f => path.relative(dir, f.abs))
    .sort();

// line terminators a regex `.` does not match: picomatch's globs skipped these paths
const ODD = [
  'd\nir/s.ipynb',
  'c\rr/s.ipynb',
  'e\u2028/s.ipynb',
  'f\u2029g/h\ni/s.ipynb',
  '\nlead.ipynb',
  '\u2029lead.ipynb',
  'sub/\rlead.py'
];

describe('expandTargets over a folder', () => {
  it('skips what .gitignore and the config ignore with ** also under names holding line breaks or the private-use characters they are swapped for', async () => {
    put('.gitignore', '**/build/**\r\nkeep.ipynb\n');
    put('nbcraft.json', JSON.stringify({ ignore: ['**/scratch/**'] }));
    // the last four: a two-way swap made them line breaks again, and ** skipped them
    const tops = [
      'plain',
      'we\nird',
      'c\rr',
      'e\u2028f',
      'g\u2029h',
      'p\ue00aq',
      'r\ue00ds',
      't\ue028u',
      'v\ue029w'
    ];
    for (const top of tops) {
      put(`${top}/scratch/n.ipynb`);
      put(`${top}/build/n.ipynb`);
      put(`${top}/kept.ipynb`);
    }
    let out = '';
    const code = await execute(
      ['lint', '--format', 'json', '.'],
      nodeIo({
        cwd: dir,
        stdout: t => void (out += t),
        stderr: ignoreText,
        env: { NBCRAFT_THREADS: '1' }
      })
    );
    expect(code).toBe(1);
    const linted = (JSON.parse(out) as { filePath: string }[])
      .map(r => r.filePath)
      .sort();
    expect(linted).toEqual(tops.map(top => `${top}/kept.ipynb`).sort());
  });

  it('finds notebooks under folders and names holding line terminators', async () => {
    put('ok.ipynb');
    for (const rel of ODD) {
      put(rel);
    }
    const io = nodeIo({ cwd: dir, stdout: ignoreText, stderr: ignoreText });
    const found = (await expandTargets(['.'], io)).map(f =>
      path.relative(dir, f.abs)
    );
    expect(found.sort()).toEqual(['ok.ipynb', ...ODD].sort());
  });

  it('keeps skipping what it skipped: hidden, node_modules & co, symlinks, other extensions, gitignored', async () => {
    put('a/x.ipynb');
    put('b.py');
    put('.h/y.ipynb');
    put('.z.ipynb');
    put('node_modules/n.ipynb');
    put('deep/node_modules/n.ipynb');
    put('sub/__pycache__/c.py');
    put('x/.ipynb_checkpoints/k.ipynb');
    put('.venv/v.py');
    put('.git/g.ipynb');
    put('A.IPYNB');
    put('notes.txt');
    put('ign/i.ipynb');
    put('.gitignore', 'ign/\n');
    mkdirSync(path.join(dir, 'd.ipynb'));
    symlinkSync(path.join(dir, 'a', 'x.ipynb'), path.join(dir, 'link.ipynb'));
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'linkdir'));
    symlinkSync(path.join(dir, 'missing'), path.join(dir, 'dangling.ipynb'));
    const io = nodeIo({ cwd: dir, stdout: ignoreText, stderr: ignoreText });
    const found = (await expandTargets(['.'], io)).map(f =>
      path.relative(dir, f.abs)
    );
    expect(found.sort()).toEqual(['a/x.ipynb', 'b.py']);
    // a hidden folder named on the command line is walked, as before
    const hidden = (await expandTargets(['.h'], io)).map(f =>
      path.relative(dir, f.abs)
    );
    expect(hidden).toEqual(['.h/y.ipynb']);
  });
});

describe('expandTargets over a glob', () => {
  it('matches names holding line terminators, which fast-glob skipped', async () => {
    put('ok.ipynb');
    for (const rel of ODD) {
      put(rel);
    }
    const notebooks = ['ok.ipynb', ...ODD.filter(f => f.endsWith('.ipynb'))];
    expect(await found('**/*.ipynb')).toEqual(notebooks.sort());
    // `*` stays within one folder: the pattern reaches only as deep as its parts
    expect(await found('*/*.ipynb')).toEqual(
      ['d\nir/s.ipynb', 'c\rr/s.ipynb', 'e\u2028/s.ipynb'].sort()
    );
    expect(await found('f\u2029g/**/*.ipynb')).toEqual([
      'f\u2029g/h\ni/s.ipynb'
    ]);
    expect(await found('**/*.py')).toEqual(['sub/\rlead.py']);
  });

  it('matches as fast-glob did (hidden only where named, skipped folders, gitignore, braces, case, other roots) but for symbolic links, no longer followed', async () => {
    put('a/x.ipynb');
    put('a/deeper/z.ipynb');
    put('b/y.ipynb');
    put('b.py');
    put('.h/y.ipynb');
    put('.z.ipynb');
    put('node_modules/n.ipynb');
    put('deep/node_modules/n.ipynb');
    put('x/.ipynb_checkpoints/k.ipynb');
    put('A.IPYNB');
    put('notes.txt');
    put('ign/i.ipynb');
    put('.gitignore', 'ign/\n');
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'linkdir'));
    symlinkSync(path.join(dir, 'a', 'x.ipynb'), path.join(dir, 'link.ipynb'));
    expect(await found('**/*.ipynb')).toEqual([
      'a/deeper/z.ipynb',
      'a/x.ipynb',
      'b/y.ipynb'
    ]);
    expect(await found('*')).toEqual(['A.IPYNB', 'b.py']);
    expect(await found('.h/*.ipynb')).toEqual(['.h/y.ipynb']);
    expect(await found('**/.h/*.ipynb')).toEqual(['.h/y.ipynb']);
    expect(await found('.*.ipynb')).toEqual(['.z.ipynb']);
    expect(await found('{a,b}/*.ipynb')).toEqual(['a/x.ipynb', 'b/y.ipynb']);
    expect(await found('a/**')).toEqual(['a/deeper/z.ipynb', 'a/x.ipynb']);
    expect(await found('*.IPYNB')).toEqual(['A.IPYNB']);
    expect(await found(path.join(dir, 'b', '*.ipynb'))).toEqual(['b/y.ipynb']);
    const sub = nodeIo({
      cwd: path.join(dir, 'b'),
      stdout: ignoreText,
      stderr: ignoreText
    });
    expect(
      (await expandTargets(['../a/*.ipynb'], sub)).map(f =>
        path.relative(dir, f.abs)
      )
    ).toEqual(['a/x.ipynb']);
    // nothing under a skipped folder, even named: the same "no notebooks match" as before
    await expect(found('node_modules/*.ipynb')).rejects.toThrow(
      'no notebooks match node_modules/*.ipynb'
    );
    await expect(found('!*.ipynb')).rejects.toThrow('no notebooks match');
    await expect(found('nothing/here.ipynb')).rejects.toThrow(
      'no such file or folder: nothing/here.ipynb'
    );
  });
});

describe('expandTargets over an escaped glob character', () => {
  (process.platform === 'win32' ? it.skip : it)(
    'takes `\\[` as a literal `[`, in a file name and in the fixed folder (was: "no such file or folder", the base taken with its backslashes)',
    async () => {
      put('nb[1].ipynb');
      put('data[1]/a.ipynb');
      put('data[1]/b.ipynb');
      put('data1/c.ipynb');
      expect(await found('nb\\[1\\].ipynb')).toEqual(['nb[1].ipynb']);
      expect(await found('data\\[1\\]/*.ipynb')).toEqual([
        'data[1]/a.ipynb',
        'data[1]/b.ipynb'
      ]);
      expect(await found('data\\[1\\]')).toEqual([
        'data[1]/a.ipynb',
        'data[1]/b.ipynb'
      ]);
      // unescaped, picomatch takes `[1]` as the class or the literal text
      expect(await found('data[1]/*.ipynb')).toEqual([
        'data1/c.ipynb',
        'data[1]/a.ipynb',
        'data[1]/b.ipynb'
      ]);
      // after a wildcard's fixed part the escapes stay literal too (review R10: the unescaped
      // pattern made `\\[1\\]` a class again and `\\*` a wildcard)
      put('nb1.ipynb');
      put('nb*xy.ipynb');
      put('nbAx.ipynb');
      expect(await found('nb\\[1\\]*.ipynb')).toEqual(['nb[1].ipynb']);
      expect(await found('nb\\*x*.ipynb')).toEqual(['nb*xy.ipynb']);
      await expect(found('nb\\[2\\].ipynb')).rejects.toThrow(
        'no such file or folder: nb\\[2\\].ipynb'
      );
    }
  );
});

describe('a symbolic link a folder walk or a glob meets', () => {
  it('is skipped with one note on stderr when it has a notebook name, silently otherwise', async () => {
    put('a/x.ipynb');
    put('b/y.ipynb');
    symlinkSync(
      path.join(dir, 'a', 'x.ipynb'),
      path.join(dir, 'b', 'l\n.ipynb')
    );
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'b', 'linkdir'));
    symlinkSync(
      path.join(dir, 'a', 'x.ipynb'),
      path.join(dir, 'b', '.hidden.ipynb')
    );
    const lint = async (...targets: string[]) => {
      let err = '';
      const code = await execute(
        ['lint', '--format', 'json', ...targets],
        nodeIo({
          cwd: dir,
          stdout: ignoreText,
          stderr: t => void (err += t),
          env: { NBCRAFT_THREADS: '1' }
        })
      );
      return { code, err };
    };
    const note =
      'nbcraft: skipped the symbolic link b/l\\u000a.ipynb (links met in a folder or a glob are not followed; name it to lint it)\n';
    expect(await lint('b')).toEqual({ code: 1, err: note });
    expect(await lint('b/*.ipynb')).toEqual({ code: 1, err: note });
    expect(await lint('a')).toEqual({ code: 1, err: '' });
    // named, it is linted, and no note
    expect(await lint('b/l\n.ipynb')).toEqual({ code: 1, err: '' });
  });
});

describe('nbcraft lint DIR', () => {
  it('reports the secret in every notebook, with the file names escaped', async () => {
    put('ok.ipynb');
    for (const rel of ODD) {
      put(rel);
    }
    const lint = async (format: string) => {
      let out = '';
      const code = await execute(
        ['lint', '--format', format, '.'],
        nodeIo({
          cwd: dir,
          stdout: t => void (out += t),
          stderr: ignoreText,
          env: { NBCRAFT_THREADS: '1' }
        })
      );
      return { code, out };
    };
    const json = await lint('json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as {
      filePath: string;
      messages: { ruleId: string }[];
    }[];
    const notebooks = ['ok.ipynb', ...ODD.filter(f => f.endsWith('.ipynb'))];
    // JSON keeps each name exactly (JSON.stringify escapes it), and every secret is reported
    expect(report.map(r => r.filePath).sort()).toEqual(notebooks.sort());
    for (const entry of report) {
      expect(entry.messages.map(m => m.ruleId)).toContain('api-key');
    }
    expect(json.out).not.toMatch(/[\r\u2028\u2029]/);
    // one stylish line per finding: no name breaks a line
    const stylish = await lint('stylish');
    const lines = stylish.out.split(/\r\n|[\n\r\u2028\u2029]/);
    expect(lines.filter(l => l.includes('NB407 [api-key]'))).toHaveLength(
      notebooks.length
    );
    expect(
      lines.filter(l => l.includes('NB407 [api-key]') && !/^\S/.test(l))
    ).toHaveLength(0);
    // the location shows the name's line breaks as \uXXXX, on the finding's own line
    for (const name of [
      'd\\u000air/s.ipynb',
      '\\u000alead.ipynb',
      'c\\u000dr/s.ipynb'
    ]) {
      expect(stylish.out).toContain(`\n${name}:cell 1:1:`);
    }
  });
});
