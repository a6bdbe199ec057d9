/**
 * The names a metadata file declares (config/projectMetadata.ts), read as setuptools and
 * configparser read them, on the inputs of the attack review /tmp/rv23 (N2 to N4).
 */
import { projectNamesIn } from '../../src/config/projectMetadata';

const py = (text: string) => projectNamesIn('setup.py', text);
const cfg = (text: string) => projectNamesIn('setup.cfg', text);

describe('setup.py: only a literal name= of the setup( call itself', () => {
  it.each([
    [
      'a comment after a computed name',
      'setup(name=NAME)\n# name="pandas" used to be the name\n'
    ],
    [
      'a string after a computed name',
      'setup(\n    name=about["__title__"],\n    description=\'see name="numpy"\',\n)'
    ],
    [
      'an Extension after a computed name',
      'setup(name=NAME, ext_modules=[Extension(name="torch", sources=[])])'
    ],
    ['a name in a dict unpacked into the call', 'setup(**dict(name="torch"))'],
    ['an f-string', 'setuptools.setup(name=f"mypkg")'],
    ['a literal with more after it', 'setup(name="mypkg" + SUFFIX)'],
    ['a method of a literal', 'setup(name="MyPkg".lower())'],
    [
      'setup( only inside a comment or a string',
      '# setup(name="torch")\nx = "setup(name=\'numpy\')"\n'
    ],
    ['a def named setup', 'def setup(name="torch"):\n    pass\n'],
    ['an unclosed call', 'setup(name="mypkg"'],
    ['no call', 'name = "torch"\n']
  ])('%s names nothing', (_label, text) => {
    expect(py(text)).toEqual([]);
  });

  it.each([
    [
      'later code names other things',
      'setup(name="mypkg")\nprint("run setup() again")\nx = dict(name="requests")',
      ['mypkg']
    ],
    [
      'a later teardown_setup( is another function',
      'setup(name="mypkg")\n\ndef teardown_setup():\n    pass\n',
      ['mypkg']
    ],
    [
      'implicit concatenation, as Python reads it',
      'setup(name="my" \'pkg\')',
      ['mypkg']
    ],
    [
      'concatenation over lines and a comment',
      'setup(\n    name="my"  # first part\n    "pkg",\n)',
      ['mypkg']
    ],
    [
      'a name in parentheses is not read (names nothing)',
      'setup(name=("mypkg"))',
      []
    ],
    [
      'each setup( call names its own',
      'if CUDA:\n    setup(name="mypkg-cuda")\nelse:\n    setup(name="mypkg")',
      ['mypkg-cuda', 'mypkg']
    ],
    [
      'a qualified call, blanks before the paren and a triple-quoted name',
      "setuptools.setup (\n  version=\"1\",\n  name = '''mypkg''',\n)",
      ['mypkg']
    ],
    [
      'an earlier Extension(name=) and strings holding parens',
      'ext = Extension(name="_native")\nsetup(description=")(", name="mypkg", ext_modules=[ext])',
      ['mypkg']
    ],
    [
      'a raw or u prefix',
      'setup(name=r"mypkg")\nsetup(name=u\'other\')',
      ['mypkg', 'other']
    ]
  ])('%s', (_label, text, names) => {
    expect(py(text)).toEqual(names);
  });

  it('stays linear on a long call of nested brackets, strings and comments', () => {
    const text =
      'setup(' +
      '[('.repeat(20000) +
      '"x", # c\n'.repeat(20000) +
      ')]'.repeat(20000) +
      ', name="mypkg")';
    const t0 = Date.now();
    expect(py(text)).toEqual(['mypkg']);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('setup.cfg: [metadata] name', () => {
  it('a section header with an inline comment is read as configparser reads it (up to its last ])', () => {
    expect(cfg('[metadata] ; comment\nname = mypkg\n')).toEqual(['mypkg']);
    expect(cfg('[metadata]  # comment\nname = mypkg\n')).toEqual(['mypkg']);
    // configparser does not strip the header: `[ metadata ]` is another section
    expect(cfg('[ metadata ]\nname = mypkg\n')).toEqual([]);
  });

  it('a name with blanks inside names nothing, and many blanks before it stay linear (N2)', () => {
    const text = '[metadata]\nname =' + ' '.repeat(40000) + 'x y\n';
    const t0 = Date.now();
    expect(cfg(text)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(cfg('[metadata]\nname =   mypkg   \n')).toEqual(['mypkg']);
    expect(cfg('[metadata]\nName:mypkg\n')).toEqual(['mypkg']);
  });
});
