/**
 * What a promotion leaves behind must be clean code that runs: the notebook loses the imports
 * only the promoted code used; a last line whose value is None (`print(...)`) stays a
 * statement instead of `return print(...)`; a dead expression (`run.info.run_id` above other
 * code) is not copied into the function; the plan says whether the test characterises the
 * function with kernel values (the preview shows exactly what is written).
 */
import { readNotebook } from '../../src/notebook';
import { planPromotion } from '../../src/promote';
import type { PromotionPlan, PromotionResult } from '../../src/promote';
import { compilePython, ipynbText, notebookOf, type CellSpec } from './helpers';

const generated: Record<string, string> = {};

function ok(result: PromotionResult, label: string): PromotionPlan {
  if (!result.ok)
    throw new Error(`expected a plan, got ${JSON.stringify(result.reasons)}`);
  generated[`${label}/module`] = result.moduleText;
  generated[`${label}/test`] = result.testText;
  return result;
}

function plan(cells: CellSpec[], selected: number[], label: string) {
  return ok(
    planPromotion({
      notebook: notebookOf(cells),
      cells: selected,
      modulePath: 'src/pkg/steps.py'
    }),
    label
  );
}

/** The sample notebook's cells (examples/sample-training.ipynb), outputs stripped. */
const SAMPLE: CellSpec[] = [
  { md: '# Diabetes progression' },
  [
    'import mlflow',
    'import numpy as np',
    'from mlflow.models import infer_signature',
    'from sklearn.datasets import load_diabetes',
    'from sklearn.ensemble import GradientBoostingRegressor',
    'from sklearn.metrics import mean_squared_error, r2_score',
    'from sklearn.model_selection import train_test_split'
  ].join('\n'),
  'mlflow.set_experiment("sample-diabetes")',
  { md: '## Data' },
  [
    'X, y = load_diabetes(return_X_y=True, as_frame=True)',
    'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42)',
    'X_train.shape, X_test.shape'
  ].join('\n'),
  { md: '## Train and log' },
  [
    'params = {"n_estimators": 200, "learning_rate": 0.05}',
    '',
    'with mlflow.start_run(run_name="gbr-baseline") as run:',
    '    mlflow.log_params(params)',
    '    model = GradientBoostingRegressor(**params).fit(X_train, y_train)',
    '    final = model.predict(X_test)',
    '    mlflow.log_metric("r2", r2_score(y_test, final))',
    '    signature = infer_signature(X_test, final)',
    '',
    'run.info.run_id'
  ].join('\n'),
  { md: '## Evaluate' },
  [
    'rmse = np.sqrt(mean_squared_error(y_test, final))',
    'print(f"test RMSE: {rmse:.2f}")'
  ].join('\n')
];

