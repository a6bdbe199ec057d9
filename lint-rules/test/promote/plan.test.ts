/**
 * The promote planner against every case of REFERENCE.md's "Promote: cases a correct tool must
 * pass" table and the issue's list of scoping traps. Each row states the notebook, the selected
 * cell, and what the plan must say; every generated module and test file is compiled by the real
 * Python interpreter at the end.
 */
import { readNotebook } from '../../src/notebook';
import { planPromotion } from '../../src/promote';
import type { PromotionPlan, PromotionResult } from '../../src/promote';
import { compilePython, notebookOf, type CellSpec } from './helpers';

const generated: Record<string, string> = {};

function plan(
  cells: CellSpec[],
  selected: number[],
  extra: Partial<Parameters<typeof planPromotion>[0]> = {}
): PromotionResult {
  return planPromotion({
    notebook: notebookOf(cells),
    cells: selected,
    modulePath: 'src/pkg/steps.py',
    ...extra
  });
}

function ok(result: PromotionResult, label: string): PromotionPlan {
  if (!result.ok)
    throw new Error(
      `expected a plan, got refusal: ${JSON.stringify(result.reasons)}`
    );
  generated[`${label}/module`] = result.moduleText;
  generated[`${label}/test`] = result.testText;
  return result;
}

interface Row {
  name: string;
  cells: CellSpec[];
  /** 0-based index of the selected cell(s) */
  select: number[];
  params: string[];
  /** the order of these parameters follows the analysis' first-read order, not asserted */
  anyOrder?: boolean;
  returns: string[];
  warnings?: string[];
  mutations?: string[];
  displayLast?: boolean;
  /** substrings the module text must hold */
  module?: string[];
  /** substrings the replacement cell must hold / must not hold */
  call?: string[];
  notCall?: string[];
  notBody?: string[];
}

