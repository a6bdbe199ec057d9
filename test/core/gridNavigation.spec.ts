import { clampToGrid, moveInGrid } from '../../src/core/gridNavigation';

const size = { rows: 10, cols: 4, page: 3 };

describe('moveInGrid', () => {
  // [from row, from col, key, ctrl, to row, to col]
  it.each([
    // the arrows, stopping at the edges; the header is row -1
    [0, 1, 'ArrowDown', false, 1, 1],
    [0, 1, 'ArrowUp', false, -1, 1],
    [-1, 1, 'ArrowUp', false, -1, 1],
    [9, 1, 'ArrowDown', false, 9, 1],
    [2, 3, 'ArrowRight', false, 2, 3],
    [2, 0, 'ArrowLeft', false, 2, 0],
    // Home/End of the row, of the grid with Ctrl; a page up or down
    [4, 2, 'Home', false, 4, 0],
    [4, 2, 'End', true, 9, 3],
    [4, 2, 'Home', true, 0, 0],
    [4, 2, 'PageDown', false, 7, 2],
    [1, 2, 'PageUp', false, 0, 2]
  ] as const)(
    '(%i, %i) + %s (ctrl: %s) -> (%i, %i)',
    (row, col, key, ctrl, toRow, toCol) => {
      expect(moveInGrid({ row, col }, key, size, ctrl)).toEqual({
        row: toRow,
        col: toCol
      });
    }
  );

  it('leaves other keys (Enter, Space, letters) to the caller', () => {
    expect(moveInGrid({ row: 1, col: 1 }, 'Enter', size)).toBeNull();
    expect(moveInGrid({ row: 1, col: 1 }, ' ', size)).toBeNull();
    expect(moveInGrid({ row: 1, col: 1 }, 'a', size)).toBeNull();
  });

  it('keeps to the header when the grid has no rows', () => {
    const empty = { rows: 0, cols: 3, page: 5 };
    expect(moveInGrid({ row: -1, col: 0 }, 'ArrowDown', empty)).toEqual({
      row: -1,
      col: 0
    });
    expect(moveInGrid({ row: -1, col: 0 }, 'End', empty, true)).toEqual({
      row: -1,
      col: 2
    });
  });
});

describe('clampToGrid', () => {
  it('keeps a position inside a grid that shrank', () => {
    expect(clampToGrid({ row: 8, col: 5 }, { rows: 3, cols: 2 })).toEqual({
      row: 2,
      col: 1
    });
    expect(clampToGrid({ row: 4, col: 0 }, { rows: 0, cols: 2 })).toEqual({
      row: -1,
      col: 0
    });
  });
});
