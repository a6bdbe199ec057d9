import {
  buildExperimentsSearchBody,
  buildRunsSearchBody,
  columnId,
  columnIdentifier,
  DEFAULT_SORT,
  isSortable,
  nextSort,
  notebookRunsFilter,
  parseColumnId,
  quoteFilterValue,
  type IRunsQuery
} from '../../src/tracking/query';

const query: IRunsQuery = {
  experimentIds: ['1', '2'],
  filter: '  metrics.rmse < 1  ',
  sort: DEFAULT_SORT,
  pageSize: 100
};

describe('runs query', () => {
  it('builds the runs/search body with trimmed filter, order and page size', () => {
    expect(buildRunsSearchBody(query)).toEqual({
      experiment_ids: ['1', '2'],
      filter: 'metrics.rmse < 1',
      order_by: ['attributes.start_time DESC'],
      max_results: 100,
      run_view_type: 'ACTIVE_ONLY'
    });
  });

  it('passes the page token and caps max_results', () => {
    const body = buildRunsSearchBody({ ...query, filter: '' }, 'tok', 99999);
    expect(body.page_token).toBe('tok');
    expect(body.max_results).toBe(1000);
    expect('filter' in body).toBe(false);
  });

  it('quotes keys that are not plain identifiers with backticks', () => {
    expect(columnIdentifier({ kind: 'metric', key: 'rmse' })).toBe(
      'metrics.rmse'
    );
    expect(columnIdentifier({ kind: 'metric', key: 'val/loss' })).toBe(
      'metrics.`val/loss`'
    );
    expect(columnIdentifier({ kind: 'tag', key: 'mlflow.runName' })).toBe(
      'tags.`mlflow.runName`'
    );
    expect(columnIdentifier({ kind: 'param', key: 'has space' })).toBe(
      'params.`has space`'
    );
  });

  it('toggles the direction on a second click, and starts metrics descending', () => {
    const rmse = { kind: 'metric' as const, key: 'rmse' };
    const model = { kind: 'param' as const, key: 'model' };
    const first = nextSort(DEFAULT_SORT, rmse);
    expect(first).toEqual({ column: rmse, direction: 'DESC' });
    expect(nextSort(first, rmse).direction).toBe('ASC');
    expect(nextSort(first, model).direction).toBe('ASC');
    expect(nextSort(DEFAULT_SORT, DEFAULT_SORT.column).direction).toBe('ASC');
  });

  it('knows which columns the server can sort on', () => {
    expect(isSortable({ kind: 'attribute', key: 'duration' })).toBe(false);
    expect(isSortable({ kind: 'attribute', key: 'status' })).toBe(true);
    expect(isSortable({ kind: 'param', key: 'x' })).toBe(true);
  });

  it('round-trips column ids', () => {
    const column = { kind: 'metric' as const, key: 'a:b' };
    expect(parseColumnId(columnId(column))).toEqual(column);
    expect(parseColumnId('nope')).toBeNull();
  });

  it('quotes filter values and builds the notebook filter', () => {
    expect(quoteFilterValue("it's")).toBe("'it\\'s'");
    expect(notebookRunsFilter('dir/nb.ipynb')).toBe(
      "tags.`nbcraft.notebook` = 'dir/nb.ipynb'"
    );
  });

  it('searches experiments by name, case-insensitively', () => {
    expect(buildExperimentsSearchBody('  abc ').filter).toBe(
      "name ILIKE '%abc%'"
    );
    expect(buildExperimentsSearchBody('').filter).toBeUndefined();
  });
});
