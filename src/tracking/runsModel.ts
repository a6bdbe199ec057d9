import { Signal, type ISignal } from '@lumino/signaling';

import { nonEmpty } from './format';
import { DEFAULT_SORT, MAX_PAGE_SIZE, type IRunsQuery } from './query';
import type { Run, RunsSearchReply } from './schemas';

/** What the model needs from the client (an interface so tests can count calls). */
export interface IRunsSource {
  searchRuns(
    query: IRunsQuery,
    pageToken?: string,
    maxResults?: number
  ): Promise<RunsSearchReply>;
}

export const DEFAULT_PAGE_SIZE = 50;

/**
 * The runs the table shows: pages fetched with `page_token` as the user scrolls,
 * never all at once. Replies that arrive after the query changed are dropped, so a
 * slow page never lands in a newer table.
 */
export class RunsModel {
  constructor(
    private readonly source: IRunsSource,
    options: { suspended?: boolean } = {}
  ) {
    this._suspended = options.suspended ?? false;
  }

  private _suspended: boolean;

  private _query: IRunsQuery = {
    experimentIds: [],
    filter: '',
    sort: DEFAULT_SORT,
    pageSize: DEFAULT_PAGE_SIZE
  };
  private _runs: Run[] = [];
  private _nextPageToken: string | undefined;
  private _loading = false;
  private _error: string | null = null;
  private _failure: unknown = null;
  private _generation = 0;
  private _loaded = false;
  private _changed = new Signal<this, void>(this);
  private _disposed = false;

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Drop the listeners; pages still on the wire are then dropped when they land. */
  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._generation++;
    Signal.clearData(this);
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get query(): IRunsQuery {
    return this._query;
  }
  get runs(): readonly Run[] {
    return this._runs;
  }
  get hasMore(): boolean {
    return Boolean(this._nextPageToken);
  }
  get loading(): boolean {
    return this._loading;
  }
  /** The server's message for the last failed request (e.g. an invalid filter). */
  get error(): string | null {
    return this._error;
  }
  /** The last failed request's error itself (its status says whether the server is gone). */
  get failure(): unknown {
    return this._failure;
  }
  /** True once the first page of the current query has arrived. */
  get loaded(): boolean {
    return this._loaded;
  }
  /** Whether some shown run is still active (live refresh polls faster then). */
  get hasActiveRuns(): boolean {
    return this._runs.some(
      r => r.info.status === 'RUNNING' || r.info.status === 'SCHEDULED'
    );
  }

  /** Change the query and load its first page. */
  setQuery(change: Partial<IRunsQuery>): Promise<void> {
    this._query = { ...this._query, ...change };
    this._generation++;
    this._runs = [];
    this._nextPageToken = undefined;
    this._loaded = false;
    this._error = null;
    this._failure = null;
    this._loading = false;
    if (this._query.experimentIds.length === 0) {
      this._loaded = true;
      this._changed.emit();
      return Promise.resolve();
    }
    if (this._suspended) {
      // Remember the query; nothing is fetched until the table is first shown.
      this._changed.emit();
      return Promise.resolve();
    }
    return this.fetchPage(undefined, undefined, true);
  }

  /** Whether fetching waits for `resume()` (the sidebar has never been shown). */
  get suspended(): boolean {
    return this._suspended;
  }

  /** Start fetching: load the current query's first page if it is not loaded yet. */
  resume(): Promise<void> {
    if (!this._suspended) {
      return Promise.resolve();
    }
    this._suspended = false;
    if (
      !this._loaded &&
      !this._loading &&
      this._query.experimentIds.length > 0
    ) {
      return this.fetchPage(undefined, undefined, true);
    }
    return Promise.resolve();
  }

  /** Load the next page, if there is one and none is on its way. */
  loadMore(): Promise<void> {
    if (this._loading || !this._nextPageToken) {
      return Promise.resolve();
    }
    return this.fetchPage(this._nextPageToken, undefined, false);
  }

  /**
   * Re-read what is shown (for live refresh and the refresh button): as many rows as
   * are loaded now, in one request (up to the page cap), replacing them in place.
   * Returns whether anything visible changed.
   */
  async refresh(): Promise<boolean> {
    if (
      this._query.experimentIds.length === 0 ||
      this._loading ||
      this._suspended
    ) {
      return false;
    }
    const before = fingerprint(this._runs);
    const count = Math.min(
      Math.max(this._runs.length, this._query.pageSize),
      MAX_PAGE_SIZE
    );
    await this.fetchPage(undefined, count, true);
    return fingerprint(this._runs) !== before;
  }

  private async fetchPage(
    pageToken: string | undefined,
    maxResults: number | undefined,
    replace: boolean
  ): Promise<void> {
    if (this._disposed) {
      return;
    }
    const generation = this._generation;
    this._loading = true;
    this._changed.emit();
    try {
      const reply = await this.source.searchRuns(
        this._query,
        pageToken,
        maxResults
      );
      if (generation !== this._generation) {
        return;
      }
      this._runs = replace ? reply.runs : dedupe(this._runs, reply.runs);
      this._nextPageToken = nonEmpty(reply.next_page_token);
      this._error = null;
      this._failure = null;
      this._loaded = true;
    } catch (error) {
      if (generation !== this._generation) {
        return;
      }
      this._error = error instanceof Error ? error.message : String(error);
      this._failure = error;
      this._loaded = true;
    } finally {
      if (generation === this._generation) {
        this._loading = false;
        this._changed.emit();
      }
    }
  }
}

/** Append a page, skipping runs already shown (a new run can shift the pages). */
function dedupe(current: Run[], page: Run[]): Run[] {
  const seen = new Set(current.map(r => r.info.run_id));
  return current.concat(page.filter(r => !seen.has(r.info.run_id)));
}

function fingerprint(runs: readonly Run[]): string {
  return runs
    .map(
      r =>
        `${r.info.run_id}:${r.info.status}:${r.info.end_time ?? ''}:${r.data.metrics.map(m => `${m.key}=${m.value}@${m.step}`).join(',')}`
    )
    .join('|');
}