const rows: Row[] = [
  {
    name: 'b = a + 1: reads a, later cells read b',
    cells: ['a = 1', 'b = a + 1', 'print(b)'],
    select: [1],
    params: ['a'],
    returns: ['b'],
    call: ['b = ']
  },
  {
    name: 'total += x reads and writes total',
    cells: ['total = 0\nx = 2', 'total += x', 'print(total)'],
    select: [1],
    params: ['total', 'x'],
    returns: ['total'],
    call: ['total = ', '(total, x)']
  },
  {
    name: 'comprehension variable is never a parameter',
    cells: ['xs = [1, 5]\nk = 2', 'r = [y for y in xs if y > k]'],
    select: [1],
    params: ['xs', 'k'],
    returns: []
  },
  {
    name: 'walrus in a comprehension binds in the cell',
    cells: ['data = [1, 2]', '[last := v for v in data]', 'print(last)'],
    select: [1],
    params: ['data'],
    returns: ['last'],
    // an empty `data` leaves `last` unbound, in the notebook as in the function
    warnings: ['maybe-unbound'],
    displayLast: true
  },
  {
    name: 'imports move into the module and stay in the notebook when used later',
    cells: [
      'n = 3',
      'import numpy as np\narr = np.zeros(n)',
      'print(arr, np.pi)'
    ],
    select: [1],
    params: ['n'],
    returns: ['arr'],
    module: ['import numpy as np'],
    call: ['import numpy as np']
  },
  {
    name: 'a function defined in the selection reads globals when called',
    cells: [
      'factor = 2\nvals = [1]',
      'def scale(v): return v*factor\nout = [scale(v) for v in vals]'
    ],
    select: [1],
    params: ['factor', 'vals'],
    returns: []
  },
  {
    name: 'decorators, defaults and annotations are evaluated in the defining scope',
    cells: [
      'from functools import cache as cache_\ncache = cache_\nb = 1\nR = int',
      '@cache\ndef f(a=b) -> R:\n    return a'
    ],
    select: [1],
    params: ['cache', 'b', 'R'],
    returns: []
  },
  {
    name: 'class body: the comprehension sees the global z, not the class attribute',
    cells: [
      'z = 5\nr = range(2)',
      'class C:\n    z = 1\n    w = [z for _ in r]'
    ],
    select: [1],
    params: ['r', 'z'],
    anyOrder: true,
    returns: []
  },
  {
    name: 'try/except as: the except target is unbound afterwards',
    cells: [
      'def load(): return 1\nclass Err(Exception): pass',
      'try:\n    v = load()\nexcept Err as e:\n    v = None',
      'print(v, e)'
    ],
    select: [1],
    params: ['load', 'Err'],
    returns: ['v'],
    warnings: ['unbound-after']
  },
  {
    name: 'conditional write of an earlier name: parameter and return',
    cells: ['flag = True\ny = 0', 'if flag:\n    y = 1', 'print(y)'],
    select: [1],
    params: ['flag', 'y'],
    returns: ['y']
  },
  {
    name: 'loop-carried name read before it is rebound',
    cells: [
      'rows = [1, 2]\nprev = 0\nuse = print',
      'for r in rows:\n    use(prev)\n    prev = r'
    ],
    select: [1],
    params: ['rows', 'use', 'prev'],
    returns: []
  },
  {
    name: 'del: a deleted temporary is neither parameter nor return',
    cells: [
      'import numpy\nbig = numpy.ones',
      'tmp = big(3)\nres = tmp.sum()\ndel tmp',
      'print(res)'
    ],
    select: [1],
    params: ['big'],
    returns: ['res']
  },
  {
    name: 'in-place mutation of a parameter is reported',
    cells: [
      'import pandas as pd\ndf = pd.DataFrame({"a": [1], "b": [2]})',
      "df.drop(columns=['a'], inplace=True)",
      'print(df)'
    ],
    select: [1],
    params: ['df'],
    returns: [],
    mutations: ['df'],
    warnings: ['mutates-param'],
    // drop(...) is the cell's last expression: its value (None) is returned and displayed as before
    displayLast: true,
    module: ['Mutates ``df`` in place.']
  },
  {
    name: 'match captures: only the capture names bind',
    cells: [
      'from dataclasses import dataclass\n@dataclass\nclass Point:\n    x: int\n    y: int\ncmd = Point(0, 1)',
      'match cmd:\n    case Point(x=0, y=yy) as p:\n        pass',
      'print(yy, p)'
    ],
    select: [1],
    params: ['cmd', 'Point'],
    returns: ['yy', 'p'],
    warnings: ['maybe-unbound', 'maybe-unbound']
  },
  {
    name: 'lambda bodies and f-strings with nested format specs',
    cells: [
      'col = 0\nname = "n"\nwidth = 5',
      'key = lambda r: r[col]\ns = f"{name!r:>{width}}"'
    ],
    select: [1],
    params: ['col', 'name', 'width'],
    returns: []
  },
  {
    name: 'lambda defaults are evaluated where the lambda is defined',
    cells: [
      'col = 1',
      'pick = lambda r, c=col: r[c]\nvals = [pick(x) for x in [[1, 2]]]',
      'print(vals)'
    ],
    select: [1],
    params: ['col'],
    returns: ['vals']
  },
  {
    name: 'Databricks runtime globals dbutils and sc become parameters',
    cells: [
      'path = "/mnt"',
      'files = dbutils.fs.ls(path)\nrdd = sc.parallelize(files)',
      'print(rdd)'
    ],
    select: [1],
    params: ['dbutils', 'path', 'sc'],
    returns: ['rdd']
  },
  {
    name: '%time and x = !cmd stay in the notebook; ls is never a name',
    cells: [
      'import numpy as np\nX = np.ones(3)',
      '%time m = X.mean()\nfiles = !ls',
      'print(m)'
    ],
    select: [1],
    params: ['X'],
    returns: ['m'],
    call: ['%time m = ', 'files = !ls'],
    notBody: ['ls', '%time']
  },
  {
    name: 'a cell ending in an expression still displays it',
    cells: [
      'import pandas as pd\ndf = pd.DataFrame({"a": [1]})',
      'df.describe()'
    ],
    select: [1],
    params: ['df'],
    returns: [],
    displayLast: true,
    module: ['return df.describe()']
  },
  {
    name: 'with ... as binds both names',
    cells: [
      'p = "f.txt"',
      'with open(p) as fh:\n    data = fh.read()',
      'print(data)'
    ],
    select: [1],
    params: ['p'],
    returns: ['data']
  },
  {
    name: 'import a.b binds a, and the module imports a.b',
    cells: [
      'base = "/tmp"',
      "import os.path\nq = os.path.join(base, 'x')",
      'print(q)'
    ],
    select: [1],
    params: ['base'],
    returns: ['q'],
    module: ['import os.path']
  },
  {
    name: 'an import from an earlier cell becomes a module import, not a parameter',
    cells: ['import numpy as np', 'a = np.arange(3)', 'print(a)'],
    select: [1],
    params: [],
    returns: ['a'],
    module: ['import numpy as np']
  },
  {
    name: 'several returns come back as a tuple, in first-binding order',
    cells: [
      'src = [3, 1]',
      'lo = min(src)\nhi = max(src)\nmid = (lo + hi) / 2',
      'print(mid, lo, hi)'
    ],
    select: [1],
    params: ['src'],
    returns: ['lo', 'hi', 'mid'],
    module: ['return lo, hi, mid'],
    call: ['lo, hi, mid = ']
  },
  {
    name: 'builtins are not parameters, a shadowed builtin is',
    cells: ['list = lambda x: [x]', 'a = list(1)\nb = len(a)', 'print(a, b)'],
    select: [1],
    params: ['list'],
    returns: ['a', 'b']
  },
  {
    name: 'a name bound only on some paths and nowhere before is returned with a warning',
    cells: ['ok = True', 'if ok:\n    fresh = 1', 'print(fresh)'],
    select: [1],
    params: ['ok'],
    returns: ['fresh'],
    warnings: ['maybe-unbound']
  },
  {
    name: 'a name only the selection binds (on some paths) is not a parameter',
    cells: [
      'def f(x):\n    return x',
      'if True:\n    import json\nout = f(json.dumps(1))',
      'print(out, json)'
    ],
    select: [1],
    params: ['f'],
    returns: ['json', 'out'],
    warnings: ['maybe-unbound']
  },
  {
    name: 'a setup magic between statements moves before the call, with a warning',
    cells: ['a = 1\n%matplotlib inline\nb = a + 1', 'print(b)'],
    select: [0],
    params: [],
    returns: ['b'],
    warnings: ['magic-moved'],
    call: ['%matplotlib inline']
  },
  {
    name: 'multi-cell selection: later reads decide returns, the last display survives',
    cells: ['seed = 1', 'x = seed * 2', 'y = x + 1\ny', 'print(y)'],
    select: [1, 2],
    params: ['seed'],
    returns: ['y'],
    displayLast: true,
    call: ['y = ', '\ny']
  },
  {
    name: 'a function the notebook defined earlier and calls later reads the returned global',
    cells: [
      'def report():\n    return model * 2',
      'model = 21',
      'print(report())'
    ],
    select: [1],
    params: [],
    returns: ['model']
  }
];

