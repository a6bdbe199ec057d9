/**
 * `nbcraft promote` end to end in real temp folders: files written (atomically, inside the
 * folder), the notebook rewritten in Jupyter's layout, tag mode, --check, --dry-run, exit codes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeIo } from '../../src/cli/io';
import { execute } from '../../src/cli/promote';
import { readNotebook } from '../../src/notebook';
import { compilePython, ipynbText, promoteIn, type CellSpec } from './helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nbcraft-promote-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => promoteIn(dir, ...argv);

function write(name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const exists = (name: string) => fs.existsSync(path.join(dir, name));

const cells: CellSpec[] = [
  'import numpy as np',
  { md: '## Load the data\nCafé ✓ — non-ASCII stays as it is' },
  'raw = np.arange(6)\nscale = 2',
  'scaled = np.multiply(raw, scale)\nscaled.sum()',
  'print(scaled)'
];

describe('nbcraft promote --cells', () => {
  it('writes the module and the test file and rewrites the notebook in Jupyter layout', async () => {
    write('nb.ipynb', ipynbText(cells));
    const before = read('nb.ipynb');
    const r = await run(
      'nb.ipynb',
      '--cells',
      '4',
      '--module',
      'src/pkg/features.py',
      '--function',
      'scale_raw'
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'promoted cell 4 of nb.ipynb to src/pkg/features.py: scale_raw(raw, scale) -> scaled'
    );

    const module = read('src/pkg/features.py');
    expect(module).toContain('import numpy as np');
    expect(module).toContain('def scale_raw(raw, scale):');
    const test = read('tests/test_features.py');
    expect(test).toContain('from pkg.features import scale_raw');
    expect(
      Object.values(compilePython({ module, test })).filter(Boolean)
    ).toEqual([]);

    const after = read('nb.ipynb');
    expect(after.endsWith('}\n')).toBe(true);
    // cells other than the promoted one and the import cell keep their exact bytes
    const untouched = (text: string) =>
      text.slice(
        text.indexOf('"cell_type": "markdown"'),
        text.indexOf('"id": "c2"')
      );
    expect(untouched(after)).toBe(untouched(before));
    expect(after).toContain('Café ✓ — non-ASCII');
    const nb = readNotebook('nb.ipynb', after);
    expect(nb.cells.map(c => c.source)).toEqual([
      'import numpy as np\nfrom pkg.features import scale_raw',
      '## Load the data\nCafé ✓ — non-ASCII stays as it is',
      'raw = np.arange(6)\nscale = 2',
      'scaled, scale_raw_result = scale_raw(raw, scale)\nscale_raw_result',
      'print(scaled)'
    ]);
    expect(nb.cells[3].id).toBe('c3');
    // nbformat's layout: one-space indent, sorted keys, the source as a list of lines
    expect(after).toContain(
      '  {\n   "cell_type": "code",\n   "execution_count": null,\n   "id": "c3",\n   "metadata": {},\n   "outputs": [],\n   "source": [\n    "scaled, scale_raw_result = scale_raw(raw, scale)\\n",\n    "scale_raw_result"\n   ]\n  }'
    );
    expect(fs.readdirSync(dir).filter(f => f.includes('.tmp'))).toEqual([]);
  });

  it('--dry-run prints the plan and writes nothing', async () => {
    write('nb.ipynb', ipynbText(cells));
    const before = read('nb.ipynb');
    const r = await run(
      'nb.ipynb',
      '--cells',
      '3-4',
      '--module',
      'steps.py',
      '--dry-run'
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('would promote cells 3-4');
    expect(r.out).toContain('def load_the_data():');
    expect(read('nb.ipynb')).toBe(before);
    expect(exists('steps.py')).toBe(false);
    expect(exists('tests')).toBe(false);
  });

  it('a refusal exits 1 with a one-line located reason and writes nothing', async () => {
    write(
      'nb.ipynb',
      ipynbText(['from math import *\nx = sqrt(2)', 'print(x)'])
    );
    const before = read('nb.ipynb');
    const r = await run('nb.ipynb', '--cells', '1', '--module', 'm.py');
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(
      /^nbcraft promote: refused cell 1: nb\.ipynb:cell 1:1: `from math import \*`.*\[star-import\]$/m
    );
    expect(read('nb.ipynb')).toBe(before);
    expect(exists('m.py')).toBe(false);
  });

  it('--on-conflict rename keeps the existing function', async () => {
    write('nb.ipynb', ipynbText(cells));
    write('m.py', 'def scale_raw():\n    return 0\n');
    const refused = await run(
      'nb.ipynb',
      '--cells',
      '4',
      '--module',
      'm.py',
      '--function',
      'scale_raw'
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('[module-conflict]');
    const r = await run(
      'nb.ipynb',
      '--cells',
      '4',
      '--module',
      'm.py',
      '--function',
      'scale_raw',
      '--on-conflict',
      'rename'
    );
    expect(r.code).toBe(0);
    expect(read('m.py')).toContain('def scale_raw():\n    return 0');
    expect(read('m.py')).toContain('def scale_raw_2(raw, scale):');
  });
});

describe('defaults from nbcraft.json', () => {
  it('promote.moduleDir and promote.testsDir place the files; the module is named after the notebook', async () => {
    write(
      'nbcraft.json',
      JSON.stringify({
        promote: { moduleDir: 'src/analysis', testsDir: 'checks' }
      })
    );
    write('notebooks/Sales Report.ipynb', ipynbText(cells));
    const r = await run('notebooks/Sales Report.ipynb', '--cells', '4');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(read('src/analysis/sales_report.py')).toContain(
      'def cell_4(raw, scale):'
    );
    expect(read('checks/test_sales_report.py')).toContain(
      'from analysis.sales_report import cell_4'
    );
  });
});

describe('the module imports from pytest and kernels, the same way as in JupyterLab', () => {
  it('without config: src/<folder name>/<notebook>.py, __init__.py, and src on pytest pythonpath in a new pyproject.toml', async () => {
    write('Sales Report.ipynb', ipynbText(cells));
    const r = await run('Sales Report.ipynb', '--cells', '4');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const pkg = path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_');
    expect(read(`src/${pkg}/sales_report.py`)).toContain('def cell_4(');
    expect(read(`src/${pkg}/__init__.py`)).toBe('');
    expect(read('pyproject.toml')).toBe(
      '[tool.pytest.ini_options]\npythonpath = ["src"]\n'
    );
    expect(r.out).toContain(
      'added "src" to pytest\'s pythonpath in pyproject.toml'
    );
  });

  it('keeps an existing pyproject.toml byte for byte and adds only the pythonpath line', async () => {
    const before =
      '[project]\nname = "demo"  # mine\n\n[tool.pytest.ini_options]\naddopts = "-q"\n';
    write('pyproject.toml', before);
    write(
      'nbcraft.json',
      JSON.stringify({ promote: { moduleDir: 'src/mypkg' } })
    );
    write('nb.ipynb', ipynbText(cells));
    expect((await run('nb.ipynb', '--cells', '4')).code).toBe(0);
    expect(read('pyproject.toml')).toBe(
      '[project]\nname = "demo"  # mine\n\n[tool.pytest.ini_options]\npythonpath = ["src"]\naddopts = "-q"\n'
    );
    // a second promotion into the same root changes nothing more
    write('nb2.ipynb', ipynbText(cells));
    expect((await run('nb2.ipynb', '--cells', '4')).code).toBe(0);
    expect(read('pyproject.toml')).toContain('pythonpath = ["src"]\naddopts');
  });

  it('uses pytest.ini when the project has one', async () => {
    write('pytest.ini', '[pytest]\naddopts = -q\n');
    write('nb.ipynb', ipynbText(cells));
    expect(
      (await run('nb.ipynb', '--cells', '4', '--module', 'lib/pkg/m.py')).code
    ).toBe(0);
    expect(read('pytest.ini')).toBe('[pytest]\npythonpath = .\naddopts = -q\n');
    expect(exists('pyproject.toml')).toBe(false);
  });

  it('stops, writing nothing, when pyproject.toml does not parse', async () => {
    write('pyproject.toml', '[tool.pytest.ini_options\n');
    write('nb.ipynb', ipynbText(cells));
    const before = read('nb.ipynb');
    const r = await run('nb.ipynb', '--cells', '4', '--module', 'src/p/m.py');
    expect(r.code).toBe(2); // the project's config file cannot be read
    expect(r.err).toMatch(/pyproject\.toml:\d+:\d+.*invalid TOML/);
    expect(read('nb.ipynb')).toBe(before);
    expect(exists('src/p/m.py')).toBe(false);
  });
});

describe('usage errors and unreadable input exit 2', () => {
  it.each([
    [['missing.ipynb', '--cells', '1'], /missing\.ipynb: no such file/],
    [['nb.ipynb', '--cells', '9'], /cell 9 does not exist/],
    [['nb.ipynb', '--cells', 'x'], /not a cell number or range/],
    [['nb.ipynb', '--bogus'], /unknown option --bogus/],
    [
      ['nb.ipynb', '--cells', '3', '--module', '../escape.py'],
      /outside the current folder/
    ],
    [
      ['nb.ipynb', '--on-conflict', 'merge'],
      /--on-conflict must be fail, replace or rename/
    ],
    [[], /missing NOTEBOOK/],
    [['nb.ipynb'], /no cells tagged "promote"/],
    [['bad.ipynb', '--cells', '1'], /bad\.ipynb:\d+:\d+: /]
  ])('%j', async (argv, message) => {
    write('nb.ipynb', ipynbText(cells));
    write('bad.ipynb', '{"cells": [\n  {"cell_type": "code",, }\n]}');
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('tag mode and --check', () => {
  const tagged: CellSpec[] = [
    'import numpy as np',
    { code: 'raw = np.arange(4)', tags: ['promote:src/pkg/load.py:load_raw'] },
    { code: '# nbcraft: promote summarize\ntotal = raw.sum()' },
    'print(total)'
  ];

  it('promotes every tagged group in one run and drops the tags', async () => {
    write('nb.ipynb', ipynbText(tagged));
    const r = await run('nb.ipynb', '--module', 'src/pkg/summary.py');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(read('src/pkg/load.py')).toContain('def load_raw():');
    expect(read('src/pkg/summary.py')).toContain('def summarize(raw):');
    expect(read('src/pkg/summary.py')).not.toContain('nbcraft: promote');
    const nb = readNotebook('nb.ipynb', read('nb.ipynb'));
    expect(nb.cells.map(c => c.source)).toEqual([
      // groups are planned bottom-up, so the lower group's import comes first; numpy was
      // used only by the promoted code, so the notebook no longer imports it
      'from pkg.summary import summarize\nfrom pkg.load import load_raw',
      'raw = load_raw()',
      'total = summarize(raw)',
      'print(total)'
    ]);
    expect(nb.cells[1].tags).toEqual([]);
  });

  it('--check exits 1 when a module is out of date with the tagged cells, 0 when it is not', async () => {
    write('nb.ipynb', ipynbText(tagged));
    const stale = await run(
      'nb.ipynb',
      '--module',
      'src/pkg/summary.py',
      '--check'
    );
    expect(stale.code).toBe(1);
    expect(stale.out).toContain(
      'src/pkg/load.py: `load_raw` is out of date with cell 2'
    );
    expect(exists('src/pkg/load.py')).toBe(false); // --check writes nothing

    // modules that already hold exactly these functions are up to date
    const dry = await run(
      'nb.ipynb',
      '--module',
      'src/pkg/summary.py',
      '--dry-run'
    );
    expect(dry.code).toBe(0);
    const copy = path.join(dir, 'copy');
    fs.mkdirSync(copy);
    fs.copyFileSync(path.join(dir, 'nb.ipynb'), path.join(copy, 'nb.ipynb'));
    await execute(
      ['nb.ipynb', '--module', 'src/pkg/summary.py'],
      nodeIo({ cwd: copy, stdout: () => undefined, stderr: () => undefined })
    );
    fs.mkdirSync(path.join(dir, 'src/pkg'), { recursive: true });
    for (const f of ['load.py', 'summary.py'])
      fs.copyFileSync(
        path.join(copy, 'src/pkg', f),
        path.join(dir, 'src/pkg', f)
      );
    const fresh = await run(
      'nb.ipynb',
      '--module',
      'src/pkg/summary.py',
      '--check'
    );
    expect(fresh.out).toContain('up to date');
    expect(fresh.code).toBe(0);
  });

  it('--check on a notebook without tags has nothing to check', async () => {
    write('nb.ipynb', ipynbText(cells));
    const r = await run('nb.ipynb', '--check');
    expect(r.code).toBe(0);
  });
});

describe('control characters from a notebook or the command line', () => {
  const vso =
    'promote:pkg/m\n##vso[task.setvariable variable=PATH]/tmp/evil\n.py:f';
  const taggedWith = (tag: string): CellSpec[] => [
    { code: 'raw = [1, 2]\ntotal = sum(raw)', tags: [tag] },
    'print(total)'
  ];
  /** every line a CI runner would read as its own */
  const lines = (r: { out: string; err: string }) =>
    `${r.out}\n${r.err}`.split(/\r\n|[\n\r\u0085\u2028\u2029]/);

  it('a tag path holding a logging command never yields a line of its own (--check, --dry-run, a run)', async () => {
    write('nb.ipynb', ipynbText(taggedWith(vso)));
    for (const mode of [['--check'], ['--dry-run'], []]) {
      const r = await run('nb.ipynb', ...mode);
      expect(r.code).toBe(1);
      expect(lines(r).some(line => line.startsWith('##vso'))).toBe(false);
      expect(r.err).toContain(
        'pkg/m\\u000a##vso\\u005btask.setvariable variable=PATH]/tmp/evil\\u000a.py` is a path with a control character'
      );
      // one line per reason
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(fs.readdirSync(dir)).toEqual(['nb.ipynb']);
  });

  it('a C1 control or line separator in a tag path is refused too, shown escaped', async () => {
    for (const [tag, shown] of [
      ['promote:pkg/m\u0085x.py:f', 'pkg/m\\u0085x.py'],
      ['promote:pkg/m\u2028x.py', 'pkg/m\\u2028x.py']
    ]) {
      write('nb.ipynb', ipynbText(taggedWith(tag)));
      const r = await run('nb.ipynb', '--check');
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        `\`${shown}\` is a path with a control character`
      );
      expect(r.err).not.toMatch(/[\u0085\u2028]/);
    }
  });

  it('--tests or --module with a tab is a usage error, and no folder is written', async () => {
    write('nb.ipynb', ipynbText(cells));
    for (const flag of ['--tests', '--module']) {
      const value =
        flag === '--tests' ? 'tes\tts' : 'src/pkg/fe\u0085atures.py';
      const r = await run('nb.ipynb', '--cells', '4', flag, value);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/is a path with a control character/);
      expect(r.err).not.toMatch(/[\t\u0085]/);
      expect(fs.readdirSync(dir)).toEqual(['nb.ipynb']);
    }
  });

  it('a control character in the config promote.testsDir is a located config error', async () => {
    write('nb.ipynb', ipynbText(cells));
    write('nbcraft.json', '{"promote": {"testsDir": "te\\u2028sts"}}');
    const r = await run('nb.ipynb', '--cells', '4');
    expect(r.code).toBe(2);
    expect(r.err).toContain('promote.testsDir');
    expect(r.err).toContain(
      '`te\\u2028sts` is a path with a control character'
    );
    expect(r.err).not.toContain('\u2028');
  });

  it('a function name with a line break is refused on one line', async () => {
    write('nb.ipynb', ipynbText(cells));
    const r = await run(
      'nb.ipynb',
      '--cells',
      '4',
      '--function',
      'f\n##vso[x]'
    );
    expect(r.code).toBe(1);
    expect(lines(r).some(line => line.startsWith('##vso'))).toBe(false);
    expect(r.err).toContain(
      '`f\\u000a##vso\\u005bx]` is not a valid Python function name'
    );
  });
});

describe('Databricks source notebooks', () => {
  it('rewrites the cell lines in place and keeps the COMMAND separators', async () => {
    const text = [
      '# Databricks notebook source',
      't = "samples.trips"',
      '',
      '# COMMAND ----------',
      '',
      'df = spark.table(t)',
      'n = df.count()',
      '',
      '# COMMAND ----------',
      '',
      'print(n)',
      ''
    ].join('\n');
    write('etl.py', text);
    const r = await run(
      'etl.py',
      '--cells',
      '2',
      '--module',
      'jobs/etl_steps.py',
      '--function',
      'count_trips'
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(read('etl.py')).toBe(
      [
        '# Databricks notebook source',
        't = "samples.trips"',
        '',
        '# COMMAND ----------',
        '',
        'from jobs.etl_steps import count_trips',
        'n = count_trips(spark, t)',
        '',
        '# COMMAND ----------',
        '',
        'print(n)',
        ''
      ].join('\n')
    );
    expect(read('jobs/etl_steps.py')).toContain('def count_trips(spark, t):');
  });
});
