import { kernelPathCode, relativeFolder } from '../../src/promote/kernelPath';

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
