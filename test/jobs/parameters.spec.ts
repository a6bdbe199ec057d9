import { english } from '../../src/core/translatable';
import {
  parseParameterValue,
  readParametersCell,
  toPythonLiteral
} from '../../src/jobs/parameters';

describe('readParametersCell', () => {
  it('lists the names the cell assigns, with their values as written, lines and comments', () => {
    const cell = [
      '# defaults',
      'alpha = 0.1  # learning rate',
      "dataset: str = 'iris'",
      'layers = [64,',
      '          32]',
      'a = b = None'
    ].join('\n');
    const { parameters, error } = readParametersCell(cell);
    expect(error).toBeUndefined();
    expect(parameters).toEqual([
      { name: 'alpha', value: '0.1', line: 2, comment: 'learning rate' },
      { name: 'dataset', value: "'iris'", line: 3 },
      { name: 'layers', value: '[64,\n          32]', line: 4 },
      { name: 'a', value: 'None', line: 6 },
      { name: 'b', value: 'None', line: 6 }
    ]);
  });

  it('keeps the last value of a name assigned twice, and skips what declares no plain name', () => {
    const cell = [
      'n = 1',
      'x, y = 1, 2',
      'cfg.depth = 3',
      'n += 1',
      'import os',
      'if True:',
      '    hidden = 1',
      'n = 5'
    ].join('\n');
    expect(readParametersCell(cell).parameters).toEqual([
      { name: 'n', value: '5', line: 8 }
    ]);
  });

  it('reads a cell with IPython syntax (masked by the shared library)', () => {
    const cell = '%matplotlib inline\nepochs = 3';
    expect(readParametersCell(cell).parameters.map(p => p.name)).toEqual([
      'epochs'
    ]);
  });

  it('says where a cell that does not parse fails, and declares nothing', () => {
    const result = readParametersCell('alpha = 0.1\nbeta = (1,');
    expect(result.parameters).toEqual([]);
    expect(result.error?.(english)).toMatch(/^line 2: /);
  });
});

describe('parseParameterValue', () => {
  it.each([
    ['0.1', 0.1],
    ['-3', -3],
    ['1_000', 1000],
    ['0x1f', 31],
    ['1e3', 1000],
    ["'iris'", 'iris'],
    ['"a\\tb"', 'a\tb'],
    ["r'a\\tb'", 'a\\tb'],
    ["'a' 'b'", 'ab'],
    ['True', true],
    ['False', false],
    ['None', null],
    ['[1, 2.5, "x"]', [1, 2.5, 'x']],
    ['(1, 2)', [1, 2]],
    ['(3)', 3],
    ["{'a': 1, 'b': [None]}", { a: 1, b: [null] }],
    ['  7  ', 7]
  ])('%s is the literal %j', (text, value) => {
    expect(parseParameterValue(text)).toEqual({ value, literal: true });
  });

  it.each([
    'tree',
    'np.arange(3)',
    "f'{x}'",
    "b'bytes'",
    '1j',
    '{1, 2}',
    'a = 1',
    '[1, x]',
    ''
  ])('%s is kept as the text typed', text => {
    expect(parseParameterValue(text)).toEqual({ value: text, literal: false });
  });
});

describe('toPythonLiteral', () => {
  it('writes JSON values as Python literals that read back the same', () => {
    const values = [
      0.1,
      -2,
      'it\'s "x"\n',
      true,
      null,
      [1, 'a', [false]],
      { k: { n: null } }
    ];
    for (const value of values) {
      const text = toPythonLiteral(value);
      expect(parseParameterValue(text)).toEqual({ value, literal: true });
    }
    expect(toPythonLiteral({ a: true, b: null })).toBe(
      "{'a': True, 'b': None}"
    );
  });
});
