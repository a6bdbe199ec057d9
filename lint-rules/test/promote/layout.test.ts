/**
 * Where promoted code goes by default (one owner for the CLI and the lab's dialog) and how it
 * becomes importable: its import root on pytest's `pythonpath`, in the file pytest reads.
 */
import {
  defaultModulePath,
  importRoot,
  packageFolders,
  pythonpathEdit,
  pytestConfigFile
} from '../../src/promote';

describe('defaultModulePath', () => {
  it.each([
    [
      { notebookPath: 'nb/Sales Report.ipynb', projectName: 'my-proj' },
      'src/my_proj/sales_report.py'
    ],
    [{ notebookPath: 'a.ipynb', projectName: '' }, 'src/notebooks/a.py'],
    [
      {
        notebookPath: '01 load.ipynb',
        projectName: 'x',
        moduleDir: 'src/mypkg'
      },
      'src/mypkg/load_01.py'
    ],
    [
      {
        notebookPath: 'a.ipynb',
        projectName: 'x',
        packageName: 'pkg',
        template: 'lib/{package}/{notebook_stem}.py'
      },
      'lib/pkg/a.py'
    ]
  ])('%j -> %s', (options, expected) => {
    expect(defaultModulePath(options)).toBe(expected);
  });
});

describe('importRoot and packageFolders', () => {
  it.each([
    [
      'src/notebooks/sample_training.py',
      'notebooks.sample_training',
      'src',
      ['src/notebooks']
    ],
    [
      'src/mypkg/sub/m.py',
      'mypkg.sub.m',
      'src',
      ['src/mypkg', 'src/mypkg/sub']
    ],
    ['m.py', 'm', '.', []],
    ['pkg/m.py', 'pkg.m', '.', ['pkg']]
  ])('%s as %s: root %s', (path, name, root, folders) => {
    expect(importRoot(path, name)).toBe(root);
    expect(packageFolders(path, name)).toEqual(folders);
  });
});

describe('pythonpathEdit', () => {
  it.each([
    [
      'no config at all: a new pyproject.toml',
      {},
      'pyproject.toml',
      '[tool.pytest.ini_options]\npythonpath = ["src"]\n'
    ],
    [
      'pyproject without the table: appended',
      { 'pyproject.toml': '[project]\nname = "a"\n' },
      'pyproject.toml',
      '[project]\nname = "a"\n\n[tool.pytest.ini_options]\npythonpath = ["src"]\n'
    ],
    [
      'the table without the key: the key first in it',
      {
        'pyproject.toml':
          '[tool.pytest.ini_options]\naddopts = "-q"\n\n[tool.ruff]\n'
      },
      'pyproject.toml',
      '[tool.pytest.ini_options]\npythonpath = ["src"]\naddopts = "-q"\n\n[tool.ruff]\n'
    ],
    [
      'an existing list: the entry appended',
      {
        'pyproject.toml':
          '[tool.pytest.ini_options]\npythonpath = [\n  "lib",\n]\ntestpaths = ["t"]\n'
      },
      'pyproject.toml',
      '[tool.pytest.ini_options]\npythonpath = ["lib", "src"]\ntestpaths = ["t"]\n'
    ],
    [
      'pytest.ini wins, even without pyproject',
      { 'pytest.ini': '[pytest]\n', 'pyproject.toml': '' },
      'pytest.ini',
      '[pytest]\npythonpath = src\n'
    ],
    [
      'pytest.ini with a pythonpath line',
      { 'pytest.ini': '[pytest]\npythonpath = lib\n' },
      'pytest.ini',
      '[pytest]\npythonpath = lib src\n'
    ],
    [
      'setup.cfg [tool:pytest] when pyproject has no table',
      {
        'setup.cfg': '[metadata]\nname = a\n[tool:pytest]\naddopts = -q\n',
        'pyproject.toml': '[project]\n'
      },
      'setup.cfg',
      '[metadata]\nname = a\n[tool:pytest]\npythonpath = src\naddopts = -q\n'
    ]
  ])('%s', (_name, texts, file, text) => {
    const edit = pythonpathEdit(texts, 'src');
    expect(edit).toMatchObject({ ok: true, file, text, changed: true });
  });

  it.each([
    [
      {
        'pyproject.toml': '[tool.pytest.ini_options]\npythonpath = ["./src/"]\n'
      }
    ],
    [{ 'pytest.ini': '[pytest]\npythonpath = lib src\n' }]
  ])('already there: unchanged %j', texts => {
    const edit = pythonpathEdit(texts, 'src');
    expect(edit).toMatchObject({ ok: true, changed: false });
    if (edit.ok) expect(edit.text).toBe(Object.values(texts)[0]);
  });

  it('bad TOML is a located refusal, not a rewrite', () => {
    const edit = pythonpathEdit({ 'pyproject.toml': 'a = \n' }, 'src');
    expect(edit.ok).toBe(false);
    expect(!edit.ok && edit.message).toMatch(
      /^pyproject\.toml:1:\d+: invalid TOML/
    );
  });

  it('the file pytest reads, in its order', () => {
    expect(
      pytestConfigFile({
        'tox.ini': '[pytest]\n',
        'pyproject.toml': '[tool.pytest.ini_options]\n'
      })
    ).toBe('pyproject.toml');
    expect(pytestConfigFile({ 'tox.ini': '[tox]\n' })).toBeNull();
  });
});
