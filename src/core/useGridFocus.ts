import type React from 'react';
import { useEffect, useRef, useState } from 'react';

import { clampToGrid, moveInGrid, type IGridPosition } from './gridNavigation';

export interface IGridFocusOptions {
  rows: number;
  cols: number;
  /** Rows in a page, for Page Up/Down. */
  page: number;
  /** Where the first Tab into the grid lands. */
  initial?: IGridPosition;
  /** Bring a row into view before it takes the focus (virtualized rows are drawn then). */
  reveal?: (row: number) => void;
  /** Enter or Space on a cell; return true when handled. */
  onActivate?: (at: IGridPosition, key: 'Enter' | ' ') => boolean;
}

export interface IGridFocus {
  active: IGridPosition;
  /** The props of a focusable cell: one cell in the grid is in the Tab order. */
  cellProps: (
    row: number,
    col: number
  ) => {
    tabIndex: number;
    'data-grid-cell': string;
    onFocus: () => void;
  };
  onKeyDown: (event: React.KeyboardEvent) => void;
}

/**
 * A roving tabindex over a grid's cells (WAI-ARIA grid pattern): Tab enters the grid at its
 * last focused cell, arrows and Home/End/Page keys move the focus, Enter and Space act.
 */
export function useGridFocus(
  container: React.RefObject<HTMLElement>,
  options: IGridFocusOptions
): IGridFocus {
  const [active, setActive] = useState<IGridPosition>(
    options.initial ?? { row: options.rows > 0 ? 0 : -1, col: 0 }
  );
  const pending = useRef(false);
  const at = clampToGrid(active, options);

  // Move the DOM focus once the cell is drawn (a virtualized row may need a render first).
  useEffect(() => {
    if (!pending.current) {
      return;
    }
    const cell = container.current?.querySelector<HTMLElement>(
      `[data-grid-cell="${at.row}:${at.col}"]`
    );
    if (cell) {
      pending.current = false;
      cell.focus();
    }
  });

  const onKeyDown = (event: React.KeyboardEvent) => {
    // Keys typed in a control inside a cell (a checkbox, a link) are the control's.
    const target = event.target as HTMLElement;
    if (event.altKey || !target.hasAttribute('data-grid-cell')) {
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      if (options.onActivate?.(at, event.key)) {
        event.preventDefault();
        event.stopPropagation();
      }
      return;
    }
    const next = moveInGrid(
      at,
      event.key,
      options,
      event.ctrlKey || event.metaKey
    );
    if (!next) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (next.row >= 0) {
      options.reveal?.(next.row);
    }
    pending.current = true;
    setActive(next);
  };

  return {
    active: at,
    cellProps: (row, col) => ({
      tabIndex: row === at.row && col === at.col ? 0 : -1,
      'data-grid-cell': `${row}:${col}`,
      onFocus: () => {
        if (row !== at.row || col !== at.col) {
          setActive({ row, col });
        }
      }
    }),
    onKeyDown
  };
}