describe('imports the remaining cells no longer use leave the notebook', () => {
  it.each([
    {
      name: 'the sample: Data, Train and Evaluate promoted; only mlflow stays',
      cells: SAMPLE,
      select: [4, 5, 6, 7, 8],
      importCell: 'import mlflow\nfrom pkg.steps import data'
    },
    {
      name: 'an import a later cell still reads stays',
      cells: [
        'import json\nimport re',
        's = json.dumps([1])',
        'print(json, re)'
      ],
      select: [1],
      importCell: 'import json\nimport re\nfrom pkg.steps import cell_2'
    },
    {
      name: 'one name of a from-import leaves, the other stays',
      cells: [
        'from math import sqrt, floor',
        'a = sqrt(4)',
        'print(a, floor(2.5))'
      ],
      select: [1],
      importCell: 'from math import floor\nfrom pkg.steps import cell_2'
    },
    {
      name: 'an import nobody read before is not ours to remove',
      cells: ['import os\nimport json', 's = json.dumps([1])', 'print(s)'],
      select: [1],
      importCell: 'import os\nfrom pkg.steps import cell_2'
    },
    {
      name: 'an import a later cell reads inside a function stays',
      cells: [
        'import json',
        's = json.dumps([1])',
        'def show():\n    return json.dumps(s)'
      ],
      select: [1],
      importCell: 'import json\nfrom pkg.steps import cell_2'
    }
  ])('$name', ({ cells, select, importCell }) => {
    const p = plan(cells, select, `imports/${select.join('-')}`);
    expect(p.importCell).toBe(1 - (typeof cells[0] === 'string' ? 1 : 0));
    const edit = p.cellEdits.find(e => e.cell === p.importCell);
    expect(edit?.source).toBe(importCell);
  });

  it('an import in a cell of its own that nothing reads any more is removed from that cell', () => {
    const p = plan(
      ['import os', 'x = 1', 'import json', 's = json.dumps([x])', 'print(s)'],
      [3],
      'imports/own-cell'
    );
    expect(p.cellEdits).toEqual([
      { cell: 0, source: 'import os\nfrom pkg.steps import cell_4' },
      { cell: 2, source: '' }
    ]);
  });

  it('exec/eval in a remaining cell keeps every import (it may read any name)', () => {
    const p = plan(
      ['import json', 's = json.dumps([1])', 'eval("json")'],
      [1],
      'imports/eval'
    );
    expect(p.cellEdits).toEqual([
      { cell: 0, source: 'import json\nfrom pkg.steps import cell_2' }
    ]);
  });
});

describe('a last line whose value is None stays a statement', () => {
  it('the sample: Evaluate ends in print(...); no return, nothing returned', () => {
    const p = plan(SAMPLE, [8], 'none/print');
    expect(p.functionText).toContain('    print(f"test RMSE: {rmse:.2f}")');
    expect(p.functionText).not.toContain('return');
    expect(p.returns).toEqual([]);
    expect(p.displayLast).toBe(false);
    expect(p.replacementCells[0].source).toBe('evaluate(y_test, final)');
  });

  it('results.append(3) is a statement, not a returned value', () => {
    const p = plan(['results = []', 'results.append(3)'], [1], 'none/append');
    expect(p.functionText).not.toContain('return');
    expect(p.replacementCells[0].source).toContain('cell_2(results)');
  });

  it("a module's function named like a None method (np.sort) still returns its value", () => {
    const p = plan(
      ['import numpy as np\nx = np.array([2, 1])', 'np.sort(x)'],
      [1],
      'none/np-sort'
    );
    expect(p.functionText).toContain('return np.sort(x)');
    expect(p.displayLast).toBe(true);
  });

  it('a method named like a None method that displayed a result (DataFrame.add) returns it', () => {
    const text = ipynbText([
      'A = make()\nB = make()',
      'A.add(B, fill_value=0)'
    ]);
    const json = JSON.parse(text);
    json.cells[1].execution_count = 2;
    json.cells[1].outputs = [
      {
        output_type: 'execute_result',
        execution_count: 2,
        data: { 'text/plain': '0    2.0\ndtype: float64' },
        metadata: {}
      }
    ];
    const nb = readNotebook('run.ipynb', JSON.stringify(json));
    const p = ok(
      planPromotion({ notebook: nb, cells: [1], modulePath: 'm.py' }),
      'none/dataframe-add'
    );
    expect(p.functionText).toContain('return A.add(B, fill_value=0)');
    expect(p.displayLast).toBe(true);
  });

  it('with no saved outputs, A.add(B) (a DataFrame sum, or set.add) keeps its value', () => {
    const p = plan(
      ['A = make()\nB = make()', 'A.add(B, fill_value=0)'],
      [1],
      'none/add'
    );
    expect(p.functionText).toContain('return A.add(B, fill_value=0)');
  });

  it('a print the notebook rebinds is not the builtin: its value is returned', () => {
    const p = plan(
      ['def print(x):\n    return x', 'print(2)'],
      [1],
      'none/shadow'
    );
    expect(p.functionText).toContain('return print(2)');
  });

  it('a cell that ran and displayed nothing: its last expression was None', () => {
    const text = ipynbText(['xs = [3, 1]', 'xs.sort() or log(xs)']);
    const json = JSON.parse(text);
    json.cells[1].execution_count = 2;
    const nb = readNotebook('run.ipynb', JSON.stringify(json));
    const p = ok(
      planPromotion({ notebook: nb, cells: [1], modulePath: 'm.py' }),
      'none/ran'
    );
    expect(p.functionText).not.toContain('return');
    expect(p.functionText).toContain('    xs.sort() or log(xs)');
  });

  it('a cell that ran and displayed a result keeps returning it', () => {
    const text = ipynbText(['xs = [3, 1]', 'sorted(xs)']);
    const json = JSON.parse(text);
    json.cells[1].execution_count = 2;
    json.cells[1].outputs = [
      {
        output_type: 'execute_result',
        execution_count: 2,
        data: { 'text/plain': '[1, 3]' },
        metadata: {}
      }
    ];
    const nb = readNotebook('run.ipynb', JSON.stringify(json));
    const p = ok(
      planPromotion({ notebook: nb, cells: [1], modulePath: 'm.py' }),
      'none/shown'
    );
    expect(p.functionText).toContain('return sorted(xs)');
    expect(p.displayLast).toBe(true);
  });
});

