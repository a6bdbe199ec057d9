import {
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

describe('kernelImportCode', () => {
  it('reloads a module the kernel imported before, then imports the function', () => {
    const code = kernelImportCode('pkg.mod', 'fit') ?? '';
    const lines = code.split('\n');
    expect(lines).toContain('if "pkg.mod" in _nbcraft_sys.modules:');
    expect(lines).toContain(
      '    _nbcraft_il.reload(_nbcraft_sys.modules["pkg.mod"])'
    );
    // the import is the last line, after the helper names are gone
    expect(lines.slice(-2)).toEqual([
      'del _nbcraft_il, _nbcraft_sys',
      'from pkg.mod import fit'
    ]);
  });
  it.each([
    ['pkg.mod; import os', 'fit'],
    ['pkg.mod', 'fit\nimport os'],
    ['1pkg', 'fit'],
    ['pkg..mod', 'fit']
  ])('refuses %j / %j (not Python names)', (module, fn) => {
    expect(kernelImportCode(module, fn)).toBeNull();
  });
});
