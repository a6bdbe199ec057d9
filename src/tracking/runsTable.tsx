import type { TranslationBundle } from '@jupyterlab/translation';
import React, {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState
} from 'react';

import {
  formatDuration,
  formatNumber,
  formatTime,
  formatTimeShort,
  runDuration
} from './format';
import { useGridFocus } from '../core/useGridFocus';
import { columnId, isSortable, type IColumn, type ISort } from './query';
import {
  columnValue,
  isFromNotebook,
  JOB_TAG,
  runName,
  tagValue
} from './runFields';
import { RunStatusIcon, statusLabel } from './runStatus';
import type { Run } from './schemas';

export const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 26;
/** Rows drawn above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 8;
/** Ask for the next page when fewer than this many loaded rows remain below the view. */
const PREFETCH_ROWS = 40;

export interface IRunsTableProps {
  runs: readonly Run[];
  columns: IColumn[];
  sort: ISort;
  hasMore: boolean;
  loading: boolean;
  selected: ReadonlySet<string>;
  notebookPath: string | null;
  now: number;
  trans: TranslationBundle;
  onSort: (column: IColumn) => void;
  onToggle: (runId: string) => void;
  onOpen: (runId: string) => void;
  onNeedMore: () => void;
}

export function columnTitle(column: IColumn, trans: TranslationBundle): string {
  if (column.kind === 'attribute') {
    switch (column.key) {
      case 'status':
        return '';
      case 'run_name':
        return trans.__('Run');
      case 'start_time':
        return trans.__('Started');
      case 'duration':
        return trans.__('Duration');
      default:
        return column.key;
    }
  }
  return column.key;
}

export function columnWidth(column: IColumn, compact = false): number {
  if (column.kind === 'attribute') {
    const widths: Record<string, number> = compact
      ? { status: 22, run_name: 90, start_time: 72, duration: 76 }
      : { status: 30, run_name: 110, start_time: 118, duration: 76 };
    return widths[column.key] ?? 100;
  }
  return 92;
}

/**
 * Whether a table this wide shows its columns compact: narrower status and name, and the
 * start time as `MM-DD HH:MM` (its title keeps the whole time), so that in a sidebar of
 * JupyterLab's default width the column the runs are sorted by fits beside the name.
 */
export function isCompact(columns: IColumn[], width: number): boolean {
  return (
    width > 0 &&
    CHECK_WIDTH + columns.reduce((sum, c) => sum + columnWidth(c), 0) > width
  );
}

/** The checkbox column's width. */
const CHECK_WIDTH = 28;

/**
 * The run name column's width when the columns overflow the table (the metrics and params
 * scroll sideways): all the room the other kept attribute columns leave in view, so a name
 * is cut only when it must be (its title keeps it whole). Null where every column fits: the
 * name then takes what is left over (1fr).
 */
export function nameWidth(
  columns: IColumn[],
  width: number,
  compact: boolean
): number | null {
  const widthOf = (list: IColumn[]) =>
    list.reduce((sum, c) => sum + columnWidth(c, compact), 0);
  if (width <= 0 || CHECK_WIDTH + widthOf(columns) <= width) {
    return null;
  }
  const name = columns.find(
    c => c.kind === 'attribute' && c.key === 'run_name'
  );
  if (!name) {
    return null;
  }
  const attributes = columns.filter(c => c.kind === 'attribute' && c !== name);
  return Math.max(
    columnWidth(name, compact),
    width - CHECK_WIDTH - widthOf(attributes)
  );
}

/**
 * The columns that fit a table this wide: the start time, then the duration, make way for
 * the rest in a narrow sidebar (the details show both), unless the runs are sorted by it.
 * Status, name and the metrics and params the user chose always stay (they scroll sideways
 * when they must).
 */
export function fitColumns(
  columns: IColumn[],
  width: number,
  sortedBy?: string
): IColumn[] {
  const total = (list: IColumn[]) =>
    CHECK_WIDTH + list.reduce((sum, c) => sum + columnWidth(c), 0);
  let shown = columns;
  for (const key of ['start_time', 'duration']) {
    if (total(shown) <= width) {
      break;
    }
    shown = shown.filter(
      c =>
        !(c.kind === 'attribute' && c.key === key) || columnId(c) === sortedBy
    );
  }
  return shown;
}

function cellText(
  run: Run,
  column: IColumn,
  now: number,
  compact = false
): string {
  if (column.kind === 'attribute') {
    switch (column.key) {
      case 'run_name':
        return runName(run);
      case 'start_time':
        return compact
          ? formatTimeShort(run.info.start_time, now)
          : formatTime(run.info.start_time);
      case 'duration':
        return formatDuration(
          runDuration(run.info.start_time, run.info.end_time, now)
        );
      case 'status':
        return '';
    }
  }
  const value = columnValue(run, column);
  return typeof value === 'number' ? formatNumber(value) : (value ?? '');
}

