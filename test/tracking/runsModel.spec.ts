import { RunsModel, type IRunsSource } from '../../src/tracking/runsModel';
import type { IRunsQuery } from '../../src/tracking/query';
import {
  RunsSearchSchema,
  type Run,
  type RunsSearchReply
} from '../../src/tracking/schemas';

function run(id: string, status = 'FINISHED'): Run {
  return RunsSearchSchema.parse({
    runs: [{ info: { run_id: id, experiment_id: '1', status, start_time: 1 } }]
  }).runs[0];
}

/** A runs source of `total` runs served in pages, recording each request. */
class PagedSource implements IRunsSource {
  constructor(public total: number) {}
  calls: { pageToken?: string; maxResults?: number; filter: string }[] = [];
  gate: Promise<void> | null = null;
  async searchRuns(
    query: IRunsQuery,
    pageToken?: string,
    maxResults?: number
  ): Promise<RunsSearchReply> {
    this.calls.push({ pageToken, maxResults, filter: query.filter });
    if (this.gate) {
      await this.gate;
    }
    if (query.filter === 'bad') {
      throw new Error("Invalid comparator '<<<'");
    }
    const offset = pageToken ? Number(pageToken) : 0;
    const size = maxResults ?? query.pageSize;
    const ids = Array.from(
      { length: Math.max(0, Math.min(size, this.total - offset)) },
      (_, i) => `r${offset + i}`
    );
    const next =
      offset + ids.length < this.total
        ? String(offset + ids.length)
        : undefined;
    return { runs: ids.map(id => run(id)), next_page_token: next };
  }
}

describe('RunsModel', () => {
  it('loads one page at a time, never all 10,000 runs', async () => {
    const source = new PagedSource(10_000);
    const model = new RunsModel(source);
    await model.setQuery({ experimentIds: ['1'], pageSize: 100 });
    expect(model.runs).toHaveLength(100);
    expect(model.hasMore).toBe(true);
    await model.loadMore();
    expect(model.runs).toHaveLength(200);
    expect(source.calls.map(c => c.pageToken)).toEqual([undefined, '100']);
  });

  it('shows the server message for a bad filter and recovers', async () => {
    const model = new RunsModel(new PagedSource(5));
    await model.setQuery({ experimentIds: ['1'], filter: 'bad' });
    expect(model.error).toMatch(/Invalid comparator/);
    expect(model.runs).toHaveLength(0);
    await model.setQuery({ filter: '' });
    expect(model.error).toBeNull();
    expect(model.runs).toHaveLength(5);
  });

  it('drops a reply that arrives after the query changed', async () => {
    const source = new PagedSource(50);
    const model = new RunsModel(source);
    let release: () => void = () => undefined;
    source.gate = new Promise<void>(r => (release = r));
    const slow = model.setQuery({ experimentIds: ['1'], filter: 'first' });
    source.total = 3;
    const fast = model.setQuery({ filter: 'second' });
    release();
    await Promise.all([slow, fast]);
    expect(model.runs).toHaveLength(3);
    expect(model.query.filter).toBe('second');
  });

  it('refreshes what is loaded in one request and reports changes', async () => {
    const source = new PagedSource(250);
    const model = new RunsModel(source);
    await model.setQuery({ experimentIds: ['1'], pageSize: 100 });
    await model.loadMore();
    expect(await model.refresh()).toBe(false);
    expect(source.calls.at(-1)?.maxResults).toBe(200);
    source.total = 251; // still the same first 200 runs
    expect(await model.refresh()).toBe(false);
  });

  it('knows when runs are active', async () => {
    const source: IRunsSource = {
      searchRuns: () =>
        Promise.resolve({ runs: [run('a', 'RUNNING'), run('b')] })
    };
    const model = new RunsModel(source);
    await model.setQuery({ experimentIds: ['1'] });
    expect(model.hasActiveRuns).toBe(true);
  });

  it('is disposed with its controller: no listeners, no requests, late replies dropped', async () => {
    const source = new PagedSource(500);
    const model = new RunsModel(source);
    let changes = 0;
    model.changed.connect(() => changes++);
    let open: () => void = () => undefined;
    source.gate = new Promise(resolve => (open = resolve));
    const pending = model.setQuery({ experimentIds: ['1'] });
    const before = changes;
    model.dispose();
    open();
    await pending;
    expect(model.isDisposed).toBe(true);
    expect(model.runs).toHaveLength(0); // the reply that landed after dispose is dropped
    expect(changes).toBe(before);
    await model.loadMore();
    await model.setQuery({ filter: 'x' });
    expect(source.calls).toHaveLength(1);
  });
});
