import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import {
  importRunsOnlyNewCode,
  kernelImportCode,
  kernelPathCode,
  relativeFolder
} from '../../src/promote/kernelPath';

describe('relativeFolder', () => {
  it.each([
    ['a/b', 'a', '..'],
    ['a', 'a', '.'],
    ['', 'proj', 'proj'],
    ['a/b', 'a/c', '../c'],
    ['nb', '', '..']
  ])('%s -> %s is %s', (from, to, expected) => {
    expect(relativeFolder(from, to)).toBe(expected);
  });
});

describe('kernelPathCode', () => {
  it('names the entry relative to the notebook folder, the kernel working folder', () => {
    const code = kernelPathCode('proj/notebooks/a.ipynb', 'proj', 'src');
    expect(code).toContain('realpath("../src")');
    expect(code).toContain('_nbcraft_sys.path.insert(1, _nbcraft_p)');
    expect(code).toContain('invalidate_caches()');
    expect(code.trim().split('\n').pop()).toMatch(/^del /);
  });
  it('the project folder itself when the entry is "."', () => {
    expect(kernelPathCode('proj/a.ipynb', 'proj', '.')).toContain(
      'realpath(".")'
    );
  });
});

describe('importRunsOnlyNewCode', () => {
  it('only when the module and every package folder on its path were made by this promotion', () => {
    expect(importRunsOnlyNewCode(false, ['src/pkg'], ['src', 'src/pkg'])).toBe(
      true
    );
    expect(importRunsOnlyNewCode(false, [], [])).toBe(true);
    // a module that was there (a cloned project's, or appended to): the user runs the import
    expect(importRunsOnlyNewCode(true, ['src/pkg'], ['src/pkg'])).toBe(false);
    // a package folder that was there may hold an __init__.py that runs on import
    expect(
      importRunsOnlyNewCode(false, ['src/pkg', 'src/pkg/sub'], ['src/pkg/sub'])
    ).toBe(false);
  });
});

describe('kernelImportCode', () => {
  it('checks where the top package comes from, reloads a module imported before, then imports', () => {
    const code =
      kernelImportCode(
        'proj/nb/a.ipynb',
        'proj/src/pkg/mod.py',
        'pkg.mod',
        'fit'
      ) ?? '';
    const lines = code.split('\n');
    expect(lines).toContain('_nbcraft_s = _nbcraft_u.find_spec("pkg")');
    expect(code).toContain('realpath("../src/pkg/__init__.py")');
    expect(lines).toContain('if "pkg.mod" in _nbcraft_sys.modules:');
    expect(lines).toContain(
      '    _nbcraft_il.reload(_nbcraft_sys.modules["pkg.mod"])'
    );
    // the import is the last line, after the helper names are gone
    expect(lines.slice(-2)).toEqual([
      'del _nbcraft_il, _nbcraft_u, _nbcraft_os, _nbcraft_sys, _nbcraft_s',
      'from pkg.mod import fit'
    ]);
    expect(
      kernelImportCode('proj/a.ipynb', 'proj/mod.py', 'mod', 'fit')
    ).toContain('realpath("mod.py")');
  });
  it.each([
    ['pkg.mod; import os', 'fit'],
    ['pkg.mod', 'fit\nimport os'],
    ['1pkg', 'fit'],
    ['pkg..mod', 'fit']
  ])('refuses %j / %j (not Python names)', (module, fn) => {
    expect(
      kernelImportCode('a.ipynb', 'src/pkg/mod.py', module, fn)
    ).toBeNull();
  });

  const python = path.join(__dirname, '..', '..', '.venv', 'bin', 'python');
  (existsSync(python) ? it : it.skip)(
    'a real Python imports the promoted package, and never runs a same-named one that shadows it',
    () => {
      const root = mkdtempSync(path.join(os.tmpdir(), 'nbcraft-import-'));
      try {
        // the kernel's working folder is the notebook's; promote put src on sys.path after it
        const write = (rel: string, text: string) => {
          mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
          writeFileSync(path.join(root, rel), text);
        };
        write('src/pkg/__init__.py', '');
        write('src/pkg/mod.py', 'def fit():\n    return 42\n');
        const code = kernelImportCode(
          'nb/a.ipynb',
          'src/pkg/mod.py',
          'pkg.mod',
          'fit'
        );
        const run = () =>
          spawnSync(
            python,
            [
              '-c',
              `import sys; sys.path.insert(1, "../src")\n${code}\nprint(fit())`
            ],
            { cwd: path.join(root, 'nb'), encoding: 'utf8' }
          );
        mkdirSync(path.join(root, 'nb'), { recursive: true });
        const ok = run();
        expect(ok.stdout.trim()).toBe('42');
        // a cloned project's package of the same name in the notebook's folder comes first on
        // sys.path: the import is refused before any of its code runs
        write(
          'nb/pkg/__init__.py',
          'open("ran", "w").write("planted code ran")\n'
        );
        const shadowed = run();
        expect(shadowed.status).not.toBe(0);
        expect(shadowed.stderr).toContain('is not the package promote wrote');
        expect(existsSync(path.join(root, 'nb', 'ran'))).toBe(false);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  );
});
