import { clampToGrid, moveInGrid } from '../../src/core/gridNavigation';

const size = { rows: 10, cols: 4, page: 3 };

describe('moveInGrid', () => {
  it('moves with the arrows and stops at the edges; the header is row -1', () => {
    expect(moveInGrid({ row: 0, col: 1 }, 'ArrowDown', size)).toEqual({
      row: 1,
      col: 1
    });
    expect(moveInGrid({ row: 0, col: 1 }, 'ArrowUp', size)).toEqual({
      row: -1,
      col: 1
    });
    expect(moveInGrid({ row: -1, col: 1 }, 'ArrowUp', size)).toEqual({
      row: -1,
      col: 1
    });
    expect(moveInGrid({ row: 9, col: 1 }, 'ArrowDown', size)).toEqual({
      row: 9,
      col: 1
    });
    expect(moveInGrid({ row: 2, col: 3 }, 'ArrowRight', size)).toEqual({
      row: 2,
      col: 3
    });
    expect(moveInGrid({ row: 2, col: 0 }, 'ArrowLeft', size)).toEqual({
      row: 2,
      col: 0
    });
  });

  it('goes to the ends with Home/End (of the grid with Ctrl) and by a page', () => {
    expect(moveInGrid({ row: 4, col: 2 }, 'Home', size)).toEqual({
      row: 4,
      col: 0
    });
    expect(moveInGrid({ row: 4, col: 2 }, 'End', size, true)).toEqual({
      row: 9,
      col: 3
    });
    expect(moveInGrid({ row: 4, col: 2 }, 'Home', size, true)).toEqual({
      row: 0,
      col: 0
    });
    expect(moveInGrid({ row: 4, col: 2 }, 'PageDown', size)).toEqual({
      row: 7,
      col: 2
    });
    expect(moveInGrid({ row: 1, col: 2 }, 'PageUp', size)).toEqual({
      row: 0,
      col: 2
    });
  });

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
