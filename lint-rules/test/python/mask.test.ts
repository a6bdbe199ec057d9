import { maskIPythonSyntax, parseCell } from '../../src/python';

function expectSameShape(source: string, masked: string): void {
  expect(masked.length).toBe(source.length);
  expect(masked.split('\n').map(l => l.length)).toEqual(
    source.split('\n').map(l => l.length)
  );
}

describe('maskIPythonSyntax', () => {
  it.each([
    [
      '%matplotlib inline',
      'pass              ',
      { kind: 'line-magic', name: 'matplotlib', args: 'inline' }
    ],
    [
      '%pip install pandas==2.1',
      'pass                    ',
      { kind: 'line-magic', name: 'pip', args: 'install pandas==2.1' }
    ],
    [
      '%run ./helpers',
      'pass          ',
      { kind: 'line-magic', name: 'run', args: './helpers' }
    ],
    ['!ls -la', 'pass   ', { kind: 'shell', name: '!', args: 'ls -la' }],
    ['!!ls', 'pass', { kind: 'shell', name: '!!', args: 'ls' }],
    ['!ls', '0  ', { kind: 'shell', name: '!', args: 'ls' }],
    ['?obj', 'pass', { kind: 'help', name: '?', args: 'obj' }],
    ['??obj', 'pass ', { kind: 'help', name: '??', args: 'obj' }],
    ['np.zeros?', 'pass     ', { kind: 'help', name: '?', args: 'np.zeros' }],
    ['obj??', 'pass ', { kind: 'help', name: '??', args: 'obj' }],
    [
      'pip install -U scikit-learn',
      'pass                       ',
      { kind: 'pip', name: 'pip', args: 'install -U scikit-learn' }
    ],
    [
      // fabric-samples' KQL notebook: automagic runs it as %reload_ext
      'reload_ext Kqlmagic',
      'pass               ',
      { kind: 'line-magic', name: 'reload_ext', args: 'Kqlmagic' }
    ],
    [
      'files = !ls *.csv',
      'files = 0        ',
      { kind: 'assign-shell', name: '!', args: 'ls *.csv', target: 'files' }
    ],
    [
      'rows = %sql SELECT 1',
      'rows = 0            ',
      { kind: 'assign-magic', name: 'sql', args: 'SELECT 1', target: 'rows' }
    ],
    [
      'a, b = !echo 1 2',
      'a, b = 0        ',
      { kind: 'assign-shell', name: '!', target: 'a, b' }
    ],
    [
      '%time m = X.mean()',
      '0;    m = X.mean()',
      {
        kind: 'line-magic',
        name: 'time',
        args: 'm = X.mean()',
        bodyIsPython: true
      }
    ],
    [
      '%timeit -n 3 -r2 -q f(x)',
      '0;' + ' '.repeat(18) + 'f(x)',
      {
        kind: 'line-magic',
        name: 'timeit',
        args: '-n 3 -r2 -q f(x)',
        bodyIsPython: true
      }
    ],
    [
      '%prun -s cumulative run()',
      '0;' + ' '.repeat(18) + 'run()',
      { kind: 'line-magic', name: 'prun', bodyIsPython: true }
    ],
    [
      '%timeit -o',
      'pass      ',
      { kind: 'line-magic', name: 'timeit', args: '-o' }
    ],
    // IPython's call escapes (round 19: rhiever's notebook ends cells with a lone `;`, which
    // IPython runs as `("")`): the called name is still read
    [';f a b', '(f)   ', { kind: 'autocall', name: ';', args: 'f a b' }],
    [
      ',print x y',
      '(print)   ',
      { kind: 'autocall', name: ',', args: 'print x y' }
    ],
    [
      '/np.mean a',
      '(np.mean) ',
      { kind: 'autocall', name: '/', args: 'np.mean a' }
    ],
    [';', '0', { kind: 'autocall', name: ';', args: '' }],
    [';f', '0 ', { kind: 'autocall', name: ';', args: 'f' }]
  ])('masks %j', (source, text, span) => {
    const m = maskIPythonSyntax(source);
    expect(m.text).toBe(text);
    expect(m.magics).toHaveLength(1);
    expect(m.magics[0]).toMatchObject({ ...span, line: 0 });
    expect(m.cellLanguage).toBeUndefined();
    expect(parseCell(source).ok).toBe(true);
  });

  it('keeps the body of Python cell magics and blanks other cell magics', () => {
    const time = maskIPythonSyntax('%%time\nx = f(1)\n');
    expect(time.text).toBe('      \nx = f(1)\n');
    expect(time.magics[0]).toMatchObject({
      kind: 'cell-magic',
      name: 'time',
      bodyIsPython: true,
      line: 0,
      endLine: 0
    });
    for (const magic of ['timeit', 'capture out', 'prun']) {
      expect(
        maskIPythonSyntax(`%%${magic}\ny = 2`).text.endsWith('\ny = 2')
      ).toBe(true);
    }
    const sql = maskIPythonSyntax('%%sql\nSELECT *\nFROM t');
    expect(sql.text).toBe('     \n        \n      ');
    expect(sql.cellLanguage).toBe('sql');
    expect(sql.magics[0]).toMatchObject({
      kind: 'cell-magic',
      name: 'sql',
      bodyIsPython: false,
      endLine: 2,
      endColumn: 6
    });
    expect(maskIPythonSyntax('%%bash\nls').cellLanguage).toBe('sh');
    expect(maskIPythonSyntax('%%html\n<b>x</b>').cellLanguage).toBe('html');
    expect(maskIPythonSyntax('%%writefile a.py\nimport os').cellLanguage).toBe(
      'text'
    );
    expect(maskIPythonSyntax('%%random\nimport pathlib').cellLanguage).toBe(
      'unknown'
    );
    expect(maskIPythonSyntax('\n%%capture\nz = 1').text).toBe(
      '\n         \nz = 1'
    );
  });

  it('masks escapes inside indented blocks with a statement that keeps the block valid', () => {
    const src =
      'for f in files:\n    !gzip {f}\n    %time g(f)\nif x:\n    !ls';
    const m = maskIPythonSyntax(src);
    expectSameShape(src, m.text);
    expect(m.text).toBe(
      'for f in files:\n    pass     \n    0;    g(f)\nif x:\n    0  '
    );
    expect(parseCell(src).ok).toBe(true);
    expect(m.magics.map(s => [s.line, s.column])).toEqual([
      [1, 4],
      [2, 4],
      [4, 4]
    ]);
  });

  it('masks %timeit of a compound statement whole: `0; for ...` would not parse', () => {
    const src = '%timeit -r1 for row in rows(src): pass\n%time if ok: run()';
    const m = maskIPythonSyntax(src);
    expectSameShape(src, m.text);
    expect(m.text.split('\n').map(l => l.trim())).toEqual(['pass', 'pass']);
    expect(m.magics.map(s => [s.name, s.bodyIsPython])).toEqual([
      ['timeit', undefined],
      ['time', undefined]
    ]);
    expect(parseCell(src).ok).toBe(true);
    // a statement that only starts with such a word is still kept and analysed
    expect(maskIPythonSyntax('%time format_ = fmt(x)').text).toBe(
      '0;    format_ = fmt(x)'
    );
  });

  it('joins backslash continuations of a magic', () => {
    const src = '%pip install a \\\n    b\nx = 1';
    const m = maskIPythonSyntax(src);
    expectSameShape(src, m.text);
    expect(m.magics[0]).toMatchObject({
      name: 'pip',
      args: 'install a \n    b',
      line: 0,
      endLine: 1,
      endColumn: 5
    });
    expect(m.text.split('\n')[2]).toBe('x = 1');
    expect(parseCell(src).ok).toBe(true);
  });

  it('leaves Python that only looks like IPython alone', () => {
    for (const src of [
      'x = a % b',
      's = "%d items" % n',
      'doc = """\n%not a magic\n!nor a shell\n"""',
      'call(\n    a,\n)  # !comment',
      '# %pip install x',
      'y = [\n  1,\n]\nz = x if x else y',
      'text = "what?"',
      'matplotlib.use("Agg")\npylab = 1\nautoreload = not autoreload',
      'x = (a\n     / b)\ny = [1,\n, 2]',
      'z = a \\\n    / b',
      's = """\n;not code\n"""'
    ]) {
      const m = maskIPythonSyntax(src);
      expect([src, m.text]).toEqual([src, src]);
      expect(m.magics).toEqual([]);
    }
  });

  it('passes every cell that has something to mask through its prefilter', () => {
    // one cell per way masking can change a cell, each behind ordinary Python that the
    // prefilter's cheap search must not stop at: if a branch of the prefilter is missing,
    // the cell comes back unmasked and its kind below is missing
    const cells: [string, string][] = [
      ['x = a != b\n%time y = f(x)', 'line-magic'],
      ['s = "%d" % n\nif s:\n    !ls', 'shell'],
      ['x = 1\n\t?x', 'help'],
      ['y = 2\nnp.zeros?', 'help'],
      ['a = 1\nfiles = !ls', 'assign-shell'],
      ['a = 1\nt = %timeit -o f()', 'assign-magic'],
      ['import os\n  pip install pandas', 'pip'],
      ['import os\nconda install numpy', 'pip'],
      ['x = 0\nmatplotlib inline', 'line-magic'],
      ['x = 0\nreload_ext autoreload', 'line-magic'],
      ['x = 0\naimport foo', 'line-magic'],
      ['x = 0\n\u00a0%who', 'line-magic'],
      ['\n  \n%%capture out\nx = 1', 'cell-magic'],
      ['x = 1\r\n!pwd\r\n', 'shell'],
      ['x = 1\n;', 'autocall'],
      ['if x:\n    /f a', 'autocall']
    ];
    for (const [src, kind] of cells) {
      const m = maskIPythonSyntax(src);
      expect([src, m.magics.map(s => s.kind)]).toEqual([src, [kind]]);
      expect(m.text).not.toBe(src);
      expectSameShape(src, m.text);
    }
  });

  it('keeps length and line structure on mixed cells, CRLF included', () => {
    const src = 'import os\r\n%cd /tmp\r\nout = !pwd\r\nprint(out)\r\n';
    const m = maskIPythonSyntax(src);
    expectSameShape(src, m.text);
    expect(m.magics.map(s => s.kind)).toEqual(['line-magic', 'assign-shell']);
    expect(parseCell(src).ok).toBe(true);
  });

  it('starts a line at a lone CR, as IPython (splitlines) does, keeping each line break', () => {
    const src = 'x = 1\r%matplotlib inline\r!ls \\\r  -la\r\ny = 2\r';
    const m = maskIPythonSyntax(src);
    expect(m.text).toBe('x = 1\rpass              \rpass \r     \r\ny = 2\r');
    expect(m.magics.map(s => [s.kind, s.line, s.endLine, s.endColumn])).toEqual(
      [
        ['line-magic', 1, 1, 18],
        ['shell', 2, 3, 5]
      ]
    );
    expect(parseCell(src).ok).toBe(true);
  });
});
