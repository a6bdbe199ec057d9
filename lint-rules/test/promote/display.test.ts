/**
 * Step 6 of planPromotion (display.ts): which displayed value the replacement cell keeps
 * showing, which displays are dropped, and where display() is refused.
 */
import { planDisplay } from '../../src/promote/display';
import { placeMagics } from '../../src/promote/magicPlacement';
import { isRefusal } from '../../src/promote/planContext';
import { planSignature } from '../../src/promote/signature';
import { planContextOf, type CellSpec } from './helpers';

function displayOf(cells: CellSpec[], select: number[]) {
  const ctx = planContextOf(cells, select);
  const magics = placeMagics(ctx);
  if (isRefusal(magics)) throw new Error(JSON.stringify(magics.reasons));
  const signature = planSignature(ctx, magics);
  if (isRefusal(signature)) throw new Error(JSON.stringify(signature.reasons));
  return planDisplay(ctx, signature);
}

interface Row {
  name: string;
  cells: CellSpec[];
  select: number[];
  /** the kept expression's text, or null when nothing stays displayed */
  shown?: string | null;
  viaDisplayCall?: boolean;
  simpleName?: string;
  warnings?: string[];
  refused?: boolean;
}

const rows: Row[] = [
  {
    name: 'nothing displayed',
    cells: ['a = 1'],
    select: [0],
    shown: null
  },
  {
    name: 'a trailing expression stays displayed',
    cells: ['a = 1', 'b = a + 1\nb * 2'],
    select: [1],
    shown: 'b * 2',
    viaDisplayCall: false
  },
  {
    name: 'a returned name displayed last is shown by name',
    cells: ['a = 1', 'b = a + 1\nb', 'print(b)'],
    select: [1],
    shown: 'b',
    simpleName: 'b'
  },
  {
    name: "a final display(...)'s argument is kept, via display",
    cells: ['a = 1', 'b = a + 1\ndisplay(b * 2)'],
    select: [1],
    shown: 'b * 2',
    viaDisplayCall: true
  },
  {
    name: 'an earlier cell displayed something: dropped with a warning',
    cells: ['a = 1\na', 'b = a + 1'],
    select: [0, 1],
    shown: null,
    warnings: ['display-dropped']
  },
  {
    name: 'display() before the last statement is refused',
    cells: ['a = 1\ndisplay(a)\nb = a'],
    select: [0],
    refused: true
  }
];

describe('planDisplay', () => {
  it.each(rows)('$name', row => {
    const result = displayOf(row.cells, row.select);
    if (row.refused) {
      expect(isRefusal(result)).toBe(true);
      if (isRefusal(result))
        expect(result.reasons[0].code).toBe('display-placement');
      return;
    }
    if (isRefusal(result)) throw new Error(JSON.stringify(result.reasons));
    const e = result.expression;
    expect(
      e
        ? e.lines
            .map(l => l.text)
            .join('\n')
            .trim()
        : null
    ).toBe(row.shown);
    if (e && row.viaDisplayCall !== undefined)
      expect(e.viaDisplayCall).toBe(row.viaDisplayCall);
    if (e) expect(e.simpleName).toBe(row.simpleName);
    expect(result.warnings.map(w => w.code)).toEqual(row.warnings ?? []);
  });
});