describe('planPromotion: parameters, returns, warnings (REFERENCE table and issue list)', () => {
  it.each(rows.map(r => [r.name, r] as const))('%s', (_name, row) => {
    const p = ok(plan(row.cells, row.select), row.name);
    if (row.anyOrder)
      expect([...p.params].sort()).toEqual([...row.params].sort());
    else expect(p.params).toEqual(row.params);
    expect(p.returns).toEqual(row.returns);
    expect(
      p.warnings.map(w => w.code).filter(c => c !== 'module-up-to-date')
    ).toEqual(row.warnings ?? []);
    expect(p.mutations).toEqual(row.mutations ?? []);
    expect(p.displayLast).toBe(row.displayLast ?? false);
    for (const s of row.module ?? []) expect(p.moduleText).toContain(s);
    const call = p.replacementCells[0].source;
    for (const s of row.call ?? []) expect(call).toContain(s);
    for (const s of row.notCall ?? []) expect(call).not.toContain(s);
    const body = p.functionText.split('\n').slice(2).join('\n');
    for (const s of row.notBody ?? []) expect(body).not.toContain(s);
    // the call passes the parameters by position, in the planned order
    expect(call).toContain(`${p.functionName}(${p.params.join(', ')})`);
  });
});

describe('Databricks notebooks', () => {
  const source = [
    '# Databricks notebook source',
    't = "samples.trips"',
    '',
    '# COMMAND ----------',
    '',
    'display(spark.table(t))',
    ''
  ].join('\n');

  it('spark becomes a parameter and display(...) stays in the notebook', () => {
    const nb = readNotebook('etl.py', source);
    const p = ok(
      planPromotion({
        notebook: nb,
        cells: [1],
        modulePath: 'etl_steps.py',
        functionName: 'load_trips'
      }),
      'databricks'
    );
    expect(p.params).toEqual(['spark', 't']);
    expect(p.functionText).not.toContain('display');
    expect(p.functionText).toContain('return spark.table(t)');
    expect(p.replacementCells[0].source.split('\n').pop()).toBe(
      'display(load_trips(spark, t))'
    );
    expect(p.displayLast).toBe(true);
  });

  it('a multi-line display(...) argument keeps its parentheses in the module', () => {
    const nb = readNotebook(
      'report.py',
      [
        '# Databricks notebook source',
        'display(',
        '    spark.table(t)',
        '    .filter(F.col("status") == "FAIL")',
        '    .orderBy("name")',
        ')',
        ''
      ].join('\n')
    );
    const p = ok(
      planPromotion({ notebook: nb, cells: [0], modulePath: 'report.py' }),
      'databricks-multiline-display'
    );
    expect(p.functionText).toContain('return (spark.table(t)');
    expect(p.replacementCells[0].source).toMatch(/^display\(cell_1\(/m);
  });

  it('display(...) in the middle of the selection is refused', () => {
    const nb = notebookOf(['t = 1', 'display(t)\nu = t + 1']);
    const r = planPromotion({ notebook: nb, cells: [1], modulePath: 'm.py' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons[0].code).toBe('display-placement');
  });
});

describe('refusals name the cell, the line and what to do', () => {
  const cases: [string, CellSpec[], number, string, number | undefined][] = [
    ['syntax error', ['x = (1,'], 0, 'syntax-error', 0],
    [
      'global at cell level',
      ['counter = 0', 'global counter\ncounter = 1'],
      1,
      'global-declaration',
      0
    ],
    ['star import', ['from math import *\ny = sqrt(2)'], 0, 'star-import', 0],
    ['%run', ['%run helpers.py\nz = helper()'], 0, 'run-magic', 0],
    ['exec', ["exec('q = 1')\nprint(q)"], 0, 'exec-eval', 0],
    ['eval', ['v = eval("1 + 1")'], 0, 'exec-eval', 0],
    ['globals()', ["globals()['w'] = 1"], 0, 'exec-eval', 0],
    ['top-level return', ['x = 1\nreturn x'], 0, 'return-yield', undefined],
    ['top-level yield', ['yield 1'], 0, 'return-yield', undefined],
    [
      'a break outside any loop (left over from a loop cell above)',
      ['s = get()\nif s == "Failed":\n    print(s)\n    break'],
      0,
      'syntax-error',
      3
    ],
    [
      'a continue in a function defined in a loop',
      ['for f in fs:\n    def g():\n        continue'],
      0,
      'syntax-error',
      2
    ],
    ['non-Python cell magic', ['%%bash\necho hi'], 0, 'not-python', 0],
    ['%%timeit', ['%%timeit\nsum(range(9))'], 0, 'magic-placement', 0],
    [
      'a shell command between statements',
      ['a = 1\n!touch f\nb = a'],
      0,
      'magic-placement',
      1
    ],
    ['only imports', ['import os'], 0, 'nothing-to-promote', undefined],
    [
      '__name__',
      ["if __name__ == '__main__':\n    run = 1"],
      0,
      'module-name',
      0
    ],
    ['Markdown only', [{ md: '# T' }], 0, 'bad-selection', undefined],
    [
      'a gap in the selection',
      ['a = 1', 'b = 2', 'c = 3'],
      -1,
      'bad-selection',
      undefined
    ]
  ];
  it.each(cases)('%s', (_name, cells, selected, code, line) => {
    const r = plan(cells, selected === -1 ? [0, 2] : [selected]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons[0].code).toBe(code);
    expect(r.reasons[0].message.length).toBeGreaterThan(10);
    expect(r.reasons[0].hint.length).toBeGreaterThan(5);
    if (line !== undefined) expect(r.reasons[0].line).toBe(line);
  });

  it('refuses a module path that is not importable or leaves the project', () => {
    for (const modulePath of [
      'my-pkg/mod.py',
      '../outside.py',
      '/abs/mod.py',
      'mod.txt'
    ]) {
      const r = plan(['a = 1'], [0], { modulePath });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reasons[0].code).toBe('bad-module-path');
    }
  });

  it('refuses a function that closes over a name a later cell rebinds', () => {
    const r = plan(
      [
        'factor = 2',
        'def scale(v):\n    return v * factor',
        'factor = 3\nprint(scale(1))'
      ],
      [1]
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons[0].code).toBe('late-binding');
  });
});

describe('what the analysis cannot see', () => {
  it('eval elsewhere in the notebook: every bound name is returned', () => {
    const p = ok(
      plan(
        [
          'def show(*names):\n    return [eval(n) for n in names]',
          'df1 = [1]\ntmp = 2',
          "show('df1')"
        ],
        [1]
      ),
      'dynamic'
    );
    expect(p.returns).toEqual(['df1', 'tmp']);
    expect(p.warnings.map(w => w.code)).toEqual(['dynamic-access']);
  });

  it('a selected cell that raised when it last ran is reported', () => {
    const text = JSON.stringify({
      cells: [
        {
          cell_type: 'code',
          id: 'a',
          metadata: {},
          execution_count: 1,
          source: 'x = 1\nx[0] = 2',
          outputs: [
            {
              output_type: 'error',
              ename: 'TypeError',
              evalue: 'no',
              traceback: []
            }
          ]
        },
        {
          cell_type: 'code',
          id: 'b',
          metadata: {},
          execution_count: 2,
          source: 'y = 3',
          outputs: []
        },
        {
          cell_type: 'code',
          id: 'c',
          metadata: {},
          execution_count: 3,
          source: 'print(y)',
          outputs: []
        }
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5
    });
    const p = ok(
      planPromotion({
        notebook: readNotebook('e.ipynb', text),
        cells: [0, 1],
        modulePath: 'm.py'
      }),
      'error-output'
    );
    expect(p.warnings.map(w => [w.code, w.cell])).toEqual([
      ['error-output', 0]
    ]);
  });
});

describe('module text', () => {
  const cells: CellSpec[] = [
    { md: '## Clean the data\nDrop empty rows.' },
    'from __future__ import annotations\nimport numpy as np\nfrom collections import Counter\nclean = np.array([1])\ncounts = Counter(clean.tolist())',
    'print(counts)'
  ];

  it('a new module: docstring, from __future__ first, imports, the function with the heading as docstring', () => {
    const p = ok(plan(cells, [1]), 'new-module');
    expect(p.functionName).toBe('clean_the_data');
    const lines = p.moduleText.split('\n');
    expect(lines[0]).toMatch(
      /^"""Functions promoted from analysis\.ipynb by nbcraft\."""$/
    );
    const future = lines.indexOf('from __future__ import annotations');
    expect(future).toBeGreaterThan(0);
    expect(future).toBeLessThan(lines.indexOf('import numpy as np'));
    expect(p.moduleText).toContain('from collections import Counter');
    expect(p.moduleText).toContain(
      'def clean_the_data():\n    """Clean the data.'
    );
    expect(p.moduleText.endsWith('\n')).toBe(true);
  });

  it('writes the code as the user wrote it where @lezer/python needed a stand-in to parse', () => {
    // python/parse.ts repairs these into same-length text lezer accepts (`None `, `1 `, no `as f`);
    // the module must get the original, or a generator stops being one and a float becomes an int
    const p = ok(
      plan(
        [
          'def numbers():\n    yield\n    yield 2.\n\nwith (open("a.txt") as f, open("b.txt") as g):\n    text = f.read() + g.read()\nscale = 1.\nvalues = list(numbers())',
          'print(text, scale, values)'
        ],
        [0]
      ),
      'parser-repairs'
    );
    expect(p.moduleText).toContain('        yield\n');
    expect(p.moduleText).toContain('        yield 2.\n');
    expect(p.moduleText).toContain(
      'with (open("a.txt") as f, open("b.txt") as g):'
    );
    expect(p.moduleText).toContain('    scale = 1.\n');
    expect(p.moduleText).not.toContain('None');
  });

  it('appends to an existing module and merges imports without duplicates', () => {
    const existing =
      '"""Helpers."""\nimport numpy as np\n\n\ndef other():\n    return np.pi\n';
    const p = ok(plan(cells, [1], { existingModuleText: existing }), 'append');
    expect(p.moduleText.match(/^import numpy as np$/gm)).toHaveLength(1);
    expect(p.moduleText).toContain('def other():');
    expect(p.moduleText.indexOf('def other')).toBeLessThan(
      p.moduleText.indexOf('def clean_the_data')
    );
    expect(
      p.moduleText.indexOf('from collections import Counter')
    ).toBeLessThan(p.moduleText.indexOf('def other'));
    // from __future__ must stay the first statement
    expect(p.moduleText.indexOf('from __future__')).toBeLessThan(
      p.moduleText.indexOf('import numpy')
    );
    expect(p.moduleUnchanged).toBe(false);
  });

  it('the same function again is a no-op', () => {
    const first = ok(plan(cells, [1]), 'noop-first');
    const again = ok(
      plan(cells, [1], { existingModuleText: first.moduleText }),
      'noop-again'
    );
    expect(again.moduleText).toBe(first.moduleText);
    expect(again.moduleUnchanged).toBe(true);
    expect(again.warnings.map(w => w.code)).toContain('module-up-to-date');
  });

  it('a different function of the same name: refuse, replace or rename', () => {
    const existing =
      'def clean_the_data():\n    return 0\n\n\ndef keep():\n    return 1\n';
    const refused = plan(cells, [1], { existingModuleText: existing });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.reasons[0].code).toBe('module-conflict');
      expect(refused.reasons[0].hint).toMatch(/replace|rename/);
    }
    const replaced = ok(
      plan(cells, [1], { existingModuleText: existing, onConflict: 'replace' }),
      'replace'
    );
    expect(replaced.moduleText).not.toContain('return 0');
    expect(replaced.moduleText).toContain('def keep():');
    expect(replaced.moduleText.match(/def clean_the_data/g)).toHaveLength(1);
    const renamed = ok(
      plan(cells, [1], { existingModuleText: existing, onConflict: 'rename' }),
      'rename'
    );
    expect(renamed.functionName).toBe('clean_the_data_2');
    expect(renamed.moduleText).toContain('return 0');
    expect(renamed.replacementCells[0].source).toContain('clean_the_data_2()');
    expect(renamed.warnings.map(w => w.code)).toContain('renamed');
  });

  it('a multi-line import leaves the body lines where they were', () => {
    const p = ok(
      plan(
        [
          'from os.path import (\n    join,\n    basename,\n)\nif True:\n    q = join("a", "b")',
          'print(q)'
        ],
        [0]
      ),
      'multiline-import'
    );
    expect(p.functionText).toContain(
      '    if True:\n        q = join("a", "b")'
    );
  });

  it('keeps a multi-line string exactly as it was (no re-indentation inside it)', () => {
    const p = ok(
      plan(
        ['sql = """\nSELECT 1\n  FROM t\n"""\nn = len(sql)', 'print(n)'],
        [0]
      ),
      'multiline'
    );
    expect(p.functionText).toContain('    sql = """\nSELECT 1\n  FROM t\n"""');
  });
});

describe('the notebook side', () => {
  it('adds the function import to the import cell, keeps imports other cells use and drops those only the promoted code used', () => {
    const p = ok(
      plan(
        [
          'import numpy as np\nimport json',
          'a = np.ones(2)\ns = json.dumps([1])',
          'print(a, s, np.pi)'
        ],
        [1]
      ),
      'import-cell'
    );
    expect(p.importCell).toBe(0);
    expect(p.cellEdits).toEqual([
      { cell: 0, source: 'import numpy as np\nfrom pkg.steps import cell_2' }
    ]);
    expect(p.moduleText).toContain('import json');
    expect(p.replacementCells[0].source).toBe('a, s = cell_2()');
  });

  it('drops an import the other cells no longer use, and keeps Markdown inside the span', () => {
    const p = ok(
      plan(
        [
          'import re\nm = re.compile("a")',
          { md: 'note' },
          'n = m.pattern',
          'print(n)'
        ],
        [0, 1, 2]
      ),
      'keep-md'
    );
    expect(p.replacementCells[0].source).not.toContain('import re');
    expect(p.replacementCells[1]).toMatchObject({
      kind: 'markdown',
      keep: 1,
      source: 'note'
    });
    expect(p.replacedCells).toEqual([0, 1, 2]);
  });

  it('deleting an earlier name deletes it in the notebook too', () => {
    const p = ok(
      plan(['tmp = 1', 'x = tmp + 1\ndel tmp', 'print(x)'], [1]),
      'del-outer'
    );
    expect(p.params).toEqual(['tmp']);
    expect(p.replacementCells[0].source).toContain('del tmp');
  });

  it('drops promote tags from the call cell', () => {
    const p = ok(
      plan(
        ['a = 1', { code: 'b = a', tags: ['promote', 'keep-me'] }, 'print(b)'],
        [1]
      ),
      'tags'
    );
    expect(p.replacementCells[0].metadata).toEqual({ tags: ['keep-me'] });
    expect(p.replacementCells[0].id).toBe('c1');
  });
});

describe('the test file', () => {
  const cells: CellSpec[] = [
    'a = 2\nitems = [1, 2]',
    'b = a * len(items)',
    'print(b)'
  ];

  it('always checks the signature; without kernel values, one skipped test says what to supply', () => {
    const p = ok(plan(cells, [1]), 'test-skip');
    expect(p.testPath).toBe('tests/test_steps.py');
    expect(p.testText).toContain('from pkg.steps import cell_2');
    expect(p.testText).toContain(
      '    params = list(inspect.signature(cell_2).parameters)\n' +
        '    assert params == ["a", "items"]'
    );
    // the decorator split as ruff format splits it: its line would be longer than 88
    expect(
      p.testText.match(/@pytest\.mark\.skip\(\n {4}reason=/g)
    ).toHaveLength(1);
    expect(p.testText).toMatch(
      /supply example values for a, items and the expected result/
    );
    // a blank line after the docstring, as ruff format and black want it
    expect(p.testText).toMatch(
      /^"""Tests of pkg\.steps, [^\n]*"""\n\nimport inspect\n/
    );
  });

  it('with small literal kernel values, a characterization test and no skip', () => {
    const p = ok(
      plan(cells, [1], {
        kernelValues: {
          inputs: { a: '2', items: '[1, 2]' },
          outputs: { b: '4' }
        }
      }),
      'test-char'
    );
    expect(p.testText).toContain('assert cell_2(a=2, items=[1, 2]) == 4');
    expect(p.testText).not.toContain('skip');
  });

  it('values that are not literals fall back to the skipped test', () => {
    const p = ok(
      plan(cells, [1], {
        kernelValues: {
          inputs: { a: '2', items: 'array([1, 2])' },
          outputs: { b: '4' }
        }
      }),
      'test-nonliteral'
    );
    expect(p.testText).toContain('@pytest.mark.skip');
  });

  it('merges into an existing test file, replacing the tests of the same function', () => {
    const first = ok(plan(cells, [1]), 'test-merge-1');
    const again = ok(
      plan(cells, [1], {
        existingTestText:
          first.testText + '\n\ndef test_other():\n    assert True\n'
      }),
      'test-merge-2'
    );
    expect(again.testText.match(/def test_cell_2_signature/g)).toHaveLength(1);
    expect(again.testText).toContain('def test_other');
    expect(again.testText.match(/^import inspect$/gm)).toHaveLength(1);
  });
});

afterAll(() => {
  // every module and test file the planner produced in this file must compile
  const errors = compilePython(generated);
  const bad = Object.entries(errors).filter(([, e]) => e);
  expect(bad).toEqual([]);
  expect(Object.keys(errors).length).toBeGreaterThan(40);
});