/**
 * The runs table, virtualized: only the rows in view (plus a few) are in the DOM,
 * whatever the number of loaded runs; reaching the end asks for the next page.
 */
export function RunsTable(props: IRunsTableProps): React.ReactElement {
  const { runs, trans } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const [tableWidth, setTableWidth] = useState(0);
  // Before the first measure (and in tests without layout) every column shows.
  const columns =
    tableWidth > 0
      ? fitColumns(props.columns, tableWidth, columnId(props.sort.column))
      : props.columns;
  const compact = isCompact(columns, tableWidth);

  useLayoutEffect(() => {
    const node = scroller.current;
    if (!node) {
      return;
    }
    setViewport(node.clientHeight || 400);
    setTableWidth(node.clientWidth);
    if (typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(() => {
      setViewport(node.clientHeight || 400);
      setTableWidth(node.clientWidth);
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
    };
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    runs.length,
    Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN
  );

  const { hasMore, loading, onNeedMore } = props;
  useEffect(() => {
    if (hasMore && !loading && runs.length - last < PREFETCH_ROWS) {
      onNeedMore();
    }
  }, [last, runs.length, hasMore, loading, onNeedMore]);

  const onScroll = useCallback((event: React.UIEvent<HTMLDivElement>) => {
    setScrollTop(event.currentTarget.scrollTop);
  }, []);

  // Keyboard: one cell in the Tab order, arrows move (the header is row -1), Enter opens a
  // run's details or sorts by a header, Space selects a run or sorts.
  const grid = useRef<HTMLDivElement>(null);
  const focus = useGridFocus(grid, {
    rows: runs.length,
    cols: columns.length + 1,
    page: Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1),
    initial: { row: runs.length ? 0 : -1, col: 1 },
    reveal: row => {
      const node = scroller.current;
      if (!node) {
        return;
      }
      const top = row * ROW_HEIGHT;
      const bottom = HEADER_HEIGHT + (row + 1) * ROW_HEIGHT;
      let next = node.scrollTop;
      if (top < node.scrollTop) {
        next = top;
      } else if (bottom > node.scrollTop + node.clientHeight) {
        next = bottom - node.clientHeight;
      }
      if (next !== node.scrollTop) {
        node.scrollTop = next;
        setScrollTop(next);
      }
    },
    onActivate: (at, key) => {
      if (at.row < 0) {
        const column = columns[at.col - 1] as IColumn | undefined;
        if (column && isSortable(column)) {
          props.onSort(column);
          return true;
        }
        return false;
      }
      const run = runs[at.row] as Run | undefined;
      if (!run) {
        return false;
      }
      if (key === 'Enter') {
        props.onOpen(run.info.run_id);
      } else {
        props.onToggle(run.info.run_id);
      }
      return true;
    }
  });

  // The name takes what is left over (or, where the columns overflow, what the other
  // attributes leave in view); the other columns keep their widths.
  const wideName = nameWidth(columns, tableWidth, compact);
  const isName = (c: IColumn) => c.kind === 'attribute' && c.key === 'run_name';
  const template = [
    `${CHECK_WIDTH}px`,
    ...columns.map(c =>
      isName(c)
        ? wideName !== null
          ? `${wideName}px`
          : `minmax(${columnWidth(c, compact)}px, 1fr)`
        : `${columnWidth(c, compact)}px`
    )
  ].join(' ');
  const minWidth =
    CHECK_WIDTH +
    columns.reduce(
      (sum, c) =>
        sum +
        (isName(c) && wideName !== null ? wideName : columnWidth(c, compact)),
      0
    );
  const width = Math.max(minWidth, tableWidth);
  const sortId = columnId(props.sort.column);

  const rows: React.ReactElement[] = [];
  for (let index = first; index < last; index++) {
    const run = runs[index];
    const id = run.info.run_id;
    const fromNotebook = isFromNotebook(run, props.notebookPath);
    const classes = ['jp-nbcraft-tracking-row'];
    if (props.selected.has(id)) {
      classes.push('jp-mod-selected');
    }
    if (fromNotebook) {
      classes.push('jp-nbcraft-tracking-from-notebook');
    }
    rows.push(
      <div
        key={id}
        className={classes.join(' ')}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={props.selected.has(id)}
        data-run-id={id}
        style={{
          top: index * ROW_HEIGHT,
          height: ROW_HEIGHT,
          gridTemplateColumns: template,
          width
        }}
        onClick={() => {
          props.onOpen(id);
        }}
      >
        <span
          role="gridcell"
          className="jp-nbcraft-tracking-cell jp-nbcraft-tracking-check"
          {...focus.cellProps(index, 0)}
        >
          <input
            type="checkbox"
            tabIndex={-1}
            aria-label={trans.__('Select run %1', runName(run))}
            checked={props.selected.has(id)}
            onClick={event => {
              event.stopPropagation();
            }}
            onChange={() => {
              props.onToggle(id);
            }}
          />
        </span>
        {columns.map((column, col) => {
          const text = cellText(run, column, props.now, compact);
          const isStatus =
            column.kind === 'attribute' && column.key === 'status';
          return (
            <span
              key={columnId(column)}
              role="gridcell"
              className={
                'jp-nbcraft-tracking-cell' +
                (column.kind === 'metric' ? ' jp-nbcraft-tracking-num' : '') +
                (column.kind === 'attribute' && column.key === 'run_name'
                  ? ' jp-nbcraft-tracking-namecell'
                  : '')
              }
              title={
                isStatus
                  ? statusLabel(run.info.status, trans)
                  : cellText(run, column, props.now)
              }
              {...focus.cellProps(index, col + 1)}
            >
              {column.kind === 'attribute' &&
              column.key === 'run_name' &&
              tagValue(run, JOB_TAG) !== undefined ? (
                <span
                  className="jp-nbcraft-tracking-job-badge"
                  title={trans.__(
                    'Run by nbcraft job %1',
                    tagValue(run, JOB_TAG) ?? ''
                  )}
                >
                  {trans.__('job')}
                </span>
              ) : null}
              {isStatus ? (
                <RunStatusIcon status={run.info.status} trans={trans} />
              ) : column.kind === 'attribute' && column.key === 'run_name' ? (
                <span className="jp-nbcraft-tracking-name">{text}</span>
              ) : (
                text
              )}
              {column.kind === 'attribute' &&
              column.key === 'run_name' &&
              fromNotebook ? (
                <span
                  className="jp-nbcraft-tracking-nb-badge"
                  title={trans.__('Started from this notebook')}
                >
                  {trans.__('nb')}
                </span>
              ) : null}
            </span>
          );
        })}
      </div>
    );
  }

  return (
    <div
      className="jp-nbcraft-tracking-table"
      role="grid"
      aria-label={trans.__('MLflow runs')}
      aria-rowcount={runs.length + 1}
      aria-colcount={columns.length + 1}
      aria-multiselectable
      ref={grid}
      onKeyDown={focus.onKeyDown}
    >
      <div
        className="jp-nbcraft-tracking-scroller"
        ref={scroller}
        onScroll={onScroll}
      >
        <div
          className="jp-nbcraft-tracking-header"
          role="row"
          style={{ gridTemplateColumns: template, width }}
        >
          <span
            role="columnheader"
            className="jp-nbcraft-tracking-cell"
            aria-label={trans.__('Selected')}
            {...focus.cellProps(-1, 0)}
          />
          {columns.map((column, col) => {
            const id = columnId(column);
            const sortable = isSortable(column);
            const active = id === sortId;
            return (
              <span
                key={id}
                role="columnheader"
                aria-sort={
                  active
                    ? props.sort.direction === 'ASC'
                      ? 'ascending'
                      : 'descending'
                    : 'none'
                }
                className={
                  'jp-nbcraft-tracking-cell jp-nbcraft-tracking-headcell' +
                  (sortable ? ' jp-mod-sortable' : '') +
                  (active ? ' jp-mod-active' : '')
                }
                title={
                  sortable
                    ? trans.__(
                        'Sort by %1',
                        columnTitle(column, trans) || trans.__('status')
                      )
                    : columnTitle(column, trans)
                }
                data-column={id}
                {...focus.cellProps(-1, col + 1)}
                onClick={
                  sortable
                    ? () => {
                        props.onSort(column);
                      }
                    : undefined
                }
              >
                {column.kind === 'metric' || column.kind === 'param' ? (
                  <span className="jp-nbcraft-tracking-kind">
                    {column.kind === 'metric' ? 'm' : 'p'}
                  </span>
                ) : null}
                {columnTitle(column, trans) || (
                  <span className="jp-nbcraft-sr-only">
                    {trans.__('Status')}
                  </span>
                )}
                {active ? (
                  <span aria-hidden="true">
                    {props.sort.direction === 'ASC' ? ' ▲' : ' ▼'}
                  </span>
                ) : null}
              </span>
            );
          })}
        </div>
        <div
          className="jp-nbcraft-tracking-body"
          style={{
            height: runs.length * ROW_HEIGHT + (hasMore ? ROW_HEIGHT : 0),
            width
          }}
        >
          {rows}
          {hasMore ? (
            <div
              className="jp-nbcraft-tracking-more"
              style={{ top: runs.length * ROW_HEIGHT, height: ROW_HEIGHT }}
            >
              {trans.__('Loading more runs…')}
            </div>
          ) : null}
        </div>
      </div>
    </div>
  );
}