describe('dead expression statements are not copied into the function', () => {
  it('the sample: Train and Evaluate; run.info.run_id is dropped, with the display warning', () => {
    const p = plan(SAMPLE, [6, 7, 8], 'dead/run-id');
    expect(p.functionText).not.toContain('run.info.run_id');
    expect(p.functionText).toContain('print(f"test RMSE');
    expect(p.functionText).not.toContain('return print');
    expect(p.warnings.map(w => w.code)).toContain('display-dropped');
  });

  it.each([
    ['X.shape, y.shape', 'X = 1\ny = 2'],
    ['a[0]', 'a = [1]'],
    ['-1', ''],
    ['(x)', 'x = 1']
  ])('%s above other code is dropped', (dead, before) => {
    const p = plan(
      [before || 'pass', `${dead}\nz = 1`, 'print(z)'],
      [1],
      `dead/${dead}`
    );
    const lines = p.functionText.split('\n').map(l => l.trim());
    expect(lines).not.toContain(dead);
    expect(lines).toContain('z = 1');
  });

  it.each([
    ['f(x)', 'calls run code'],
    ['"note"', 'a lone string reads as a comment']
  ])('%s stays (%s)', stmt => {
    const p = plan(
      ['x = 1\ndef f(v):\n    return v', `${stmt}\nz = 1`, 'print(z)'],
      [1],
      `kept/${stmt}`
    );
    expect(p.functionText.split('\n').map(l => l.trim())).toContain(stmt);
  });

  it('a hidden last line (`;`) that computes nothing is dropped', () => {
    const p = plan(
      ['a = [1]', 'b = len(a)\na;', 'print(b)'],
      [1],
      'dead/hidden'
    );
    expect(p.functionText).not.toMatch(/^\s+a;?$/m);
  });
});

describe('the preview says what the test file holds', () => {
  const cells: CellSpec[] = ['a = 2', 'b = a * 3', 'print(b)'];
  it.each([
    [{ inputs: { a: '2' }, outputs: { b: '6' } }, true],
    [{ inputs: { a: 'array([2])' }, outputs: { b: '6' } }, false],
    [undefined, false]
  ])('kernel values %j -> characterized %s', (kernelValues, characterized) => {
    const p = ok(
      planPromotion({
        notebook: notebookOf(cells),
        cells: [1],
        modulePath: 'm.py',
        kernelValues
      }),
      `test/${String(characterized)}-${kernelValues ? 'kv' : 'none'}`
    );
    expect(p.testCharacterized).toBe(characterized);
    expect(p.testText.includes('@pytest.mark.skip')).toBe(!characterized);
  });
});

afterAll(() => {
  const errors = compilePython(generated);
  expect(Object.entries(errors).filter(([, e]) => e)).toEqual([]);
});
