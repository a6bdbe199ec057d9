/**
 * Keyboard moves in a data grid (WAI-ARIA's grid pattern), for the runs table and the
 * diagnostics panel: one cell holds the focus (roving tabindex), the arrows move it, Home
 * and End go to the row's ends (with Ctrl, the grid's), Page Up/Down by a page. Row -1 is
 * the header row. Pure: the widgets keep the position and move the DOM focus.
 */
export interface IGridPosition {
  /** -1 for the header row, else the row's index among all rows (also those not drawn). */
  row: number;
  col: number;
}

export interface IGridSize {
  rows: number;
  cols: number;
  /** Rows in a page, for Page Up/Down. */
  page: number;
}

/** The position a key moves to, or null when the key is not a move (left to the caller). */
export function moveInGrid(
  at: IGridPosition,
  key: string,
  size: IGridSize,
  ctrl = false
): IGridPosition | null {
  const lastRow = size.rows - 1;
  const lastCol = Math.max(0, size.cols - 1);
  const row = (r: number) => Math.max(-1, Math.min(lastRow, r));
  switch (key) {
    case 'ArrowDown':
      return { row: row(at.row + 1), col: at.col };
    case 'ArrowUp':
      return { row: row(at.row - 1), col: at.col };
    case 'ArrowRight':
      return { row: at.row, col: Math.min(lastCol, at.col + 1) };
    case 'ArrowLeft':
      return { row: at.row, col: Math.max(0, at.col - 1) };
    case 'Home':
      return ctrl ? { row: Math.min(0, lastRow), col: 0 } : { ...at, col: 0 };
    case 'End':
      return ctrl ? { row: lastRow, col: lastCol } : { ...at, col: lastCol };
    case 'PageDown':
      return { row: row(at.row + Math.max(1, size.page)), col: at.col };
    case 'PageUp':
      return {
        row: Math.max(Math.min(0, lastRow), at.row - Math.max(1, size.page)),
        col: at.col
      };
    default:
      return null;
  }
}

/** The position kept inside a grid whose size changed (rows filtered away, columns hidden). */
export function clampToGrid(
  at: IGridPosition,
  size: Pick<IGridSize, 'rows' | 'cols'>
): IGridPosition {
  return {
    row: Math.max(-1, Math.min(size.rows - 1, at.row)),
    col: Math.max(0, Math.min(Math.max(0, size.cols - 1), at.col))
  };
}
