/**
 * Step 10 of planPromotion (replacement.ts): the call cell that replaces the selection, the
 * kept Markdown cells, and the edit of the notebook's import cell.
 */
import { placeMagics } from '../../src/promote/magicPlacement';
import { isRefusal } from '../../src/promote/planContext';
import {
  buildReplacement,
  withoutPromoteTags,
  type CallShape
} from '../../src/promote/replacement';
import { planContextOf, type CellSpec } from './helpers';

function replace(
  cells: CellSpec[],
  select: number[],
  call: Partial<CallShape>
) {
  const ctx = planContextOf(cells, select);
  const magics = placeMagics(ctx);
  if (isRefusal(magics)) throw new Error(JSON.stringify(magics.reasons));
  return buildReplacement(ctx, magics, {
    functionName: 'step',
    params: [],
    returns: [],
    keptImports: [],
    importUses: [],
    display: null,
    returnsDisplayed: false,
    resultName: 'step_result',
    ...call
  });
}

describe('buildReplacement', () => {
  it.each([
    {
      name: 'import and call assigning the returns',
      cells: ['a = 1', 'b = a'] as CellSpec[],
      select: [1],
      call: { params: ['a'], returns: ['b'] },
      source: 'from pkg.steps import step\nb = step(a)'
    },
    {
      name: 'nothing returned: a bare call',
      cells: ['print(1)'] as CellSpec[],
      select: [0],
      call: {},
      source: 'from pkg.steps import step\nstep()'
    },
    {
      name: 'a displayed value with returns goes through the result name',
      cells: ['a = 1', 'b = a\nb * 2'] as CellSpec[],
      select: [1],
      call: {
        params: ['a'],
        returns: ['b'],
        returnsDisplayed: true,
        display: {
          lines: [{ text: 'b * 2', indentable: true }],
          viaDisplayCall: false
        }
      },
      source:
        'from pkg.steps import step\nb, step_result = step(a)\nstep_result'
    },
    {
      name: 'display(...) of the call when only the displayed value comes back',
      cells: ['display(1 + 1)'] as CellSpec[],
      select: [0],
      call: {
        returnsDisplayed: true,
        display: {
          lines: [{ text: '1 + 1', indentable: true }],
          viaDisplayCall: true
        }
      },
      source: 'from pkg.steps import step\ndisplay(step())'
    },
    {
      name: 'kept magics around the call',
      cells: ['%load_ext autoreload\nx = 1\n!echo {x}'] as CellSpec[],
      select: [0],
      call: { returns: ['x'] },
      source:
        '%load_ext autoreload\nfrom pkg.steps import step\nx = step()\n!echo {x}'
    },
    {
      // `cd data` alone in a cell is IPython's automagic; in the multi-line call cell it would
      // be a SyntaxError, so it is written as the magic it is (review of s16-names)
      name: 'an automagic line kept before the call gets its %',
      cells: ['  cd data', 'x = 1'] as CellSpec[],
      select: [0, 1],
      call: { returns: ['x'] },
      source: '%cd data\nfrom pkg.steps import step\nx = step()'
    }
  ])('$name', row => {
    const r = replace(row.cells, row.select, row.call);
    expect(r.replacementCells[0].source).toBe(row.source);
    expect(r.replacedCells).toEqual(row.select);
  });

  it("the notebook's import cell takes the function's import", () => {
    const r = replace(['import os', 'p = os.sep', 'print(p)'], [1], {
      returns: ['p']
    });
    expect(r.importCell).toBe(0);
    expect(r.replacementCells[0].source).toBe('p = step()');
    expect(r.cellEdits).toEqual([
      { cell: 0, source: expect.stringContaining('from pkg.steps import step') }
    ]);
  });

  it('keeps Markdown between the selected cells after the call, by index', () => {
    const r = replace(['a = 1', { md: '# note' }, 'b = a'], [0, 1, 2], {});
    expect(r.replacedCells).toEqual([0, 1, 2]);
    expect(r.replacementCells.map(c => [c.kind, c.keep])).toEqual([
      ['code', undefined],
      ['markdown', 1]
    ]);
    expect(r.replacementCells[0].id).toBe('c0');
  });

  it('drops promote tags from the call cell and keeps other tags', () => {
    expect(
      withoutPromoteTags({ tags: ['promote:src/a.py:f', 'keep'], x: 1 })
    ).toEqual({ tags: ['keep'], x: 1 });
    expect(withoutPromoteTags({ tags: ['promote'] })).toEqual({});
  });
});
