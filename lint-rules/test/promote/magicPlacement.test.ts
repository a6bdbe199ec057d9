/**
 * Step 2 of planPromotion (magicPlacement.ts): where each IPython command of the selection
 * goes (before the call, after it, moved with a warning) or why it cannot stay in order.
 */
import { placeMagics } from '../../src/promote/magicPlacement';
import { isRefusal } from '../../src/promote/planContext';
import { planContextOf, type CellSpec } from './helpers';

interface Row {
  name: string;
  cells: CellSpec[];
  select: number[];
  leading?: string[];
  trailing?: string[];
  warnings?: string[];
  refused?: string;
}

const rows: Row[] = [
  {
    name: 'no magics',
    cells: ['a = 1\nb = a'],
    select: [0],
    leading: [],
    trailing: []
  },
  {
    name: 'a magic before the first statement goes before the call',
    cells: ['%load_ext autoreload\na = 1'],
    select: [0],
    leading: ['%load_ext autoreload'],
    trailing: []
  },
  {
    name: 'a shell command after the last statement goes after the call',
    cells: ['a = 1\n!echo done'],
    select: [0],
    leading: [],
    trailing: ['!echo done']
  },
  {
    name: 'a set-up magic between statements moves before, with a warning',
    cells: ['a = 1\n%matplotlib inline\nb = a'],
    select: [0],
    leading: ['%matplotlib inline'],
    trailing: [],
    warnings: ['magic-moved']
  },
  {
    name: 'a shell command between statements is refused',
    cells: ['a = 1\n!ls\nb = a'],
    select: [0],
    refused: 'sits between Python statements'
  },
  {
    name: 'a magic between two selected cells is refused',
    cells: ['a = 1', '!ls\nb = a'],
    select: [0, 1],
    refused: 'sits between Python statements'
  },
  {
    // review of s16-names: the bare line in the call cell was a SyntaxError
    name: 'an automagic line (a one-line cell) goes before the call with its %',
    cells: ['cd data', 'ls ../input\n', 'a = 1'],
    select: [0, 1, 2],
    leading: ['%cd data', '%ls ../input'],
    trailing: []
  },
  {
    name: '%%time over one cell of two is refused',
    cells: ['%%time\na = 1', 'b = a'],
    select: [0, 1],
    refused: 'wraps one cell of a multi-cell selection'
  }
];

describe('placeMagics', () => {
  it.each(rows)('$name', row => {
    const result = placeMagics(planContextOf(row.cells, row.select));
    if (row.refused) {
      expect(isRefusal(result)).toBe(true);
      if (!isRefusal(result)) return;
      expect(result.reasons[0].code).toBe('magic-placement');
      expect(result.reasons[0].message).toContain(row.refused);
      return;
    }
    if (isRefusal(result)) throw new Error(JSON.stringify(result.reasons));
    expect(result.leading.map(m => m.text)).toEqual(row.leading);
    expect(result.trailing.map(m => m.text)).toEqual(row.trailing);
    expect(result.warnings.map(w => w.code)).toEqual(row.warnings ?? []);
  });

  it('keeps %%time of a single cell as its wrapper', () => {
    const result = placeMagics(planContextOf(['%%time\na = 1'], [0]));
    if (isRefusal(result)) throw new Error(JSON.stringify(result.reasons));
    expect(result.cellWrappers.map(w => w.text)).toEqual(['%%time']);
  });
});
