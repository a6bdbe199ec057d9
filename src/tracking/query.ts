/**
 * The runs query: which experiments, the filter (MLflow search syntax, checked by
 * the server), the sort and the page. Pure: it only builds request bodies.
 */

/** Where a column's value lives in a run. */
export type ColumnKind = 'attribute' | 'param' | 'metric' | 'tag';

export interface IColumn {
  kind: ColumnKind;
  key: string;
}

/** The columns the runs table always shows first. */
export const BASE_COLUMNS: IColumn[] = [
  { kind: 'attribute', key: 'status' },
  { kind: 'attribute', key: 'run_name' },
  { kind: 'attribute', key: 'start_time' },
  { kind: 'attribute', key: 'duration' }
];

/** The run attributes MLflow can sort on (`attributes.<name>`). */
export const SORTABLE_ATTRIBUTES = [
  'run_name',
  'start_time',
  'end_time',
  'status',
  'user_id'
] as const;

export type SortDirection = 'ASC' | 'DESC';

export interface ISort {
  column: IColumn;
  direction: SortDirection;
}

export interface IRunsQuery {
  experimentIds: string[];
  /** MLflow search syntax, e.g. `metrics.rmse < 1 and params.model = 'tree'`. */
  filter: string;
  sort: ISort;
  pageSize: number;
}

/** MLflow's own default order: newest first. */
export const DEFAULT_SORT: ISort = {
  column: { kind: 'attribute', key: 'start_time' },
  direction: 'DESC'
};

/** runs/search caps max_results at 50,000; pages stay small so the first rows come fast. */
export const MAX_PAGE_SIZE = 1000;

const PREFIX: Record<ColumnKind, string> = {
  attribute: 'attributes',
  param: 'params',
  metric: 'metrics',
  tag: 'tags'
};

/**
 * `metrics.rmse`, or with backticks when the key is not a plain identifier
 * (`metrics.\`val/loss\``), as MLflow's search grammar requires.
 */
export function columnIdentifier(column: IColumn): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(column.key);
  const key = plain ? column.key : '`' + column.key.replace(/`/g, '') + '`';
  return `${PREFIX[column.kind]}.${key}`;
}

/** A stable id for a column, used as a React key and in settings. */
export function columnId(column: IColumn): string {
  return `${column.kind}:${column.key}`;
}

export function parseColumnId(id: string): IColumn | null {
  const match = /^(attribute|param|metric|tag):(.+)$/.exec(id);
  return match ? { kind: match[1] as ColumnKind, key: match[2] } : null;
}

export function isSortable(column: IColumn): boolean {
  return (
    column.kind !== 'attribute' ||
    (SORTABLE_ATTRIBUTES as readonly string[]).includes(column.key)
  );
}

export function orderByClause(sort: ISort): string {
  return `${columnIdentifier(sort.column)} ${sort.direction}`;
}

/**
 * The next sort after a click on a column header: a new column sorts descending for
 * metrics and times (the usual question is "best/newest first"), ascending otherwise;
 * a second click flips the direction.
 */
export function nextSort(current: ISort, clicked: IColumn): ISort {
  if (columnId(current.column) === columnId(clicked)) {
    return {
      column: clicked,
      direction: current.direction === 'DESC' ? 'ASC' : 'DESC'
    };
  }
  const descendingFirst =
    clicked.kind === 'metric' ||
    (clicked.kind === 'attribute' && clicked.key.endsWith('time'));
  return { column: clicked, direction: descendingFirst ? 'DESC' : 'ASC' };
}

/** The JSON body of `POST runs/search`. */
export interface IRunsSearchBody {
  experiment_ids: string[];
  filter?: string;
  order_by: string[];
  max_results: number;
  page_token?: string;
  run_view_type: 'ACTIVE_ONLY';
}

export function buildRunsSearchBody(
  query: IRunsQuery,
  pageToken?: string,
  maxResults?: number
): IRunsSearchBody {
  const size = Math.max(
    1,
    Math.min(maxResults ?? query.pageSize, MAX_PAGE_SIZE)
  );
  const body: IRunsSearchBody = {
    experiment_ids: query.experimentIds,
    order_by: [orderByClause(query.sort)],
    max_results: size,
    run_view_type: 'ACTIVE_ONLY'
  };
  const filter = query.filter.trim();
  if (filter) {
    body.filter = filter;
  }
  if (pageToken) {
    body.page_token = pageToken;
  }
  return body;
}

/** A string literal in MLflow's filter syntax. */
export function quoteFilterValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The filter that finds runs started from a notebook (tags written by nbcraft's run context). */
export function notebookRunsFilter(notebookPath: string): string {
  return `tags.\`nbcraft.notebook\` = ${quoteFilterValue(notebookPath)}`;
}

/** `experiments/search` body for the picker: a case-insensitive name search. */
export function buildExperimentsSearchBody(
  text: string,
  maxResults = 100
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    max_results: maxResults,
    order_by: ['last_update_time DESC'],
    view_type: 'ACTIVE_ONLY'
  };
  const trimmed = text.trim();
  if (trimmed) {
    const escaped = trimmed.replace(/'/g, "\\'");
    body.filter = `name ILIKE '%${escaped}%'`;
  }
  return body;
}
