/**
 * Steps 3 to 5 of planPromotion (signature.ts, laterReads.ts): parameters, returns, imports
 * carried into the module, and the refusals of what a module function cannot do.
 */
import { namesReadLater } from '../../src/promote/laterReads';
import { placeMagics } from '../../src/promote/magicPlacement';
import { isRefusal } from '../../src/promote/planContext';
import { planSignature } from '../../src/promote/signature';
import { planContextOf, type CellSpec } from './helpers';

interface Row {
  name: string;
  cells: CellSpec[];
  select: number[];
  params?: string[];
  returns?: string[];
  carried?: string[];
  kept?: string[];
  warnings?: string[];
  refused?: string;
}

const rows: Row[] = [
  {
    name: 'reads a, binds b that a later cell reads',
    cells: ['a = 1', 'b = a + 1', 'print(b)'],
    select: [1],
    params: ['a'],
    returns: ['b']
  },
  {
    name: 'a name nobody reads later is not returned',
    cells: ['a = 1', 'tmp = a * 2\nb = tmp', 'print(b)'],
    select: [1],
    params: ['a'],
    returns: ['b']
  },
  {
    name: 'a conditionally bound name is parameter and return (rope)',
    cells: ['x = 0', 'if flag:\n    x = 1', 'print(x)'],
    select: [1],
    params: ['flag', 'x'],
    returns: ['x']
  },
  {
    name: "an earlier cell's import is carried into the module, not passed",
    cells: ['import numpy as np', 'y = np.zeros(3)', 'print(y)'],
    select: [1],
    params: [],
    returns: ['y'],
    carried: ['np']
  },
  {
    name: 'an import later cells still use stays in the notebook too',
    cells: ['import os\np = os.sep', 'print(os.getcwd())'],
    select: [0],
    params: [],
    returns: [],
    kept: ['os']
  },
  {
    name: 'Databricks runtime globals are parameters',
    cells: ['df = spark.range(3)', 'display(df)'],
    select: [0],
    params: ['spark'],
    returns: ['df']
  },
  {
    name: 'a name bound only on some paths and nowhere before warns',
    cells: ['if flag:\n    z = 1', 'print(z)'],
    select: [0],
    params: ['flag'],
    returns: ['z'],
    warnings: ['maybe-unbound']
  },
  {
    name: "IPython's output history is refused",
    cells: ['a = 1', 'b = _ + 1'],
    select: [1],
    refused: 'exec-eval'
  },
  {
    name: 'a returned closure over a name rebound later is refused',
    cells: ['k = 1', 'def f():\n    return k', 'k = 2\nf()'],
    select: [1],
    refused: 'late-binding'
  }
];

function signatureOf(cells: CellSpec[], select: number[]) {
  const ctx = planContextOf(cells, select);
  const magics = placeMagics(ctx);
  if (isRefusal(magics)) throw new Error(JSON.stringify(magics.reasons));
  return planSignature(ctx, magics);
}

describe('planSignature', () => {
  it.each(rows)('$name', row => {
    const result = signatureOf(row.cells, row.select);
    if (row.refused) {
      expect(isRefusal(result)).toBe(true);
      if (isRefusal(result)) expect(result.reasons[0].code).toBe(row.refused);
      return;
    }
    if (isRefusal(result)) throw new Error(JSON.stringify(result.reasons));
    expect(result.params).toEqual(row.params);
    expect(result.returns).toEqual(row.returns);
    expect(result.importsForModule.map(s => s.bound)).toEqual(
      row.carried ?? []
    );
    expect(result.keptImports.map(s => s.bound)).toEqual(row.kept ?? []);
    expect(result.warnings.map(w => w.code)).toEqual(row.warnings ?? []);
  });

  it('warns when a selected cell before the last raised an error', () => {
    const nbCells: CellSpec[] = ['a = 1', 'b = a', 'print(b)'];
    const ctx = planContextOf(nbCells, [0, 1]);
    ctx.nb.cells[0].outputs.push({ outputType: 'error' } as never);
    const magics = placeMagics(ctx);
    if (isRefusal(magics)) throw new Error('refused');
    const result = planSignature(ctx, magics);
    if (isRefusal(result)) throw new Error(JSON.stringify(result.reasons));
    expect(result.warnings.map(w => [w.code, w.cell])).toEqual([
      ['error-output', 0]
    ]);
  });
});

describe('namesReadLater', () => {
  it.each([
    {
      name: 'a later read counts until a later cell rebinds the name',
      cells: ['a = 1\nb = 2', 'b = 3\nprint(a, b)'],
      later: ['a', 'print'],
      notLater: ['b'],
      warnings: []
    },
    {
      name: 'a later cell that does not parse makes every bound name read',
      cells: ['a = 1\nb = 2', 'print(('],
      later: ['a', 'b'],
      notLater: [],
      warnings: ['unparsed-later-cell']
    },
    {
      name: 'eval elsewhere makes every bound name read',
      cells: ['a = 1', 'eval("a")'],
      later: ['a'],
      notLater: [],
      warnings: ['dynamic-access']
    },
    {
      name: 'a function defined earlier reads globals when called later',
      cells: ['def show():\n    print(total)', 'total = 3'],
      later: ['total'],
      notLater: [],
      warnings: [],
      select: 1
    }
  ])('$name', row => {
    const ctx = planContextOf(row.cells, [row.select ?? 0]);
    const binds = new Set(ctx.bodies.flatMap(b => ctx.scopeOf(b.cell).bound));
    const later = namesReadLater(ctx, binds, []);
    for (const n of row.later) expect(later.names).toContain(n);
    for (const n of row.notLater) expect(later.names).not.toContain(n);
    expect(later.warnings.map(w => w.code)).toEqual(row.warnings);
  });
});
